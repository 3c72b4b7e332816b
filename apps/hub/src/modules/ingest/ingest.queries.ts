/** Read side of what ingest stored: device events and the quarantine. */
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DeviceEventType, EventsQuery, QuarantineDto, StoredEventDto } from '@wachtpost/contracts';
import { DataSource } from 'typeorm';
import { DeviceEventEntity } from './device-event.entity';
import { QuarantineEntity } from './quarantine.entity';

@Injectable()
export class IngestQueries {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async events(q: EventsQuery): Promise<StoredEventDto[]> {
    const qb = this.db.getRepository(DeviceEventEntity).createQueryBuilder('e').orderBy('e.ts', 'DESC').addOrderBy('e.id', 'DESC').limit(q.limit);
    if (q.deviceId) qb.andWhere('e.device_id = :deviceId', { deviceId: q.deviceId });
    if (q.from) qb.andWhere('e.ts >= :from', { from: q.from });
    if (q.to) qb.andWhere('e.ts < :to', { to: q.to });
    const rows = await qb.getMany();
    return rows.map((e) => ({
      id: String(e.id),
      siteId: e.siteId,
      deviceId: e.deviceId,
      eventId: e.eventId,
      type: e.type as DeviceEventType,
      ts: e.ts.toISOString(),
      receivedAt: e.receivedAt.toISOString(),
      payload: e.payload,
    }));
  }

  async quarantine(limit: number): Promise<QuarantineDto[]> {
    const rows = await this.db.getRepository(QuarantineEntity).find({ order: { receivedAt: 'DESC', id: 'DESC' }, take: limit });
    return rows.map((r) => ({
      id: String(r.id),
      topic: r.topic,
      reason: r.reason,
      detail: r.detail,
      payloadHead: r.payloadHead,
      size: r.size,
      receivedAt: r.receivedAt.toISOString(),
    }));
  }
}
