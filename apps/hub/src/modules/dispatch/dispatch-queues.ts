/** The dispatch queues: one job per delivery (job id = delivery id) and delayed escalation timers. */
import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { QUEUES, type DeliveryJob, type EscalationJob } from '@wachtpost/contracts';
import { Queue } from 'bullmq';
import Redis from 'ioredis';
import { APP_CONFIG, type AppConfig } from '../../config/config';

@Injectable()
export class DispatchQueues implements OnModuleDestroy {
  private readonly logger = new Logger(DispatchQueues.name);
  readonly deliveries: Queue<DeliveryJob>;
  readonly escalations: Queue<EscalationJob>;
  private readonly connection: Redis;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    // No offline queue: while Redis is down, add() fails at once and the outbox keeps the work.
    const connection = new Redis(config.redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 1 });
    connection.on('error', () => undefined);
    this.connection = connection;
    const prefix = config.redisPrefix;
    this.deliveries = new Queue(QUEUES.dispatchDeliveries, { connection, prefix });
    this.escalations = new Queue(QUEUES.dispatchEscalations, { connection, prefix });
    this.deliveries.on('error', () => undefined);
    this.escalations.on('error', () => undefined);
  }

  async onModuleDestroy(): Promise<void> {
    await Promise.all([this.deliveries.close(), this.escalations.close()]);
    // BullMQ leaves a connection it was handed open.
    this.connection.disconnect();
  }

  /** True when the job is in the queue; false leaves the row in the outbox for the relay. */
  async enqueueDelivery(deliveryId: string): Promise<boolean> {
    try {
      await this.deliveries.add(
        'deliver',
        { deliveryId },
        {
          jobId: deliveryId,
          attempts: this.config.dispatch.maxAttempts,
          backoff: { type: 'exponential', delay: this.config.dispatch.retryDelayMs },
          removeOnComplete: { age: 3600 },
          removeOnFail: { age: 24 * 3600 },
        },
      );
      return true;
    } catch (err) {
      this.logger.warn(`delivery ${deliveryId} stays in the outbox: ${(err as Error).message}`);
      return false;
    }
  }

  /** Many deliveries in one round trip; answers the ids now in the queue. */
  async enqueueDeliveries(deliveryIds: string[]): Promise<string[]> {
    try {
      await this.deliveries.addBulk(
        deliveryIds.map((deliveryId) => ({
          name: 'deliver',
          data: { deliveryId },
          opts: {
            jobId: deliveryId,
            attempts: this.config.dispatch.maxAttempts,
            backoff: { type: 'exponential', delay: this.config.dispatch.retryDelayMs },
            removeOnComplete: { age: 3600 },
            removeOnFail: { age: 24 * 3600 },
          },
        })),
      );
      return deliveryIds;
    } catch (err) {
      this.logger.warn(`${deliveryIds.length} deliveries stay in the outbox: ${(err as Error).message}`);
      return [];
    }
  }

  async scheduleEscalation(alertId: string, round: number, delayMs: number): Promise<void> {
    try {
      await this.escalations.add('escalate', { alertId, round }, { jobId: `${alertId}-r${round}`, delay: delayMs, removeOnComplete: true, removeOnFail: { age: 24 * 3600 } });
    } catch (err) {
      // The relay advances overdue rounds itself (alerts.next_round_at), so nothing is lost.
      this.logger.warn(`escalation timer for ${alertId} round ${round} not set: ${(err as Error).message}`);
    }
  }
}
