/**
 * The dispatch workers: one BullMQ job per delivery (any channel failing stays its own problem),
 * the round timers, and a relay for outbox rows and timers that never reached Redis. When an
 * alert cannot reach anyone, or its deliveries cannot be queued, that is an alarm of its own.
 */
import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { QUEUES, type DeliveryJob, type DispatchChannel, type EscalationJob } from '@wachtpost/contracts';
import { Worker, type Job } from 'bullmq';
import Redis from 'ioredis';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../../config/config';
import { inTransaction } from '../../database/unit-of-work';
import { AuthService } from '../auth/auth.service';
import { IncidentsService } from '../incidents/incidents.service';
import { AlertDeliveryEntity } from './alert-delivery.entity';
import { AlertViewsService } from './alert-views.service';
import { AlertsService } from './alerts.service';
import { CHANNELS, type Channel, type OutgoingMessage } from './channels/channel';
import { DispatchQueues } from './dispatch-queues';

const RELAY_INTERVAL_MS = 2000;
/** An outbox row older than this means the queue is unreachable: raise it on the console. */
const QUEUE_STUCK_SECONDS = 10;

const TEXT = {
  stand_down: 'Er komen genoeg mensen: je hoeft niet meer te komen. Dank je.',
  all_clear: 'Alles veilig: de melding is afgehandeld. Dank je.',
};

@Injectable()
export class DeliveryWorker implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(DeliveryWorker.name);
  private workers: Worker[] = [];
  private relayTimer?: NodeJS.Timeout;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CHANNELS) private readonly channels: Map<DispatchChannel, Channel>,
    private readonly queues: DispatchQueues,
    private readonly alerts: AlertsService,
    private readonly views: AlertViewsService,
    private readonly incidents: IncidentsService,
    private readonly auth: AuthService,
  ) {}

  onModuleInit(): void {
    if (!this.config.background) return;
    const connection = () => new Redis(this.config.redisUrl, { maxRetriesPerRequest: null });
    const prefix = this.config.redisPrefix;
    const deliveries = new Worker<DeliveryJob>(QUEUES.dispatchDeliveries, (job) => this.deliver(job), { connection: connection(), prefix, concurrency: 50 });
    const escalations = new Worker<EscalationJob>(QUEUES.dispatchEscalations, (job) => this.alerts.advance(job.data.alertId, job.data.round, null), {
      connection: connection(),
      prefix,
      concurrency: 10,
    });
    for (const w of [deliveries, escalations]) w.on('error', (err) => this.logger.warn(`dispatch worker: ${err.message}`));
    this.workers = [deliveries, escalations];
    this.relayTimer = setInterval(() => void this.relay(), RELAY_INTERVAL_MS);
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.relayTimer);
    await Promise.all(this.workers.map((w) => w.close()));
  }

  private async deliver(job: Job<DeliveryJob>): Promise<void> {
    const repo = this.db.getRepository(AlertDeliveryEntity);
    const delivery = await repo.findOneBy({ id: job.data.deliveryId });
    // Sent, failed or skipped already: a retried or duplicated job sends nothing twice.
    if (!delivery || delivery.state !== 'queued') return;
    const alert = await this.views.alert(delivery.alertId);
    const token = this.auth.signResponderLink(alert.id, delivery.userId, this.config.dispatch.linkTtlSeconds);
    const drill = alert.drill ? 'OEFENING — ' : '';
    const message: OutgoingMessage = {
      deliveryId: delivery.id,
      alertId: alert.id,
      kind: delivery.kind,
      drill: alert.drill,
      subject: `${drill}${alert.scenario.name}${delivery.kind === 'alert' ? '' : delivery.kind === 'stand_down' ? ': niet meer nodig' : ': alles veilig'}`,
      text: delivery.kind === 'alert' ? alert.message : `${drill}${TEXT[delivery.kind]}`,
      link: `${this.config.dispatch.publicUrl}/respond/${alert.id}?token=${encodeURIComponent(token)}`,
      recipient: await this.alerts.recipientContact(delivery.userId),
      view: () => this.views.responderView(alert.id, delivery.userId),
    };
    try {
      await this.channels.get(delivery.channel)!.send(message);
    } catch (err) {
      const error = (err as Error).message;
      const final = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      await repo.update({ id: delivery.id }, { attempts: () => 'attempts + 1', error, ...(final ? { state: 'failed' as const } : {}) });
      if (final) await this.onFinalFailure(delivery.alertId, delivery.channel, error);
      throw err;
    }
    await repo.update({ id: delivery.id, state: 'queued' }, { state: 'sent', sentAt: () => 'clock_timestamp()', attempts: () => 'attempts + 1', error: null });
    this.alerts.publishSoon(alert.id);
  }

  private async onFinalFailure(alertId: string, channel: DispatchChannel, error: string): Promise<void> {
    await this.alerts.log(null, alertId, 'delivery_failed', null, { channel, error });
    const [row] = await this.db.query<{ reachable: string }[]>(
      `SELECT count(*) FILTER (WHERE state IN ('queued', 'sent')) AS reachable FROM alert_deliveries WHERE alert_id = $1 AND kind = 'alert'`,
      [alertId],
    );
    if (Number(row?.reachable ?? 0) === 0) await this.raiseDispatchFailure(alertId, 'no delivery of this alert reached anyone');
    this.alerts.publishSoon(alertId);
  }

  /** A technical alarm on the console: the BHV alert is not getting out. One per alert. */
  private async raiseDispatchFailure(alertId: string, reason: string): Promise<void> {
    const alert = await this.views.alert(alertId);
    await inTransaction(this.db, (uow) =>
      this.incidents.trigger(uow, { siteId: alert.siteId, deviceId: `dispatch:${alertId}`, type: 'dispatch.failed', floorId: alert.floorId, roomId: alert.roomId, data: { alertId, reason } }),
    );
  }

  private async relay(): Promise<void> {
    try {
      const pending = await this.db.query<{ id: string; alert_id: string; stuck: boolean }[]>(
        `SELECT id, alert_id, created_at < now() - make_interval(secs => $1) AS stuck
           FROM alert_deliveries WHERE enqueued = false AND state = 'queued' AND created_at < now() - interval '1 second'
          ORDER BY created_at LIMIT 500`,
        [QUEUE_STUCK_SECONDS],
      );
      const stuckAlerts = new Set<string>();
      for (const row of pending) {
        if (await this.queues.enqueueDelivery(row.id)) await this.db.query(`UPDATE alert_deliveries SET enqueued = true WHERE id = $1`, [row.id]);
        else if (row.stuck) stuckAlerts.add(row.alert_id);
      }
      for (const alertId of stuckAlerts) await this.raiseDispatchFailure(alertId, 'the dispatch queue is unreachable');
      for (const overdue of await this.alerts.overdueRounds()) await this.alerts.advance(overdue.id, overdue.round, null);
    } catch (err) {
      this.logger.warn(`dispatch relay: ${(err as Error).message}`);
    }
  }
}
