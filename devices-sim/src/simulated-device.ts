import { randomBytes, randomInt } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { connect, type MqttClient } from 'mqtt';
import {
  DEFAULT_HEARTBEAT_SECONDS,
  deviceCommandSchema,
  deviceTopic,
  eventSchemaFor,
  eventTypesByKind,
  type DeviceChannel,
  type DeviceCommand,
  type DeviceCommandAck,
  type DeviceEvent,
  type DeviceKind,
  type DeviceStatus,
  type SiteFileDevice,
} from '@wachtpost/contracts';

export const FIRMWARE_VERSION = '1.4.2';
export const DEFAULT_MAX_INFLIGHT = 500;
const OFFLINE_STATUS = JSON.stringify({ online: false } satisfies DeviceStatus);

// ---------------------------------------------------------------------------------------------
// Pure helpers (no I/O): event building, status, command handling. Unit-tested.
// ---------------------------------------------------------------------------------------------

/** An event without the fields the device fills in itself. */
export type EventBody = DeviceEvent extends infer E ? (E extends DeviceEvent ? Omit<E, 'eventId' | 'ts'> : never) : never;
export type Direction = 'in' | 'out';
export type LedState = 'idle' | 'alarm' | 'acknowledged';

/** What the device remembers. Alarm buttons use `led` and `battery`, doors the rest. */
export interface DeviceState {
  led: LedState;
  battery: number | null;
  blockedBadges: Set<string>;
  /** Epoch ms until which the door is released by a `door.unlock` command. */
  unlockedUntil: number | null;
  doorOpen: boolean;
}

export function initialState(kind: DeviceKind): DeviceState {
  return {
    led: 'idle',
    battery: kind === 'alarm-button' ? randomInt(80, 101) : null,
    blockedBadges: new Set(),
    unlockedUntil: null,
    doorOpen: false,
  };
}

/** Unique id: base36 time (8 chars) + 48 random bits (8 chars base64url), matching eventIdPattern. */
export function newEventId(now: number = Date.now()): string {
  return now.toString(36).padStart(8, '0') + randomBytes(6).toString('base64url');
}

/** RFC 3339 timestamp in the local zone with its offset, e.g. 2026-11-28T10:15:03.120+01:00. */
export function rfc3339(date: Date = new Date()): string {
  const offsetMin = -date.getTimezoneOffset();
  const local = new Date(date.getTime() + offsetMin * 60_000).toISOString().slice(0, 23);
  const abs = Math.abs(offsetMin);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${local}${offsetMin < 0 ? '-' : '+'}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** Adds eventId and ts and validates against the contract schema for the device kind. */
export function buildEvent(kind: DeviceKind, body: EventBody, now: Date = new Date()): DeviceEvent {
  if (!eventTypesByKind[kind].includes(body.type)) throw new Error(`a ${kind} does not send ${body.type}`);
  return eventSchemaFor(kind).parse({ eventId: newEventId(now.getTime()), ts: rfc3339(now), ...body });
}

/** Updates the device's own state after it sent an event. */
export function applyEvent(state: DeviceState, event: DeviceEvent): void {
  switch (event.type) {
    case 'alarm.pressed':
      state.led = 'alarm';
      break;
    case 'alarm.reset':
      state.led = 'idle';
      break;
    case 'battery.low':
      state.battery = event.level;
      break;
    case 'door.opened':
    case 'door.forced':
      state.doorOpen = true;
      break;
    case 'door.closed':
      state.doorOpen = false;
      break;
    case 'tamper':
    case 'door.held':
    case 'access.granted':
    case 'access.denied':
      break; // nothing the device itself keeps
  }
}

/** What a door reader does with a badge: refuse blocked badges, let the rest in. */
export function swipeOutcome(state: DeviceState, badge: string, direction: Direction): EventBody {
  return state.blockedBadges.has(badge)
    ? { type: 'access.denied', badge, direction, reason: 'blocked' }
    : { type: 'access.granted', badge, direction };
}

export function statusPayload(state: DeviceState, now: Date = new Date()): DeviceStatus {
  return {
    online: true,
    ts: rfc3339(now),
    fw: FIRMWARE_VERSION,
    ...(state.battery !== null && { battery: state.battery }),
    rssi: randomInt(-80, -49),
  };
}

export interface CommandResult {
  /** The valid command, or null when the payload was not one. */
  command: DeviceCommand | null;
  /** The answer for `cmd/ack`, or null when there is no usable cmdId to answer to. */
  ack: DeviceCommandAck | null;
}

/** Validates a `cmd` payload, applies it to the state and says what to answer. */
export function applyCommand(
  kind: DeviceKind,
  state: DeviceState,
  payload: Buffer | string,
  now: number = Date.now(),
): CommandResult {
  let json: unknown;
  try {
    json = JSON.parse(payload.toString());
  } catch {
    return { command: null, ack: null };
  }
  const parsed = deviceCommandSchema.safeParse(json);
  if (!parsed.success) {
    const cmdId = (json as { cmdId?: unknown } | null)?.cmdId;
    if (typeof cmdId !== 'string' || cmdId.length < 1 || cmdId.length > 64) return { command: null, ack: null };
    const why = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    return { command: null, ack: { cmdId, ok: false, error: `invalid command: ${why}`.slice(0, 1000) } };
  }
  const command = parsed.data;
  const error = execute(kind, state, command, now);
  return { command, ack: error ? { cmdId: command.cmdId, ok: false, error } : { cmdId: command.cmdId, ok: true } };
}

/** Returns an error message when the device cannot do it. */
function execute(kind: DeviceKind, state: DeviceState, cmd: DeviceCommand, now: number): string | null {
  const forButton = cmd.type === 'alarm.acknowledged' || cmd.type === 'alarm.cleared';
  if (forButton !== (kind === 'alarm-button')) return `${cmd.type} is not supported by ${kind} devices`;
  switch (cmd.type) {
    case 'alarm.acknowledged':
      state.led = 'acknowledged';
      break;
    case 'alarm.cleared':
      state.led = 'idle';
      break;
    case 'door.unlock':
      state.unlockedUntil = now + cmd.seconds * 1000;
      break;
    case 'badges.block':
      cmd.badges.forEach((b) => state.blockedBadges.add(b));
      break;
    case 'badges.unblock':
      cmd.badges.forEach((b) => state.blockedBadges.delete(b));
      break;
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// The device: one MQTT connection speaking the device contract.
// ---------------------------------------------------------------------------------------------

export interface SimulatedDeviceOptions {
  mqttUrl: string;
  siteId: string;
  device: Pick<SiteFileDevice, 'id' | 'kind'> & { heartbeatSeconds?: number | undefined };
  /** Overrides the heartbeat of the site file (default 30 s). */
  heartbeatSeconds?: number;
  /** Events not yet acknowledged by the broker above which publishing is refused. */
  maxInflight?: number;
  /** How long start() and goOnline() wait for the connection (ms). */
  connectTimeoutMs?: number;
}

export interface DeviceStats {
  published: number;
  acked: number;
  failed: number;
  commandsReceived: number;
}

export interface SimulatedDeviceEvents {
  /** A valid command arrived and was answered with `ack`. */
  command: [command: DeviceCommand, ack: DeviceCommandAck];
  /** Connected, subscribed to `cmd` and (unless silent) status published. */
  connect: [];
  close: [];
}

type Mode = 'online' | 'silent' | 'will';
const noop = () => undefined;

export class SimulatedDevice extends EventEmitter<SimulatedDeviceEvents> {
  readonly id: string;
  readonly kind: DeviceKind;
  readonly siteId: string;
  readonly heartbeatSeconds: number;
  readonly maxInflight: number;
  readonly state: DeviceState;
  /** Last connection error, for diagnostics. */
  lastError: Error | null = null;

  private client: MqttClient | null = null;
  private heartbeat: NodeJS.Timeout | null = null;
  private mode: Mode = 'online';
  private inflightCount = 0;
  private readonly counters: DeviceStats = { published: 0, acked: 0, failed: 0, commandsReceived: 0 };

  constructor(private readonly options: SimulatedDeviceOptions) {
    super();
    this.id = options.device.id;
    this.kind = options.device.kind;
    this.siteId = options.siteId;
    this.heartbeatSeconds = options.heartbeatSeconds ?? options.device.heartbeatSeconds ?? DEFAULT_HEARTBEAT_SECONDS;
    if (!(this.heartbeatSeconds > 0)) throw new Error(`${this.id}: heartbeatSeconds must be > 0`);
    this.maxInflight = options.maxInflight ?? DEFAULT_MAX_INFLIGHT;
    this.state = initialState(this.kind);
  }

  topic(channel: DeviceChannel): string {
    return deviceTopic(this.siteId, this.id, channel);
  }

  get connected(): boolean {
    return this.client?.connected ?? false;
  }

  /** Events published but not yet acknowledged by the broker. */
  get inflight(): number {
    return this.inflightCount;
  }

  get hasCapacity(): boolean {
    return this.inflightCount < this.maxInflight;
  }

  stats(): DeviceStats {
    return { ...this.counters };
  }

  /** Connects; resolves once subscribed to `cmd` and the online status is acknowledged. */
  start(): Promise<void> {
    if (this.client) return Promise.reject(new Error(`${this.id} is already started`));
    this.mode = 'online';
    return this.openSession();
  }

  /** Graceful: publishes the retained offline status, then disconnects (no will). */
  async stop(): Promise<void> {
    this.stopHeartbeat();
    const client = this.client;
    this.client = null;
    if (!client) return;
    client.options.reconnectPeriod = 0; // no reconnect; a forced end also fails pending publishes
    if (!client.connected) {
      await client.endAsync(true);
      return;
    }
    const offline = client.publishAsync(this.topic('status'), OFFLINE_STATUS, { qos: 1, retain: true });
    const ended = offline.then(() => client.endAsync());
    if (!(await settlesWithin(ended, 5000))) client.stream.destroy();
  }

  /**
   * 'will': drops the TCP connection without DISCONNECT, so the broker publishes the will.
   * 'silent': stays connected but stops the heartbeat, so only missed heartbeats tell.
   */
  async goOffline(mode: 'will' | 'silent' = 'will'): Promise<void> {
    this.stopHeartbeat();
    this.mode = mode;
    const client = this.client;
    if (mode === 'silent' || !client) return;
    this.client = null;
    client.options.reconnectPeriod = 0;
    await client.endAsync(true); // forced: destroys the socket, sends no DISCONNECT
  }

  async goOnline(): Promise<void> {
    const wasSilent = this.mode === 'silent';
    this.mode = 'online';
    if (!this.client) return this.openSession();
    if (wasSilent && this.client.connected) {
      await this.publishStatus();
      this.startHeartbeat();
    }
  }

  press(opts: { silent?: boolean } = {}): Promise<DeviceEvent> {
    return this.publishEvent({ type: 'alarm.pressed', ...(opts.silent !== undefined && { silent: opts.silent }) });
  }
  reset(): Promise<DeviceEvent> {
    return this.publishEvent({ type: 'alarm.reset' });
  }
  tamper(state: 'open' | 'closed'): Promise<DeviceEvent> {
    return this.publishEvent({ type: 'tamper', state });
  }
  batteryLow(level: number): Promise<DeviceEvent> {
    return this.publishEvent({ type: 'battery.low', level });
  }
  accessGranted(badge: string, direction: Direction): Promise<DeviceEvent> {
    return this.publishEvent({ type: 'access.granted', badge, direction });
  }
  accessDenied(
    badge: string,
    direction: Direction,
    reason: Extract<EventBody, { type: 'access.denied' }>['reason'],
  ): Promise<DeviceEvent> {
    return this.publishEvent({ type: 'access.denied', badge, direction, reason });
  }
  /** A badge at the reader: denied when blocked by a `badges.block` command, else granted. */
  swipe(badge: string, direction: Direction): Promise<DeviceEvent> {
    return this.publishEvent(swipeOutcome(this.state, badge, direction));
  }
  forceDoor(): Promise<DeviceEvent> {
    return this.publishEvent({ type: 'door.forced' });
  }
  holdDoor(seconds: number): Promise<DeviceEvent> {
    return this.publishEvent({ type: 'door.held', seconds });
  }
  openDoor(): Promise<DeviceEvent> {
    return this.publishEvent({ type: 'door.opened' });
  }
  closeDoor(): Promise<DeviceEvent> {
    return this.publishEvent({ type: 'door.closed' });
  }

  /** Publishes an event with QoS 1; resolves with it once the broker acknowledged (PUBACK). */
  async publishEvent(body: EventBody): Promise<DeviceEvent> {
    const event = buildEvent(this.kind, body);
    const client = this.client;
    if (!client) throw new Error(`${this.id} is offline`);
    if (!this.hasCapacity) throw new Error(`${this.id}: ${this.maxInflight} events unacknowledged, not publishing`);
    applyEvent(this.state, event);
    this.counters.published++;
    this.inflightCount++;
    try {
      await client.publishAsync(this.topic('event'), JSON.stringify(event), { qos: 1 });
      this.counters.acked++;
      return event;
    } catch (err) {
      this.counters.failed++;
      throw err;
    } finally {
      this.inflightCount--;
    }
  }

  private openSession(): Promise<void> {
    const client = connect(this.options.mqttUrl, {
      clientId: this.id,
      protocolVersion: 4,
      clean: true,
      resubscribe: false, // onConnect subscribes on every (re)connect
      reconnectPeriod: 1000,
      will: { topic: this.topic('status'), payload: Buffer.from(OFFLINE_STATUS), qos: 1, retain: true },
    });
    this.client = client;
    client.on('connect', () => void this.onConnect(client));
    client.on('close', () => {
      if (this.client === client) this.stopHeartbeat();
      this.emit('close');
    });
    client.on('message', (_topic, payload) => this.onCommand(client, payload));
    client.on('error', (err) => (this.lastError = err));
    return this.waitReady(this.options.connectTimeoutMs ?? 10_000);
  }

  private async onConnect(client: MqttClient): Promise<void> {
    try {
      await client.subscribeAsync(this.topic('cmd'), { qos: 1 });
      if (this.mode === 'online') {
        await this.publishStatus();
        this.startHeartbeat();
      }
      this.emit('connect');
    } catch (err) {
      this.lastError = err as Error; // the connection dropped meanwhile; the next connect retries
    }
  }

  private onCommand(client: MqttClient, payload: Buffer): void {
    this.counters.commandsReceived++;
    const { command, ack } = applyCommand(this.kind, this.state, payload);
    if (!ack) return;
    client.publishAsync(this.topic('cmd/ack'), JSON.stringify(ack), { qos: 1 }).catch(noop);
    if (command) this.emit('command', command, ack);
  }

  private async publishStatus(): Promise<void> {
    const status = JSON.stringify(statusPayload(this.state));
    await this.client?.publishAsync(this.topic('status'), status, { qos: 1, retain: true });
  }

  private startHeartbeat(): void {
    this.stopHeartbeat();
    this.heartbeat = setInterval(() => void this.publishStatus().catch(noop), this.heartbeatSeconds * 1000);
  }

  private stopHeartbeat(): void {
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.heartbeat = null;
  }

  private waitReady(timeoutMs: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const onReady = () => {
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        this.off('connect', onReady);
        const why = this.lastError ? ` (${this.lastError.message})` : '';
        reject(new Error(`${this.id}: not connected to ${this.options.mqttUrl} within ${timeoutMs} ms${why}`));
      }, timeoutMs);
      this.once('connect', onReady);
    });
  }
}

/** True when the promise settled within ms, false on timeout. */
async function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  try {
    return await Promise.race([promise.then(() => true, () => true), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
