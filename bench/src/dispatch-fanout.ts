/**
 * Dispatch fan-out: one alarm press alerts BENCH_FANOUT_RECIPIENTS (200) responders on in-app,
 * e-mail and the SMS webhook at once. Measures, from the press: the first delivery sent, the
 * last one, and the spread between them; the mail and webhook receivers are local peers.
 * Run: node bench/dist/bench/src/dispatch-fanout.js (part of `npm run bench`).
 */
import type { SiteFile } from '@wachtpost/contracts';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startProjectBroker } from '../../tests/support/broker';
import { TestHub } from '../../tests/support/hub';
import { connectMqtt } from '../../tests/support/mqtt';
import { startSmtp, startWebhookReceiver } from '../../tests/support/peers';
import { envInt, nowMs, repoRoot, sleep, summarize, useRealRepoRootInTestSupport } from './support';

const RECIPIENTS = envInt('BENCH_FANOUT_RECIPIENTS', 200);
const RUNS = envInt('BENCH_FANOUT_RUNS', 3);
const CHANNELS = ['inapp', 'email', 'sms'] as const;
const SECRET = 'bench-webhook-secret-0123456789';

function fanoutSite(dir: string): string {
  const sitePath = path.join(repoRoot, 'data/sites/stadhuis-tiel.json');
  const site = JSON.parse(readFileSync(sitePath, 'utf8')) as SiteFile;
  for (const floor of site.floors) floor.plan = path.resolve(path.dirname(sitePath), floor.plan);
  site.responders = Array.from({ length: RECIPIENTS }, (_, i) => ({
    username: `fanout-${String(i + 1).padStart(3, '0')}`,
    organisationId: site.organisations[i % site.organisations.length]!.id,
    functions: ['bhv' as const],
    phone: `+3162000${String(i + 1).padStart(4, '0')}`,
    email: `fanout-${i + 1}@bench.example`,
  }));
  site.scenarios = [
    {
      id: 'fanout',
      name: 'Fan-out',
      trigger: { incidentTypes: ['alarm.pressed'], deviceIds: [], roomIds: [] },
      message: '{type} in {room} om {time}',
      quorum: { bhv: RECIPIENTS + 1 },
      rounds: [{ target: 'all', functions: ['bhv'], channels: [...CHANNELS], waitSeconds: 3600 }],
      drill: false,
      rollCall: false,
    },
  ];
  const file = path.join(dir, 'site.json');
  writeFileSync(file, JSON.stringify(site));
  return file;
}

async function main(): Promise<void> {
  useRealRepoRootInTestSupport();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'wachtpost-fanout-'));
  const siteFile = fanoutSite(dir);
  const [broker, smtp, webhook] = await Promise.all([startProjectBroker(), startSmtp(), startWebhookReceiver(SECRET)]);
  const hub = new TestHub({ mqttUrl: broker.url, env: { SITE_FILE: siteFile, SMTP_URL: smtp.url, SMS_WEBHOOK_URL: webhook.url, SMS_WEBHOOK_SECRET: SECRET, LOG_LEVEL: 'error' } });
  const runs: { firstMs: number; lastMs: number; deliveries: number; spread: ReturnType<typeof summarize> }[] = [];
  try {
    await hub.start();
    // The responders need users; the demo seed skipped them, so create them and seed again.
    await hub.query(
      `INSERT INTO users (username, display_name, password_hash, roles) SELECT 'fanout-' || lpad(i::text, 3, '0'), 'Fan-out ' || i, 'x', ARRAY['bhv'] FROM generate_series(1, $1) i`,
      [RECIPIENTS],
    );
    execFileSync(process.execPath, [path.join(repoRoot, 'apps/hub/dist/cli.js'), 'seed', siteFile], { env: { ...process.env, DATABASE_URL: hub.databaseUrl, LOG_LEVEL: 'error' }, stdio: 'ignore' });
    await hub.stop();
    await hub.start(); // reload the registry and responders
    const device = await connectMqtt(broker.url);
    const buttons = ['btn-b0-10', 'btn-b0-11', 'btn-b0-12', 'btn-b0-13', 'btn-b0-14', 'btn-b0-01'];
    for (let run = 0; run < RUNS; run++) {
      const button = buttons[run % buttons.length]!;
      const t0 = nowMs();
      await device.publishAsync(`wachtpost/v1/stadhuis-tiel/${button}/event`, JSON.stringify({ eventId: `fanout-${Date.now()}-${run}`, ts: new Date().toISOString(), type: 'alarm.pressed' }), { qos: 1 });
      const expected = RECIPIENTS * CHANNELS.length;
      const deadline = Date.now() + 60_000;
      let rows: { ms: number }[] = [];
      while (Date.now() < deadline) {
        rows = await hub.query<{ ms: number }>(
          `SELECT extract(epoch FROM d.sent_at) * 1000 AS ms FROM alert_deliveries d JOIN alerts a ON a.id = d.alert_id JOIN incidents i ON i.id = a.incident_id
            WHERE i.device_id = $1 AND d.state = 'sent' AND d.kind = 'alert'`,
          [button],
        );
        if (rows.length >= expected) break;
        await sleep(100);
      }
      if (rows.length < expected) throw new Error(`only ${rows.length} of ${expected} deliveries sent within 60 s`);
      const times = rows.map((r) => Number(r.ms) - t0).sort((a, b) => a - b);
      runs.push({ firstMs: times[0]!, lastMs: times[times.length - 1]!, deliveries: rows.length, spread: summarize(times) });
      console.log(`[fanout] run ${run + 1}: ${rows.length} deliveries; first ${times[0]!.toFixed(0)} ms, all ${times[times.length - 1]!.toFixed(0)} ms after the press`);
      await sleep(1000);
    }
    await device.endAsync();
    const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const result = {
      startedAt: new Date().toISOString(),
      machine: { cores: os.cpus().length, node: process.version },
      recipients: RECIPIENTS,
      channels: CHANNELS,
      runs,
      medianFirstMs: med(runs.map((r) => r.firstMs)),
      medianAllMs: med(runs.map((r) => r.lastMs)),
      mailsReceived: smtp.mails.length,
      webhookCallsReceived: webhook.calls.length,
      webhookSignaturesValid: webhook.calls.every((c) => c.signatureValid),
    };
    console.log(
      `\nDispatch fan-out: ${RECIPIENTS} recipients × ${CHANNELS.join(', ')}, ${RUNS} presses\n` +
        `  first delivery after the press: median ${result.medianFirstMs.toFixed(0)} ms (target < 1000 ms)\n` +
        `  all ${RECIPIENTS * CHANNELS.length} deliveries sent:        median ${result.medianAllMs.toFixed(0)} ms (target < 5000 ms)\n` +
        `  received by the local peers: ${result.mailsReceived} mails, ${result.webhookCallsReceived} webhook calls (signatures valid: ${result.webhookSignaturesValid})`,
    );
    const out = path.join(repoRoot, 'bench/results');
    mkdirSync(out, { recursive: true });
    const file = path.join(out, `fanout-${result.startedAt.replace(/[:.]/g, '-')}.json`);
    writeFileSync(file, JSON.stringify(result, null, 2));
    console.log(`results: ${path.relative(repoRoot, file)}`);
  } finally {
    await hub.dispose().catch(() => undefined);
    await Promise.all([smtp.stop(), webhook.stop(), broker.stop()]);
    rmSync(dir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (err: Error) => {
    console.error(`[fanout] failed: ${err.message}`);
    process.exit(1);
  },
);
