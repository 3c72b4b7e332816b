/**
 * Hub → device commands. A command is a row written in the caller's transaction (the outbox);
 * after commit it becomes a BullMQ job whose id is the command id, so a retry never doubles it.
 * The worker publishes it on the device's `cmd` topic (QoS 1) and waits for `cmd/ack`; without
 * an ack the job fails and BullMQ retries with exponential backoff.
 */
import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  QUEUES,
  deviceTopic,
  type DeviceCommandAck,
  type DeviceCommandBody,
  type DeviceCommandJob,
} from '@wachtpost/contracts';
import { Queue, Worker, type Job } from 'bullmq';
import { EventEmitter } from 'node:events';
import Redis from 'ioredis';
import * as mqtt from 'mqtt';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../../config/config';
import { queryRows, type UnitOfWork } from '../../database/unit-of-work';
import { MetricsService } from '../health/metrics.service';
import { DeviceCommandEntity } from './device-command.entity';

export interface CommandSettled {
  commandId: string;
  incidentId: string | null;
}

const RELAY_INTERVAL_MS = 2000;

@Injectable()
export class CommandsService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(CommandsService.name);
  private queue!: Queue<DeviceCommandJob>;
  private worker!: Worker<DeviceCommandJob>;
  private publisher!: mqtt.MqttClient;
  private relayTimer?: NodeJS.Timeout;
  private readonly acks = new EventEmitter();
  /** Fires after a command was acked or finally failed, once its row is committed. */
  readonly settled = new EventEmitter<{ settled: [CommandSettled] }>();

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly metrics: MetricsService,
  ) {
    this.acks.setMaxListeners(0);
  }

  onModuleInit(): void {
    if (!this.config.background) return;
    const queueConnection = new Redis(this.config.redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 1 });
    queueConnection.on('error', () => undefined);
    const prefix = this.config.redisPrefix;
    this.queue = new Queue(QUEUES.deviceCommands, { connection: queueConnection, prefix });
    this.queue.on('error', () => undefined);
    this.worker = new Worker(QUEUES.deviceCommands, (job) => this.process(job), {
      connection: new Redis(this.config.redisUrl, { maxRetriesPerRequest: null }),
      concurrency: 50,
      prefix,
    });
    this.worker.on('error', (err) => this.logger.warn(`command worker: ${err.message}`));
    this.worker.on('failed', (job, err) => void this.onJobFailed(job, err));
    this.publisher = mqtt.connect(this.config.mqtt.url, {
      clientId: `${this.config.mqtt.clientIdPrefix}-cmd-${process.pid}-${Math.random().toString(36).slice(2, 8)}`,
      clean: true,
      reconnectPeriod: 1000,
    });
    this.publisher.on('error', (err) => this.logger.warn(`command publisher: ${err.message}`));
    this.relayTimer = setInterval(() => void this.relay(), RELAY_INTERVAL_MS);
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.relayTimer);
    await this.worker?.close();
    await this.queue?.close();
    await this.publisher?.endAsync();
  }

  get queueReady(): boolean {
    return this.publisher?.connected ?? false;
  }

  /** Writes the command in the caller's transaction; it is handed to the queue after commit. */
  async queueCommand(
    uow: UnitOfWork,
    command: { siteId: string; deviceId: string; body: DeviceCommandBody; incidentId?: string | null; correlationId?: string | null },
  ): Promise<string> {
    const { type, ...params } = command.body;
    const rows: { id: string }[] = await uow.manager.query(
      `INSERT INTO device_commands (site_id, device_id, type, params, incident_id, correlation_id) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [command.siteId, command.deviceId, type, JSON.stringify(params), command.incidentId ?? null, command.correlationId ?? null],
    );
    const id = rows[0]!.id;
    uow.afterCommit(`command:${id}`, () => this.enqueue(id));
    return id;
  }

  /** Records a device's answer; called by ingest inside its batch transaction. */
  async recordAck(uow: UnitOfWork, deviceId: string, ack: DeviceCommandAck): Promise<boolean> {
    if (!/^[0-9a-f-]{36}$/i.test(ack.cmdId)) return false;
    const rows = await queryRows<{ id: string; incident_id: string | null }>(
      uow.manager,
      `UPDATE device_commands
          SET status = CASE WHEN $3 THEN 'acked' ELSE 'failed' END,
              acked_at = now(), error = $4
        WHERE id = $1 AND device_id = $2 AND status IN ('queued', 'sent')
        RETURNING id, incident_id`,
      [ack.cmdId, deviceId, ack.ok, ack.ok ? null : ack.error],
    );
    const row = rows[0];
    if (!row) return false;
    uow.afterCommit(`ack:${row.id}`, () => {
      this.metrics.commands.inc({ outcome: ack.ok ? 'acked' : 'refused' });
      this.acks.emit(row.id);
      this.settled.emit('settled', { commandId: row.id, incidentId: row.incident_id });
    });
    return true;
  }

  async forIncident(incidentId: string): Promise<DeviceCommandEntity[]> {
    return this.db.getRepository(DeviceCommandEntity).find({ where: { incidentId }, order: { createdAt: 'ASC' } });
  }

  async forCorrelation(correlationId: string): Promise<DeviceCommandEntity[]> {
    return this.db.getRepository(DeviceCommandEntity).find({ where: { correlationId }, order: { deviceId: 'ASC' } });
  }

  /**
   * Stops the unsent or unconfirmed commands of these correlations (a block overtaken by an
   * unblock): the worker skips a failed row, so a retry can never deliver the older command last.
   */
  async supersede(uow: UnitOfWork, correlationIds: string[], why: string): Promise<number> {
    if (!correlationIds.length) return 0;
    const rows = await queryRows<{ id: string }>(
      uow.manager,
      `UPDATE device_commands SET status = 'failed', error = $2 WHERE correlation_id = ANY($1::uuid[]) AND status IN ('queued', 'sent') RETURNING id`,
      [correlationIds, why],
    );
    return rows.length;
  }

  async enqueue(commandId: string): Promise<void> {
    try {
      await this.queue.add(
        'send',
        { commandId },
        {
          jobId: commandId,
          attempts: this.config.commands.maxAttempts,
          backoff: { type: 'exponential', delay: this.config.commands.retryDelayMs },
          removeOnComplete: { age: 3600 },
          removeOnFail: { age: 24 * 3600 },
        },
      );
      await this.db.query(`UPDATE device_commands SET enqueued = true WHERE id = $1`, [commandId]);
    } catch (err) {
      // Redis is unreachable: the row stays in the outbox and the relay tries again.
      this.logger.warn(`command ${commandId} stays in the outbox: ${(err as Error).message}`);
    }
  }

  /** Hands every command still in the outbox to the queue (after a crash or a Redis outage). */
  private async relay(): Promise<void> {
    try {
      const rows: { id: string }[] = await this.db.query(
        `SELECT id FROM device_commands WHERE enqueued = false AND created_at < now() - interval '1 second' ORDER BY created_at LIMIT 500`,
      );
      for (const row of rows) await this.enqueue(row.id);
    } catch (err) {
      this.logger.warn(`outbox relay: ${(err as Error).message}`);
    }
  }

  private async process(job: Job<DeviceCommandJob>): Promise<void> {
    const repo = this.db.getRepository(DeviceCommandEntity);
    const command = await repo.findOneBy({ id: job.data.commandId });
    if (!command || command.status === 'acked' || command.status === 'failed') return;
    const acked = this.waitForAck(command.id);
    const payload = JSON.stringify({ cmdId: command.id, type: command.type, ...command.params });
    await this.publisher.publishAsync(deviceTopic(command.siteId, command.deviceId, 'cmd'), payload, { qos: 1 });
    await repo.update({ id: command.id, status: 'queued' }, { status: 'sent', sentAt: new Date() });
    await repo.increment({ id: command.id }, 'attempts', 1);
    this.metrics.commands.inc({ outcome: 'sent' });
    if (!(await acked)) throw new Error(`no ack from ${command.deviceId} within ${this.config.commands.ackTimeoutMs} ms`);
  }

  /** Resolves true once the command is settled (in this process or, polled, by another hub). */
  private waitForAck(commandId: string): Promise<boolean> {
    return new Promise((resolve) => {
      const started = Date.now();
      let poll: NodeJS.Timeout;
      const finish = (ok: boolean) => {
        clearTimeout(poll);
        this.acks.off(commandId, onAck);
        resolve(ok);
      };
      const onAck = () => finish(true);
      this.acks.on(commandId, onAck);
      const check = async () => {
        const rows: { status: string }[] = await this.db
          .query(`SELECT status FROM device_commands WHERE id = $1`, [commandId])
          .catch(() => []);
        if (rows[0] && (rows[0].status === 'acked' || rows[0].status === 'failed')) return finish(true);
        if (Date.now() - started >= this.config.commands.ackTimeoutMs) return finish(false);
        poll = setTimeout(() => void check(), Math.min(500, this.config.commands.ackTimeoutMs));
      };
      poll = setTimeout(() => void check(), Math.min(500, this.config.commands.ackTimeoutMs));
    });
  }

  private async onJobFailed(job: Job<DeviceCommandJob> | undefined, err: Error): Promise<void> {
    if (!job || job.attemptsMade < (job.opts.attempts ?? 1)) return;
    const rows = await queryRows<{ id: string; incident_id: string | null }>(
      this.db,
      `UPDATE device_commands SET status = 'failed', error = $2 WHERE id = $1 AND status IN ('queued', 'sent') RETURNING id, incident_id`,
      [job.data.commandId, `gave up after ${job.attemptsMade} attempts: ${err.message}`],
    ).catch(() => []);
    const row = rows[0];
    if (!row) return;
    this.metrics.commands.inc({ outcome: 'gave_up' });
    this.settled.emit('settled', { commandId: row.id, incidentId: row.incident_id });
  }
}
