import type { DeviceEvent, SiteFile } from '@wachtpost/contracts';
import {
  DEFAULT_MAX_INFLIGHT,
  SimulatedDevice,
  swipeOutcome,
  type DeviceState,
  type EventBody,
} from './simulated-device';

export interface SimulatorOptions {
  mqttUrl: string;
  site: SiteFile;
  /** Overrides every device's heartbeat (seconds). */
  heartbeatSeconds?: number;
  /** Random door traffic, events per second over all doors (default 0 = off). */
  accessRatePerSecond?: number;
  /** Simulate only these devices of the site (default all). */
  deviceIds?: string[];
  /** Per device, unacknowledged events above which random traffic is dropped (default 500). */
  maxInflightPerDevice?: number;
  connectTimeoutMs?: number;
}

export interface SimulatorStats {
  /** Events published (sent to the broker). */
  published: number;
  /** Events the broker acknowledged (PUBACK). */
  acked: number;
  /** Events that failed (connection lost before the PUBACK). */
  failed: number;
  /** Random-traffic events not published because the device had too many unacknowledged. */
  dropped: number;
  commandsReceived: number;
  /** Events currently waiting for their PUBACK. */
  inflight: number;
}

const TICK_MS = 20;
const BADGE_POOL_SIZE = 2000;

export function randomBadge(): string {
  return 'B' + String(Math.floor(Math.random() * 1_000_000)).padStart(6, '0');
}

function pick<T>(items: readonly T[]): T {
  const item = items[Math.floor(Math.random() * items.length)];
  if (item === undefined) throw new Error('pick from an empty list');
  return item;
}

/** One random thing happening at a door: mostly badges granted, some denied, now and then the contact. */
/**
 * One random door event: mostly a badge of the site's cardholders let in or out, now and then a
 * door contact, and a few refusals — an unknown badge, or a known one outside its schedule or
 * without permission. "blocked" and "expired" come only from the door's real state (a badge
 * blocked by the hub is refused), never at random, so they mean what they say.
 */
export function randomDoorActivity(state: DeviceState, badges: readonly string[]): EventBody {
  const r = Math.random();
  if (r < 0.05) return { type: state.doorOpen ? 'door.closed' : 'door.opened' };
  const direction = Math.random() < 0.5 ? 'in' : 'out';
  if (r < 0.065) return { type: 'access.denied', badge: randomBadge(), direction, reason: 'unknown_badge' };
  if (r < 0.07) return { type: 'access.denied', badge: pick(badges), direction, reason: pick(['outside_schedule', 'no_permission'] as const) };
  return swipeOutcome(state, pick(badges), direction);
}

/** The badges a site's cardholders carry today; a random pool when the site lists none. */
export function siteBadges(site: SiteFile, today = new Date().toISOString().slice(0, 10)): string[] {
  const badges = site.cardholders.flatMap((c) => c.badges.filter((b) => !b.validUntil || b.validUntil >= today).map((b) => b.number));
  return badges.length ? badges : Array.from({ length: BADGE_POOL_SIZE }, randomBadge);
}

export class Simulator {
  readonly devices: readonly SimulatedDevice[];
  private readonly byId: Map<string, SimulatedDevice>;
  private readonly doors: SimulatedDevice[];
  private readonly badges: string[];
  private rate: number;
  private ticker: NodeJS.Timeout | null = null;
  private lastTick = 0;
  private due = 0;
  private dropped = 0;

  constructor(private readonly options: SimulatorOptions) {
    const { site, deviceIds } = options;
    const unknown = deviceIds?.filter((id) => !site.devices.some((d) => d.id === id)) ?? [];
    if (unknown.length) throw new Error(`not in site ${site.id}: ${unknown.join(', ')}`);
    this.devices = site.devices
      .filter((d) => !deviceIds || deviceIds.includes(d.id))
      .map(
        (device) =>
          new SimulatedDevice({
            mqttUrl: options.mqttUrl,
            siteId: site.id,
            device,
            ...(options.heartbeatSeconds !== undefined && { heartbeatSeconds: options.heartbeatSeconds }),
            maxInflight: options.maxInflightPerDevice ?? DEFAULT_MAX_INFLIGHT,
            ...(options.connectTimeoutMs !== undefined && { connectTimeoutMs: options.connectTimeoutMs }),
          }),
      );
    this.byId = new Map(this.devices.map((d) => [d.id, d]));
    this.doors = this.devices.filter((d) => d.kind === 'door');
    this.badges = siteBadges(site);
    this.rate = Math.max(0, options.accessRatePerSecond ?? 0);
  }

  /** Connects every device; resolves when all are connected (rejects if one cannot). */
  async start(): Promise<void> {
    await Promise.all(this.devices.map((d) => d.start()));
    this.setAccessRate(this.rate);
  }

  async stop(): Promise<void> {
    this.setAccessRate(0);
    await Promise.all(this.devices.map((d) => d.stop()));
  }

  device(id: string): SimulatedDevice {
    const device = this.byId.get(id);
    if (!device) throw new Error(`unknown device ${id}`);
    return device;
  }

  press(deviceId: string, opts: { silent?: boolean } = {}): Promise<DeviceEvent> {
    return this.device(deviceId).press(opts);
  }

  forceDoor(deviceId: string): Promise<DeviceEvent> {
    return this.device(deviceId).forceDoor();
  }

  get accessRate(): number {
    return this.rate;
  }

  /** Random door traffic at n events per second in total (0 stops it). */
  setAccessRate(n: number): void {
    this.rate = Math.max(0, n);
    if (this.rate > 0 && this.doors.length > 0 && !this.ticker) {
      this.lastTick = Date.now();
      this.due = 0;
      this.ticker = setInterval(() => this.tick(), TICK_MS);
    } else if (this.rate === 0 && this.ticker) {
      clearInterval(this.ticker);
      this.ticker = null;
    }
  }

  stats(): SimulatorStats {
    const total: SimulatorStats = { published: 0, acked: 0, failed: 0, dropped: this.dropped, commandsReceived: 0, inflight: 0 };
    for (const d of this.devices) {
      const s = d.stats();
      total.published += s.published;
      total.acked += s.acked;
      total.failed += s.failed;
      total.commandsReceived += s.commandsReceived;
      total.inflight += d.inflight;
    }
    return total;
  }

  /** Publishes what is due since the last tick, so the rate holds whatever the timer jitter. */
  private tick(): void {
    const now = Date.now();
    // At most one second of backlog, so a stalled event loop does not cause a burst.
    this.due = Math.min(this.due + (this.rate * (now - this.lastTick)) / 1000, Math.max(this.rate, 1));
    this.lastTick = now;
    for (; this.due >= 1; this.due--) {
      const door = pick(this.doors);
      if (!door.connected || !door.hasCapacity) {
        this.dropped++;
        continue;
      }
      door.publishEvent(randomDoorActivity(door.state, this.badges)).catch(() => undefined);
    }
  }
}
