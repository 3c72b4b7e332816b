/**
 * Incidents: opened by alarms and device faults, joined by repeated triggers, acknowledged and
 * resolved by people. Every change is written with its timeline entry in one transaction and
 * pushed to the consoles after commit; acknowledging or resolving an alarm commands the button.
 */
import { ConflictException, ForbiddenException, Inject, Injectable, NotFoundException, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type {
  DeviceKind,
  IncidentDetailDto,
  IncidentDto,
  IncidentKind,
  IncidentOutcome,
  IncidentStatus,
  IncidentType,
  TimelineKind,
} from '@wachtpost/contracts';
import { DataSource, In, type EntityManager } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../../config/config';
import { todayIn } from '../access/cardholders.service';
import { AuditService } from '../audit/audit.service';
import { incidentScope, type AuthUser } from '../auth/auth.decorators';
import { inTransaction, queryRows, type UnitOfWork } from '../../database/unit-of-work';
import { CommandsService } from '../commands/commands.service';
import { MetricsService } from '../health/metrics.service';
import { RealtimeGateway } from '../realtime/realtime.gateway';
import { SitesService } from '../sites/sites.service';
import { IncidentEventEntity } from './incident-event.entity';
import { IncidentEntity } from './incident.entity';
import { toIncidentDto, toTimeline } from './incident.mapper';
import { IncidentTransitionError, incidentTypeInfo, nextStatus, type IncidentAction } from './incident-state';

export interface Trigger {
  siteId: string;
  deviceId: string;
  deviceKind?: DeviceKind;
  type: IncidentType;
  floorId: string | null;
  roomId: string | null;
  silent?: boolean;
  data?: Record<string, unknown>;
}

@Injectable()
export class IncidentsService implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly commands: CommandsService,
    private readonly sites: SitesService,
    private readonly realtime: RealtimeGateway,
    private readonly metrics: MetricsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly audit: AuditService,
  ) {}

  onModuleInit(): void {
    this.commands.settled.on('settled', ({ incidentId }) => {
      if (incidentId) void this.publish(incidentId);
    });
  }

  /** Opens an incident, or joins the unresolved one of the same device and type. */
  async trigger(uow: UnitOfWork, t: Trigger): Promise<{ id: string; opened: boolean }> {
    const info = incidentTypeInfo(t.type, t.deviceKind);
    const rows: { id: string; opened: boolean }[] = await uow.manager.query(
      `INSERT INTO incidents (site_id, kind, type, priority, status, silent, device_id, room_id, floor_id, trigger_count, opened_at, last_trigger_at)
       VALUES ($1, $2, $3, $4, 'open', $5, $6, $7, $8, 1, clock_timestamp(), clock_timestamp())
       ON CONFLICT (device_id, type) WHERE status <> 'resolved'
       DO UPDATE SET trigger_count = incidents.trigger_count + 1, last_trigger_at = clock_timestamp()
       RETURNING id, (xmax = 0) AS opened`,
      [t.siteId, info.kind, t.type, info.priority, t.silent ?? false, t.deviceId, t.roomId, t.floorId],
    );
    const row = rows[0]!;
    await this.append(uow, row.id, row.opened ? 'opened' : 'triggered', null, { deviceId: t.deviceId, ...t.data });
    if (row.opened) uow.afterCommit(`opened:${row.id}`, () => this.metrics.incidentsOpened.inc({ type: t.type }));
    return row;
  }

  /** Adds a device-side note (e.g. the button was reset with its key) to its active alarm. */
  async noteFromDevice(uow: UnitOfWork, deviceId: string, type: IncidentType, data: Record<string, unknown>): Promise<void> {
    const rows: { id: string }[] = await uow.manager.query(
      `SELECT id FROM incidents WHERE device_id = $1 AND type = $2 AND status <> 'resolved'`,
      [deviceId, type],
    );
    for (const row of rows) await this.append(uow, row.id, 'note', null, data);
  }

  /** A note by the hub itself (dispatch started, flood limit), pushed to the consoles. */
  async systemNote(uow: UnitOfWork, incidentId: string, data: Record<string, unknown>): Promise<void> {
    await this.append(uow, incidentId, 'note', null, data);
  }

  /** Resolves the device's active incident of this type on the hub's own authority. */
  async resolveBySystem(uow: UnitOfWork, deviceId: string, type: IncidentType, note: string): Promise<void> {
    const rows = await queryRows<{ id: string }>(
      uow.manager,
      `UPDATE incidents SET status = 'resolved', resolved_at = clock_timestamp(), outcome = 'technical', note = $3
        WHERE device_id = $1 AND type = $2 AND status <> 'resolved' RETURNING id`,
      [deviceId, type, note],
    );
    for (const row of rows) await this.append(uow, row.id, type === 'device.offline' ? 'device.online' : 'resolved', null, { note });
  }

  async acknowledge(id: string, actor: string): Promise<IncidentDto> {
    return this.act(id, 'acknowledge', async (uow, incident) => {
      incident.status = 'acknowledged';
      incident.acknowledgedAt = new Date();
      incident.acknowledgedBy = actor;
      await this.append(uow, id, 'acknowledged', actor, {});
      if (incident.type === 'alarm.pressed' && incident.deviceId) {
        await this.commands.queueCommand(uow, { siteId: incident.siteId, deviceId: incident.deviceId, body: { type: 'alarm.acknowledged' }, incidentId: id });
      }
    });
  }

  async resolve(id: string, actor: string, outcome: IncidentOutcome, note: string): Promise<IncidentDto> {
    return this.act(id, 'resolve', async (uow, incident) => {
      incident.status = 'resolved';
      incident.resolvedAt = new Date();
      incident.resolvedBy = actor;
      incident.outcome = outcome;
      incident.note = note || null;
      await this.append(uow, id, 'resolved', actor, { outcome, note });
      if (outcome === 'genuine' && (incident.kind === 'alarm' || incident.kind === 'door')) {
        // A genuine alarm needs follow-up by its organisation's manager: it enters the register open, with a due date.
        const due = todayIn(this.sites.info(incident.siteId).timezone, new Date(Date.now() + this.config.followUp.dueDays * 86_400_000));
        await uow.manager.query(
          `INSERT INTO incident_follow_ups (incident_id, status, due_date) VALUES ($1, 'open', $2)
           ON CONFLICT (incident_id) DO UPDATE SET due_date = COALESCE(incident_follow_ups.due_date, EXCLUDED.due_date)`,
          [id, due],
        );
      }
      if (incident.type === 'alarm.pressed' && incident.deviceId) {
        await this.commands.queueCommand(uow, { siteId: incident.siteId, deviceId: incident.deviceId, body: { type: 'alarm.cleared' }, incidentId: id });
      }
    });
  }

  /** Resolves each incident on its own; one that cannot be resolved does not stop the others. */
  async bulkResolve(ids: string[], actor: string, outcome: IncidentOutcome, note: string): Promise<{ resolved: IncidentDto[]; skipped: { id: string; reason: string }[] }> {
    const resolved: IncidentDto[] = [];
    const skipped: { id: string; reason: string }[] = [];
    for (const id of new Set(ids)) {
      try {
        resolved.push(await this.resolve(id, actor, outcome, note));
      } catch (err) {
        skipped.push({ id, reason: (err as Error).message });
      }
    }
    return { resolved, skipped };
  }

  async addNote(id: string, user: AuthUser, text: string): Promise<IncidentDto> {
    const incident = await this.db.getRepository(IncidentEntity).findOneBy({ id });
    if (!incident) throw new NotFoundException(`no incident ${id}`);
    this.checkVisible(user, incident, (await this.organisationsOf([id])).get(id) ?? null);
    return this.act(id, 'note', (uow) => this.append(uow, id, 'note', user.username, { text }));
  }

  /**
   * Incidents newest first, as far as the user may see them: guards live and recent ones (not
   * those registered by hand), a manager their organisation's, the coordinator and admins all.
   */
  async list(user: AuthUser, q: { status?: IncidentStatus; kind?: IncidentKind; limit: number }): Promise<IncidentDto[]> {
    const scope = incidentScope(user);
    const qb = this.db
      .getRepository(IncidentEntity)
      .createQueryBuilder('i')
      .leftJoin('incident_follow_ups', 'f', 'f.incident_id = i.id')
      .leftJoin('rooms', 'r', 'r.site_id = i.site_id AND r.id = i.room_id')
      .orderBy('i.opened_at', 'DESC')
      .addOrderBy('i.id', 'DESC')
      .limit(q.limit);
    if (q.status) qb.andWhere('i.status = :status', { status: q.status });
    if (q.kind) qb.andWhere('i.kind = :kind', { kind: q.kind });
    if (scope.kind === 'organisation') qb.andWhere('COALESCE(f.organisation_id, r.organisation_id) = :org', { org: scope.organisationId });
    if (scope.kind === 'recent') {
      qb.andWhere(`i.kind <> 'manual'`).andWhere(`(i.status <> 'resolved' OR i.resolved_at > now() - make_interval(hours => :hours))`, { hours: this.config.guardRecentHours });
    }
    const incidents = await qb.getMany();
    const orgs = await this.organisationsOf(incidents.map((i) => i.id));
    return incidents.map((i) => this.toDto(i, orgs.get(i.id) ?? null));
  }

  /** One incident with its timeline; `user` is checked against what they may see (the hub itself passes none). */
  async get(id: string, user?: AuthUser): Promise<IncidentDetailDto> {
    const incident = await this.db.getRepository(IncidentEntity).findOneBy({ id });
    if (!incident) throw new NotFoundException(`no incident ${id}`);
    const organisationId = (await this.organisationsOf([id])).get(id) ?? null;
    if (user) this.checkVisible(user, incident, organisationId);
    const [entries, commands] = await Promise.all([
      this.db.getRepository(IncidentEventEntity).find({ where: { incidentId: id }, order: { at: 'ASC', id: 'ASC' } }),
      this.commands.forIncident(id),
    ]);
    // A door alarm names the badge holder: every person's look at that is written to the audit log.
    if (user && entries.some((e) => typeof (e.data as { cardholderName?: unknown } | null)?.cardholderName === 'string')) {
      await this.audit.record({ actor: user.username, action: 'incident.view', filter: { incidentId: id } });
    }
    return { ...this.toDto(incident, organisationId), timeline: toTimeline(entries, commands) };
  }

  private checkVisible(user: AuthUser, i: IncidentEntity, organisationId: string | null): void {
    const scope = incidentScope(user);
    if (scope.kind === 'recent') {
      const old = i.status === 'resolved' && (i.resolvedAt?.getTime() ?? 0) < Date.now() - this.config.guardRecentHours * 3_600_000;
      if (i.kind === 'manual' || old) throw new ForbiddenException('guards see live and recent incidents only; managers see the register');
    }
    if (scope.kind === 'organisation' && organisationId !== scope.organisationId) {
      throw new ForbiddenException(`this incident is not one of ${scope.organisationId}`);
    }
  }

  /** Whose each incident is: the follow-up's organisation, else its room's (as the register decides). */
  private async organisationsOf(ids: string[], manager: EntityManager = this.db.manager): Promise<Map<string, string | null>> {
    if (ids.length === 0) return new Map();
    const rows = await manager.query<{ id: string; org: string | null }[]>(
      `SELECT i.id, COALESCE(f.organisation_id, r.organisation_id) AS org FROM incidents i
         LEFT JOIN incident_follow_ups f ON f.incident_id = i.id LEFT JOIN rooms r ON r.site_id = i.site_id AND r.id = i.room_id
        WHERE i.id = ANY($1::uuid[])`,
      [ids],
    );
    return new Map(rows.map((r) => [r.id, r.org]));
  }

  /** Runs a person's action under a row lock, so two guards cannot acknowledge the same alarm twice. */
  private async act(id: string, action: IncidentAction, apply: (uow: UnitOfWork, incident: IncidentEntity) => Promise<unknown>): Promise<IncidentDto> {
    return inTransaction(this.db, async (uow) => {
      const incident = await uow.manager.getRepository(IncidentEntity).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!incident) throw new NotFoundException(`no incident ${id}`);
      try {
        nextStatus(incident.status, action);
      } catch (err) {
        if (err instanceof IncidentTransitionError) throw new ConflictException(err.message);
        throw err;
      }
      await apply(uow, incident);
      await uow.manager.getRepository(IncidentEntity).save(incident);
      return this.toDto(incident, (await this.organisationsOf([id], uow.manager)).get(id) ?? null);
    });
  }

  private async append(uow: UnitOfWork, incidentId: string, kind: TimelineKind, actor: string | null, data: Record<string, unknown>): Promise<void> {
    await uow.manager.query(`INSERT INTO incident_events (incident_id, at, kind, actor, data) VALUES ($1, clock_timestamp(), $2, $3, $4)`, [
      incidentId,
      kind,
      actor,
      JSON.stringify(data),
    ]);
    uow.afterCommit(`incident:${incidentId}`, () => this.publish(incidentId));
  }

  async publish(id: string): Promise<void> {
    await this.publishMany([id]);
  }

  /** Live updates for the consoles; an incident registered by hand is not live and is not sent. */
  async publishMany(ids: string[]): Promise<void> {
    const incidents = (await this.db.getRepository(IncidentEntity).findBy({ id: In(ids) })).filter((i) => i.kind !== 'manual');
    const orgs = await this.organisationsOf(incidents.map((i) => i.id));
    for (const i of incidents) this.realtime.incidentUpsert(this.toDto(i, orgs.get(i.id) ?? null));
  }

  private toDto(i: IncidentEntity, organisationId: string | null): IncidentDto {
    const place = this.sites.place(i.siteId, i.floorId, i.roomId);
    return toIncidentDto(i, { ...place, organisationId }, this.sites.instructionsFor(i.siteId, i.type));
  }
}
