/**
 * BHV alerts: a scenario starts an alert; each round adds recipients and one delivery per
 * recipient and channel (outbox rows, enqueued after commit); answers count towards the quorum
 * per function; a decline pulls in a replacement; the round's timer widens the alert; quorum
 * met tells the others to stand down; the all-clear reaches everyone who was alerted.
 * Every change is logged in the alert's logbook, in the same transaction.
 */
import { ConflictException, ForbiddenException, Inject, Injectable, Logger, NotFoundException, type OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  scenarioSchema,
  type AlertDetailDto,
  type AlertDto,
  type DeliveryKind,
  type DispatchChannel,
  type ResponderViewDto,
  type ResponseAnswer,
  type Scenario,
  type ScenarioDto,
  type SiteFile,
} from '@wachtpost/contracts';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../../config/config';
import { inTransaction, type UnitOfWork } from '../../database/unit-of-work';
import { UserEntity } from '../auth/user.entity';
import { RealtimeGateway } from '../realtime/realtime.gateway';
import { SitesService } from '../sites/sites.service';
import { AlertDeliveryEntity } from './alert-delivery.entity';
import { AlertLogEntity } from './alert-log.entity';
import { AlertRecipientEntity } from './alert-recipient.entity';
import { AlertEntity } from './alert.entity';
import { CHANNELS, type Channel } from './channels/channel';
import { DispatchQueues } from './dispatch-queues';
import { quorumMet, quorumState, renderMessage, replacementFor, roundRecipients, type Candidate } from './dispatch-rules';
import { ResponderEntity } from './responder.entity';
import { ScenarioEntity } from './scenario.entity';

export interface AlertOrigin {
  siteId: string;
  incidentId: string | null;
  incidentType: string | null;
  deviceId: string | null;
  roomId: string | null;
  floorId: string | null;
}

const TYPE_NAMES: Record<string, string> = {
  'alarm.pressed': 'Alarmknop',
  'door.forced': 'Deur geforceerd',
  'door.held': 'Deur te lang open',
};

@Injectable()
export class AlertsService implements OnModuleDestroy {
  private readonly logger = new Logger(AlertsService.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CHANNELS) private readonly channels: Map<DispatchChannel, Channel>,
    private readonly queues: DispatchQueues,
    private readonly sites: SitesService,
    private readonly realtime: RealtimeGateway,
  ) {}

  // ---- configuration -------------------------------------------------------------------------
  /** Loads the site file's scenarios and responders (responders need their user to exist). */
  async seed(site: SiteFile): Promise<void> {
    await this.db.transaction(async (m) => {
      for (const s of site.scenarios) {
        await m.upsert(ScenarioEntity, { siteId: site.id, id: s.id, definition: s }, ['siteId', 'id']);
      }
      for (const r of site.responders) {
        const user = await m.getRepository(UserEntity).findOneBy({ username: r.username });
        if (!user) {
          this.logger.warn(`responder ${r.username} has no user; skipped`);
          continue;
        }
        await m.upsert(ResponderEntity, { userId: user.id, siteId: site.id, organisationId: r.organisationId, functions: r.functions, phone: r.phone, email: r.email }, ['userId']);
      }
    });
  }

  async scenarios(siteId?: string): Promise<ScenarioDto[]> {
    const rows = await this.db.getRepository(ScenarioEntity).find({ where: siteId ? { siteId } : {}, order: { siteId: 'ASC', id: 'ASC' } });
    return rows.map((r) => ({ ...scenarioSchema.parse(r.definition), siteId: r.siteId }));
  }

  // ---- starting --------------------------------------------------------------------------------
  /**
   * Called in the ingest transaction when an incident opens: starts the matching scenario.
   * Answers the new alert's id, or why none started: no scenario matches, or too many
   * automatic alerts started this minute (the flood limit).
   */
  async onIncidentOpened(uow: UnitOfWork, origin: AlertOrigin & { incidentType: string }): Promise<{ alertId: string } | { skipped: 'no_scenario' | 'flood_limit' }> {
    const scenarios = await this.scenarios(origin.siteId);
    const scenario = scenarios.find(
      (s) => s.trigger.incidentTypes.includes(origin.incidentType) && (!s.trigger.deviceIds.length || (origin.deviceId && s.trigger.deviceIds.includes(origin.deviceId))),
    );
    if (!scenario) return { skipped: 'no_scenario' };
    const [recent] = await uow.manager.query<{ n: string }[]>(
      `SELECT count(*) AS n FROM alerts WHERE site_id = $1 AND started_by IS NULL AND started_at > now() - interval '1 minute'`,
      [origin.siteId],
    );
    if (Number(recent?.n ?? 0) >= this.config.dispatch.floodLimitPerMinute) {
      this.logger.warn(`flood limit: no automatic alert for incident ${origin.incidentId}`);
      return { skipped: 'flood_limit' };
    }
    return { alertId: await this.startInTransaction(uow, scenario, origin, { drill: scenario.drill, actor: null }) };
  }

  async start(scenarioId: string, origin: Partial<AlertOrigin>, options: { drill?: boolean; actor: string }): Promise<AlertDto> {
    const scenario = (await this.scenarios(origin.siteId)).find((s) => s.id === scenarioId);
    if (!scenario) throw new NotFoundException(`no scenario ${scenarioId}`);
    const id = await inTransaction(this.db, (uow) =>
      this.startInTransaction(
        uow,
        scenario,
        { siteId: scenario.siteId, incidentId: null, incidentType: null, deviceId: null, roomId: null, floorId: null, ...origin },
        { drill: options.drill ?? scenario.drill, actor: options.actor },
      ),
    );
    return this.dto(await this.alert(id));
  }

  private async startInTransaction(uow: UnitOfWork, scenario: ScenarioDto, origin: AlertOrigin, options: { drill: boolean; actor: string | null }): Promise<string> {
    const place = this.sites.place(origin.siteId, origin.floorId, origin.roomId);
    const site = (await this.sites.list()).find((s) => s.id === origin.siteId);
    const time = new Intl.DateTimeFormat('nl-NL', { timeZone: site?.timezone ?? 'Europe/Amsterdam', hour: '2-digit', minute: '2-digit', hour12: false }).format(new Date());
    const text = renderMessage(scenario.message, {
      type: origin.incidentType ? (TYPE_NAMES[origin.incidentType] ?? origin.incidentType) : scenario.name,
      room: place.roomName ?? origin.roomId,
      floor: place.floorName,
      time,
      site: site?.name ?? origin.siteId,
    });
    const message = options.drill ? `OEFENING — ${text}` : text;
    const definition: Scenario = scenarioSchema.parse(scenario);
    const [row] = await uow.manager.query<{ id: string }[]>(
      `INSERT INTO alerts (site_id, scenario_id, scenario, incident_id, drill, status, message, round, room_id, floor_id, started_at, started_by)
       VALUES ($1, $2, $3, $4, $5, 'active', $6, 0, $7, $8, clock_timestamp(), $9) RETURNING id`,
      [origin.siteId, scenario.id, JSON.stringify(definition), origin.incidentId, options.drill, message, origin.roomId, origin.floorId, options.actor],
    );
    const alertId = row!.id;
    await this.log(uow, alertId, 'started', options.actor, { scenarioId: scenario.id, incidentId: origin.incidentId, drill: options.drill });
    await this.openRound(uow, alertId, 1);
    return alertId;
  }

  // ---- rounds ----------------------------------------------------------------------------------
  private waitSeconds(scenario: Scenario, round: number): number {
    return this.config.dispatch.roundWaitOverrideSeconds ?? scenario.rounds[round - 1]!.waitSeconds;
  }

  /** Adds the round's new recipients, their deliveries, and the round's timer. */
  private async openRound(uow: UnitOfWork, alertId: string, round: number): Promise<void> {
    const alert = await uow.manager.getRepository(AlertEntity).findOneByOrFail({ id: alertId });
    const spec = alert.scenario.rounds[round - 1]!;
    const candidates = await this.candidates(uow, alert.siteId);
    const already = await this.recipientIds(uow, alertId);
    const { userIds, presenceKnown } = roundRecipients(spec, candidates, already);
    for (const userId of userIds) await this.addRecipient(uow, alert, userId, round, spec.channels);
    const wait = this.waitSeconds(alert.scenario, round);
    await uow.manager.query(`UPDATE alerts SET round = $2, next_round_at = clock_timestamp() + make_interval(secs => $3) WHERE id = $1`, [alertId, round, wait]);
    await this.log(uow, alertId, 'round', null, { round, recipients: userIds.length, presenceKnown, channels: spec.channels, waitSeconds: wait });
    uow.afterCommit(`escalation:${alertId}:${round}`, () => this.queues.scheduleEscalation(alertId, round, wait * 1000));
    this.publishAfterCommit(uow, alertId);
  }

  private async addRecipient(uow: UnitOfWork, alert: AlertEntity, userId: string, round: number, channels: DispatchChannel[]): Promise<void> {
    const responder = await uow.manager.getRepository(ResponderEntity).findOneByOrFail({ userId });
    await uow.manager.query(
      `INSERT INTO alert_recipients (alert_id, user_id, round, functions) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`,
      [alert.id, userId, round, responder.functions],
    );
    await this.queueDeliveries(uow, alert.id, userId, round, 'alert', channels);
  }

  /** One delivery per channel; a channel that cannot reach the person is recorded as skipped, with why. */
  private async queueDeliveries(uow: UnitOfWork, alertId: string, userId: string, round: number, kind: DeliveryKind, channels: DispatchChannel[]): Promise<void> {
    const contact = await this.contact(uow.manager, userId);
    for (const channel of channels) {
      const why = await this.channels.get(channel)!.unavailable(contact);
      const [row] = await uow.manager.query<{ id: string }[]>(
        `INSERT INTO alert_deliveries (alert_id, user_id, channel, round, kind, state, error, enqueued)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
         ON CONFLICT (alert_id, user_id, channel, round, kind) DO NOTHING RETURNING id`,
        [alertId, userId, channel, round, kind, why ? 'skipped' : 'queued', why, Boolean(why)],
      );
      if (row && !why) {
        const id = row.id;
        uow.afterCommit(`delivery:${id}`, async () => {
          if (await this.queues.enqueueDelivery(id)) await this.db.query(`UPDATE alert_deliveries SET enqueued = true WHERE id = $1`, [id]);
        });
      }
    }
  }

  /** The round's timer fired (or the guard pressed "escalate now"): widen, or warn when no round is left. */
  async advance(alertId: string, fromRound: number | null, actor: string | null): Promise<AlertDto> {
    return inTransaction(this.db, async (uow) => {
      const alert = await this.lock(uow, alertId);
      if (alert.status !== 'active' || (fromRound !== null && alert.round !== fromRound)) return this.dto(alert);
      if (actor) await this.log(uow, alertId, 'escalated', actor, { fromRound: alert.round });
      if (alert.round < alert.scenario.rounds.length) {
        await this.openRound(uow, alertId, alert.round + 1);
      } else if (!alert.quorumWarning) {
        await uow.manager.query(`UPDATE alerts SET quorum_warning = true, next_round_at = NULL WHERE id = $1`, [alertId]);
        await this.log(uow, alertId, 'quorum_not_met', null, { rounds: alert.round });
        this.publishAfterCommit(uow, alertId);
      }
      return this.dto(await uow.manager.getRepository(AlertEntity).findOneByOrFail({ id: alertId }), uow);
    });
  }

  /** Active alerts whose round timer is overdue (its job was lost with Redis): advance them here. */
  async overdueRounds(): Promise<{ id: string; round: number }[]> {
    return this.db.query(`SELECT id, round FROM alerts WHERE status = 'active' AND next_round_at < now() - interval '5 seconds' LIMIT 100`);
  }

  // ---- answers ---------------------------------------------------------------------------------
  async respond(alertId: string, userId: string, answer: ResponseAnswer, etaMinutes: number | null, via: string): Promise<ResponderViewDto> {
    await inTransaction(this.db, async (uow) => {
      const alert = await this.lock(uow, alertId);
      if (alert.status === 'all_clear') throw new ConflictException('the all-clear was given; no answer is needed');
      const recipient = await uow.manager.getRepository(AlertRecipientEntity).findOneBy({ alertId, userId });
      if (!recipient) throw new ForbiddenException('you were not alerted for this alert');
      await uow.manager.query(`UPDATE alert_recipients SET answer = $3, eta_minutes = $4, answered_at = clock_timestamp() WHERE alert_id = $1 AND user_id = $2`, [
        alertId,
        userId,
        answer,
        etaMinutes,
      ]);
      if (answer !== 'cannot') await uow.manager.query(`UPDATE alerts SET first_coming_at = COALESCE(first_coming_at, clock_timestamp()) WHERE id = $1`, [alertId]);
      const user = await uow.manager.getRepository(UserEntity).findOneByOrFail({ id: userId });
      await this.log(uow, alertId, 'response', user.username, { answer, etaMinutes, via });
      const recipients = await uow.manager.getRepository(AlertRecipientEntity).findBy({ alertId });
      const quorum = quorumState(alert.scenario.quorum, recipients);
      if (alert.status === 'active' && quorumMet(quorum)) {
        await uow.manager.query(`UPDATE alerts SET status = 'quorum_met', next_round_at = NULL, quorum_met_at = clock_timestamp() WHERE id = $1`, [alertId]);
        await this.log(uow, alertId, 'quorum_met', null, { quorum });
        for (const r of recipients.filter((x) => x.answer === 'pending')) {
          await this.queueDeliveries(uow, alertId, r.userId, alert.round, 'stand_down', await this.channelsUsed(uow, alertId, r.userId));
        }
      } else if (alert.status === 'active' && answer === 'cannot') {
        const candidates = await this.candidates(uow, alert.siteId);
        const replacement = replacementFor({ ...recipient, answer }, quorum, candidates, await this.recipientIds(uow, alertId));
        if (replacement) {
          await this.addRecipient(uow, alert, replacement, alert.round, alert.scenario.rounds[alert.round - 1]!.channels);
          await this.log(uow, alertId, 'replacement', null, { for: user.username, userId: replacement });
        } else {
          await this.log(uow, alertId, 'no_replacement', null, { for: user.username });
        }
      }
      this.publishAfterCommit(uow, alertId);
    });
    return this.responderView(alertId, userId);
  }

  async allClear(alertId: string, actor: string): Promise<AlertDto> {
    return inTransaction(this.db, async (uow) => {
      const alert = await this.lock(uow, alertId);
      if (alert.status === 'all_clear') throw new ConflictException('the all-clear was already given');
      await uow.manager.query(`UPDATE alerts SET status = 'all_clear', next_round_at = NULL, all_clear_at = clock_timestamp(), all_clear_by = $2 WHERE id = $1`, [alertId, actor]);
      await this.log(uow, alertId, 'all_clear', actor, {});
      for (const r of await uow.manager.getRepository(AlertRecipientEntity).findBy({ alertId })) {
        await this.queueDeliveries(uow, alertId, r.userId, alert.round, 'all_clear', await this.channelsUsed(uow, alertId, r.userId));
      }
      this.publishAfterCommit(uow, alertId);
      return this.dto(await uow.manager.getRepository(AlertEntity).findOneByOrFail({ id: alertId }), uow);
    });
  }

  // ---- reading ---------------------------------------------------------------------------------
  async list(filter: { incidentId?: string; status?: string; limit: number }): Promise<AlertDto[]> {
    const where: Record<string, string> = {};
    if (filter.incidentId) where.incidentId = filter.incidentId;
    if (filter.status) where.status = filter.status;
    const alerts = await this.db.getRepository(AlertEntity).find({ where, order: { startedAt: 'DESC' }, take: filter.limit });
    return Promise.all(alerts.map((a) => this.dto(a)));
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

  /** What one responder sees: the alert, the place, their own answer and who else is coming. */
  async responderView(alertId: string, userId: string): Promise<ResponderViewDto> {
    const views = await this.responderViews(alertId, [userId]);
    const view = views.get(userId);
    if (!view) throw new ForbiddenException('you were not alerted for this alert');
    return view;
  }

  /** Views for several recipients of one alert, from one read of the alert and its people. */
  private async responderViews(alertId: string, userIds: string[] | 'all'): Promise<Map<string, ResponderViewDto>> {
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

  async recipientContact(userId: string) {
    return this.contact(this.db.manager, userId);
  }

  async alert(alertId: string): Promise<AlertEntity> {
    const alert = await this.db.getRepository(AlertEntity).findOneBy({ id: alertId });
    if (!alert) throw new NotFoundException(`no alert ${alertId}`);
    return alert;
  }

  async log(uow: UnitOfWork | null, alertId: string, kind: string, actor: string | null, data: Record<string, unknown>): Promise<void> {
    await (uow?.manager ?? this.db.manager).query(`INSERT INTO alert_log (alert_id, kind, actor, data) VALUES ($1, $2, $3, $4)`, [alertId, kind, actor, JSON.stringify(data)]);
  }

  /** Pushes the alert to the consoles and every recipient's page. */
  async publish(alertId: string): Promise<void> {
    const alert = await this.db.getRepository(AlertEntity).findOneBy({ id: alertId });
    if (!alert) return;
    this.realtime.alertUpsert(await this.dto(alert));
    for (const [userId, view] of await this.responderViews(alertId, 'all')) this.realtime.toUser(userId, view);
  }

  private readonly publishTimers = new Map<string, NodeJS.Timeout>();

  onModuleDestroy(): void {
    for (const timer of this.publishTimers.values()) clearTimeout(timer);
  }

  /** Coalesces a burst of changes (hundreds of deliveries going out) into one push per 250 ms. */
  publishSoon(alertId: string): void {
    if (this.publishTimers.has(alertId)) return;
    this.publishTimers.set(
      alertId,
      setTimeout(() => {
        this.publishTimers.delete(alertId);
        this.publish(alertId).catch((err: Error) => this.logger.warn(`publishing alert ${alertId}: ${err.message}`));
      }, 250),
    );
  }

  publishAfterCommit(uow: UnitOfWork, alertId: string): void {
    uow.afterCommit(`alert:${alertId}`, () => this.publish(alertId));
  }

  // ---- helpers ---------------------------------------------------------------------------------
  private async dto(alert: AlertEntity, uow?: UnitOfWork): Promise<AlertDto> {
    const recipients = await (uow?.manager ?? this.db.manager).getRepository(AlertRecipientEntity).findBy({ alertId: alert.id });
    return {
      id: alert.id,
      siteId: alert.siteId,
      scenarioId: alert.scenarioId,
      scenarioName: alert.scenario.name,
      incidentId: alert.incidentId,
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

  private async lock(uow: UnitOfWork, alertId: string): Promise<AlertEntity> {
    const alert = await uow.manager.getRepository(AlertEntity).findOne({ where: { id: alertId }, lock: { mode: 'pessimistic_write' } });
    if (!alert) throw new NotFoundException(`no alert ${alertId}`);
    return alert;
  }

  /** The site's responders; presence is unknown until the access module reports it. */
  private async candidates(uow: UnitOfWork, siteId: string): Promise<Candidate[]> {
    const responders = await uow.manager.getRepository(ResponderEntity).find({ where: { siteId }, order: { userId: 'ASC' } });
    return responders.map((r) => ({ userId: r.userId, functions: r.functions, present: null }));
  }

  private async recipientIds(uow: UnitOfWork, alertId: string): Promise<Set<string>> {
    const rows = await uow.manager.getRepository(AlertRecipientEntity).find({ where: { alertId }, select: ['userId'] });
    return new Set(rows.map((r) => r.userId));
  }

  /** Channels this person was alerted on, for the stand-down and all-clear; voice calls become SMS. */
  private async channelsUsed(uow: UnitOfWork, alertId: string, userId: string): Promise<DispatchChannel[]> {
    const rows = await uow.manager.query<{ channel: DispatchChannel }[]>(`SELECT DISTINCT channel FROM alert_deliveries WHERE alert_id = $1 AND user_id = $2 AND kind = 'alert'`, [alertId, userId]);
    return [...new Set(rows.map((r) => (r.channel === 'voice' ? 'sms' : r.channel)))];
  }

  private async contact(manager: Pick<UnitOfWork['manager'], 'getRepository'>, userId: string) {
    const [user, responder] = await Promise.all([manager.getRepository(UserEntity).findOneByOrFail({ id: userId }), manager.getRepository(ResponderEntity).findOneBy({ userId })]);
    return { userId, displayName: user.displayName, email: responder?.email ?? null, phone: responder?.phone ?? null };
  }
}
