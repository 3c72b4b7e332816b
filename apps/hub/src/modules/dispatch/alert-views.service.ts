/**
 * What people see of BHV alerts: the console's list and detail (recipients, deliveries, logbook),
 * a responder's own view (the alert, the place, their answer, who else is coming) and their
 * alerts of the last day. Reads only; AlertsService changes alerts and pushes these views.
 */
import { ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { AlertDetailDto, AlertDto, ResponderViewDto, ResponseAnswer } from '@wachtpost/contracts';
import { DataSource, In } from 'typeorm';
import type { UnitOfWork } from '../../database/unit-of-work';
import { UserEntity } from '../auth/user.entity';
import { SitesService } from '../sites/sites.service';
import { AlertDeliveryEntity } from './alert-delivery.entity';
import { AlertLogEntity } from './alert-log.entity';
import { AlertRecipientEntity } from './alert-recipient.entity';
import { AlertEntity } from './alert.entity';
import { quorumState } from './dispatch-rules';
import { ResponderEntity } from './responder.entity';

/** An alert's organisation: its incident's follow-up, else the incident's room, else the alert's own room. */
const ALERT_ORGANISATION = `COALESCE(f.organisation_id, ir.organisation_id, ar.organisation_id)`;
const ALERT_ORGANISATION_JOINS = `
  LEFT JOIN incidents i ON i.id = a.incident_id
  LEFT JOIN incident_follow_ups f ON f.incident_id = a.incident_id
  LEFT JOIN rooms ir ON ir.site_id = i.site_id AND ir.id = i.room_id
  LEFT JOIN rooms ar ON ar.site_id = a.site_id AND ar.id = a.room_id`;

@Injectable()
export class AlertViewsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly sites: SitesService,
  ) {}

  /** Alerts newest first; `organisationId` keeps a team lead's list to their organisation's (before the limit). */
  async list(filter: { incidentId?: string; status?: string; limit: number }, organisationId: string | null = null): Promise<AlertDto[]> {
    const rows = await this.db.query<{ id: string }[]>(
      `SELECT a.id FROM alerts a ${ALERT_ORGANISATION_JOINS}
        WHERE ($1::uuid IS NULL OR a.incident_id = $1) AND ($2::text IS NULL OR a.status = $2)
          AND ($3::text IS NULL OR ${ALERT_ORGANISATION} = $3)
        ORDER BY a.started_at DESC, a.id DESC LIMIT $4`,
      [filter.incidentId ?? null, filter.status ?? null, organisationId, filter.limit],
    );
    const alerts = await this.db.getRepository(AlertEntity).findBy({ id: In(rows.map((r) => r.id)) });
    const byId = new Map(alerts.map((a) => [a.id, a]));
    return Promise.all(rows.flatMap((r) => (byId.has(r.id) ? [this.dto(byId.get(r.id)!)] : [])));
  }

  async detail(alertId: string): Promise<AlertDetailDto> {
    const alert = await this.alert(alertId);
    const [recipients, deliveries, log, users, responders] = await Promise.all([
      this.db.getRepository(AlertRecipientEntity).find({ where: { alertId }, order: { round: 'ASC' } }),
      this.db.getRepository(AlertDeliveryEntity).find({ where: { alertId }, order: { createdAt: 'ASC' } }),
      this.db.getRepository(AlertLogEntity).find({ where: { alertId }, order: { at: 'ASC', id: 'ASC' } }),
      this.db.getRepository(UserEntity).find(),
      this.db.getRepository(ResponderEntity).findBy({ siteId: alert.siteId }),
    ]);
    const base = await this.dto(alert);
    return {
      ...base,
      recipients: recipients.map((r) => {
        const user = users.find((u) => u.id === r.userId);
        return {
          userId: r.userId,
          username: user?.username ?? '?',
          displayName: user?.displayName ?? '?',
          organisationId: responders.find((x) => x.userId === r.userId)?.organisationId ?? '',
          functions: r.functions,
          round: r.round,
          answer: r.answer,
          etaMinutes: r.etaMinutes,
          answeredAt: r.answeredAt?.toISOString() ?? null,
          deliveries: deliveries
            .filter((d) => d.userId === r.userId)
            .map((d) => ({ id: d.id, channel: d.channel, kind: d.kind, round: d.round, state: d.state, attempts: d.attempts, error: d.error, sentAt: d.sentAt?.toISOString() ?? null })),
        };
      }),
      log: log.map((l) => ({ at: l.at.toISOString(), kind: l.kind, actor: l.actor, data: l.data })),
    };
  }

  /** A responder's own alerts of the last 24 hours, newest first (the responder app's list). */
  async mine(userId: string): Promise<ResponderViewDto[]> {
    const rows = await this.db.query<{ id: string }[]>(
      `SELECT a.id FROM alerts a JOIN alert_recipients r ON r.alert_id = a.id
        WHERE r.user_id = $1 AND a.started_at > now() - interval '24 hours' ORDER BY a.started_at DESC LIMIT 20`,
      [userId],
    );
    return Promise.all(rows.map((r) => this.responderView(r.id, userId)));
  }

  /** What one responder sees: the alert, the place, their own answer and who else is coming. */
  async responderView(alertId: string, userId: string): Promise<ResponderViewDto> {
    const views = await this.responderViews(alertId, [userId]);
    const view = views.get(userId);
    if (!view) throw new ForbiddenException('you were not alerted for this alert');
    return view;
  }

  /** Views for several recipients of one alert, from one read of the alert and its people. */
  async responderViews(alertId: string, userIds: string[] | 'all'): Promise<Map<string, ResponderViewDto>> {
    const alert = await this.alert(alertId);
    const recipients = await this.db.getRepository(AlertRecipientEntity).findBy({ alertId });
    const users = new Map((await this.db.getRepository(UserEntity).find({ select: ['id', 'username', 'displayName'] })).map((u) => [u.id, u]));
    const dto = await this.dto(alert);
    const shared = {
      alert: { id: dto.id, scenarioName: dto.scenarioName, drill: dto.drill, status: dto.status, message: dto.message, startedAt: dto.startedAt, quorum: dto.quorum },
      place: { roomId: alert.roomId, floorId: alert.floorId, ...this.sites.place(alert.siteId, alert.floorId, alert.roomId) },
      coming: recipients
        .filter((r) => r.answer === 'coming' || r.answer === 'on_scene')
        .map((r) => ({ displayName: users.get(r.userId)?.displayName ?? '?', answer: r.answer as ResponseAnswer, etaMinutes: r.etaMinutes })),
    };
    const views = new Map<string, ResponderViewDto>();
    for (const r of recipients) {
      if (userIds !== 'all' && !userIds.includes(r.userId)) continue;
      const user = users.get(r.userId);
      views.set(r.userId, { ...shared, me: { username: user?.username ?? '?', displayName: user?.displayName ?? '?', answer: r.answer, etaMinutes: r.etaMinutes } });
    }
    return views;
  }

  async alert(alertId: string): Promise<AlertEntity> {
    const alert = await this.db.getRepository(AlertEntity).findOneBy({ id: alertId });
    if (!alert) throw new NotFoundException(`no alert ${alertId}`);
    return alert;
  }

  async dto(alert: AlertEntity, uow?: UnitOfWork): Promise<AlertDto> {
    const recipients = await (uow?.manager ?? this.db.manager).getRepository(AlertRecipientEntity).findBy({ alertId: alert.id });
    return {
      id: alert.id,
      siteId: alert.siteId,
      scenarioId: alert.scenarioId,
      scenarioName: alert.scenario.name,
      incidentId: alert.incidentId,
      organisationId: await this.organisationOf(alert, uow),
      drill: alert.drill,
      status: alert.status,
      message: alert.message,
      round: alert.round,
      rounds: alert.scenario.rounds.length,
      nextRoundAt: alert.nextRoundAt?.toISOString() ?? null,
      quorumWarning: alert.quorumWarning,
      quorum: quorumState(alert.scenario.quorum, recipients),
      startedAt: alert.startedAt.toISOString(),
      startedBy: alert.startedBy,
      firstComingAt: alert.firstComingAt?.toISOString() ?? null,
      quorumMetAt: alert.quorumMetAt?.toISOString() ?? null,
      allClearAt: alert.allClearAt?.toISOString() ?? null,
      allClearBy: alert.allClearBy,
    };
  }

  /** Whose the alert is: its incident's organisation as the register decides (follow-up, else room), else its room's. */
  private async organisationOf(alert: AlertEntity, uow?: UnitOfWork): Promise<string | null> {
    if (!alert.incidentId) return this.sites.place(alert.siteId, alert.floorId, alert.roomId).organisationId;
    const [row] = await (uow?.manager ?? this.db.manager).query<{ org: string | null }[]>(
      `SELECT ${ALERT_ORGANISATION} AS org FROM alerts a ${ALERT_ORGANISATION_JOINS} WHERE a.id = $1`,
      [alert.id],
    );
    return row?.org ?? null;
  }
}
