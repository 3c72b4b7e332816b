/**
 * When the BHV alert cannot reach anyone — every channel of every recipient fails — that is an
 * alarm of its own on the guard's console.
 */
import type { IncidentDto, SiteFile } from '@wachtpost/contracts';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { freePort, repoRoot, waitFor } from './support/env';
import { TestHub } from './support/hub';
import { connectMqtt } from './support/mqtt';

const dir = mkdtempSync(path.join(tmpdir(), 'wachtpost-dispatch-failure-'));
let hub: TestHub;

/** The sample site with an alarm scenario that uses e-mail only. */
function siteFile(): string {
  const sitePath = path.join(repoRoot, 'data/sites/stadhuis-tiel.json');
  const site = JSON.parse(readFileSync(sitePath, 'utf8')) as SiteFile;
  for (const floor of site.floors) floor.plan = path.resolve(path.dirname(sitePath), floor.plan);
  const alarm = site.scenarios.find((s) => s.id === 'alarm-button')!;
  alarm.rounds = [{ target: 'all', functions: ['first_aid'], channels: ['email'], waitSeconds: 600 }];
  const file = path.join(dir, 'site.json');
  writeFileSync(file, JSON.stringify(site));
  return file;
}

beforeAll(async () => {
  // An SMTP server that is not there: every e-mail fails.
  const deadPort = await freePort();
  hub = new TestHub({ env: { SITE_FILE: siteFile(), SMTP_URL: `smtp://127.0.0.1:${deadPort}`, DISPATCH_MAX_ATTEMPTS: '2', DISPATCH_RETRY_DELAY_MS: '50' } });
  await hub.start();
});

afterAll(async () => {
  await hub?.dispose();
  rmSync(dir, { recursive: true, force: true });
});

it('raises a dispatch.failed alarm when no delivery of the alert reaches anyone', async () => {
  const device = await connectMqtt(hub.mqttUrl);
  await device.publishAsync('wachtpost/v1/stadhuis-tiel/btn-b0-13/event', JSON.stringify({ eventId: 'failing-dispatch-1', ts: new Date().toISOString(), type: 'alarm.pressed' }), { qos: 1 });
  await device.endAsync();
  const guard = (await hub.login('guard')).accessToken;
  const failure = await waitFor(async () => {
    const open = (await hub.client(guard).get<IncidentDto[]>('/api/v1/incidents?status=open')).body;
    return open.find((i) => i.type === 'dispatch.failed');
  }, 20_000, 'the dispatch failure alarm');
  expect(failure).toMatchObject({ kind: 'technical', priority: 2, roomId: 'B0.13' });
  const [alert] = (await hub.client(guard).get<{ id: string }[]>('/api/v1/alerts')).body;
  const detail = (await hub.client(guard).get<{ recipients: { deliveries: { state: string; attempts: number; error: string | null }[] }[]; log: { kind: string }[] }>(`/api/v1/alerts/${alert!.id}`)).body;
  const deliveries = detail.recipients.flatMap((r) => r.deliveries);
  expect(deliveries.length).toBeGreaterThan(0);
  expect(deliveries.every((d) => d.state === 'failed' && d.attempts === 2 && d.error)).toBe(true);
  expect(detail.log.filter((l) => l.kind === 'delivery_failed')).toHaveLength(deliveries.length);
});
