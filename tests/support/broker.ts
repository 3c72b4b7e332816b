/**
 * A Mosquitto started from the project's own configuration (infra/mosquitto/mosquitto.conf),
 * on a free port, for the tests that depend on its queue limits.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { freePort, repoRoot, waitFor } from './env';
import { connectMqtt } from './mqtt';

export interface Broker {
  url: string;
  stop(): Promise<void>;
}

export async function startProjectBroker(): Promise<Broker> {
  const port = await freePort();
  const dir = mkdtempSync(path.join(tmpdir(), 'wachtpost-broker-'));
  const conf = readFileSync(path.join(repoRoot, 'infra/mosquitto/mosquitto.conf'), 'utf8')
    .replace(/^listener .*$/m, `listener ${port} 127.0.0.1`)
    .replace(/^persistence_location .*$/m, `persistence_location ${dir}/`)
    .replace(/^log_dest .*$/m, `log_dest file ${dir}/mosquitto.log`);
  writeFileSync(path.join(dir, 'mosquitto.conf'), conf);
  const proc: ChildProcess = spawn('mosquitto', ['-c', path.join(dir, 'mosquitto.conf')], { stdio: 'ignore' });
  const url = `mqtt://127.0.0.1:${port}`;
  await waitFor(async () => {
    const c = await connectMqtt(url, { connectTimeout: 500 }).catch(() => null);
    if (!c) return false;
    await c.endAsync();
    return true;
  }, 10_000, 'project broker to accept connections');
  return {
    url,
    async stop() {
      proc.kill('SIGTERM');
      await new Promise((r) => proc.once('exit', r));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
