/**
 * The device registry and each device's live status: heartbeats and wills on `status`,
 * tamper, battery and door contact from events, and supervision that marks a device offline
 * after missed heartbeats. Going offline or coming back is a technical incident.
 */
import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DeviceDto, DeviceStatus } from '@wachtpost/contracts';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../../config/config';
import { inTransaction, queryRows, type UnitOfWork } from '../../database/unit-of-work';
import { IncidentsService } from '../incidents/incidents.service';
import type { RegisteredDevice } from '../ingest/message-parser';
import { RealtimeGateway } from '../realtime/realtime.gateway';
import { toDeviceDto } from './device.mapper';
import { DeviceEntity } from './device.entity';

const REGISTRY_MIN_REFRESH_MS = 1000;

@Injectable()
export class DevicesService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(DevicesService.name);
  private registry = new Map<string, DeviceEntity>();
  private refreshedAt = 0;
  private supervisionTimer?: NodeJS.Timeout;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly incidents: IncidentsService,
    private readonly realtime: RealtimeGateway,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.refreshRegistry();
    if (this.config.background) this.supervisionTimer = setInterval(() => void this.supervise(), this.config.supervision.intervalMs);
  }

  onModuleDestroy(): void {
    clearInterval(this.supervisionTimer);
  }

  // ---- registry ------------------------------------------------------------------------------
  async refreshRegistry(): Promise<void> {
    const devices = await this.db.getRepository(DeviceEntity).find();
    this.registry = new Map(devices.map((d) => [d.id, d]));
    this.refreshedAt = Date.now();
  }

  /** Reloads the registry when it may have missed a newly registered device (at most once a second). */
  async refreshIfStale(): Promise<void> {
    if (Date.now() - this.refreshedAt >= REGISTRY_MIN_REFRESH_MS) await this.refreshRegistry();
  }

  lookup(deviceId: string): RegisteredDevice | undefined {
    const d = this.registry.get(deviceId);
    return d && { id: d.id, siteId: d.siteId, kind: d.kind };
  }

  /** Where a registered device is: for incidents. */
  placeOf(deviceId: string): { floorId: string | null; roomId: string | null } {
    const d = this.registry.get(deviceId);
    return { floorId: d?.floorId ?? null, roomId: d?.roomId ?? null };
  }

  async list(): Promise<DeviceDto[]> {
    const devices = await this.db.getRepository(DeviceEntity).find({ order: { siteId: 'ASC', id: 'ASC' } });
    return devices.map(toDeviceDto);
  }

  // ---- status from the device ----------------------------------------------------------------
  /** A `status` message: heartbeat (online) or will (offline). */
  async applyStatus(uow: UnitOfWork, device: RegisteredDevice, status: DeviceStatus): Promise<void> {
    const before: { online: boolean }[] = await uow.manager.query(`SELECT online FROM devices WHERE id = $1 FOR UPDATE`, [device.id]);
    const wasOnline = before[0]?.online ?? false;
    await uow.manager.query(
      `UPDATE devices SET online = $2, last_seen = CASE WHEN $2 THEN now() ELSE last_seen END,
              battery = COALESCE($3, battery), fw = COALESCE($4, fw), rssi = COALESCE($5, rssi)
        WHERE id = $1`,
      [device.id, status.online, status.battery ?? null, status.fw ?? null, status.rssi ?? null],
    );
    if (status.online && !wasOnline) {
      await this.incidents.resolveBySystem(uow, device.id, 'device.offline', 'device back online');
    } else if (!status.online && wasOnline) {
      await this.openOffline(uow, device, 'will');
    }
    this.publishAfterCommit(uow, device.id);
  }

  async applyTamper(uow: UnitOfWork, device: RegisteredDevice, state: 'open' | 'closed', at: string): Promise<void> {
    await uow.manager.query(`UPDATE devices SET tamper = $2 WHERE id = $1`, [device.id, state === 'open']);
    if (state === 'open') await this.incidents.trigger(uow, { ...this.incidentBase(device), type: 'device.tamper', data: { ts: at } });
    this.publishAfterCommit(uow, device.id);
  }

  async applyBatteryLow(uow: UnitOfWork, device: RegisteredDevice, level: number, at: string): Promise<void> {
    await uow.manager.query(`UPDATE devices SET battery = $2 WHERE id = $1`, [device.id, level]);
    await this.incidents.trigger(uow, { ...this.incidentBase(device), type: 'battery.low', data: { level, ts: at } });
    this.publishAfterCommit(uow, device.id);
  }

  async applyDoorState(uow: UnitOfWork, device: RegisteredDevice, state: 'open' | 'closed'): Promise<void> {
    await uow.manager.query(`UPDATE devices SET door_state = $2 WHERE id = $1 AND door_state IS DISTINCT FROM $2`, [device.id, state]);
    this.publishAfterCommit(uow, device.id);
  }

  // ---- supervision ---------------------------------------------------------------------------
  /** Marks devices offline whose heartbeats stopped; safe to run on several hubs at once. */
  async supervise(): Promise<void> {
    const { heartbeatOverrideSeconds, offlineAfterMissed } = this.config.supervision;
    try {
      await inTransaction(this.db, async (uow) => {
        const rows = await queryRows<{ id: string; site_id: string; kind: 'alarm-button' | 'door' }>(
          uow.manager,
          // Locked in id order like ingest does, skipping a device a batch holds (it is being heard from).
          `WITH stale AS (
             SELECT id FROM devices
              WHERE online AND last_seen < now() - make_interval(secs => COALESCE($1, heartbeat_seconds) * ($2 + 0.5))
              ORDER BY id FOR UPDATE SKIP LOCKED
           )
           UPDATE devices d SET online = false FROM stale WHERE d.id = stale.id
           RETURNING d.id, d.site_id, d.kind`,
          [heartbeatOverrideSeconds, offlineAfterMissed],
        );
        for (const row of rows) {
          await this.openOffline(uow, { id: row.id, siteId: row.site_id, kind: row.kind }, 'missed_heartbeats');
          this.publishAfterCommit(uow, row.id);
        }
      });
    } catch (err) {
      this.logger.warn(`supervision: ${(err as Error).message}`);
    }
  }

  private async openOffline(uow: UnitOfWork, device: RegisteredDevice, cause: 'will' | 'missed_heartbeats'): Promise<void> {
    await this.incidents.trigger(uow, { ...this.incidentBase(device), type: 'device.offline', data: { cause } });
  }

  private incidentBase(device: RegisteredDevice) {
    return { siteId: device.siteId, deviceId: device.id, deviceKind: device.kind, ...this.placeOf(device.id) };
  }

  private publishAfterCommit(uow: UnitOfWork, deviceId: string): void {
    uow.afterCommit(`device:${deviceId}`, async () => {
      const device = await this.db.getRepository(DeviceEntity).findOneBy({ id: deviceId });
      if (device) {
        this.registry.set(device.id, device);
        this.realtime.deviceUpsert(toDeviceDto(device));
      }
    });
  }
}
