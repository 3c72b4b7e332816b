/**
 * A production start refuses demo mode, the default secret and demo users, and any wrong
 * configuration stops the start with one message that names the variable.
 */
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { repoRoot } from './support/env';
import { TestHub } from './support/hub';

const hub = new TestHub();

function startHub(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(repoRoot, 'apps/hub/dist/main.js')], {
      env: { ...process.env, DATABASE_URL: hub.databaseUrl, PORT: '0', LOG_LEVEL: 'warn', MQTT_CLIENT_ID_PREFIX: hub.clientIdPrefix, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (b: Buffer) => (output += b.toString()));
    child.stderr.on('data', (b: Buffer) => (output += b.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

afterAll(() => hub.dispose());

it('refuses demo mode in production', async () => {
  const { code, output } = await startHub({ NODE_ENV: 'production', DEMO: 'on', JWT_SECRET: 'a-real-secret-of-this-site' });
  expect(code).not.toBe(0);
  expect(output).toContain('DEMO: demo mode is refused when NODE_ENV=production');
});

it('refuses the default secret in production', async () => {
  const { code, output } = await startHub({ NODE_ENV: 'production', DEMO: 'off' });
  expect(code).not.toBe(0);
  expect(output).toContain('JWT_SECRET');
});

it('names the variable that is wrong', async () => {
  const { code, output } = await startHub({ PORT: 'eighty', MQTT_URL: 'http://nowhere' });
  expect(code).not.toBe(0);
  expect(output).toContain('PORT:');
  expect(output).toContain('MQTT_URL:');
});

it('refuses to start in production while demo users exist', async () => {
  await hub.start(); // demo mode: creates the database with the demo users
  await hub.stop();
  const { code, output } = await startHub({ NODE_ENV: 'production', DEMO: 'off', JWT_SECRET: 'a-real-secret-of-this-site' });
  expect(code).not.toBe(0);
  expect(output).toContain('demo users exist');
});
