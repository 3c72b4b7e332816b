/**
 * The hub's configuration: read from the environment once at boot, validated with zod into one
 * typed object. A wrong or missing variable stops the start with one readable message naming it.
 */
import * as path from 'node:path';
import { z } from 'zod';

export const DEMO_JWT_SECRET = 'wachtpost-demo-secret-not-for-production';
export const DEMO_PASSWORD = 'wachtpost-demo';
const repoRoot = path.resolve(__dirname, '../../../..');

const onOff = z.enum(['on', 'off']).transform((v) => v === 'on');
const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

export const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: int(0, 65535).default(3000),
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }).default('postgres://postgres@127.0.0.1:5432/wachtpost'),
  REDIS_URL: z.url({ protocol: /^rediss?$/ }).default('redis://127.0.0.1:6379'),
  MQTT_URL: z.url({ protocol: /^(mqtts?|wss?|tcp)$/ }).default('mqtt://127.0.0.1:1883'),
  /** Client ids are `<prefix>-<n>`; keep them fixed so the broker keeps each session. */
  MQTT_CLIENT_ID_PREFIX: z.string().regex(/^[A-Za-z0-9_-]{1,40}$/).default('wachtpost-hub'),
  MQTT_SHARE_GROUP: z.string().regex(/^[A-Za-z0-9_-]{1,40}$/).default('wachtpost-hub'),
  MQTT_INGEST_CONNECTIONS: int(1, 256).default(8),
  INGEST_MAX_BATCH: int(1, 10000).default(2000),
  /** Batches committing at the same time. Above 1, batches touching the same rows (presence, a door's incident) can deadlock and wait out deadlock_timeout. */
  INGEST_CONCURRENCY: int(1, 16).default(1),
  DEMO: onOff.default(false),
  DB_MIGRATE: onOff.default(true),
  /** off: no MQTT ingest, queue workers or timers (the admin CLI runs this way beside a live hub). */
  BACKGROUND_WORK: onOff.default(true),
  JWT_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
  JWT_TTL_SECONDS: int(60, 7 * 24 * 3600).default(12 * 3600),
  SITE_FILE: z.string().default(path.join(repoRoot, 'data/sites/stadhuis-tiel.json')),
  CONSOLE_DIR: z.string().default(path.join(repoRoot, 'apps/console/dist')),
  /** Overrides every device's heartbeat interval (tests and demos use short ones). */
  DEVICE_HEARTBEAT_SECONDS: int(1, 3600).optional(),
  DEVICE_OFFLINE_AFTER_MISSED: int(1, 100).default(2),
  SUPERVISION_INTERVAL_MS: int(100, 600_000).default(5000),
  COMMAND_ACK_TIMEOUT_MS: int(100, 600_000).default(5000),
  COMMAND_MAX_ATTEMPTS: int(1, 1000).default(10),
  COMMAND_RETRY_DELAY_MS: int(10, 600_000).default(1000),
  /** Namespace of the hub's keys in Redis (queues, socket fan-out); default: per database. */
  REDIS_PREFIX: z.string().regex(/^[A-Za-z0-9_-]{1,60}$/).optional(),
  /** Base of the links in messages (the responder page). */
  PUBLIC_URL: z.url().optional(),
  SMTP_URL: z.url({ protocol: /^smtps?$/ }).optional(),
  SMTP_FROM: z.string().min(3).default('Wachtpost <wachtpost@localhost>'),
  SMS_WEBHOOK_URL: z.url({ protocol: /^https?$/ }).optional(),
  SMS_WEBHOOK_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
  VAPID_SUBJECT: z.string().regex(/^(mailto:|https:)/, 'must start with mailto: or https:').default('mailto:wachtpost@localhost'),
  /** Overrides every scenario round's wait (tests and drills run in seconds). */
  DISPATCH_ROUND_WAIT_SECONDS: int(1, 3600).optional(),
  DISPATCH_FLOOD_LIMIT_PER_MINUTE: int(1, 1000).default(10),
  DISPATCH_MAX_ATTEMPTS: int(1, 100).default(6),
  DISPATCH_RETRY_DELAY_MS: int(10, 600_000).default(2000),
  RESPONDER_LINK_TTL_SECONDS: int(60, 7 * 24 * 3600).default(24 * 3600),
  /** How often the access-log retention job runs (it deletes what is older than each site's retention). */
  ACCESS_RETENTION_EVERY_SECONDS: int(1, 7 * 24 * 3600).default(3600),
  /** How long a resolved incident stays in a guard's view. */
  GUARD_RECENT_HOURS: int(1, 24 * 31).default(24),
  /** Days from resolving a genuine alarm (or registering an incident) to its follow-up's due date. */
  FOLLOW_UP_DUE_DAYS: int(1, 365).default(14),
  /** How often overdue follow-ups are looked for (each is reminded at most once a day). */
  FOLLOW_UP_REMINDER_EVERY_SECONDS: int(1, 24 * 3600).default(3600),
  /** Days after an incident after which a closed follow-up loses its personal details; 0 keeps them. */
  FOLLOW_UP_RETENTION_DAYS: int(0, 100 * 365).default(0),
  /** The Chromium that renders the evaluation report as PDF. */
  CHROMIUM_PATH: z.string().min(1).default('/usr/bin/chromium'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type AppConfig = ReturnType<typeof loadConfig>;
export const APP_CONFIG = Symbol('APP_CONFIG');

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env) {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const c = parsed.data;
  const production = c.NODE_ENV === 'production';
  if (production && c.DEMO) throw new ConfigError('Invalid configuration:\n  DEMO: demo mode is refused when NODE_ENV=production');
  if (c.SMS_WEBHOOK_URL && !c.SMS_WEBHOOK_SECRET) {
    throw new ConfigError('Invalid configuration:\n  SMS_WEBHOOK_SECRET: required when SMS_WEBHOOK_URL is set (the webhook is signed with it)');
  }
  if (production && (!c.JWT_SECRET || c.JWT_SECRET === DEMO_JWT_SECRET)) {
    throw new ConfigError('Invalid configuration:\n  JWT_SECRET: a secret of your own is required when NODE_ENV=production');
  }
  return {
    production,
    port: c.PORT,
    databaseUrl: c.DATABASE_URL,
    redisUrl: c.REDIS_URL,
    // Hubs sharing a database share queues and socket fan-out; hubs on other databases never do.
    redisPrefix: c.REDIS_PREFIX ?? `wachtpost-${new URL(c.DATABASE_URL).pathname.slice(1) || 'default'}`,
    mqtt: {
      url: c.MQTT_URL,
      clientIdPrefix: c.MQTT_CLIENT_ID_PREFIX,
      shareGroup: c.MQTT_SHARE_GROUP,
      ingestConnections: c.MQTT_INGEST_CONNECTIONS,
    },
    ingestMaxBatch: c.INGEST_MAX_BATCH,
    ingestConcurrency: c.INGEST_CONCURRENCY,
    demo: c.DEMO,
    migrate: c.DB_MIGRATE,
    background: c.BACKGROUND_WORK,
    jwt: { secret: c.JWT_SECRET ?? DEMO_JWT_SECRET, ttlSeconds: c.JWT_TTL_SECONDS },
    siteFile: c.SITE_FILE,
    consoleDir: c.CONSOLE_DIR,
    supervision: {
      heartbeatOverrideSeconds: c.DEVICE_HEARTBEAT_SECONDS ?? null,
      offlineAfterMissed: c.DEVICE_OFFLINE_AFTER_MISSED,
      intervalMs: c.SUPERVISION_INTERVAL_MS,
    },
    commands: {
      ackTimeoutMs: c.COMMAND_ACK_TIMEOUT_MS,
      maxAttempts: c.COMMAND_MAX_ATTEMPTS,
      retryDelayMs: c.COMMAND_RETRY_DELAY_MS,
    },
    dispatch: {
      publicUrl: (c.PUBLIC_URL ?? `http://localhost:${c.PORT}`).replace(/\/$/, ''),
      smtpUrl: c.SMTP_URL ?? null,
      smtpFrom: c.SMTP_FROM,
      smsWebhookUrl: c.SMS_WEBHOOK_URL ?? null,
      smsWebhookSecret: c.SMS_WEBHOOK_SECRET ?? '',
      vapidSubject: c.VAPID_SUBJECT,
      roundWaitOverrideSeconds: c.DISPATCH_ROUND_WAIT_SECONDS ?? null,
      floodLimitPerMinute: c.DISPATCH_FLOOD_LIMIT_PER_MINUTE,
      maxAttempts: c.DISPATCH_MAX_ATTEMPTS,
      retryDelayMs: c.DISPATCH_RETRY_DELAY_MS,
      linkTtlSeconds: c.RESPONDER_LINK_TTL_SECONDS,
    },
    access: {
      retentionEverySeconds: c.ACCESS_RETENTION_EVERY_SECONDS,
    },
    guardRecentHours: c.GUARD_RECENT_HOURS,
    followUp: {
      dueDays: c.FOLLOW_UP_DUE_DAYS,
      reminderEverySeconds: c.FOLLOW_UP_REMINDER_EVERY_SECONDS,
      retentionDays: c.FOLLOW_UP_RETENTION_DAYS,
    },
    chromiumPath: c.CHROMIUM_PATH,
    logLevel: c.LOG_LEVEL,
  };
}
