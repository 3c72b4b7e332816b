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
  type AlertDto,
  type DeliveryKind,
  type DispatchChannel,
  type ResponderViewDto,
  type ResponseAnswer,
  type Scenario,
  type ScenarioDto,
  type SiteFile,
} from '@wachtpost/contracts';
import { DataSource, In } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../../config/config';
import { inTransaction, type UnitOfWork } from '../../database/unit-of-work';
import { EvacuationsService } from '../access/evacuations.service';
import { PresenceService } from '../access/presence.service';
import { UserEntity } from '../auth/user.entity';
import { RealtimeGateway } from '../realtime/realtime.gateway';
import { SitesService } from '../sites/sites.service';
import { AlertRecipientEntity } from './alert-recipient.entity';
import { AlertViewsService } from './alert-views.service';
import { AlertEntity } from './alert.entity';
import { CHANNELS, type Channel, type Contact } from './channels/channel';
import { DispatchQueues } from './dispatch-queues';
import { quorumMet, quorumState, renderMessage, replacementFor, roundRecipients, scenarioMatches, type Candidate } from './dispatch-rules';
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
    private readonly presence: PresenceService,
    private readonly evacuations: EvacuationsService,
    private readonly views: AlertViewsService,
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
    // The most specific scenario wins: one limited to the device or room before a general one.
    const matching = scenarios.filter((s) => scenarioMatches(s.trigger, { type: origin.incidentType, deviceId: origin.deviceId, roomId: origin.roomId }));
    const scenario = matching.sort((a, b) => b.trigger.deviceIds.length + b.trigger.roomIds.length - (a.trigger.deviceIds.length + a.trigger.roomIds.length))[0];
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
    if (scenario.rollCall) await this.startRollCall(id, scenario.siteId, options.actor);
    return this.advance(id, 0, null);
  }

  /** The evacuation scenario starts the roll call too; one already running is the one to use. */
  private async startRollCall(alertId: string, siteId: string, actor: string): Promise<void> {
    try {
      const evacuation = await this.evacuations.start(siteId, actor);
      await this.log(null, alertId, 'roll_call_started', actor, { evacuationId: evacuation.id });
    } catch (err) {
      if (!(err instanceof ConflictException)) throw err;
      await this.log(null, alertId, 'roll_call_running', actor, { reason: err.message });
    }
  }

  private async startInTransaction(uow: UnitOfWork, scenario: ScenarioDto, origin: AlertOrigin, options: { drill: boolean; actor: string | null }): Promise<string> {
    const place = this.sites.place(origin.siteId, origin.floorId, origin.roomId);
    const site = this.sites.info(origin.siteId);
    const time = new Intl.DateTimeFormat('nl-NL', { timeZone: site.timezone, hour: '2-digit', minute: '2-digit', hour12: false }).format(new Date());
    const text = renderMessage(scenario.message, {
      type: origin.incidentType ? (TYPE_NAMES[origin.incidentType] ?? origin.incidentType) : scenario.name,
      room: place.roomName ?? origin.roomId,
      floor: place.floorName,
      time,
      site: site.name,
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
    // Round 1 opens right after this commit, in its own transaction, so an alarm's own
    // transaction stays short whatever the number of people. The alert row is the outbox: if the
    // hub dies first, the relay opens round 1 (round 0 = not yet opened).
    uow.afterCommit(`open:${alertId}`, () => {
      this.advance(alertId, 0, null).catch((err: Error) => this.logger.warn(`opening round 1 of ${alertId}: ${err.message}`));
    });
    this.publishAfterCommit(uow, alertId);
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
    await this.addRecipients(uow, alert.id, userIds, round, spec.channels);
    const wait = this.waitSeconds(alert.scenario, round);
    await uow.manager.query(`UPDATE alerts SET round = $2, next_round_at = clock_timestamp() + make_interval(secs => $3) WHERE id = $1`, [alertId, round, wait]);
    await this.log(uow, alertId, 'round', null, { round, recipients: userIds.length, presenceKnown, channels: spec.channels, waitSeconds: wait });
    uow.afterCommit(`escalation:${alertId}:${round}`, () => this.queues.scheduleEscalation(alertId, round, wait * 1000));
    this.publishAfterCommit(uow, alertId);
  }

  private async addRecipients(uow: UnitOfWork, alertId: string, userIds: string[], round: number, channels: DispatchChannel[]): Promise<void> {
    if (!userIds.length) return;
    await uow.manager.query(
      `INSERT INTO alert_recipients (alert_id, user_id, round, functions)
       SELECT $1, r.user_id, $2, r.functions FROM responders r WHERE r.user_id = ANY($3::uuid[]) ON CONFLICT DO NOTHING`,
      [alertId, round, userIds],
    );
    await this.queueDeliveries(uow, alertId, round, 'alert', userIds.map((userId) => ({ userId, channels })));
  }

  /**
   * One delivery per person and channel, in one insert; a channel that cannot reach someone is
   * recorded as skipped, with why. The queued ones go to BullMQ after the commit, in one call.
   */
  private async queueDeliveries(uow: UnitOfWork, alertId: string, round: number, kind: DeliveryKind, targets: { userId: string; channels: DispatchChannel[] }[]): Promise<void> {
    const contacts = await this.contacts(uow.manager, targets.map((t) => t.userId));
    const rows: { userId: string; channel: DispatchChannel; why: string | null }[] = [];
    for (const t of targets) {
      const contact = contacts.get(t.userId);
      for (const channel of t.channels) rows.push({ userId: t.userId, channel, why: contact ? this.channels.get(channel)!.unavailable(contact) : 'not a responder' });
    }
    if (!rows.length) return;
    const inserted = await uow.manager.query<{ id: string; state: string }[]>(
      `INSERT INTO alert_deliveries (alert_id, user_id, channel, round, kind, state, error, enqueued)
       SELECT $1, t.user_id, t.channel, $2, $3, CASE WHEN t.why IS NULL THEN 'queued' ELSE 'skipped' END, t.why, t.why IS NOT NULL
         FROM unnest($4::uuid[], $5::text[], $6::text[]) AS t(user_id, channel, why)
       ON CONFLICT (alert_id, user_id, channel, round, kind) DO NOTHING RETURNING id, state`,
      [alertId, round, kind, rows.map((r) => r.userId), rows.map((r) => r.channel), rows.map((r) => r.why)],
    );
    const queued = inserted.filter((r) => r.state === 'queued').map((r) => r.id);
    if (queued.length) {
      uow.afterCommit(`deliveries:${queued[0]!}`, async () => {
        const enqueued = await this.queues.enqueueDeliveries(queued);
        if (enqueued.length) await this.db.query(`UPDATE alert_deliveries SET enqueued = true WHERE id = ANY($1::uuid[])`, [enqueued]);
      });
    }
  }

  /** The round's timer fired (or the guard pressed "escalate now"): widen, or warn when no round is left. */
  async advance(alertId: string, fromRound: number | null, actor: string | null): Promise<AlertDto> {
    return inTransaction(this.db, async (uow) => {
      const alert = await this.lock(uow, alertId);
      if (alert.status !== 'active' || (fromRound !== null && alert.round !== fromRound)) return this.views.dto(alert);
      if (actor) await this.log(uow, alertId, 'escalated', actor, { fromRound: alert.round });
      if (alert.round < alert.scenario.rounds.length) {
        await this.openRound(uow, alertId, alert.round + 1);
      } else if (!alert.quorumWarning) {
        await uow.manager.query(`UPDATE alerts SET quorum_warning = true, next_round_at = NULL WHERE id = $1`, [alertId]);
        await this.log(uow, alertId, 'quorum_not_met', null, { rounds: alert.round });
        this.publishAfterCommit(uow, alertId);
      }
      return this.views.dto(await uow.manager.getRepository(AlertEntity).findOneByOrFail({ id: alertId }), uow);
    });
  }

  /** Active alerts whose round timer is overdue (its job was lost with Redis): advance them here. */
  async overdueRounds(): Promise<{ id: string; round: number }[]> {
    // A round timer overdue by 5 s, or a round 1 not opened 2 s after the start (hub died in between).
    return this.db.query(
      `SELECT id, round FROM alerts WHERE status = 'active'
          AND (next_round_at < now() - interval '5 seconds' OR (round = 0 AND started_at < now() - interval '2 seconds'))
        LIMIT 100`,
    );
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
        const used = await this.channelsUsed(uow, alertId);
        const pending = recipients.filter((x) => x.answer === 'pending');
        await this.queueDeliveries(uow, alertId, alert.round, 'stand_down', pending.map((x) => ({ userId: x.userId, channels: used.get(x.userId) ?? [] })));
      } else if (alert.status === 'active' && answer === 'cannot') {
        const candidates = await this.candidates(uow, alert.siteId);
        const replacement = replacementFor({ ...recipient, answer }, quorum, candidates, await this.recipientIds(uow, alertId));
        if (replacement) {
          await this.addRecipients(uow, alertId, [replacement], alert.round, alert.scenario.rounds[alert.round - 1]!.channels);
          await this.log(uow, alertId, 'replacement', null, { for: user.username, userId: replacement });
        } else {
          await this.log(uow, alertId, 'no_replacement', null, { for: user.username });
        }
      }
      this.publishAfterCommit(uow, alertId);
    });
    return this.views.responderView(alertId, userId);
  }

  async allClear(alertId: string, actor: string): Promise<AlertDto> {
    return inTransaction(this.db, async (uow) => {
      const alert = await this.lock(uow, alertId);
      if (alert.status === 'all_clear') throw new ConflictException('the all-clear was already given');
      await uow.manager.query(`UPDATE alerts SET status = 'all_clear', next_round_at = NULL, all_clear_at = clock_timestamp(), all_clear_by = $2 WHERE id = $1`, [alertId, actor]);
      await this.log(uow, alertId, 'all_clear', actor, {});
      const used = await this.channelsUsed(uow, alertId);
      const everyone = await uow.manager.getRepository(AlertRecipientEntity).findBy({ alertId });
      await this.queueDeliveries(uow, alertId, alert.round, 'all_clear', everyone.map((x) => ({ userId: x.userId, channels: used.get(x.userId) ?? [] })));
      this.publishAfterCommit(uow, alertId);
      return this.views.dto(await uow.manager.getRepository(AlertEntity).findOneByOrFail({ id: alertId }), uow);
    });
  }

  // ---- reading ---------------------------------------------------------------------------------
  async recipientContact(userId: string): Promise<Contact> {
    const contact = (await this.contacts(this.db.manager, [userId])).get(userId);
    if (!contact) throw new NotFoundException(`no responder ${userId}`);
    return contact;
  }

  async log(uow: UnitOfWork | null, alertId: string, kind: string, actor: string | null, data: Record<string, unknown>): Promise<void> {
    await (uow?.manager ?? this.db.manager).query(`INSERT INTO alert_log (alert_id, kind, actor, data) VALUES ($1, $2, $3, $4)`, [alertId, kind, actor, JSON.stringify(data)]);
  }

  /** Pushes the alert to the consoles and every recipient's page. */
  async publish(alertId: string): Promise<void> {
    const alert = await this.db.getRepository(AlertEntity).findOneBy({ id: alertId });
    if (!alert) return;
    this.realtime.alertUpsert(await this.views.dto(alert));
    for (const [userId, view] of await this.views.responderViews(alertId, 'all')) this.realtime.toUser(userId, view);
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
  private async lock(uow: UnitOfWork, alertId: string): Promise<AlertEntity> {
    const alert = await uow.manager.getRepository(AlertEntity).findOne({ where: { id: alertId }, lock: { mode: 'pessimistic_write' } });
    if (!alert) throw new NotFoundException(`no alert ${alertId}`);
    return alert;
  }

  /**
   * The site's responders, each present on site or not when their user is linked to a cardholder
   * (badge events); null for the others, and for everyone while nobody has badged today.
   */
  private async candidates(uow: UnitOfWork, siteId: string): Promise<Candidate[]> {
    const responders = await uow.manager.getRepository(ResponderEntity).find({ where: { siteId }, order: { userId: 'ASC' } });
    const presence = await this.presence.byUsername(uow.manager, siteId);
    const users = presence && responders.length ? await uow.manager.getRepository(UserEntity).find({ where: { id: In(responders.map((r) => r.userId)) }, select: ['id', 'username'] }) : [];
    const presentByUser = new Map(users.map((u) => [u.id, presence?.get(u.username) ?? null]));
    return responders.map((r) => ({ userId: r.userId, functions: r.functions, present: presentByUser.get(r.userId) ?? null }));
  }

  private async recipientIds(uow: UnitOfWork, alertId: string): Promise<Set<string>> {
    const rows = await uow.manager.getRepository(AlertRecipientEntity).find({ where: { alertId }, select: ['userId'] });
    return new Set(rows.map((r) => r.userId));
  }

  /** Channels each person was alerted on, for the stand-down and all-clear; voice calls become SMS. */
  private async channelsUsed(uow: UnitOfWork, alertId: string): Promise<Map<string, DispatchChannel[]>> {
    const rows = await uow.manager.query<{ user_id: string; channel: DispatchChannel }[]>(
      `SELECT DISTINCT user_id, channel FROM alert_deliveries WHERE alert_id = $1 AND kind = 'alert'`,
      [alertId],
    );
    const used = new Map<string, DispatchChannel[]>();
    for (const row of rows) {
      const channel = row.channel === 'voice' ? 'sms' : row.channel;
      const list = used.get(row.user_id) ?? [];
      if (!list.includes(channel)) list.push(channel);
      used.set(row.user_id, list);
    }
    return used;
  }

  /** How to reach each of these people, in one query. */
  private async contacts(manager: Pick<UnitOfWork['manager'], 'query'>, userIds: string[]): Promise<Map<string, Contact>> {
    if (!userIds.length) return new Map();
    const rows = await manager.query<{ id: string; display_name: string; email: string | null; phone: string | null; push: number }[]>(
      `SELECT u.id, u.display_name, r.email, r.phone, (SELECT count(*) FROM push_subscriptions p WHERE p.user_id = u.id)::int AS push
         FROM users u JOIN responders r ON r.user_id = u.id WHERE u.id = ANY($1::uuid[])`,
      [userIds],
    );
    return new Map(rows.map((r) => [r.id, { userId: r.id, displayName: r.display_name, email: r.email, phone: r.phone, pushSubscriptions: Number(r.push) }]));
  }
}
