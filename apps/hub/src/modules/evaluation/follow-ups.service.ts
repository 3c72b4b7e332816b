/**
 * The incident register: follow-up of every alarm, door alarm and incident registered by hand.
 * Names of employees involved are shown only in the follow-up itself (every read and change is
 * audited) and as pseudonyms elsewhere; a building ban blocks the aggressor's badges in the same
 * transaction as the follow-up.
 */
import { BadRequestException, ForbiddenException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { followUpPatchSchema, FollowUpDto, FollowUpSummaryDto, IncidentCategory, IncidentOutcome, registerIncidentSchema } from '@wachtpost/contracts';
import { DataSource, In } from 'typeorm';
import type { z } from 'zod';
import { APP_CONFIG, type AppConfig } from '../../config/config';
import { inTransaction, type UnitOfWork } from '../../database/unit-of-work';
import { pseudonym } from '../access/access-log-format';
import { AccessSettingsService } from '../access/access-settings.service';
import { AuditService } from '../audit/audit.service';
import { BadgesService } from '../access/badges.service';
import { todayIn } from '../access/cardholders.service';
import { registerScope, type AuthUser } from '../auth/auth.decorators';
import { SitesService } from '../sites/sites.service';
import { FollowUpEntity } from './follow-up.entity';
import { CATEGORY, ORGANISATION, REGISTER_JOINS, REGISTER_KINDS } from './register.sql';

type Patch = z.output<typeof followUpPatchSchema>;
type Register = z.output<typeof registerIncidentSchema>;

/** What the register knows of an incident besides its follow-up row. */
interface IncidentFacts {
  id: string;
  site_id: string;
  kind: 'alarm' | 'door' | 'manual';
  type: FollowUpDto['type'];
  device_id: string | null;
  room_id: string | null;
  floor_id: string | null;
  opened_at: Date;
  acknowledged_at: Date | null;
  resolved_at: Date | null;
  outcome: IncidentOutcome | null;
  room_organisation: string | null;
  implied_category: IncidentCategory | null;
  first_coming_at: Date | null;
  quorum_met_at: Date | null;
  timezone: string;
}

const FACTS = `SELECT i.id, i.site_id, i.kind, i.type, i.device_id, i.room_id, i.floor_id, i.opened_at, i.acknowledged_at, i.resolved_at, i.outcome,
       r.organisation_id AS room_organisation, ${CATEGORY.replace('f.category', 'NULL::text')} AS implied_category,
       a.first_coming_at, a.quorum_met_at, COALESCE(s.timezone, 'Europe/Amsterdam') AS timezone
  FROM incidents i ${REGISTER_JOINS} LEFT JOIN sites s ON s.id = i.site_id
 WHERE i.id = ANY($1::uuid[]) AND ${REGISTER_KINDS}`;

/** What a guard may send when registering; the rest of the follow-up is for managers. */
const GUARD_REGISTRATION_FIELDS = new Set(['occurredAt', 'category', 'organisationId', 'siteId', 'roomId', 'location', 'description', 'employees']);

interface ApplyContext {
  uow: UnitOfWork;
  incidentId: string;
  siteId: string;
  timezone: string;
  /** The incident's organisation once this change is made. */
  organisationId: string | null;
  current?: FollowUpEntity;
  implied: IncidentCategory | null;
  user: AuthUser;
}

/** The live outcome a registered incident gets from its category. */
function outcomeFor(category: IncidentCategory): IncidentOutcome {
  if (category === 'drill') return 'test';
  if (category === 'false_alarm') return 'false_alarm';
  return 'genuine';
}

@Injectable()
export class FollowUpsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly sites: SitesService,
    private readonly audit: AuditService,
    private readonly badges: BadgesService,
    private readonly settings: AccessSettingsService,
  ) {}

  /** Registers an incident that had no alarm; it is never live, so it is written resolved. */
  async register(user: AuthUser, body: Register): Promise<FollowUpDto> {
    const scope = registerScope(user);
    if (scope.kind === 'organisation' && body.organisationId !== scope.organisationId) {
      throw new ForbiddenException(`you may register incidents of ${scope.organisationId} only`);
    }
    if (scope.kind === 'none') {
      const followUpOnly = Object.keys(body).filter((k) => !GUARD_REGISTRATION_FIELDS.has(k));
      if (followUpOnly.length) throw new ForbiddenException(`guards register an incident; its follow-up (${followUpOnly.join(', ')}) is for managers`);
    }
    const siteId = body.siteId ?? (await this.defaultSite());
    let floorId: string | null = null;
    if (body.roomId) {
      const [room] = await this.db.query<{ floor_id: string }[]>(`SELECT floor_id FROM rooms WHERE site_id = $1 AND id = $2`, [siteId, body.roomId]);
      if (!room) throw new BadRequestException(`roomId: no room ${body.roomId} on site ${siteId}`);
      floorId = room.floor_id;
    }
    await this.checkOrganisation(siteId, body.organisationId);
    const id = await inTransaction(this.db, async (uow) => {
      const [row] = await uow.manager.query<{ id: string }[]>(
        `INSERT INTO incidents (site_id, kind, type, priority, status, silent, device_id, room_id, floor_id, trigger_count, opened_at, last_trigger_at, resolved_at, resolved_by, outcome)
         VALUES ($1, 'manual', 'incident.registered', 3, 'resolved', true, NULL, $2, $3, 1, $4, $4, clock_timestamp(), $5, $6) RETURNING id`,
        [siteId, body.roomId, floorId, body.occurredAt, user.username, outcomeFor(body.category)],
      );
      const incidentId = row!.id;
      await uow.manager.query(`INSERT INTO incident_events (incident_id, at, kind, actor, data) VALUES ($1, clock_timestamp(), 'opened', $2, $3)`, [
        incidentId,
        user.username,
        JSON.stringify({ registered: true }),
      ]);
      const timezone = this.sites.info(siteId).timezone;
      await uow.manager.insert(FollowUpEntity, {
        incidentId,
        status: 'open',
        owner: scope.kind === 'none' ? null : user.username,
        dueDate: this.dueDate(timezone),
      });
      const fields: Patch = { ...body };
      for (const key of ['occurredAt', 'siteId', 'roomId'] as const) delete (fields as Record<string, unknown>)[key];
      const current = await uow.manager.getRepository(FollowUpEntity).findOneByOrFail({ incidentId });
      await this.apply({ uow, incidentId, siteId, timezone, organisationId: body.organisationId, current, implied: null, user }, fields);
      await this.audit.record({ actor: user.username, action: 'incident.register', filter: { incidentId, category: body.category, organisationId: body.organisationId } }, uow.manager);
      return incidentId;
    });
    return this.load(id);
  }

  /** The whole follow-up, names included: audited. */
  async get(user: AuthUser, id: string): Promise<FollowUpDto> {
    const dto = await this.load(id);
    this.checkScope(user, dto.organisationId);
    await this.audit.record({ actor: user.username, action: 'incident.follow_up.view', filter: { incidentId: id } });
    return dto;
  }

  async update(user: AuthUser, id: string, patch: Patch): Promise<FollowUpDto> {
    await inTransaction(this.db, async (uow) => {
      const facts = await this.facts(id, uow);
      await uow.manager.query(`INSERT INTO incident_follow_ups (incident_id, status) VALUES ($1, 'open') ON CONFLICT DO NOTHING`, [id]);
      const current = await uow.manager.getRepository(FollowUpEntity).findOneOrFail({ where: { incidentId: id }, lock: { mode: 'pessimistic_write' } });
      this.checkScope(user, current.organisationId ?? facts.room_organisation);
      if (patch.organisationId !== undefined) {
        const scope = registerScope(user);
        if (scope.kind === 'organisation' && patch.organisationId !== scope.organisationId) {
          throw new ForbiddenException(`only the security coordinator can hand an incident to another organisation`);
        }
        if (patch.organisationId) await this.checkOrganisation(facts.site_id, patch.organisationId);
      }
      const organisationId = patch.organisationId !== undefined ? patch.organisationId : (current.organisationId ?? facts.room_organisation);
      // Handed to another organisation: an owner who no longer sees it lets go (reminders would reach the wrong team).
      if (patch.organisationId !== undefined && patch.owner === undefined && current.owner && !(await this.ownerSees(current.owner, organisationId))) {
        patch = { ...patch, owner: null };
      }
      const traced = await this.apply(
        { uow, incidentId: id, siteId: facts.site_id, timezone: facts.timezone, organisationId, current, implied: facts.implied_category, user },
        patch,
      );
      // Names never go here: which fields changed, and from what to what for those that decide the figures and who answers.
      const note = { followUp: { changed: Object.keys(patch), ...traced } };
      await uow.manager.query(`INSERT INTO incident_events (incident_id, at, kind, actor, data) VALUES ($1, clock_timestamp(), 'note', $2, $3)`, [
        id,
        user.username,
        JSON.stringify(note),
      ]);
      await this.audit.record({ actor: user.username, action: 'incident.follow_up.update', filter: { incidentId: id, fields: Object.keys(patch), ...traced } }, uow.manager);
    });
    return this.load(id);
  }

  /** The register without names: each employee involved as a pseudonym, newest first. */
  async list(user: AuthUser, q: { status?: string; overdue?: boolean; organisation?: string; limit: number }): Promise<FollowUpSummaryDto[]> {
    const scope = registerScope(user);
    if (scope.kind === 'none') throw new ForbiddenException('the incident register is for managers');
    if (scope.kind === 'organisation' && q.organisation && q.organisation !== scope.organisationId) {
      throw new ForbiddenException(`you may see the incidents of ${scope.organisationId} only`);
    }
    const organisation = scope.kind === 'organisation' ? scope.organisationId : (q.organisation ?? null);
    const unassigned = organisation === 'none';
    const rows = await this.db.query<{ id: string; timezone: string }[]>(
      `SELECT i.id, COALESCE(s.timezone, 'Europe/Amsterdam') AS timezone
         FROM incidents i ${REGISTER_JOINS} LEFT JOIN sites s ON s.id = i.site_id
        WHERE ${REGISTER_KINDS} AND ($1::text IS NULL OR ${ORGANISATION} = $1) AND (NOT $5::boolean OR ${ORGANISATION} IS NULL)
          AND ($2::text IS NULL OR COALESCE(f.status, 'open') = $2)
          AND ($3::boolean IS NULL OR COALESCE(f.status = 'open' AND f.due_date < (now() AT TIME ZONE COALESCE(s.timezone, 'Europe/Amsterdam'))::date, false) = $3)
        ORDER BY i.opened_at DESC, i.id DESC LIMIT $4`,
      [unassigned ? null : organisation, q.status ?? null, q.overdue ?? null, q.limit, unassigned],
    );
    const key = await this.settings.pseudonymKey();
    return (await this.loadMany(rows.map((r) => r.id))).map((d) => this.summary(d, key));
  }

  summary(d: FollowUpDto, key: Buffer): FollowUpSummaryDto {
    return {
      incidentId: d.incidentId,
      source: d.source,
      type: d.type,
      occurredAt: d.occurredAt,
      siteId: d.siteId,
      deviceId: d.deviceId,
      roomId: d.roomId,
      roomName: d.roomName,
      floorName: d.floorName,
      organisationId: d.organisationId,
      category: d.category,
      drill: d.drill,
      liveOutcome: d.liveOutcome,
      status: d.status,
      owner: d.owner,
      dueDate: d.dueDate,
      overdue: d.overdue,
      remindedAt: d.remindedAt,
      updatedAt: d.updatedAt,
      location: d.location,
      employeePseudonyms: d.employees.map((e) => pseudonym(key, `employee:${e.name.trim().toLowerCase()}`)),
    };
  }

  async load(id: string): Promise<FollowUpDto> {
    const [dto] = await this.loadMany([id]);
    if (!dto) throw new NotFoundException(`no incident ${id} in the register (device faults have no follow-up)`);
    return dto;
  }

  /** Follow-ups in the order of `ids` (two queries, however many). */
  async loadMany(ids: string[]): Promise<FollowUpDto[]> {
    if (ids.length === 0) return [];
    const [facts, rows] = await Promise.all([
      this.db.query<IncidentFacts[]>(FACTS, [ids]),
      this.db.getRepository(FollowUpEntity).findBy({ incidentId: In(ids) }),
    ]);
    const byId = new Map(facts.map((f) => [f.id, f]));
    const followUps = new Map(rows.map((f) => [f.incidentId, f]));
    const bannedIds = rows.flatMap((f) => (f.buildingBan?.cardholderId ? [f.buildingBan.cardholderId] : []));
    const holders = new Map<string, FollowUpDto['bannedCardholder']>();
    if (bannedIds.length) {
      const found = await this.db.query<{ id: string; name: string; kind: 'staff' | 'visitor' | 'contractor' }[]>(`SELECT id, name, kind FROM cardholders WHERE id = ANY($1::uuid[])`, [bannedIds]);
      for (const h of found) holders.set(h.id, h);
    }
    return ids.flatMap((id) => {
      const f = byId.get(id);
      const followUp = followUps.get(id) ?? null;
      const banned = followUp?.buildingBan?.cardholderId ? (holders.get(followUp.buildingBan.cardholderId) ?? null) : null;
      return f ? [this.toDto(f, followUp, banned)] : [];
    });
  }

  private toDto(facts: IncidentFacts, f: FollowUpEntity | null, bannedCardholder: FollowUpDto['bannedCardholder']): FollowUpDto {
    const place = this.sites.place(facts.site_id, facts.floor_id, facts.room_id);
    const category = f?.category ?? facts.implied_category;
    const status = f?.status ?? 'open';
    const dueDate = f?.dueDate ?? null;
    return {
      incidentId: facts.id,
      source: facts.kind,
      type: facts.type,
      occurredAt: facts.opened_at.toISOString(),
      siteId: facts.site_id,
      deviceId: facts.device_id,
      roomId: facts.room_id,
      roomName: place.roomName,
      floorName: place.floorName,
      organisationId: f?.organisationId ?? facts.room_organisation,
      category,
      drill: category === 'drill',
      liveOutcome: facts.outcome,
      status,
      owner: f?.owner ?? null,
      dueDate,
      overdue: status === 'open' && dueDate !== null && dueDate < todayIn(facts.timezone),
      remindedAt: f?.remindedAt?.toISOString() ?? null,
      updatedAt: f?.updatedAt?.toISOString() ?? null,
      updatedBy: f?.updatedBy ?? null,
      location: f?.location ?? '',
      description: f?.description ?? '',
      employees: f?.employees ?? [],
      injury: f?.injury ?? false,
      damage: f?.damage ?? false,
      injuryDamageNote: f?.injuryDamageNote ?? '',
      policeCalled: f?.policeCalled ?? false,
      policeReport: f?.policeReport ?? null,
      aggressorTalk: f?.aggressorTalk ?? null,
      buildingBan: f?.buildingBan ?? null,
      aftercare: f?.aftercare ?? null,
      measures: f?.measures ?? '',
      lessonsLearned: f?.lessonsLearned ?? '',
      response: {
        acknowledgedAt: facts.acknowledged_at?.toISOString() ?? null,
        firstComingAt: facts.first_coming_at?.toISOString() ?? null,
        quorumMetAt: facts.quorum_met_at?.toISOString() ?? null,
        resolvedAt: facts.resolved_at?.toISOString() ?? null,
      },
      blockedBadges: f?.blockedBadges ?? [],
      personalDataErasedAt: f?.personalDataErasedAt?.toISOString() ?? null,
      bannedCardholder,
    };
  }

  /**
   * Writes the changed fields and answers how the traced ones (category, status, organisation,
   * owner) changed. An open follow-up of a real incident always has a due date; the owner must be
   * someone who sees the incident; a building ban on a badge holder of the site blocks every badge
   * of theirs not yet blocked (a team lead may ban visitors and contractors, not staff).
   */
  private async apply(c: ApplyContext, patch: Patch): Promise<Record<string, { from: unknown; to: unknown }>> {
    const { uow, current, user } = c;
    const status = patch.status ?? current?.status ?? 'open';
    const category = patch.category !== undefined ? patch.category : (current?.category ?? c.implied);
    if (status !== 'open' && !category) throw new BadRequestException('category: choose a category before the follow-up is done or closed');
    if (patch.owner) await this.checkOwner(patch.owner, c.organisationId);
    const changes: Partial<FollowUpEntity> = { ...patch, updatedAt: new Date(), updatedBy: user.username };
    const due = patch.dueDate !== undefined ? patch.dueDate : (current?.dueDate ?? null);
    if (patch.dueDate === undefined && !due && status === 'open' && category !== 'drill' && category !== 'false_alarm') {
      changes.dueDate = this.dueDate(c.timezone);
    }
    const ban = patch.buildingBan;
    if (ban?.cardholderId) {
      const [holder] = await uow.manager.query<{ site_id: string; kind: string }[]>(`SELECT site_id, kind FROM cardholders WHERE id = $1`, [ban.cardholderId]);
      if (!holder || holder.site_id !== c.siteId) throw new BadRequestException(`buildingBan.cardholderId: no cardholder ${ban.cardholderId} on site ${c.siteId}`);
      if (holder.kind === 'staff' && registerScope(user).kind !== 'all') {
        throw new ForbiddenException('a team lead can ban visitors and contractors; a ban on staff is for the security coordinator');
      }
      const badges = await uow.manager.query<{ number: string }[]>(`SELECT number FROM badges WHERE cardholder_id = $1 AND NOT blocked ORDER BY number FOR UPDATE`, [ban.cardholderId]);
      for (const b of badges) {
        await this.badges.blockWithin(uow, b.number, 'building_ban', `building ban until ${ban.until} (incident ${c.incidentId})`, user.username);
      }
      changes.blockedBadges = [...new Set([...(current?.blockedBadges ?? []), ...badges.map((b) => b.number)])];
    }
    if (patch.category === 'drill' || patch.category === 'false_alarm') {
      await uow.manager.query(`UPDATE incidents SET outcome = $2 WHERE id = $1 AND kind = 'manual'`, [c.incidentId, outcomeFor(patch.category)]);
    }
    await uow.manager.update(FollowUpEntity, { incidentId: c.incidentId }, changes);
    const before: Record<string, unknown> = {
      category: current?.category ?? c.implied,
      status: current?.status ?? 'open',
      organisationId: current?.organisationId ?? null,
      owner: current?.owner ?? null,
    };
    const traced: Record<string, { from: unknown; to: unknown }> = {};
    for (const key of ['category', 'status', 'organisationId', 'owner'] as const) {
      if (patch[key] !== undefined && patch[key] !== before[key]) traced[key] = { from: before[key], to: patch[key] };
    }
    return traced;
  }

  /** The owner must be a manager who sees the incident (or an admin): reminders go to them. */
  private async checkOwner(username: string, organisationId: string | null): Promise<void> {
    if (!(await this.ownerSees(username, organisationId))) throw new BadRequestException(`owner: ${username} is not a manager who sees this incident`);
  }

  private async ownerSees(username: string, organisationId: string | null): Promise<boolean> {
    const [u] = await this.db.query<{ roles: string[]; organisation_id: string | null; campus_scope: boolean }[]>(
      `SELECT roles, organisation_id, campus_scope FROM users WHERE username = $1`,
      [username],
    );
    return !!u && (u.roles.includes('admin') || (u.roles.includes('manager') && (u.campus_scope || (!!organisationId && u.organisation_id === organisationId))));
  }

  private async facts(id: string, uow?: UnitOfWork): Promise<IncidentFacts> {
    const manager = uow?.manager ?? this.db.manager;
    const [facts] = await manager.query<IncidentFacts[]>(FACTS, [[id]]);
    if (!facts) throw new NotFoundException(`no incident ${id} in the register (device faults have no follow-up)`);
    return facts;
  }

  private checkScope(user: AuthUser, organisationId: string | null): void {
    const scope = registerScope(user);
    if (scope.kind === 'none') throw new ForbiddenException('the follow-up is for managers');
    if (scope.kind === 'organisation' && organisationId !== scope.organisationId) {
      throw new ForbiddenException(`this incident belongs to ${organisationId ?? 'no organisation yet (the security coordinator assigns it)'}, not to ${scope.organisationId}`);
    }
  }

  private async checkOrganisation(siteId: string, organisationId: string): Promise<void> {
    const [org] = await this.db.query<unknown[]>(`SELECT 1 FROM organisations WHERE site_id = $1 AND id = $2`, [siteId, organisationId]);
    if (!org) throw new BadRequestException(`organisationId: no organisation ${organisationId} on site ${siteId}`);
  }

  private async defaultSite(): Promise<string> {
    const [site] = await this.db.query<{ id: string }[]>(`SELECT id FROM sites ORDER BY id LIMIT 1`);
    if (!site) throw new BadRequestException('siteId: no site is loaded');
    return site.id;
  }

  /** Today plus FOLLOW_UP_DUE_DAYS, in the site's time zone. */
  dueDate(timezone: string): string {
    return todayIn(timezone, new Date(Date.now() + this.config.followUp.dueDays * 86_400_000));
  }
}
