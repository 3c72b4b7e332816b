/**
 * A job that runs every so often on one hub, however many run: a BullMQ job scheduler (one per
 * Redis namespace; upserting it again only updates its interval) and a worker of concurrency 1.
 */
import type { Logger } from '@nestjs/common';
import { Queue, Worker } from 'bullmq';
import Redis from 'ioredis';

export interface ScheduledJobOptions {
  redisUrl: string;
  prefix: string;
  queue: string;
  everySeconds: number;
  /** What the job is called in log lines. */
  what: string;
  run: () => Promise<unknown>;
  logger: Logger;
}

export interface ScheduledJob {
  close(): Promise<void>;
}

export async function startScheduledJob(o: ScheduledJobOptions): Promise<ScheduledJob> {
  const connection = new Redis(o.redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 1 });
  connection.on('error', () => undefined);
  const workerConnection = new Redis(o.redisUrl, { maxRetriesPerRequest: null });
  const queue = new Queue(o.queue, { connection, prefix: o.prefix });
  queue.on('error', () => undefined);
  const worker = new Worker(o.queue, o.run, { connection: workerConnection, prefix: o.prefix, concurrency: 1 });
  worker.on('error', (err) => o.logger.warn(`${o.what} worker: ${err.message}`));
  worker.on('failed', (_job, err) => o.logger.error(`${o.what} run failed: ${err.message}`));
  try {
    await queue.upsertJobScheduler(o.queue, { every: o.everySeconds * 1000 }, { name: 'run', opts: { removeOnComplete: 50, removeOnFail: 50 } });
  } catch (err) {
    o.logger.warn(`${o.what} schedule not set (Redis down?); the next start sets it: ${(err as Error).message}`);
  }
  return {
    async close() {
      await worker.close();
      await queue.close();
      // BullMQ leaves connections it was handed open.
      connection.disconnect();
      workerConnection.disconnect();
    },
  };
}
