/**
 * The ceiling subscriber and the baseline bridge each run in a process of their own, like the
 * hub, so none of them shares an event loop with the publisher. This is the small protocol
 * between the bench and such a child (Node IPC).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { within } from './support';

/** Parent → child. */
export type ToChild = { type: 'stop' } | { type: 'stats' };
/** Child → parent. */
export type FromChild =
  | { type: 'ready' }
  | { type: 'done'; count: number; at: number }
  | { type: 'stats'; stats: Record<string, number> }
  | { type: 'stopped'; stats: Record<string, number> }
  | { type: 'error'; message: string };

export class BenchChild {
  private readonly proc: ChildProcess;
  private readonly listeners = new Set<(m: FromChild) => void>();
  private exited: Promise<void>;
  private lastError: string | null = null;

  constructor(modulePath: string, config: unknown) {
    this.proc = fork(modulePath, [JSON.stringify(config)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    this.proc.on('message', (m: FromChild) => {
      if (m.type === 'error') this.lastError = m.message;
      for (const l of this.listeners) l(m);
    });
    this.exited = new Promise((resolve) => this.proc.once('exit', () => resolve()));
  }

  get pid(): number {
    return this.proc.pid ?? -1;
  }

  get running(): boolean {
    return this.proc.exitCode === null && this.proc.signalCode === null;
  }

  /** Resolves with the first message of this type (rejects if the child exits or reports an error first). */
  next<T extends FromChild['type']>(type: T, timeoutMs: number): Promise<Extract<FromChild, { type: T }>> {
    const wait = new Promise<Extract<FromChild, { type: T }>>((resolve, reject) => {
      const on = (m: FromChild) => {
        if (m.type === type) {
          this.listeners.delete(on);
          resolve(m as Extract<FromChild, { type: T }>);
        } else if (m.type === 'error') {
          this.listeners.delete(on);
          reject(new Error(m.message));
        }
      };
      this.listeners.add(on);
      void this.exited.then(() => {
        if (!this.listeners.has(on)) return;
        this.listeners.delete(on);
        reject(new Error(`child exited (${this.proc.exitCode ?? this.proc.signalCode}) before '${type}'${this.lastError ? `: ${this.lastError}` : ''}`));
      });
    });
    return within(wait, timeoutMs, `child '${type}'`);
  }

  send(m: ToChild): void {
    if (this.running) this.proc.send(m);
  }

  /** Asks the child to stop and returns its final figures; kills it if it does not stop in time. */
  async stop(timeoutMs = 10_000): Promise<Record<string, number> | null> {
    if (!this.running) return null;
    const stopped = this.next('stopped', timeoutMs).catch(() => null);
    this.send({ type: 'stop' });
    const result = await stopped;
    await this.kill();
    return result?.stats ?? null;
  }

  async kill(): Promise<void> {
    if (this.running) {
      const grace = setTimeout(() => this.proc.kill('SIGKILL'), 3000);
      this.proc.kill('SIGTERM');
      await this.exited;
      clearTimeout(grace);
    }
    await this.exited;
  }
}

/** For the child's side: its configuration, and a typed way to answer. */
export function childConfig<T>(): T {
  const raw = process.argv[2];
  if (!raw) throw new Error('no configuration: this module is started by the bench (bench/src/run.ts)');
  return JSON.parse(raw) as T;
}

export function tell(m: FromChild): void {
  process.send?.(m);
}

/** Runs `main` as the child: reports a failure to the parent and exits non-zero. */
export function runChild(main: () => Promise<void>): void {
  // Without a parent there is nobody to stop us: exit when the IPC channel goes away.
  process.on('disconnect', () => process.exit(0));
  main().catch((err: Error) => {
    tell({ type: 'error', message: err.message });
    process.exitCode = 1;
    setTimeout(() => process.exit(1), 100).unref();
  });
}
