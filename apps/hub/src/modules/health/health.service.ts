import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DependencyState, HealthDto } from '@wachtpost/contracts';
import Redis from 'ioredis';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../../config/config';
import { RealtimeGateway } from '../realtime/realtime.gateway';

const VERSION = '0.1.0';
const PUSH_INTERVAL_MS = 2000;

/** Checks the hub's dependencies; pushes the result to consoles whenever it changes. */
@Injectable()
export class HealthService implements OnModuleInit, OnModuleDestroy {
  private redis!: Redis;
  private mqttProbe: () => boolean = () => false;
  private timer?: NodeJS.Timeout;
  private last = '';

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly realtime: RealtimeGateway,
  ) {}

  onModuleInit(): void {
    this.redis = new Redis(this.config.redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 1, lazyConnect: false });
    this.redis.on('error', () => undefined);
    this.realtime.setHealthProvider(() => this.check());
    if (this.config.background) this.timer = setInterval(() => void this.push(), PUSH_INTERVAL_MS);
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
    this.redis?.disconnect();
  }

  /** The ingest module tells how to see whether the broker connection is up. */
  setMqttProbe(probe: () => boolean): void {
    this.mqttProbe = probe;
  }

  async check(): Promise<HealthDto> {
    const within = <T>(p: Promise<T>) =>
      Promise.race([p, new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timeout')), 1000))]);
    const [database, redis] = await Promise.all([
      within(this.db.query('SELECT 1')).then((): DependencyState => 'up', (): DependencyState => 'down'),
      within(this.redis.ping()).then((): DependencyState => 'up', (): DependencyState => 'down'),
    ]);
    const mqtt: DependencyState = this.mqttProbe() ? 'up' : 'down';
    const ok = database === 'up' && redis === 'up' && mqtt === 'up';
    return { status: ok ? 'ok' : 'degraded', dependencies: { database, redis, mqtt }, version: VERSION, uptimeSeconds: Math.round(process.uptime()) };
  }

  private async push(): Promise<void> {
    const health = await this.check();
    const key = JSON.stringify(health.dependencies);
    if (key !== this.last) {
      this.last = key;
      this.realtime.health(health);
    }
  }
}
