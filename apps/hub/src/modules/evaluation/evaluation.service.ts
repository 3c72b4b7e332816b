/**
 * The periodic evaluation: one query reads the register for the period and the one before it,
 * evaluation-figures.ts counts it. Drills are kept apart; overdue follow-ups are as of today.
 */
import { ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { EvaluationDto, FollowUpStatus, IncidentCategory, IncidentKind } from '@wachtpost/contracts';
import { DataSource } from 'typeorm';
import { registerScope, type AuthUser } from '../auth/auth.decorators';
import { todayIn } from '../access/cardholders.service';
import { SitesService } from '../sites/sites.service';
import { durationStat, isDrill, nextDay, periods, tally, type RegisterRow } from './evaluation-figures';
import { CATEGORY, ORGANISATION, REGISTER_JOINS, REGISTER_KINDS } from './register.sql';

export interface EvaluationRequest {
  from: string;
  to: string;
  organisation?: string;
  siteId?: string;
}

/** A register row with what the CSV adds (no names). */
export interface ReportRow extends RegisterRow {
  kind: IncidentKind;
  policeCalled: boolean;
  policeReport: boolean;
  buildingBan: boolean;
  aftercareOffered: boolean;
  overdue: boolean;
}

interface Scope {
  siteId: string;
  timezone: string;
  organisationId: string | null;
}

@Injectable()
export class EvaluationService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly sites: SitesService,
  ) {}

  /** The site, its time zone and the organisation the user may look at; 403 for another organisation's figures. */
  async scope(user: AuthUser, q: { organisation?: string; siteId?: string }): Promise<Scope> {
    const s = registerScope(user);
    if (s.kind === 'none') throw new ForbiddenException('the evaluation is for managers');
    if (s.kind === 'organisation' && q.organisation && q.organisation !== s.organisationId) {
      throw new ForbiddenException(`you may see the figures of ${s.organisationId} only`);
    }
    const organisationId = s.kind === 'organisation' ? s.organisationId : (q.organisation ?? null);
    const [site] = await this.db.query<{ id: string; timezone: string }[]>(
      `SELECT id, timezone FROM sites WHERE ($1::text IS NULL OR id = $1) ORDER BY id LIMIT 1`,
      [q.siteId ?? null],
    );
    if (!site) throw new NotFoundException(q.siteId ? `no site ${q.siteId}` : 'no site is loaded');
    if (organisationId) {
      const [org] = await this.db.query<unknown[]>(`SELECT 1 FROM organisations WHERE site_id = $1 AND id = $2`, [site.id, organisationId]);
      if (!org) throw new NotFoundException(`no organisation ${organisationId} on site ${site.id}`);
    }
    return { siteId: site.id, timezone: site.timezone, organisationId };
  }

  async evaluate(user: AuthUser, q: EvaluationRequest): Promise<EvaluationDto> {
    const scope = await this.scope(user, q);
    const { period, previousPeriod } = periods(q.from, q.to);
    const rows = await this.rows(scope, previousPeriod.from, q.to, period.from);
    const real = rows.filter((r) => !isDrill(r));
    const drillRows = rows.filter((r) => isDrill(r) && !r.previous);
    const [drillAlerts, overdue] = await Promise.all([this.drillAlerts(scope, period.from, period.to), this.overdue(scope)]);
    const t = tally(real);
    const items = [
      ...drillRows.map((r) => ({ incidentId: r.incidentId, alertId: null, at: r.openedAt.toISOString(), roomName: r.roomName, firstComingSeconds: r.comingSeconds, quorumSeconds: r.quorumSeconds })),
      ...drillAlerts,
    ].sort((a, b) => a.at.localeCompare(b.at));
    const drillPresses = drillRows.filter((r) => r.type === 'alarm.pressed');
    return {
      siteId: scope.siteId,
      timezone: scope.timezone,
      organisationId: scope.organisationId,
      period,
      previousPeriod,
      ...t,
      followUp: { ...t.followUp, overdue: overdue.length },
      overdue,
      drills: {
        count: items.length,
        response: {
          acknowledged: durationStat(drillPresses.map((r) => r.ackSeconds)),
          firstComing: durationStat(items.map((i) => i.firstComingSeconds)),
          quorum: durationStat(items.map((i) => i.quorumSeconds)),
          resolved: durationStat(drillPresses.map((r) => r.resolvedSeconds)),
        },
        items,
      },
    };
  }

  /** The period's incidents one per row, for the CSV: drills included and marked by their category. */
  async reportRows(user: AuthUser, q: EvaluationRequest): Promise<{ scope: Scope; rows: ReportRow[] }> {
    const scope = await this.scope(user, q);
    return { scope, rows: await this.rows(scope, q.from, q.to, q.from) };
  }

  /** Register rows opened from `from` up to and including `to`; those before `currentFrom` are marked previous. */
  private async rows(scope: Scope, from: string, to: string, currentFrom: string): Promise<ReportRow[]> {
    const today = todayIn(scope.timezone);
    const raw = await this.db.query<Record<string, unknown>[]>(
      `SELECT i.id, i.kind, i.type, i.opened_at, i.opened_at < ($4::date::timestamp AT TIME ZONE $5) AS previous,
              i.device_id, d.name AS device_name, i.room_id, r.name AS room_name, i.floor_id, fl.name AS floor_name,
              COALESCE(r.front_office, false) AS front_office, ${ORGANISATION} AS organisation_id, ${CATEGORY} AS category,
              extract(isodow FROM i.opened_at AT TIME ZONE $5)::int AS weekday,
              extract(hour FROM i.opened_at AT TIME ZONE $5)::int AS hour,
              extract(epoch FROM i.acknowledged_at - i.opened_at)::float8 AS ack_s,
              extract(epoch FROM a.first_coming_at - i.opened_at)::float8 AS coming_s,
              extract(epoch FROM a.quorum_met_at - i.opened_at)::float8 AS quorum_s,
              extract(epoch FROM i.resolved_at - i.opened_at)::float8 AS resolved_s,
              COALESCE(f.status, 'open') AS status, COALESCE(f.police_called, false) AS police_called,
              f.police_report IS NOT NULL AS police_report, f.building_ban IS NOT NULL AS building_ban,
              COALESCE((f.aftercare->>'offered')::boolean, false) AS aftercare_offered,
              (f.status = 'open' AND f.due_date < $7::date) AS overdue
         FROM incidents i ${REGISTER_JOINS}
         LEFT JOIN floors fl ON fl.site_id = i.site_id AND fl.id = i.floor_id
         LEFT JOIN devices d ON d.id = i.device_id
        WHERE i.site_id = $1 AND ${REGISTER_KINDS}
          AND i.opened_at >= ($2::date::timestamp AT TIME ZONE $5) AND i.opened_at < ($3::date::timestamp AT TIME ZONE $5)
          AND ($6::text IS NULL OR ${ORGANISATION} = $6)
        ORDER BY i.opened_at, i.id`,
      [scope.siteId, from, nextDay(to), currentFrom, scope.timezone, scope.organisationId, today],
    );
    return raw.map((r) => ({
      incidentId: r.id as string,
      kind: r.kind as IncidentKind,
      previous: r.previous as boolean,
      type: r.type as string,
      deviceId: r.device_id as string | null,
      deviceName: r.device_name as string | null,
      roomId: r.room_id as string | null,
      roomName: r.room_name as string | null,
      floorId: r.floor_id as string | null,
      floorName: r.floor_name as string | null,
      frontOffice: r.front_office as boolean,
      organisationId: r.organisation_id as string | null,
      category: r.category as IncidentCategory | null,
      openedAt: r.opened_at as Date,
      weekday: r.weekday as number,
      hour: r.hour as number,
      ackSeconds: r.ack_s as number | null,
      comingSeconds: r.coming_s as number | null,
      quorumSeconds: r.quorum_s as number | null,
      resolvedSeconds: r.resolved_s as number | null,
      status: r.status as FollowUpStatus,
      policeCalled: r.police_called as boolean,
      policeReport: r.police_report as boolean,
      buildingBan: r.building_ban as boolean,
      aftercareOffered: r.aftercare_offered as boolean,
      overdue: r.overdue === true,
    }));
  }

  /** Drills started by hand, without an alarm: only their BHV response is measured. */
  private async drillAlerts(scope: Scope, from: string, to: string): Promise<EvaluationDto['drills']['items']> {
    const rows = await this.db.query<{ id: string; started_at: Date; room_name: string | null; coming_s: number | null; quorum_s: number | null }[]>(
      `SELECT al.id, al.started_at, r.name AS room_name,
              extract(epoch FROM al.first_coming_at - al.started_at)::float8 AS coming_s,
              extract(epoch FROM al.quorum_met_at - al.started_at)::float8 AS quorum_s
         FROM alerts al LEFT JOIN rooms r ON r.site_id = al.site_id AND r.id = al.room_id
        WHERE al.site_id = $1 AND al.drill AND al.incident_id IS NULL
          AND al.started_at >= ($2::date::timestamp AT TIME ZONE $4) AND al.started_at < ($3::date::timestamp AT TIME ZONE $4)
          AND ($5::text IS NULL OR r.organisation_id = $5)`,
      [scope.siteId, from, nextDay(to), scope.timezone, scope.organisationId],
    );
    return rows.map((r) => ({ incidentId: null, alertId: r.id, at: r.started_at.toISOString(), roomName: r.room_name, firstComingSeconds: r.coming_s, quorumSeconds: r.quorum_s }));
  }

  /** Open follow-ups past their due date, whatever the period: they need doing now. */
  private async overdue(scope: Scope): Promise<EvaluationDto['overdue']> {
    const rows = await this.db.query<{ id: string; category: IncidentCategory | null; due: string; owner: string | null; days: number; organisation_id: string | null }[]>(
      `SELECT i.id, ${CATEGORY} AS category, f.due_date::text AS due, f.owner, ($3::date - f.due_date) AS days, ${ORGANISATION} AS organisation_id
         FROM incidents i ${REGISTER_JOINS}
        WHERE i.site_id = $1 AND f.status = 'open' AND f.due_date < $3::date AND ($2::text IS NULL OR ${ORGANISATION} = $2)
        ORDER BY f.due_date, i.id`,
      [scope.siteId, scope.organisationId, todayIn(scope.timezone)],
    );
    return rows.map((r) => ({ incidentId: r.id, category: r.category, dueDate: r.due, owner: r.owner, daysOverdue: r.days, organisationId: r.organisation_id }));
  }
}
