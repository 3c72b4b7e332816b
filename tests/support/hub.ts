/**
 * Runs the real hub (apps/hub/dist/main.js) as a child process against this machine's
 * Postgres and Redis, with a database of its own that `dispose()` drops, and a Mosquitto of its
 * own started from the project's configuration (unless `mqttUrl` names one): test files, and
 * anyone else on this machine, never see each other's device traffic.
 */
import type { LoginResponse, ServerToClientEvents } from '@wachtpost/contracts';
import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import { Client } from 'pg';
import { io, type Socket } from 'socket.io-client';
import { DEMO_PASSWORD, MQTT_URL, PG_ADMIN_URL, freePort, repoRoot, uniqueName, waitFor } from './env';
import { startProjectBroker, type Broker } from './broker';
import { clearSessions } from './mqtt';

export interface HubOptions {
  mqttUrl?: string;
  env?: Record<string, string>;
}

export class TestHub {
  readonly dbName = uniqueName('wachtpost_test');
  readonly clientIdPrefix = uniqueName('hub').replace(/_/g, '-');
  private givenMqttUrl: string | null;
  private broker?: Broker;
  port = 0;
  private proc?: ChildProcess;
  private output: string[] = [];
  private readonly env: Record<string, string>;
  private sockets: Socket[] = [];

  constructor(options: HubOptions = {}) {
    this.givenMqttUrl = options.mqttUrl ?? (process.env.TEST_SHARED_BROKER === 'on' ? MQTT_URL : null);
    this.env = options.env ?? {};
  }

  /** The broker the hub uses; known once the hub has started. */
  get mqttUrl(): string {
    const url = this.givenMqttUrl ?? this.broker?.url;
    if (!url) throw new Error('the hub has not started yet: its broker is not known');
    return url;
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get databaseUrl(): string {
    const url = new URL(PG_ADMIN_URL);
    url.pathname = `/${this.dbName}`;
    return url.toString();
  }

  get connections(): number {
    return Number(this.env.MQTT_INGEST_CONNECTIONS ?? 8);
  }

  /** Starts the hub and waits until /api/health answers 200. */
  async start(): Promise<void> {
    if (!this.port) this.port = await freePort();
    if (!this.givenMqttUrl && !this.broker) this.broker = await startProjectBroker();
    this.output = [];
    this.proc = spawn(process.execPath, [path.join(repoRoot, 'apps/hub/dist/main.js')], {
      env: {
        ...process.env,
        NODE_ENV: 'test',
        DEMO: 'on',
        PORT: String(this.port),
        DATABASE_URL: this.databaseUrl,
        MQTT_URL: this.mqttUrl,
        MQTT_CLIENT_ID_PREFIX: this.clientIdPrefix,
        MQTT_SHARE_GROUP: this.clientIdPrefix,
        MQTT_INGEST_CONNECTIONS: String(this.connections),
        LOG_LEVEL: 'warn',
        COMMAND_ACK_TIMEOUT_MS: '1000',
        COMMAND_RETRY_DELAY_MS: '200',
        ...this.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const keep = (b: Buffer) => {
      this.output.push(b.toString());
      if (this.output.length > 200) this.output.shift();
    };
    this.proc.stdout?.on('data', keep);
    this.proc.stderr?.on('data', keep);
    const proc = this.proc;
    await waitFor(
      async () => {
        if (proc.exitCode !== null) throw new Error(`hub exited with ${proc.exitCode}:\n${this.logs()}`);
        const res = await fetch(`${this.baseUrl}/api/health`);
        return res.status === 200;
      },
      30_000,
      'the hub to report healthy',
      100,
    ).catch((err: Error) => {
      throw new Error(`${err.message}\n${this.logs()}`);
    });
  }

  logs(): string {
    return this.output.join('');
  }

  /** Graceful stop (SIGTERM). */
  async stop(): Promise<void> {
    await this.signal('SIGTERM');
  }

  /** `kill -9`: no chance to finish anything. */
  async kill(): Promise<void> {
    await this.signal('SIGKILL');
  }

  private async signal(sig: NodeJS.Signals): Promise<void> {
    const proc = this.proc;
    if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
    const exited = new Promise((r) => proc.once('exit', r));
    proc.kill(sig);
    await exited;
  }

  async login(username: string, password = DEMO_PASSWORD): Promise<LoginResponse> {
    const res = await fetch(`${this.baseUrl}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password }),
    });
    if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${await res.text()}`);
    return (await res.json()) as LoginResponse;
  }

  /** A small REST client bound to one token. */
  client(token: string | null) {
    const call = async <T>(method: string, url: string, body?: unknown): Promise<{ status: number; body: T }> => {
      const headers: Record<string, string> = {};
      if (token) headers.authorization = `Bearer ${token}`;
      if (body !== undefined) headers['content-type'] = 'application/json';
      const res = await fetch(`${this.baseUrl}${url}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
      const text = await res.text();
      let parsed: unknown = text;
      try {
        parsed = JSON.parse(text);
      } catch {
        /* not JSON */
      }
      return { status: res.status, body: parsed as T };
    };
    return {
      get: <T>(url: string) => call<T>('GET', url),
      post: <T>(url: string, body?: unknown) => call<T>('POST', url, body ?? {}),
      patch: <T>(url: string, body: unknown) => call<T>('PATCH', url, body),
      /** The response as it came (binary bodies such as the PDF report). */
      raw: (url: string) => fetch(`${this.baseUrl}${url}`, { headers: token ? { authorization: `Bearer ${token}` } : {} }),
    };
  }

  /** A socket.io client as the console uses it; resolves once connected. */
  async socket(token: string): Promise<Socket<ServerToClientEvents>> {
    const socket: Socket<ServerToClientEvents> = io(this.baseUrl, { path: '/socket.io', auth: { token }, transports: ['websocket'], reconnection: false });
    this.sockets.push(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', (err) => reject(err));
    });
    return socket;
  }

  async query<T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> {
    const client = new Client({ connectionString: this.databaseUrl });
    await client.connect();
    try {
      return (await client.query(sql, params)).rows as T[];
    } finally {
      await client.end();
    }
  }

  /** Stops the hub, drops its database and its broker sessions. */
  async dispose(): Promise<void> {
    for (const s of this.sockets) s.disconnect();
    await this.stop();
    if (this.broker) {
      await this.broker.stop();
    } else if (this.givenMqttUrl) {
      const ids = Array.from({ length: this.connections }, (_, i) => `${this.clientIdPrefix}-${i}`);
      await clearSessions(this.givenMqttUrl, ids);
    }
    const admin = new Client({ connectionString: PG_ADMIN_URL });
    await admin.connect();
    try {
      await admin.query(`DROP DATABASE IF EXISTS "${this.dbName}" WITH (FORCE)`);
    } finally {
      await admin.end();
    }
  }
}
