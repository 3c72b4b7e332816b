#!/usr/bin/env node
/**
 * `npm start`: the hub in demo mode (database created and migrated, sample site and demo users
 * loaded) serving the console, plus the device simulator, whose commands you can type here.
 */
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const env = { DEMO: 'on', SIMULATOR: 'on', ...process.env };
const port = env.PORT ?? '3000';
const children = [];

function run(name, file, options = {}) {
  const child = spawn(process.execPath, [file], { cwd: root, env, stdio: options.stdio ?? 'inherit' });
  child.on('exit', (code, signal) => {
    if (!stopping) {
      console.error(`[start] ${name} stopped (${signal ?? code}); stopping everything`);
      stop(code ?? 1);
    }
  });
  children.push(child);
  return child;
}

let stopping = false;
function stop(code = 0) {
  stopping = true;
  for (const c of children) if (c.exitCode === null) c.kill('SIGTERM');
  setTimeout(() => process.exit(code), 1500).unref();
}
process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));

async function waitForHub() {
  for (let i = 0; i < 600; i++) {
    try {
      const res = await fetch(`http://127.0.0.1:${port}/api/health`);
      if (res.status === 200 || res.status === 503) return;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('the hub did not start within a minute');
}

run('hub', 'apps/hub/dist/main.js', { stdio: ['ignore', 'inherit', 'inherit'] });
await waitForHub();
console.log(`
  Wachtpost is running: http://localhost:${port}
  API documentation:    http://localhost:${port}/api/docs

  Demo logins (password: wachtpost-demo)
    guard        security guard at reception (the control room)
    bhv1 … bhv8  BHV members
    facilities   facilities / access control
    manager      team lead of Gemeente Tiel (incident register, evaluation)
    manager-uwv  team lead of UWV
    coordinator  security coordinator (the whole campus)
    admin        application administrator
`);
if (env.SIMULATOR !== 'off') {
  console.log('  Simulator: type "help" for its commands, e.g. "press btn-b0-12" or "offline door-main will".\n');
  run('simulator', 'devices-sim/dist/cli.js', { stdio: 'inherit' });
}
