#!/usr/bin/env node
/**
 * Wachtpost device simulator. Env: MQTT_URL, SITE_FILE, SIM_ACCESS_RATE (events/s, default 2),
 * SIM_HEARTBEAT_SECONDS, SIM_PRESS_EVERY_SECONDS (default off). Type `help` for the commands.
 */
import { fstatSync } from 'node:fs';
import { createInterface } from 'node:readline';
import type { DeviceEvent } from '@wachtpost/contracts';
import { defaultSiteFilePath, loadSiteFile } from './site-file';
import { Simulator } from './simulator';

const HELP = [
  'press <deviceId> [silent]     alarm button pressed',
  'reset <deviceId>              alarm button reset on site',
  'force <doorId>                door forced open',
  'held <doorId> <seconds>       door held open too long',
  'offline <deviceId> [will|silent]',
  'online <deviceId>',
  'tamper <deviceId> open|closed',
  'battery <deviceId> <level>    battery low (0-100)',
  'rate <n>                      random door traffic, events/s in total',
  'stats',
  'help',
];

const log = (line: string) => console.log(`[sim] ${line}`);

function numberEnv(name: string, fallback: number | undefined): number | undefined {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 0) throw new Error(`${name} must be a non-negative number, got "${raw}"`);
  return n;
}

function positiveNumber(raw: string | undefined, what: string): number {
  const n = Number(raw);
  if (raw === undefined || !Number.isFinite(n) || n < 0) throw new Error(`${what} must be a non-negative number`);
  return n;
}

function describe(deviceId: string, event: DeviceEvent): string {
  const details = Object.entries(event)
    .filter(([k]) => !['eventId', 'ts', 'type'].includes(k))
    .map(([k, v]) => ` ${k}=${String(v)}`)
    .join('');
  return `${deviceId} ${event.type}${details} (${event.eventId}, acked)`;
}

async function run(sim: Simulator, line: string): Promise<string | null> {
  const [cmd, id = '', arg] = line.trim().split(/\s+/);
  const event = async (p: Promise<DeviceEvent>) => describe(id, await p);
  switch (cmd) {
    case undefined:
    case '':
      return null;
    case 'press':
      return event(sim.press(id, arg === 'silent' ? { silent: true } : {}));
    case 'reset':
      return event(sim.device(id).reset());
    case 'force':
      return event(sim.forceDoor(id));
    case 'held':
      return event(sim.device(id).holdDoor(Math.max(1, Math.round(positiveNumber(arg, 'seconds')))));
    case 'tamper':
      if (arg !== 'open' && arg !== 'closed') throw new Error('usage: tamper <deviceId> open|closed');
      return event(sim.device(id).tamper(arg));
    case 'battery':
      return event(sim.device(id).batteryLow(Math.min(100, Math.round(positiveNumber(arg, 'level')))));
    case 'offline': {
      const mode = arg ?? 'will';
      if (mode !== 'will' && mode !== 'silent') throw new Error('usage: offline <deviceId> [will|silent]');
      await sim.device(id).goOffline(mode);
      return `${id} offline (${mode === 'will' ? 'connection dropped, will published' : 'heartbeats stopped'})`;
    }
    case 'online':
      await sim.device(id).goOnline();
      return `${id} online`;
    case 'rate':
      sim.setAccessRate(positiveNumber(id, 'rate'));
      return `access rate ${sim.accessRate} events/s`;
    case 'stats':
      return `stats ${JSON.stringify(sim.stats())}`;
    case 'help':
      return HELP.join('\n[sim]   ');
    default:
      throw new Error(`unknown command "${cmd}"; type help`);
  }
}

function stdinIsInteractiveOrPipe(): boolean {
  if (process.stdin.isTTY) return true;
  try {
    const stat = fstatSync(0);
    return stat.isFIFO() || stat.isSocket();
  } catch {
    return false;
  }
}

async function main(): Promise<void> {
  const mqttUrl = process.env.MQTT_URL || 'mqtt://127.0.0.1:1883';
  const sitePath = defaultSiteFilePath();
  const site = loadSiteFile(sitePath);
  const heartbeatSeconds = numberEnv('SIM_HEARTBEAT_SECONDS', undefined);
  const pressEvery = numberEnv('SIM_PRESS_EVERY_SECONDS', 0) ?? 0;
  const sim = new Simulator({
    mqttUrl,
    site,
    accessRatePerSecond: numberEnv('SIM_ACCESS_RATE', 2),
    ...(heartbeatSeconds !== undefined && { heartbeatSeconds }),
  });
  sim.devices.forEach((d) =>
    d.on('command', (cmd, ack) =>
      log(`${d.id} <- ${cmd.type} (${cmd.cmdId}) -> ${ack.ok ? 'ok' : `error: ${ack.error}`}`),
    ),
  );

  log(`site ${site.id} (${sitePath}), ${sim.devices.length} devices, broker ${mqttUrl}`);
  let stopping = false;
  let presser: NodeJS.Timeout | undefined;
  const shutdown = async (signal: string) => {
    if (stopping) process.exit(1); // second signal: do not wait
    stopping = true;
    clearInterval(presser);
    log(`${signal}: stopping (devices publish offline)`);
    await sim.stop();
    log(`stopped ${JSON.stringify(sim.stats())}`);
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));

  try {
    await sim.start();
  } catch (err) {
    log(`cannot start: ${(err as Error).message}`);
    await sim.stop();
    process.exit(1);
  }
  log(`all devices online; access traffic ${sim.accessRate} events/s; type help for commands`);

  const buttons = sim.devices.filter((d) => d.kind === 'alarm-button');
  if (pressEvery > 0 && buttons.length) {
    presser = setInterval(() => {
      const button = buttons[Math.floor(Math.random() * buttons.length)];
      if (button) void run(sim, `press ${button.id}`).then((line) => line && log(line), (err: Error) => log(`error: ${err.message}`));
    }, pressEvery * 1000);
    log(`pressing a random alarm button every ${pressEvery} s`);
  }

  if (stdinIsInteractiveOrPipe()) {
    const rl = createInterface({ input: process.stdin, terminal: false });
    rl.on('line', (line) => {
      run(sim, line).then(
        (out) => out && log(out),
        (err: Error) => log(`error: ${err.message}`),
      );
    });
    rl.on('close', () => !stopping && log('stdin closed; still running (Ctrl-C or SIGTERM to stop)'));
  }
}

main().catch((err: Error) => {
  log(`fatal: ${err.message}`);
  process.exit(1);
});
