/**
 * Ingest: takes device messages off the MQTT subscriber, parses them against the contract,
 * and stores a whole batch in one transaction — events (once per device + eventId), quarantine
 * entries, statuses, command acks and every reaction to a new event. Only after the commit are
 * the messages acknowledged to the broker, so a hub killed at any moment loses nothing, and a
 * redelivered message finds its event already stored and causes nothing twice.
 */
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DeviceEvent, QuarantineDto, StoredEventDto } from '@wachtpost/contracts';
import { setTimeout as sleep } from 'node:timers/promises';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../../config/config';
import { inTransaction, type UnitOfWork } from '../../database/unit-of-work';
import { CommandsService } from '../commands/commands.service';
import { DevicesService } from '../devices/devices.service';
import { HealthService } from '../health/health.service';
import { MetricsService } from '../health/metrics.service';
import { RealtimeGateway } from '../realtime/realtime.gateway';
import { EventRouter } from './event-router';
import { parseDeviceMessage, type ParsedMessage, type QuarantineInput } from './message-parser';
import { MqttSubscriber, type InboundMessage } from './mqtt-subscriber';

type EventItem = Extract<ParsedMessage, { kind: 'event' }>;
/** How many stored events a batch pushes to consoles for the live ticker. */
const TICKER_SAMPLE = 50;

@Injectable()
export class IngestService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(IngestService.name);
  private subscriber?: MqttSubscriber;
  private pending: InboundMessage[] = [];
  private flushing = 0;
  private stopping = false;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly devices: DevicesService,
    private readonly commands: CommandsService,
    private readonly router: EventRouter,
    private readonly realtime: RealtimeGateway,
    private readonly metrics: MetricsService,
    health: HealthService,
  ) {
    health.setMqttProbe(() => this.subscriber?.connected ?? false);
  }

  onApplicationBootstrap(): void {
    if (!this.config.background) return;
    this.subscriber = new MqttSubscriber(
      {
        url: this.config.mqtt.url,
        clientIdPrefix: this.config.mqtt.clientIdPrefix,
        shareGroup: this.config.mqtt.shareGroup,
        connections: this.config.mqtt.ingestConnections,
      },
      (message) => this.receive(message),
    );
    this.subscriber.start();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopping = true;
    await this.subscriber?.stop();
  }

  private receive(message: InboundMessage): void {
    this.pending.push(message);
    if (this.flushing < this.config.ingestConcurrency) {
      this.flushing++;
      setImmediate(() => void this.drain());
    }
  }

  /**
   * Up to INGEST_CONCURRENCY drains run at once, each taking whatever arrived while it was
   * committing its previous batch. Batches are independent: every message is acknowledged
   * only with its own batch, and a deadlock between two batches just retries one of them.
   */
  private async drain(): Promise<void> {
    while (this.pending.length && !this.stopping) {
      const batch = this.pending.splice(0, this.config.ingestMaxBatch);
      await this.storeWithRetry(batch);
    }
    this.flushing--;
  }

  private async storeWithRetry(batch: InboundMessage[]): Promise<void> {
    for (let attempt = 0; !this.stopping; attempt++) {
      try {
        await this.store(batch);
        return;
      } catch (err) {
        // Nothing was acknowledged: the broker still holds every message of this batch.
        this.metrics.ingestFailures.inc();
        const delay = Math.min(5000, 50 * 2 ** attempt);
        this.logger.error(`storing a batch of ${batch.length} failed (retry in ${delay} ms): ${(err as Error).message}`);
        await sleep(delay);
      }
    }
  }

  async store(batch: InboundMessage[]): Promise<void> {
    const started = process.hrtime.bigint();
    let parsed = batch.map((m) => parseDeviceMessage(m.topic, m.payload, (id) => this.devices.lookup(id)));
    if (parsed.some((p) => p.kind === 'quarantine' && p.unknownDevice)) {
      // A device registered a moment ago may not be in the cached registry yet.
      await this.devices.refreshIfStale();
      parsed = batch.map((m) => parseDeviceMessage(m.topic, m.payload, (id) => this.devices.lookup(id)));
    }

    await inTransaction(this.db, async (uow) => {
      // First after commit: acknowledge to the broker.
      uow.afterCommit('ack', () => batch.forEach((m) => m.ack()));

      const events = uniqueEvents(parsed);
      const stored = await this.insertEvents(uow, events);
      const quarantined = await this.insertQuarantine(uow, parsed);
      // Two batches may commit at once (INGEST_CONCURRENCY). A batch first locks, sorted, the
      // device rows of every device whose messages change something (status, acks, alarms, door
      // states): everything keyed by such a device (its row, its incidents) is then only touched by
      // one batch at a time, whatever order the batch handles its messages in (arrival order, so
      // alarms open and meet the dispatch flood limit in the order they came). Presence is upserted
      // sorted by cardholder and door alarms sorted by door, so those cannot deadlock either.
      const lockDevices = [
        ...new Set([
          ...parsed.flatMap((p) => (p.kind === 'status' || p.kind === 'ack' ? [p.device.id] : [])),
          ...stored.fresh.filter((i) => this.router.reactsTo(i.event.type) && !i.event.type.startsWith('access.')).map((i) => i.device.id),
        ]),
      ].sort();
      if (lockDevices.length) await uow.manager.query(`SELECT 1 FROM devices WHERE id = ANY($1::text[]) ORDER BY id FOR UPDATE`, [lockDevices]);
      const unknownDevices = new Map<string, string>();
      let statuses = 0;
      let acks = 0;
      for (const p of parsed) {
        if (p.kind === 'status') {
          statuses++;
          await this.devices.applyStatus(uow, p.device, p.status);
        } else if (p.kind === 'ack') {
          acks++;
          await this.commands.recordAck(uow, p.device.id, p.ack);
        } else if (p.kind === 'quarantine' && p.unknownDevice) {
          unknownDevices.set(p.unknownDevice.deviceId, p.unknownDevice.siteId);
        }
      }
      await this.router.routeBatch(uow, stored.fresh);
      for (const item of stored.fresh) await this.router.route(uow, item.device, item.event);
      for (const [deviceId, siteId] of [...unknownDevices].sort(([a], [b]) => (a < b ? -1 : 1))) await this.router.unknownDevice(uow, siteId, deviceId);

      uow.afterCommit('report', () => {
        const m = this.metrics.ingestMessages;
        m.inc({ outcome: 'stored' }, stored.fresh.length);
        m.inc({ outcome: 'duplicate' }, parsed.filter((p) => p.kind === 'event').length - stored.fresh.length);
        m.inc({ outcome: 'status' }, statuses);
        m.inc({ outcome: 'ack' }, acks);
        m.inc({ outcome: 'own' }, parsed.filter((p) => p.kind === 'own').length);
        m.inc({ outcome: 'quarantined' }, quarantined.length);
        for (const q of quarantined) this.metrics.quarantined.inc({ reason: q.reason });
        this.metrics.batchSize.observe(batch.length);
        this.metrics.commitSeconds.observe(Number(process.hrtime.bigint() - started) / 1e9);
        this.realtime.eventsStored(stored.dtos.slice(-TICKER_SAMPLE));
        for (const q of quarantined) this.realtime.quarantineAdded(q);
      });
    });
  }

  /** One multi-row insert; rows already stored (a redelivery) are skipped by the unique key. */
  private async insertEvents(uow: UnitOfWork, events: EventItem[]): Promise<{ fresh: EventItem[]; dtos: StoredEventDto[] }> {
    if (!events.length) return { fresh: [], dtos: [] };
    const rows: { id: string; device_id: string; event_id: string; received_at: Date }[] = await uow.manager.query(
      `INSERT INTO device_events (site_id, device_id, event_id, type, ts, payload)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::timestamptz[], $6::jsonb[])
       ON CONFLICT (device_id, event_id) DO NOTHING
       RETURNING id, device_id, event_id, received_at`,
      [
        events.map((e) => e.device.siteId),
        events.map((e) => e.device.id),
        events.map((e) => e.event.eventId),
        events.map((e) => e.event.type),
        events.map((e) => e.event.ts),
        events.map((e) => JSON.stringify(e.payload)),
      ],
    );
    const byKey = new Map(events.map((e) => [eventKey(e.device.id, e.event), e]));
    const fresh: EventItem[] = [];
    const dtos: StoredEventDto[] = [];
    for (const row of rows) {
      const item = byKey.get(`${row.device_id}\u0000${row.event_id}`);
      if (!item) continue;
      fresh.push(item);
      dtos.push({
        id: String(row.id),
        siteId: item.device.siteId,
        deviceId: item.device.id,
        eventId: item.event.eventId,
        type: item.event.type,
        ts: new Date(item.event.ts).toISOString(),
        receivedAt: row.received_at.toISOString(),
        payload: item.payload,
      });
    }
    return { fresh, dtos };
  }

  private async insertQuarantine(uow: UnitOfWork, parsed: ParsedMessage[]): Promise<QuarantineDto[]> {
    const entries: QuarantineInput[] = parsed.flatMap((p) => (p.kind === 'quarantine' ? [p.entry] : []));
    if (!entries.length) return [];
    const rows: { id: string; received_at: Date }[] = await uow.manager.query(
      `INSERT INTO quarantine (topic, reason, detail, payload_head, size)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::int[])
       RETURNING id, received_at`,
      [entries.map((e) => e.topic), entries.map((e) => e.reason), entries.map((e) => e.detail), entries.map((e) => e.payloadHead), entries.map((e) => e.size)],
    );
    return rows.map((row, i) => ({ ...entries[i]!, id: String(row.id), receivedAt: row.received_at.toISOString() }));
  }
}

function eventKey(deviceId: string, event: DeviceEvent): string {
  return `${deviceId}\u0000${event.eventId}`;
}

/** A batch can hold the same event twice (a redelivery arriving beside the original). */
function uniqueEvents(parsed: ParsedMessage[]): EventItem[] {
  const seen = new Set<string>();
  const out: EventItem[] = [];
  for (const p of parsed) {
    if (p.kind !== 'event') continue;
    const key = eventKey(p.device.id, p.event);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(p);
  }
  return out;
}

