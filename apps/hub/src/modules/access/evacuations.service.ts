/**
 * Evacuation roll call: when it starts, everyone present is put on the list (per organisation);
 * BHV members and the guard tick people off as accounted for; a badge out marks a missing
 * person as left and a badge in puts someone (back) on the list, pushed live to the consoles.
 */
import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { EvacuationDto, EvacuationPersonDto } from '@wachtpost/contracts';
import { DataSource } from 'typeorm';
import { inTransaction, queryRows, type UnitOfWork } from '../../database/unit-of-work';
import { DevicesService } from '../devices/devices.service';
import { RealtimeGateway } from '../realtime/realtime.gateway';
import { SitesService } from '../sites/sites.service';
import { EvacuationPersonEntity } from './evacuation-person.entity';
import { EvacuationEntity } from './evacuation.entity';
import { GROUP_NAMES, PresenceService, type Movement } from './presence.service';

@Injectable()
export class EvacuationsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly presence: PresenceService,
    private readonly sites: SitesService,
    private readonly devices: DevicesService,
    private readonly realtime: RealtimeGateway,
  ) {}

  async start(siteId: string, actor: string): Promise<EvacuationDto> {
    if (!(await this.sites.list()).some((s) => s.id === siteId)) throw new NotFoundException(`no site ${siteId}`);
    const id = await inTransaction(this.db, async (uow) => {
      const [row] = await uow.manager.query<{ id: string }[]>(
        `INSERT INTO evacuations (site_id, status, started_at, started_by) VALUES ($1, 'active', clock_timestamp(), $2)
         ON CONFLICT (site_id) WHERE status = 'active' DO NOTHING RETURNING id`,
        [siteId, actor],
      );
      if (!row) {
        const active = await uow.manager.getRepository(EvacuationEntity).findOneBy({ siteId, status: 'active' });
        throw new ConflictException({
          statusCode: 409,
          error: 'Conflict',
          message: `an evacuation of ${siteId} is already running (${active?.id}); close it first`,
          evacuationId: active?.id ?? null,
        });
      }
      const people = await this.presence.presentNow(uow.manager, siteId);
      if (people.length) {
        await uow.manager.query(
          `INSERT INTO evacuation_people (evacuation_id, cardholder_id, name, organisation, status, last_door_id, last_direction, last_seen_at)
           SELECT $1, * FROM unnest($2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::timestamptz[])`,
          [
            row.id,
            people.map((p) => p.cardholder_id),
            people.map((p) => p.name),
            people.map((p) => (p.kind === 'staff' ? p.organisation_id : p.kind)),
            people.map(() => 'missing'),
            people.map((p) => p.door_id),
            people.map((p) => p.direction),
            people.map((p) => p.at),
          ],
        );
      }
      this.publishAfterCommit(uow, row.id);
      return row.id;
    });
    return this.get(id);
  }

  async accounted(id: string, cardholderId: string, actor: string): Promise<EvacuationDto> {
    await inTransaction(this.db, async (uow) => {
      const evacuation = await this.lock(uow, id);
      if (evacuation.status !== 'active') throw new ConflictException('this roll call is closed');
      const person = await uow.manager.getRepository(EvacuationPersonEntity).findOneBy({ evacuationId: id, cardholderId });
      if (!person) throw new NotFoundException(`cardholder ${cardholderId} is not on this roll call`);
      if (person.status !== 'accounted') {
        await uow.manager.query(
          `UPDATE evacuation_people SET status = 'accounted', accounted_by = $3, accounted_at = clock_timestamp() WHERE evacuation_id = $1 AND cardholder_id = $2`,
          [id, cardholderId, actor],
        );
        this.publishAfterCommit(uow, id);
      }
    });
    return this.get(id);
  }

  async close(id: string, actor: string): Promise<EvacuationDto> {
    await inTransaction(this.db, async (uow) => {
      const evacuation = await this.lock(uow, id);
      if (evacuation.status !== 'active') throw new ConflictException('this roll call is already closed');
      await uow.manager.query(`UPDATE evacuations SET status = 'closed', closed_at = clock_timestamp(), closed_by = $2 WHERE id = $1`, [id, actor]);
      this.publishAfterCommit(uow, id);
    });
    return this.get(id);
  }

  /**
   * Called by ingest with the batch's presence changes: out marks a missing person as left; in
   * puts someone on the list again (or for the first time) as missing. Only active roll calls.
   */
  async onMovements(uow: UnitOfWork, movements: Movement[]): Promise<void> {
    const outs = movements.filter((m) => m.direction === 'out');
    const ins = movements.filter((m) => m.direction === 'in');
    const touched = new Set<string>();
    if (outs.length) {
      const rows = await queryRows<{ evacuation_id: string }>(
        uow.manager,
        `UPDATE evacuation_people p
            SET status = 'left', left_at = m.at, last_door_id = m.door_id, last_direction = 'out', last_seen_at = m.at
           FROM evacuations e, unnest($1::uuid[], $2::timestamptz[], $3::text[]) AS m(cardholder_id, at, door_id)
          WHERE e.id = p.evacuation_id AND e.status = 'active' AND p.cardholder_id = m.cardholder_id AND p.status = 'missing'
          RETURNING p.evacuation_id`,
        [outs.map((m) => m.cardholderId), outs.map((m) => m.at), outs.map((m) => m.doorId)],
      );
      rows.forEach((r) => touched.add(r.evacuation_id));
    }
    if (ins.length) {
      const rows = await uow.manager.query<{ evacuation_id: string }[]>(
        `INSERT INTO evacuation_people (evacuation_id, cardholder_id, name, organisation, status, last_door_id, last_direction, last_seen_at)
         SELECT e.id, c.id, c.name, CASE WHEN c.kind = 'staff' THEN c.organisation_id ELSE c.kind END, 'missing', m.door_id, 'in', m.at
           FROM unnest($1::uuid[], $2::timestamptz[], $3::text[], $4::text[]) AS m(cardholder_id, at, door_id, site_id)
           JOIN evacuations e ON e.site_id = m.site_id AND e.status = 'active'
           JOIN cardholders c ON c.id = m.cardholder_id
         ON CONFLICT (evacuation_id, cardholder_id) DO UPDATE
            SET status = 'missing', left_at = NULL, last_door_id = excluded.last_door_id, last_direction = 'in', last_seen_at = excluded.last_seen_at
          WHERE evacuation_people.status = 'left'
         RETURNING evacuation_id`,
        [ins.map((m) => m.cardholderId), ins.map((m) => m.at), ins.map((m) => m.doorId), ins.map((m) => m.siteId)],
      );
      rows.forEach((r) => touched.add(r.evacuation_id));
    }
    for (const id of touched) this.publishAfterCommit(uow, id);
  }

  /** Roll calls, newest first: the running one for a phone opened after the start. */
  async list(q: { status?: 'active' | 'closed'; siteId?: string; limit: number }): Promise<EvacuationDto[]> {
    const where: { status?: 'active' | 'closed'; siteId?: string } = {};
    if (q.status) where.status = q.status;
    if (q.siteId) where.siteId = q.siteId;
    const rows = await this.db.getRepository(EvacuationEntity).find({ where, order: { startedAt: 'DESC' }, take: q.limit, select: ['id'] });
    return Promise.all(rows.map((r) => this.get(r.id)));
  }

  async get(id: string): Promise<EvacuationDto> {
    const evacuation = await this.db.getRepository(EvacuationEntity).findOneBy({ id });
    if (!evacuation) throw new NotFoundException(`no evacuation ${id}`);
    const [people, sites, devices] = await Promise.all([
      this.db.getRepository(EvacuationPersonEntity).find({ where: { evacuationId: id }, order: { name: 'ASC' } }),
      this.sites.list(),
      this.devices.list(),
    ]);
    const site = sites.find((s) => s.id === evacuation.siteId);
    const groups = [...(site?.organisations ?? []), { id: 'visitor', name: GROUP_NAMES.visitor! }, { id: 'contractor', name: GROUP_NAMES.contractor! }];
    const person = (p: EvacuationPersonEntity): EvacuationPersonDto => ({
      cardholderId: p.cardholderId,
      name: p.name,
      status: p.status,
      lastSeen:
        p.lastDoorId && p.lastSeenAt
          ? { doorId: p.lastDoorId, doorName: devices.find((d) => d.id === p.lastDoorId)?.name ?? p.lastDoorId, at: p.lastSeenAt.toISOString(), direction: p.lastDirection ?? 'in' }
          : null,
      accountedBy: p.accountedBy,
      accountedAt: p.accountedAt?.toISOString() ?? null,
      leftAt: p.leftAt?.toISOString() ?? null,
    });
    const count = (status: string) => people.filter((p) => p.status === status).length;
    return {
      id: evacuation.id,
      siteId: evacuation.siteId,
      status: evacuation.status,
      startedAt: evacuation.startedAt.toISOString(),
      startedBy: evacuation.startedBy,
      closedAt: evacuation.closedAt?.toISOString() ?? null,
      closedBy: evacuation.closedBy,
      counts: { total: people.length, missing: count('missing'), accounted: count('accounted'), left: count('left') },
      organisations: groups
        .map((g) => ({ id: g.id, name: g.name, people: people.filter((p) => (p.organisation ?? 'visitor') === g.id).map(person) }))
        .filter((g) => g.people.length > 0 || site?.organisations.some((o) => o.id === g.id)),
    };
  }

  private async lock(uow: UnitOfWork, id: string): Promise<EvacuationEntity> {
    const evacuation = await uow.manager.getRepository(EvacuationEntity).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!evacuation) throw new NotFoundException(`no evacuation ${id}`);
    return evacuation;
  }

  private publishAfterCommit(uow: UnitOfWork, id: string): void {
    uow.afterCommit(`evacuation:${id}`, async () => this.realtime.evacuationUpsert(await this.get(id)));
  }
}
