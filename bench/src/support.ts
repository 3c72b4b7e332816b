/**
 * What the bench shares between its steps: the repository root, the tests' support code made
 * usable from the compiled bench, small timing and statistics helpers, and a CPU sampler.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as supportEnv from '../../tests/support/env';

/** The repository root, found upwards from this file (works from bench/src and bench/dist/bench/src). */
export const repoRoot = findRepoRoot(__dirname);

function findRepoRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'infra/mosquitto/mosquitto.conf')) && existsSync(path.join(dir, 'apps/hub/package.json'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`no Wachtpost repository above ${from}`);
  }
}

/**
 * tests/support/env.ts derives `repoRoot` from its own directory (two levels up). That is right
 * when ts-jest runs it from tests/support, but compiled into bench/dist/tests/support it points
 * at bench/dist, where there is no apps/hub/dist/main.js and no infra/. TestHub and
 * startProjectBroker read `repoRoot` from the module's exports each time they are called, so
 * pointing that export at the real root before starting anything is enough.
 */
export function useRealRepoRootInTestSupport(): void {
  const envModule = supportEnv as unknown as { repoRoot: string };
  if (envModule.repoRoot === repoRoot) return;
  envModule.repoRoot = repoRoot;
  if (supportEnv.repoRoot !== repoRoot) throw new Error('cannot point tests/support/env.repoRoot at the repository root');
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Wall-clock milliseconds with sub-millisecond resolution, comparable between processes. */
export function nowMs(): number {
  return performance.timeOrigin + performance.now();
}

export function envInt(name: string, fallback: number, min = 1): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min) throw new Error(`${name} must be an integer ≥ ${min} (got "${raw}")`);
  return n;
}

export function envIntList(name: string, fallback: number[]): number[] {
  const raw = process.env[name];
  if (!raw) return fallback;
  const list = raw.split(',').map((s) => Number(s.trim()));
  if (!list.length || list.some((n) => !Number.isInteger(n) || n < 0)) throw new Error(`${name} must be a comma-separated list of integers (got "${raw}")`);
  return list;
}

/** Rejects after `ms` with a message saying what did not finish. */
export async function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: not done within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export interface Summary {
  n: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
}

/** Nearest-rank percentiles (with n samples, p99 is the max until n ≥ 100). */
export function summarize(values: number[]): Summary | null {
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
  const round = (v: number) => Math.round(v * 10) / 10;
  return {
    n: sorted.length,
    p50: round(rank(50)),
    p95: round(rank(95)),
    p99: round(rank(99)),
    max: round(sorted[sorted.length - 1]!),
    mean: round(sorted.reduce((a, b) => a + b, 0) / sorted.length),
  };
}

// ---- CPU --------------------------------------------------------------------------------------

export interface CpuUse {
  /** Busy share of all cores over the window, 0–100 (100 = every core busy). */
  machineBusyPercent: number;
  /**
   * CPU seconds per process group over the window (Linux /proc; processes that exited are
   * missing); `other` is the rest of the machine's busy time: anything not started by the bench.
   */
  seconds: Record<string, number>;
  /** The same as a share of one core: 100 = one core fully busy. */
  percentOfOneCore: Record<string, number>;
}

type ProcTicks = Map<number, { group: string; ticks: number }>;
const TICKS_PER_SECOND = 100;

function machineTimes(): { idle: number; total: number } {
  let idle = 0;
  let total = 0;
  for (const cpu of os.cpus()) {
    const t = cpu.times;
    idle += t.idle;
    total += t.user + t.nice + t.sys + t.idle + t.irq;
  }
  return { idle, total };
}

interface ProcInfo {
  pid: number;
  ppid: number;
  comm: string;
  cmdline: string;
}

function readProcTicks(classify: (p: ProcInfo) => string | null): ProcTicks {
  const out: ProcTicks = new Map();
  let pids: string[] = [];
  try {
    pids = readdirSync('/proc').filter((d) => /^\d+$/.test(d));
  } catch {
    return out; // not Linux
  }
  for (const p of pids) {
    try {
      const stat = readFileSync(`/proc/${p}/stat`, 'utf8');
      const close = stat.lastIndexOf(')');
      const comm = stat.slice(stat.indexOf('(') + 1, close);
      const fields = stat.slice(close + 2).split(' ');
      const ticks = Number(fields[11]) + Number(fields[12]); // utime + stime
      const cmdline = readFileSync(`/proc/${p}/cmdline`, 'utf8').replace(/\0/g, ' ').trim();
      const group = classify({ pid: Number(p), ppid: Number(fields[1]), comm, cmdline });
      if (group) out.set(Number(p), { group, ticks });
    } catch {
      /* the process exited meanwhile */
    }
  }
  return out;
}

export interface CpuScope {
  /** Bench child processes (ceiling subscriber, baseline bridge). */
  childPids?: () => number[];
  /** Databases whose Postgres backends count as the contender's. */
  dbNames?: () => string[];
}

/**
 * Samples CPU use between start and stop, by process group, counting only what the bench
 * started: `hub` (a hub that is the bench's child), `bench` (publisher, pollers, simulator),
 * `contender` (ceiling subscriber or baseline bridge), `mosquitto` (the project broker),
 * `postgres` (backends connected to the bench's databases), `postgres-shared` (Postgres' own
 * writer, WAL and checkpoint processes, shared with anyone using the server) and `other`.
 */
export function cpuSampler(scope: CpuScope = {}) {
  const classify = ({ pid, ppid, comm, cmdline }: ProcInfo): string | null => {
    if (pid === process.pid) return 'bench';
    if (scope.childPids?.().includes(pid)) return 'contender';
    if (ppid === process.pid && cmdline.includes('apps/hub/dist/main.js')) return 'hub';
    if (ppid === process.pid && comm === 'mosquitto') return 'mosquitto';
    if (comm.startsWith('postgres') || cmdline.startsWith('postgres')) {
      const backend = /^postgres: [^:]+: \S+ (\S+) (?:[\d.:a-f]+\(\d+\)|\[local\])/.exec(cmdline);
      if (!backend) return 'postgres-shared';
      return scope.dbNames?.().includes(backend[1]!) ? 'postgres' : null;
    }
    return null;
  };
  const m0 = machineTimes();
  const p0 = readProcTicks(classify);
  const t0 = nowMs();
  return {
    stop(): CpuUse {
      const m1 = machineTimes();
      const p1 = readProcTicks(classify);
      const seconds: Record<string, number> = {};
      for (const [pid, now] of p1) {
        const before = p0.get(pid)?.ticks ?? 0;
        seconds[now.group] = (seconds[now.group] ?? 0) + (now.ticks - before) / TICKS_PER_SECOND;
      }
      const wall = (nowMs() - t0) / 1000;
      const total = m1.total - m0.total;
      const busySeconds = (total - (m1.idle - m0.idle)) / 1000;
      // Whatever else used the machine meanwhile (other people's builds and tests disturb the figures).
      seconds.other = Math.max(0, busySeconds - Object.values(seconds).reduce((a, b) => a + b, 0));
      const percentOfOneCore: Record<string, number> = {};
      for (const [k, v] of Object.entries(seconds)) {
        seconds[k] = Math.round(v * 100) / 100;
        percentOfOneCore[k] = wall > 0 ? Math.round((v / wall) * 100) : 0;
      }
      return {
        machineBusyPercent: total > 0 ? Math.round(((total - (m1.idle - m0.idle)) / total) * 100) : 0,
        seconds,
        percentOfOneCore,
      };
    },
  };
}

// ---- Prometheus text -------------------------------------------------------------------------

export interface Histogram {
  count: number;
  sum: number;
  /** Cumulative counts by upper bound ("+Inf" last). */
  buckets: { le: string; count: number }[];
}

/** Reads one histogram (without labels) out of a Prometheus text exposition. */
export function parseHistogram(text: string, name: string): Histogram | null {
  const buckets: { le: string; count: number }[] = [];
  let count: number | null = null;
  let sum: number | null = null;
  for (const line of text.split('\n')) {
    if (line.startsWith(`${name}_bucket{`)) {
      const le = /le="([^"]+)"/.exec(line)?.[1];
      const value = Number(line.slice(line.lastIndexOf(' ') + 1));
      if (le !== undefined) buckets.push({ le, count: value });
    } else if (line.startsWith(`${name}_sum `)) {
      sum = Number(line.slice(name.length + 5));
    } else if (line.startsWith(`${name}_count `)) {
      count = Number(line.slice(name.length + 7));
    }
  }
  return count === null || sum === null ? null : { count, sum, buckets };
}

/** What happened between two scrapes of the same histogram. */
export function histogramDelta(after: Histogram, before: Histogram | null): Histogram {
  if (!before) return after;
  return {
    count: after.count - before.count,
    sum: after.sum - before.sum,
    buckets: after.buckets.map((b) => ({ le: b.le, count: b.count - (before.buckets.find((x) => x.le === b.le)?.count ?? 0) })),
  };
}

/** The upper bound of the bucket holding the given quantile (a coarse, bucket-resolution figure). */
export function histogramQuantileBound(h: Histogram, q: number): string | null {
  if (!h.count) return null;
  const target = q * h.count;
  return h.buckets.find((b) => b.count >= target)?.le ?? null;
}
