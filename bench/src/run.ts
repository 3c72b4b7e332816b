/**
 * Wachtpost benchmark: alarm latency under background traffic, and sustained ingest against the
 * broker's raw ceiling and a hand-written baseline bridge. One run, one project broker, every
 * contender on its own; every process it starts is stopped at the end, also on error.
 *
 *   npx tsc -b bench && node bench/dist/bench/src/run.js
 *
 * Settings (environment): see CONFIG below and docs/benchmarks.md.
 */
import { loadSiteFile, defaultSiteFilePath, Simulator } from '@wachtpost/devices-sim';
import type { IncidentDto, ServerToClientEvents, SiteFile } from '@wachtpost/contracts';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import type { Socket } from 'socket.io-client';
import { startProjectBroker } from '../../tests/support/broker';
import { PG_ADMIN_URL } from '../../tests/support/env';
import { TestHub } from '../../tests/support/hub';
import type { BridgeConfig } from './baseline-bridge';
import { BenchChild } from './child';
import { connectPublisher, prepareDoorEvents, type PreparedEvent, type PublishResult } from './publisher';
import type { RawCeilingConfig } from './raw-ceiling';
import {
  cpuSampler,
  envInt,
  envIntList,
  histogramDelta,
  histogramQuantileBound,
  nowMs,
  parseHistogram,
  repoRoot,
  sleep,
  summarize,
  useRealRepoRootInTestSupport,
  within,
  type CpuUse,
  type Histogram,
  type Summary,
} from './support';

useRealRepoRootInTestSupport();

const CONFIG = {
  /** Alarm latency: background door traffic of the first pass (events/s). */
  backgroundRate: envInt('BENCH_BACKGROUND_RATE', 500, 0),
  /** Alarm latency: background of the second pass (0 = no second pass). */
  secondBackgroundRate: envInt('BENCH_SECOND_BACKGROUND_RATE', 1000, 0),
  /** Alarm latency: one press a second for this many seconds, per pass. */
  latencySeconds: envInt('BENCH_LATENCY_SECONDS', 30),
  /** How many of the site's alarm buttons take turns. */
  buttons: envInt('BENCH_BUTTONS', 5),
  /** A press whose incident.upsert has not arrived after this long counts as missed. */
  pressTimeoutMs: envInt('BENCH_PRESS_TIMEOUT_MS', 5000),
  /** Background traffic runs this long before the presses start. */
  warmupMs: envInt('BENCH_WARMUP_MS', 3000, 0),
  /** Sustained ingest: events per burst. */
  events: envInt('BENCH_EVENTS', 60_000),
  /** Sustained ingest: the hub's MQTT_INGEST_CONNECTIONS, one row each. */
  hubConnections: envIntList('BENCH_HUB_CONNECTIONS', [8, 32]),
  publishConnections: envInt('BENCH_PUBLISH_CONNECTIONS', 4),
  publishWindow: envInt('BENCH_PUBLISH_WINDOW', 200),
  /** Sustained ingest: a contender that has not stored the burst after this long is reported as timed out. */
  ingestTimeoutMs: envInt('BENCH_INGEST_TIMEOUT_SECONDS', 180) * 1000,
  pollMs: 100,
  /** Which steps to run: latency, ingest. */
  steps: (process.env.BENCH_STEPS ?? 'latency,ingest').split(',').map((s) => s.trim()),
  /** Hard stop for the whole run, whatever happens. */
  maxMinutes: envInt('BENCH_MAX_MINUTES', 30),
};

const EVENT_FILTER = 'wachtpost/v1/+/+/event';
const TARGETS = {
  latencyP99Ms: { rate: 500, ms: 250 },
  latencyGoalP99Ms: { rate: 1000, ms: 100 },
  ingestEventsPerSecond: 5000,
  ingestGoalEventsPerSecond: 7000,
};

/** A measurement during which processes the bench did not start used more than this share of one core is marked disturbed. */
const DISTURBED_OTHER_PERCENT = 25;

function disturbed(cpu: CpuUse | null): boolean {
  return (cpu?.percentOfOneCore.other ?? 0) > DISTURBED_OTHER_PERCENT;
}

// ---- resources: everything started is registered here and stopped in reverse order ----------

type Disposer = { what: string; dispose: () => Promise<unknown> };
const resources: Disposer[] = [];

/** Registers a resource; the returned function stops it now (once) and forgets it. */
function own(what: string, dispose: () => Promise<unknown>): () => Promise<void> {
  const entry: Disposer = { what, dispose };
  resources.push(entry);
  return async () => {
    const i = resources.indexOf(entry);
    if (i < 0) return;
    resources.splice(i, 1);
    await within(dispose(), 30_000, `stopping ${what}`);
  };
}

async function disposeAll(): Promise<void> {
  while (resources.length) {
    const r = resources.pop()!;
    try {
      await within(r.dispose(), 30_000, `stopping ${r.what}`);
    } catch (err) {
      console.error(`cleanup: ${(err as Error).message}`);
    }
  }
}

function runId(tag: string): string {
  return `${tag}${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
}

function log(message: string): void {
  console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}`);
}

// ---- results -----------------------------------------------------------------------------------

interface HubIngestMetrics {
  batches: number;
  meanBatchSize: number | null;
  /** Upper bound of the histogram bucket holding the median batch. */
  medianBatchSizeBucket: string | null;
  meanCommitMs: number | null;
  medianCommitBucketSeconds: string | null;
  p99CommitBucketSeconds: string | null;
  batchSize: Histogram;
  commitSeconds: Histogram;
}

interface LatencyPass {
  targetBackgroundRate: number;
  /** Door events the hub stored per second during the press window (from device_events.received_at). */
  achievedBackgroundRate: number;
  /** Door events the simulator published per second during the window. */
  offeredBackgroundRate: number;
  simulatorDropped: number;
  presses: number;
  missed: number;
  latencyMs: Summary | null;
  /** Presses that opened their button's incident (the first press of each button in the run). */
  openedLatencyMs: Summary | null;
  /** Presses that joined the button's open incident (triggerCount + 1). */
  joinedLatencyMs: Summary | null;
  cpu: CpuUse;
  /** Other processes used more than DISTURBED_OTHER_PERCENT of a core meanwhile: do not quote. */
  disturbed: boolean;
  hub: HubIngestMetrics | null;
}

interface IngestRow {
  name: string;
  /** True when the broker's PUBACK waits for the commit (the hub); false for ack on receipt. */
  ackAfterCommit: boolean | null;
  events: number;
  /** From the first publish to the moment all N were received (ceiling) or stored. */
  ms: number | null;
  eventsPerSecond: number | null;
  publish: { ms: number; eventsPerSecond: number } | null;
  stored: number;
  distinct: number;
  lost: number;
  doubled: number;
  timedOut: boolean;
  cpu: CpuUse | null;
  /** Other processes used more than DISTURBED_OTHER_PERCENT of a core meanwhile: do not quote. */
  disturbed: boolean;
  hub?: HubIngestMetrics | null;
  child?: Record<string, number> | null;
}

const results: {
  startedAt: string;
  finishedAt?: string;
  machine?: Record<string, unknown>;
  hub?: Record<string, unknown>;
  config: typeof CONFIG;
  targets: typeof TARGETS;
  latency: LatencyPass[];
  ingest: { rows: IngestRow[]; ratios: Record<string, number | null> };
  error?: string;
} = { startedAt: new Date().toISOString(), config: CONFIG, targets: TARGETS, latency: [], ingest: { rows: [], ratios: {} } };

// ---- machine ---------------------------------------------------------------------------------

async function describeMachine(): Promise<Record<string, unknown>> {
  const admin = new Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  let postgres = 'unknown';
  try {
    postgres = String((await admin.query<{ v: string }>('SELECT version() AS v')).rows[0]?.v ?? 'unknown');
  } finally {
    await admin.end();
  }
  const m = spawnSync('mosquitto', ['-h'], { encoding: 'utf8' });
  const mosquitto = /mosquitto version \S+/.exec(`${m.stdout}${m.stderr}`)?.[0] ?? 'unknown';
  // Others' builds and tests on the same 2 cores disturb every figure: say how busy it was.
  const idle = cpuSampler();
  await sleep(2000);
  const before = idle.stop();
  return {
    busyBeforeRunPercent: before.machineBusyPercent,
    loadAverage: os.loadavg().map((l) => Math.round(l * 100) / 100),
    nproc: os.availableParallelism(),
    cpu: os.cpus()[0]?.model ?? 'unknown',
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    platform: `${os.type()} ${os.release()}`,
    node: process.version,
    postgres,
    mosquitto,
  };
}

/** Which hub was measured: the build is whatever apps/hub/dist holds when the bench starts it. */
function describeHub(): Record<string, unknown> {
  const git = (...args: string[]) => spawnSync('git', args, { cwd: repoRoot, encoding: 'utf8' }).stdout?.trim() ?? '';
  const newest = (dir: string): number => {
    let latest = 0;
    const walk = (d: string) => {
      for (const entry of readdirSync(d, { withFileTypes: true })) {
        const full = path.join(d, entry.name);
        if (entry.isDirectory()) walk(full);
        else latest = Math.max(latest, statSync(full).mtimeMs);
      }
    };
    try {
      walk(dir);
    } catch {
      /* missing */
    }
    return latest;
  };
  const distBuilt = newest(path.join(repoRoot, 'apps/hub/dist'));
  const srcChanged = newest(path.join(repoRoot, 'apps/hub/src'));
  return {
    commit: git('log', '-1', '--format=%h %ci %s'),
    uncommittedChanges: git('status', '--porcelain', '--', 'apps/hub', 'libs/contracts').split('\n').filter(Boolean).length,
    distBuiltAt: distBuilt ? new Date(distBuilt).toISOString() : null,
    distOlderThanSources: srcChanged > distBuilt,
    /** Hub settings passed through from the bench's environment (TestHub hands its environment on). */
    env: Object.fromEntries(Object.entries(process.env).filter(([k]) => /^(INGEST_|MQTT_|DB_|LOG_LEVEL$)/.test(k))),
  };
}

// ---- hub helpers -----------------------------------------------------------------------------

async function scrapeHub(hub: TestHub): Promise<{ batch: Histogram | null; commit: Histogram | null }> {
  try {
    const text = await (await fetch(`${hub.baseUrl}/metrics`)).text();
    return { batch: parseHistogram(text, 'wachtpost_ingest_batch_size'), commit: parseHistogram(text, 'wachtpost_ingest_commit_seconds') };
  } catch {
    return { batch: null, commit: null };
  }
}

function ingestMetrics(before: Awaited<ReturnType<typeof scrapeHub>> | null, after: Awaited<ReturnType<typeof scrapeHub>>): HubIngestMetrics | null {
  if (!after.batch || !after.commit) return null;
  const batch = histogramDelta(after.batch, before?.batch ?? null);
  const commit = histogramDelta(after.commit, before?.commit ?? null);
  return {
    batches: batch.count,
    meanBatchSize: batch.count ? Math.round((batch.sum / batch.count) * 10) / 10 : null,
    medianBatchSizeBucket: histogramQuantileBound(batch, 0.5),
    meanCommitMs: commit.count ? Math.round((commit.sum / commit.count) * 1000 * 10) / 10 : null,
    medianCommitBucketSeconds: histogramQuantileBound(commit, 0.5),
    p99CommitBucketSeconds: histogramQuantileBound(commit, 0.99),
    batchSize: batch,
    commitSeconds: commit,
  };
}

// ---- 1. alarm latency --------------------------------------------------------------------------

interface PressResult {
  ms: number;
  /** True when this press opened the incident (the first press of the button), false when it joined it. */
  opened: boolean;
}

interface PendingPress {
  t0: number;
  settled: boolean;
  resolve: (result: PressResult | null) => void;
}

/**
 * Matches presses to the guard socket's incident.upsert: for each button, the increase of its
 * incident's triggerCount (or a new incident) says how many of its pending presses arrived.
 */
class PressTracker {
  private readonly known = new Map<string, { id: string; count: number }>();
  private readonly pending = new Map<string, PendingPress[]>();

  constructor(socket: Socket<ServerToClientEvents>) {
    socket.on('incident.upsert', (incident: IncidentDto) => this.onUpsert(incident, performance.now()));
  }

  private onUpsert(i: IncidentDto, t1: number): void {
    if (i.type !== 'alarm.pressed' || !i.deviceId) return;
    const prev = this.known.get(i.deviceId);
    const isNew = !prev || prev.id !== i.id;
    const arrived = isNew ? i.triggerCount : i.triggerCount - prev.count;
    if (arrived <= 0) return;
    this.known.set(i.deviceId, { id: i.id, count: i.triggerCount });
    const queue = this.pending.get(i.deviceId) ?? [];
    for (let k = 0; k < arrived && queue.length; k++) {
      const p = queue.shift()!;
      if (!p.settled) {
        p.settled = true;
        p.resolve({ ms: t1 - p.t0, opened: isNew && k === 0 });
      }
    }
  }

  /** Presses the button; resolves with the latency, or null when no upsert came in time. */
  press(sim: Simulator, deviceId: string, timeoutMs: number): Promise<PressResult | null> {
    return new Promise((resolve) => {
      const p: PendingPress = { t0: 0, settled: false, resolve };
      const queue = this.pending.get(deviceId) ?? [];
      this.pending.set(deviceId, queue);
      queue.push(p);
      setTimeout(() => {
        // Stays in the queue: a late upsert still consumes it, so later presses match correctly.
        if (!p.settled) {
          p.settled = true;
          resolve(null);
        }
      }, timeoutMs);
      p.t0 = performance.now();
      sim.press(deviceId).catch((err: Error) => {
        // Never reached the broker: it cannot raise the count, so it must not take a later press's upsert.
        log(`press ${deviceId} failed: ${err.message}`);
        queue.splice(queue.indexOf(p), 1);
        if (!p.settled) {
          p.settled = true;
          resolve(null);
        }
      });
    });
  }
}

async function latencyPass(hub: TestHub, sim: Simulator, tracker: PressTracker, buttons: string[], doors: string[], rate: number): Promise<LatencyPass> {
  log(`alarm latency: background ${rate} ev/s, ${CONFIG.latencySeconds} presses over ${buttons.length} buttons`);
  sim.setAccessRate(rate);
  await sleep(CONFIG.warmupMs);
  const metricsBefore = await scrapeHub(hub);
  const simBefore = sim.stats();
  const cpu = cpuSampler({ dbNames: () => [hub.dbName] });
  const windowStart = Date.now();
  const presses: Promise<PressResult | null>[] = [];
  for (let i = 0; i < CONFIG.latencySeconds; i++) {
    await sleep(Math.max(0, windowStart + i * 1000 - Date.now()));
    presses.push(tracker.press(sim, buttons[i % buttons.length]!, CONFIG.pressTimeoutMs));
  }
  const windowEnd = windowStart + CONFIG.latencySeconds * 1000;
  await sleep(Math.max(0, windowEnd - Date.now()));
  const cpuUse = cpu.stop();
  const simAfter = sim.stats();
  const latencies = await Promise.all(presses);
  sim.setAccessRate(0);
  const metricsAfter = await scrapeHub(hub);
  const [row] = await hub.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM device_events WHERE device_id = ANY($1) AND received_at >= to_timestamp($2 / 1000.0) AND received_at < to_timestamp($3 / 1000.0)`,
    [doors, windowStart, windowEnd],
  );
  const seconds = (windowEnd - windowStart) / 1000;
  const got = latencies.filter((l): l is PressResult => l !== null);
  const pass: LatencyPass = {
    targetBackgroundRate: rate,
    achievedBackgroundRate: Math.round((row?.n ?? 0) / seconds),
    offeredBackgroundRate: Math.round((simAfter.published - simBefore.published) / seconds),
    simulatorDropped: simAfter.dropped - simBefore.dropped,
    presses: latencies.length,
    missed: latencies.length - got.length,
    latencyMs: summarize(got.map((l) => l.ms)),
    openedLatencyMs: summarize(got.filter((l) => l.opened).map((l) => l.ms)),
    joinedLatencyMs: summarize(got.filter((l) => !l.opened).map((l) => l.ms)),
    cpu: cpuUse,
    disturbed: disturbed(cpuUse),
    hub: ingestMetrics(metricsBefore, metricsAfter),
  };
  const s = pass.latencyMs;
  log(
    `  background stored ${pass.achievedBackgroundRate} ev/s (offered ${pass.offeredBackgroundRate}); ` +
      (s ? `p50 ${s.p50} p95 ${s.p95} p99 ${s.p99} max ${s.max} ms` : 'no press seen') +
      (pass.missed ? `; ${pass.missed} missed` : ''),
  );
  // Let the background drain before the next pass.
  await sleep(1000);
  return pass;
}

async function alarmLatency(mqttUrl: string, site: SiteFile): Promise<void> {
  const hub = new TestHub({ mqttUrl, env: {} });
  const disposeHub = own('latency hub', () => hub.dispose());
  await hub.start();
  const token = (await hub.login('guard')).accessToken;
  const socket = await hub.socket(token);
  const tracker = new PressTracker(socket);

  const sim = new Simulator({ mqttUrl, site, accessRatePerSecond: 0 });
  const stopSim = own('simulator', () => sim.stop());
  await within(sim.start(), 20_000, 'simulator start');

  const buttons = site.devices.filter((d) => d.kind === 'alarm-button').map((d) => d.id).slice(0, CONFIG.buttons);
  const doors = site.devices.filter((d) => d.kind === 'door').map((d) => d.id);
  if (!buttons.length || !doors.length) throw new Error(`site ${site.id} needs alarm buttons and doors`);
  const rates = [CONFIG.backgroundRate, CONFIG.secondBackgroundRate].filter((r, i) => i === 0 || (r > 0 && r !== CONFIG.backgroundRate));
  for (const rate of rates) results.latency.push(await latencyPass(hub, sim, tracker, buttons, doors, rate));
  await stopSim();
  await disposeHub();
}

// ---- 2. sustained ingest -------------------------------------------------------------------------

/** Polls `count` every pollMs until it reaches `target` or the deadline passes. */
async function waitForCount(count: () => Promise<number>, target: number, deadline: number): Promise<{ at: number | null; count: number }> {
  let n = 0;
  while (nowMs() < deadline) {
    n = await count();
    if (n >= target) return { at: nowMs(), count: n };
    await sleep(CONFIG.pollMs);
  }
  return { at: null, count: await count() };
}

async function withPublisher<T>(mqttUrl: string, id: string, use: (publish: (events: readonly PreparedEvent[]) => Promise<PublishResult>) => Promise<T>): Promise<T> {
  const pub = await connectPublisher({
    mqttUrl,
    clientIdPrefix: `bench-pub-${id}`,
    connections: CONFIG.publishConnections,
    window: CONFIG.publishWindow,
    timeoutMs: CONFIG.ingestTimeoutMs,
  });
  const close = own('publisher', () => pub.close());
  try {
    return await use((events) => pub.publish(events));
  } finally {
    await close();
  }
}

function rate(events: number, ms: number | null): number | null {
  return ms && ms > 0 ? Math.round(events / (ms / 1000)) : null;
}

function publishFigures(p: PublishResult | null): IngestRow['publish'] {
  return p ? { ms: Math.round(p.ms), eventsPerSecond: rate(p.published, p.ms) ?? 0 } : null;
}

/**
 * Publishes the burst and, meanwhile, waits for `stored` to reach N. Returns the publish result
 * (null if publishing failed) and when N was reached (null on timeout).
 */
async function burst(
  publish: (events: readonly PreparedEvent[]) => Promise<PublishResult>,
  events: PreparedEvent[],
  reached: (deadline: number) => Promise<{ at: number | null; count: number }>,
): Promise<{ published: PublishResult | null; startedAt: number; at: number | null; count: number; publishError?: string }> {
  const startedAt = nowMs();
  const deadline = startedAt + CONFIG.ingestTimeoutMs;
  let publishError: string | undefined;
  const publishing = publish(events).catch((err: Error) => {
    publishError = err.message;
    return null;
  });
  const [published, done] = await Promise.all([publishing, reached(deadline)]);
  if (publishError) log(`  publishing failed: ${publishError}`);
  return { published, startedAt: published?.startedAt ?? startedAt, at: done.at, count: done.count, ...(publishError && { publishError }) };
}

async function ingestCeiling(mqttUrl: string, site: SiteFile, n: number): Promise<IngestRow> {
  log(`sustained ingest: raw ceiling (bare QoS 1 subscriber), ${n} events`);
  const id = runId('c');
  const events = prepareDoorEvents(site, id, n);
  const config: RawCeilingConfig = { mqttUrl, clientId: `bench-ceiling-${id}`, filter: EVENT_FILTER, expect: n };
  const child = new BenchChild(path.join(__dirname, 'raw-ceiling.js'), config);
  const stopChild = own('ceiling subscriber', () => child.kill());
  await child.next('ready', 10_000);
  const cpu = cpuSampler({ childPids: () => [child.pid] });
  const doneMsg = child.next('done', CONFIG.ingestTimeoutMs + 5000).catch(() => null);
  const r = await withPublisher(mqttUrl, id, (publish) =>
    burst(publish, events, async () => {
      const d = await doneMsg;
      return { at: d?.at ?? null, count: d?.count ?? 0 };
    }),
  );
  const cpuUse = cpu.stop();
  await sleep(500); // anything beyond N (a redelivery) would arrive now
  const stats = await child.stop();
  await stopChild();
  const received = stats?.received ?? r.count;
  const ms = r.at !== null ? r.at - r.startedAt : null;
  return {
    name: 'raw ceiling (bare subscriber)',
    ackAfterCommit: null,
    events: n,
    ms: ms !== null ? Math.round(ms) : null,
    eventsPerSecond: rate(n, ms),
    publish: publishFigures(r.published),
    stored: received,
    distinct: Math.min(received, n),
    lost: Math.max(0, n - received),
    doubled: Math.max(0, received - n),
    timedOut: r.at === null,
    cpu: cpuUse,
    disturbed: disturbed(cpuUse),
    child: stats,
  };
}

async function countRows(db: Client, sql: string, params: unknown[] = []): Promise<{ total: number; distinct: number }> {
  const row = (await db.query<{ total: number; distinct: number }>(sql, params)).rows[0];
  return { total: Number(row?.total ?? 0), distinct: Number(row?.distinct ?? 0) };
}

async function ingestBaseline(mqttUrl: string, site: SiteFile, n: number): Promise<IngestRow> {
  log(`sustained ingest: baseline bridge (ack on receipt, multi-row INSERT), ${n} events`);
  const id = runId('b');
  const dbName = `wachtpost_bench_${id}`;
  const admin = new Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${dbName}"`);
  } finally {
    await admin.end();
  }
  const dropDb = own(`scratch database ${dbName}`, async () => {
    const a = new Client({ connectionString: PG_ADMIN_URL });
    await a.connect();
    try {
      await a.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
    } finally {
      await a.end();
    }
  });
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${dbName}`;
  const table = 'bridge_events';
  const config: BridgeConfig = { mqttUrl, clientId: `bench-bridge-${id}`, databaseUrl: url.toString(), table, filter: EVENT_FILTER, flushEveryMs: 100, flushRows: 1000 };
  const child = new BenchChild(path.join(__dirname, 'baseline-bridge.js'), config);
  const stopChild = own('baseline bridge', () => child.kill());
  await child.next('ready', 10_000);

  const db = new Client({ connectionString: url.toString() });
  await db.connect();
  const closeDb = own('baseline poller', () => db.end());
  const events = prepareDoorEvents(site, id, n);
  const cpu = cpuSampler({ childPids: () => [child.pid], dbNames: () => [dbName] });
  const r = await withPublisher(mqttUrl, id, (publish) =>
    burst(publish, events, (deadline) => waitForCount(async () => (await countRows(db, `SELECT count(*) AS total FROM ${table}`)).total, n, deadline)),
  );
  const cpuUse = cpu.stop();
  await sleep(500);
  const final = await countRows(db, `SELECT count(*) AS total, count(DISTINCT (device_id, event_id)) AS distinct FROM ${table} WHERE event_id LIKE $1`, [`${id}-%`]);
  await closeDb();
  const stats = await child.stop();
  await stopChild();
  await dropDb();
  const ms = r.at !== null ? r.at - r.startedAt : null;
  return {
    name: 'baseline bridge (ack before store)',
    ackAfterCommit: false,
    events: n,
    ms: ms !== null ? Math.round(ms) : null,
    eventsPerSecond: rate(n, ms),
    publish: publishFigures(r.published),
    stored: final.total,
    distinct: final.distinct,
    lost: Math.max(0, n - final.distinct),
    doubled: final.total - final.distinct,
    timedOut: r.at === null,
    cpu: cpuUse,
    disturbed: disturbed(cpuUse),
    child: stats,
  };
}

async function ingestHub(mqttUrl: string, site: SiteFile, n: number, connections: number): Promise<IngestRow> {
  log(`sustained ingest: hub, MQTT_INGEST_CONNECTIONS=${connections}, ${n} events`);
  const id = runId('h');
  const hub = new TestHub({ mqttUrl, env: { MQTT_INGEST_CONNECTIONS: String(connections) } });
  const disposeHub = own(`hub (${connections} connections)`, () => hub.dispose());
  await hub.start();
  const db = new Client({ connectionString: hub.databaseUrl });
  await db.connect();
  const closeDb = own('hub poller', () => db.end());
  const count = async () => (await countRows(db, 'SELECT count(*) AS total FROM device_events')).total;

  const row = await withPublisher(mqttUrl, id, async (publish) => {
    // The shared subscription exists once the hub stores a probe; then give every connection a moment to subscribe.
    await publish(prepareDoorEvents(site, `${id}probe`, 1));
    const probe = await waitForCount(count, 1, nowMs() + 10_000);
    if (probe.at === null) throw new Error(`the hub did not store a probe event within 10 s:\n${hub.logs()}`);
    await sleep(1000);
    const base = await count();

    const events = prepareDoorEvents(site, id, n);
    const metricsBefore = await scrapeHub(hub);
    const cpu = cpuSampler({ dbNames: () => [hub.dbName] });
    const r = await burst(publish, events, (deadline) => waitForCount(count, base + n, deadline));
    const cpuUse = cpu.stop();
    await sleep(500);
    const final = await countRows(db, `SELECT count(*) AS total, count(DISTINCT (device_id, event_id)) AS distinct FROM device_events WHERE event_id LIKE $1`, [`${id}-%`]);
    const metricsAfter = await scrapeHub(hub);
    const ms = r.at !== null ? r.at - r.startedAt : null;
    const result: IngestRow = {
      name: `hub, ${connections} ingest connections`,
      ackAfterCommit: true,
      events: n,
      ms: ms !== null ? Math.round(ms) : null,
      eventsPerSecond: rate(n, ms),
      publish: publishFigures(r.published),
      stored: final.total,
      distinct: final.distinct,
      lost: Math.max(0, n - final.distinct),
      doubled: final.total - final.distinct,
      timedOut: r.at === null,
      cpu: cpuUse,
      disturbed: disturbed(cpuUse),
      hub: ingestMetrics(metricsBefore, metricsAfter),
    };
    return result;
  });
  await closeDb();
  await disposeHub();
  return row;
}

async function sustainedIngest(mqttUrl: string, site: SiteFile): Promise<void> {
  const n = CONFIG.events;
  const rows = results.ingest.rows;
  const report = (r: IngestRow) => {
    rows.push(r);
    log(
      `  ${r.timedOut ? `TIMED OUT with ${r.stored}/${n}` : `${n} in ${((r.ms ?? 0) / 1000).toFixed(2)} s = ${r.eventsPerSecond} ev/s`}` +
        ` (publish ${r.publish?.eventsPerSecond ?? '-'} ev/s; lost ${r.lost}, doubled ${r.doubled})`,
    );
  };
  report(await ingestCeiling(mqttUrl, site, n));
  await sleep(2000);
  report(await ingestBaseline(mqttUrl, site, n));
  for (const c of CONFIG.hubConnections) {
    await sleep(2000);
    report(await ingestHub(mqttUrl, site, n, c));
  }
  const ceiling = rows[0]?.eventsPerSecond ?? null;
  const baseline = rows[1]?.eventsPerSecond ?? null;
  for (const r of rows.slice(2)) {
    const ratio = (d: number | null) => (r.eventsPerSecond && d ? Math.round((r.eventsPerSecond / d) * 100) / 100 : null);
    results.ingest.ratios[`${r.name} / ceiling`] = ratio(ceiling);
    results.ingest.ratios[`${r.name} / baseline`] = ratio(baseline);
  }
}

// ---- 3. report -----------------------------------------------------------------------------------

function table(head: string[], body: (string | number)[][]): string {
  const cells = [head, ...body.map((r) => r.map(String))];
  const widths = head.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.slice(1).map(line)].join('\n');
}

function cpuLine(cpu: CpuUse): string {
  return Object.entries(cpu.percentOfOneCore)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
}

function verdict(ok: boolean): string {
  return ok ? 'met' : 'MISSED';
}

function printReport(): void {
  const anyDisturbed = results.latency.some((p) => p.disturbed) || results.ingest.rows.some((r) => r.disturbed);
  const m = results.machine ?? {};
  console.log(`\nWachtpost bench — ${results.startedAt}; ${String(m.nproc)} cores (${String(m.cpu)}), node ${String(m.node)}, ${String(m.mosquitto)}`);
  console.log(`Postgres: ${String(m.postgres)}`);
  console.log(`Hub: ${String(results.hub?.commit)}${results.hub?.uncommittedChanges ? ` + ${Number(results.hub.uncommittedChanges)} uncommitted files` : ''}, built ${String(results.hub?.distBuiltAt)}\n`);
  if (results.latency.length) {
    console.log('Alarm latency: press published → incident.upsert on the guard socket (ms)');
    console.log(
      table(
        ['background target', 'stored ev/s', 'presses', 'missed', 'p50', 'p95', 'p99', 'max', 'mean batch', 'mean commit ms', 'CPU busy %'],
        results.latency.map((p) => [
          `${p.targetBackgroundRate} ev/s${p.disturbed ? ' *' : ''}`,
          p.achievedBackgroundRate,
          p.presses,
          p.missed,
          p.latencyMs?.p50 ?? '-',
          p.latencyMs?.p95 ?? '-',
          p.latencyMs?.p99 ?? '-',
          p.latencyMs?.max ?? '-',
          p.hub?.meanBatchSize ?? '-',
          p.hub?.meanCommitMs ?? '-',
          p.cpu.machineBusyPercent,
        ]),
      ),
    );
    for (const p of results.latency) {
      const o = p.openedLatencyMs;
      const j = p.joinedLatencyMs;
      console.log(
        `  ${p.targetBackgroundRate} ev/s: opening presses ${o ? `p50 ${o.p50} max ${o.max} (n=${o.n})` : '-'}, joining presses ${j ? `p50 ${j.p50} max ${j.max} (n=${j.n})` : '-'}; ` +
          `CPU (% of one core): ${cpuLine(p.cpu)}`,
      );
    }
    for (const p of results.latency) {
      const t = p.targetBackgroundRate === TARGETS.latencyP99Ms.rate ? TARGETS.latencyP99Ms : p.targetBackgroundRate === TARGETS.latencyGoalP99Ms.rate ? TARGETS.latencyGoalP99Ms : null;
      if (t && p.latencyMs) {
        const kind = t === TARGETS.latencyP99Ms ? 'target' : 'product goal';
        console.log(`  ${kind}: p99 < ${t.ms} ms at ${t.rate} ev/s → p99 ${p.latencyMs.p99} ms: ${verdict(p.latencyMs.p99 < t.ms && p.missed === 0)}`);
      }
    }
    console.log('');
  }
  if (results.ingest.rows.length) {
    const rows = results.ingest.rows;
    const ceiling = rows[0]?.eventsPerSecond ?? null;
    const baseline = rows[1]?.eventsPerSecond ?? null;
    console.log(`Sustained ingest: ${CONFIG.events} events published as fast as possible (${CONFIG.publishConnections} connections × window ${CONFIG.publishWindow})`);
    console.log(
      table(
        ['contender', 'ack', 'seconds', 'events/s', '/ceiling', '/baseline', 'publish ev/s', 'lost', 'doubled', 'mean batch', 'mean commit ms', 'CPU busy %'],
        rows.map((r) => [
          `${r.name}${r.disturbed ? ' *' : ''}`,
          r.ackAfterCommit === null ? '-' : r.ackAfterCommit ? 'after commit' : 'on receipt',
          r.ms !== null ? (r.ms / 1000).toFixed(2) : `timeout (${r.stored})`,
          r.eventsPerSecond ?? '-',
          r.eventsPerSecond && ceiling ? (r.eventsPerSecond / ceiling).toFixed(2) : '-',
          r.eventsPerSecond && baseline ? (r.eventsPerSecond / baseline).toFixed(2) : '-',
          r.publish?.eventsPerSecond ?? '-',
          r.lost,
          r.doubled,
          r.hub?.meanBatchSize ?? '-',
          r.hub?.meanCommitMs ?? '-',
          r.cpu?.machineBusyPercent ?? '-',
        ]),
      ),
    );
    for (const r of rows) {
      const rate = r.eventsPerSecond ?? 0;
      const targets = r.ackAfterCommit
        ? `≥ ${TARGETS.ingestEventsPerSecond} ev/s ${verdict(rate >= TARGETS.ingestEventsPerSecond && !r.lost && !r.doubled)}, ` +
          `goal ${TARGETS.ingestGoalEventsPerSecond} ev/s ${verdict(rate >= TARGETS.ingestGoalEventsPerSecond && !r.lost && !r.doubled)}; `
        : '';
      console.log(`  ${r.name}: ${targets}CPU (% of one core): ${r.cpu ? cpuLine(r.cpu) : '-'}`);
    }
    console.log('');
  }
  if (anyDisturbed) console.log(`${disturbedNote()}\n`);
}

function disturbedNote(): string {
  return `* disturbed: processes the bench did not start used more than ${DISTURBED_OTHER_PERCENT}% of a core meanwhile (cpu.percentOfOneCore.other); do not quote, run again on an idle machine`;
}

function writeResults(): string {
  const dir = path.join(repoRoot, 'bench/results');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${results.startedAt.replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, JSON.stringify(results, null, 2) + '\n');
  return file;
}

// ---- main --------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const site = loadSiteFile(defaultSiteFilePath());
  results.machine = await describeMachine();
  log(`machine: ${JSON.stringify(results.machine)}`);
  results.hub = describeHub();
  log(`hub: ${JSON.stringify(results.hub)}`);
  if (results.hub.distOlderThanSources) log('WARNING: apps/hub/dist is older than apps/hub/src: the figures are for the last build (npx tsc -b apps/hub)');
  if (Number(results.machine.busyBeforeRunPercent) > 15) {
    log(`WARNING: the machine was ${String(results.machine.busyBeforeRunPercent)}% busy before the run started; figures will be disturbed (see cpu.seconds.other in the results)`);
  }
  const broker = await startProjectBroker();
  own('project broker', () => broker.stop());
  log(`project broker at ${broker.url}`);
  if (CONFIG.steps.includes('latency')) await alarmLatency(broker.url, site);
  if (CONFIG.steps.includes('ingest')) await sustainedIngest(broker.url, site);
}

let finishing = false;
async function finish(code: number, error?: unknown): Promise<void> {
  if (finishing) return;
  finishing = true;
  if (error) {
    results.error = error instanceof Error ? error.message : JSON.stringify(error);
    console.error(`bench failed: ${results.error}`);
  }
  await disposeAll();
  results.finishedAt = new Date().toISOString();
  printReport();
  try {
    console.log(`results: ${path.relative(process.cwd(), writeResults())}`);
  } catch (err) {
    console.error(`could not write results: ${(err as Error).message}`);
  }
  process.exit(code);
}

const watchdog = setTimeout(() => void finish(2, new Error(`the whole run exceeded BENCH_MAX_MINUTES=${CONFIG.maxMinutes}`)), CONFIG.maxMinutes * 60_000);
watchdog.unref();
for (const sig of ['SIGINT', 'SIGTERM'] as const) process.once(sig, () => void finish(130, new Error(`interrupted (${sig})`)));

main().then(
  () => finish(0),
  (err: unknown) => finish(1, err),
);
