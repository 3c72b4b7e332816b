/**
 * BHV dispatch on the real services with local peers for the outside world: a button press
 * starts the alert, e-mail and signed SMS webhooks go out, answers count towards the quorum, a
 * decline pulls in a replacement, silence widens the alert, the quorum stands the others down,
 * and the all-clear reaches everyone.
 */
import type { AlertDetailDto, AlertDto, ResponderViewDto, SiteFile } from '@wachtpost/contracts';
import type { MqttClient } from 'mqtt';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { repoRoot, waitFor } from './support/env';
import { TestHub } from './support/hub';
import { connectMqtt } from './support/mqtt';
import { createECDH, randomBytes } from 'node:crypto';
import { startPushEndpoint, startSmtp, startWebhookReceiver } from './support/peers';

const SECRET = 'test-webhook-secret-0123456789';
const dir = mkdtempSync(path.join(tmpdir(), 'wachtpost-dispatch-'));

/** The sample site with a scenario whose rounds reach distinct people: first aid, then BHV, then the head of BHV by voice. */
function siteFile(): string {
  const sitePath = path.join(repoRoot, 'data/sites/stadhuis-tiel.json');
  const site = JSON.parse(readFileSync(sitePath, 'utf8')) as SiteFile;
  for (const floor of site.floors) floor.plan = path.resolve(path.dirname(sitePath), floor.plan);
  site.responders = site.responders.map((r) => (r.username === 'bhv8' ? { ...r, functions: ['head_bhv'] } : r));
  const alarm = site.scenarios.find((s) => s.id === 'alarm-button')!;
  alarm.quorum = { bhv: 2 };
  alarm.rounds = [
    { target: 'present', functions: ['first_aid'], channels: ['inapp', 'push', 'email', 'sms'], waitSeconds: 60 },
    { target: 'all', functions: ['bhv'], channels: ['email'], waitSeconds: 60 },
    { target: 'all', functions: ['head_bhv'], channels: ['voice'], waitSeconds: 60 },
  ];
  const file = path.join(dir, 'site.json');
  writeFileSync(file, JSON.stringify(site));
  return file;
}

let smtp: Awaited<ReturnType<typeof startSmtp>>;
let webhook: Awaited<ReturnType<typeof startWebhookReceiver>>;
let push: Awaited<ReturnType<typeof startPushEndpoint>>;
let hub: TestHub;
let device: MqttClient;
let guard: string;

const press = (button: string, id: string) =>
  device.publishAsync(`wachtpost/v1/stadhuis-tiel/${button}/event`, JSON.stringify({ eventId: id, ts: new Date().toISOString(), type: 'alarm.pressed' }), { qos: 1 });
const detail = async (id: string) => (await hub.client(guard).get<AlertDetailDto>(`/api/v1/alerts/${id}`)).body;
const mailsFor = (alertId: string, kind: string) => smtp.mails.filter((m) => m.headers['x-wachtpost-alert'] === alertId && m.headers['x-wachtpost-kind'] === kind);

beforeAll(async () => {
  [smtp, webhook, push] = await Promise.all([startSmtp(), startWebhookReceiver(SECRET), startPushEndpoint()]);
  hub = new TestHub({
    env: {
      SITE_FILE: siteFile(),
      SMTP_URL: smtp.url,
      SMS_WEBHOOK_URL: webhook.url,
      SMS_WEBHOOK_SECRET: SECRET,
      DISPATCH_ROUND_WAIT_SECONDS: '4',
      NODE_EXTRA_CA_CERTS: push.caFile,
      DISPATCH_RETRY_DELAY_MS: '100',
      DISPATCH_FLOOD_LIMIT_PER_MINUTE: '2',
    },
  });
  await hub.start();
  guard = (await hub.login('guard')).accessToken;
  device = await connectMqtt(hub.mqttUrl);
});

afterAll(async () => {
  await device?.endAsync();
  await hub?.dispose();
  await Promise.all([smtp?.stop(), webhook?.stop(), push?.stop()]);
  rmSync(dir, { recursive: true, force: true });
});

describe('an alarm press alerts the BHV', () => {
  let alert: AlertDetailDto;

  it('starts one alert within a second and reaches round 1 by app, Web Push, e-mail and signed SMS', async () => {
    // bhv3 has installed the responder page on a phone: a push subscription with real keys.
    const bhv3 = (await hub.login('bhv3')).accessToken;
    const subscription = { endpoint: `${push.origin}/push/bhv3-phone`, keys: { p256dh: createECDH('prime256v1').generateKeys().toString('base64url'), auth: randomBytes(16).toString('base64url') } };
    expect((await hub.client(bhv3).post('/api/v1/push-subscriptions', subscription)).status).toBe(201);
    const bhv1 = await hub.socket((await hub.login('bhv1')).accessToken);
    const inApp = new Promise<ResponderViewDto>((resolve) => bhv1.on('responder.alert', resolve));
    const pressedAt = Date.now();
    await press('btn-b0-12', 'dispatch-press-1');
    const view = await inApp;
    expect(Date.now() - pressedAt).toBeLessThan(1000);
    expect(view.place).toMatchObject({ roomId: 'B0.12', roomName: 'Spreekkamer B0.12' });
    expect(view.alert.message).toContain('Spreekkamer B0.12');

    const [summary] = (await hub.client(guard).get<AlertDto[]>('/api/v1/alerts')).body;
    alert = await waitFor(async () => {
      const a = await detail(summary!.id);
      return a.recipients.every((r) => r.deliveries.every((d) => d.state !== 'queued')) && a;
    }, 10_000, 'round 1 deliveries sent');
    expect(alert).toMatchObject({ scenarioId: 'alarm-button', round: 1, status: 'active', drill: false });
    expect(alert.recipients.map((r) => r.username).sort()).toEqual(['bhv1', 'bhv3', 'bhv6']);
    expect(mailsFor(alert.id, 'alert').map((m) => m.to[0]).sort()).toEqual(['bhv1@stadhuis-tiel.example', 'bhv3@stadhuis-tiel.example', 'bhv6@stadhuis-tiel.example']);
    const sms = webhook.calls.filter((c) => c.body.alertId === alert.id);
    expect(sms).toHaveLength(3);
    expect(sms.every((c) => c.signatureValid && c.body.channel === 'sms' && c.body.link.includes('token='))).toBe(true);
    expect(push.calls).toHaveLength(1);
    expect(push.calls[0]).toMatchObject({ path: '/push/bhv3-phone', vapidValid: true, encoding: 'aes128gcm' });
    const pushed = alert.recipients.flatMap((r) => r.deliveries.filter((d) => d.channel === 'push').map((d) => [r.username, d.state, d.error]));
    expect(pushed.sort()).toEqual([
      ['bhv1', 'skipped', 'no push subscription'],
      ['bhv3', 'sent', null],
      ['bhv6', 'skipped', 'no push subscription'],
    ]);
  });

  it('does not start a second alert for repeated presses of the same button', async () => {
    await press('btn-b0-12', 'dispatch-press-2');
    await new Promise((r) => setTimeout(r, 500));
    expect((await hub.client(guard).get<AlertDto[]>('/api/v1/alerts')).body).toHaveLength(1);
  });

  it('pulls in a replacement at once when someone cannot come (answer through the signed link)', async () => {
    const link = webhook.calls.find((c) => c.body.alertId === alert.id && c.body.to === '+31612345601')!.body.link;
    const token = new URL(link).searchParams.get('token')!;
    const res = await hub.client(null).post<ResponderViewDto>(`/api/v1/alerts/${alert.id}/responses?token=${encodeURIComponent(token)}`, { answer: 'cannot' });
    expect(res.status).toBe(200);
    expect(res.body.me.answer).toBe('cannot');
    const after = await waitFor(async () => {
      const a = await detail(alert.id);
      return a.recipients.length === 4 && a;
    }, 5000, 'a replacement');
    const replacement = after.recipients.find((r) => !['bhv1', 'bhv3', 'bhv6'].includes(r.username))!;
    expect(replacement.round).toBe(1);
    expect(replacement.functions).toContain('bhv');
    expect(after.log.map((l) => l.kind)).toContain('replacement');
  });

  it('refuses a forged link, someone who was not alerted, and an unknown answer', async () => {
    expect((await hub.client(null).post(`/api/v1/alerts/${alert.id}/responses?token=forged`, { answer: 'coming' })).status).toBe(401);
    const bhv8 = (await hub.login('bhv8')).accessToken;
    expect((await hub.client(bhv8).post(`/api/v1/alerts/${alert.id}/responses`, { answer: 'coming' })).status).toBe(403);
    expect((await hub.client((await hub.login('bhv3')).accessToken).post(`/api/v1/alerts/${alert.id}/responses`, { answer: 'maybe' })).status).toBe(400);
  });

  it('widens to the next round when the round passes without a quorum', async () => {
    const widened = await waitFor(async () => {
      const a = await detail(alert.id);
      return a.round === 2 && a;
    }, 10_000, 'round 2');
    expect(widened.recipients.filter((r) => r.round === 2).length).toBeGreaterThan(0);
    expect(widened.recipients.filter((r) => r.round === 2).every((r) => r.functions.includes('bhv'))).toBe(true);
  });

  it('meets the quorum with two "coming" answers and stands the others down', async () => {
    const bhv3 = (await hub.login('bhv3')).accessToken;
    const bhv6 = (await hub.login('bhv6')).accessToken;
    expect((await hub.client(bhv3).post(`/api/v1/alerts/${alert.id}/responses`, { answer: 'coming', etaMinutes: 3 })).status).toBe(200);
    const view = await hub.client(bhv6).post<ResponderViewDto>(`/api/v1/alerts/${alert.id}/responses`, { answer: 'coming', etaMinutes: 5 });
    expect(view.body.coming.map((c) => c.etaMinutes).sort()).toEqual([3, 5]);
    const mine = await hub.client(bhv6).get<ResponderViewDto[]>('/api/v1/alerts/mine');
    expect(mine.body.find((v) => v.alert.id === alert.id)?.me).toMatchObject({ username: 'bhv6', answer: 'coming', etaMinutes: 5 });
    expect((await hub.client(guard).get<ResponderViewDto[]>('/api/v1/alerts/mine')).body).toEqual([]);
    const met = await waitFor(async () => {
      const a = await detail(alert.id);
      return a.status === 'quorum_met' && a;
    }, 5000, 'quorum met');
    expect(met.quorum).toEqual([{ function: 'bhv', needed: 2, confirmed: 2 }]);
    expect(Date.parse(met.firstComingAt!)).toBeLessThanOrEqual(Date.parse(met.quorumMetAt!));
    expect(Date.parse(met.quorumMetAt!)).toBeGreaterThan(Date.parse(met.startedAt));
    expect(met.nextRoundAt).toBeNull();
    const pending = met.recipients.filter((r) => r.answer === 'pending').map((r) => r.username);
    expect(pending.length).toBeGreaterThan(0);
    await waitFor(() => mailsFor(alert.id, 'stand_down').length === pending.length, 10_000, 'stand-down mails');
  });

  it('sends the all-clear to everyone who was alerted', async () => {
    const res = await hub.client(guard).post<AlertDto>(`/api/v1/alerts/${alert.id}/all-clear`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'all_clear', allClearBy: 'guard' });
    const everyone = (await detail(alert.id)).recipients.length;
    await waitFor(() => mailsFor(alert.id, 'all_clear').length === everyone, 10_000, 'all-clear to everyone');
    expect((await hub.client(guard).post(`/api/v1/alerts/${alert.id}/all-clear`)).status).toBe(409);
  });
});

describe('a drill started by hand', () => {
  it('says so in every message, escalates on demand and warns when no round is left', async () => {
    const res = await hub.client(guard).post<AlertDto>('/api/v1/alerts', { scenarioId: 'alarm-button', drill: true });
    expect(res.status).toBe(201);
    const id = res.body.id;
    expect(res.body.drill).toBe(true);
    expect(res.body.message.startsWith('OEFENING')).toBe(true);
    expect((await hub.client(guard).post<AlertDto>(`/api/v1/alerts/${id}/escalate`)).body.round).toBe(2);
    expect((await hub.client(guard).post<AlertDto>(`/api/v1/alerts/${id}/escalate`)).body.round).toBe(3);
    await waitFor(() => mailsFor(id, 'alert').length > 0 && webhook.calls.some((c) => c.body.alertId === id && c.body.channel === 'voice'), 10_000, 'drill messages');
    expect(mailsFor(id, 'alert').every((m) => m.headers['x-wachtpost-drill'] === 'true')).toBe(true);
    expect(webhook.calls.filter((c) => c.body.alertId === id).every((c) => c.body.drill && c.body.text.startsWith('OEFENING'))).toBe(true);
    const warned = await waitFor(async () => {
      const a = await detail(id);
      return a.quorumWarning && a;
    }, 10_000, 'the quorum warning after the last round');
    expect(warned.log.map((l) => l.kind)).toContain('quorum_not_met');
  });

  it('starts the roll call with the evacuation scenario', async () => {
    const res = await hub.client(guard).post<AlertDto>('/api/v1/alerts', { scenarioId: 'evacuation' });
    expect(res.status).toBe(201);
    const started = (await detail(res.body.id)).log.find((l) => l.kind === 'roll_call_started');
    expect(started?.data.evacuationId).toEqual(expect.any(String));
    const evacuation = await hub.client(guard).get<{ id: string; status: string }>(`/api/v1/evacuations/${String(started!.data.evacuationId)}`);
    expect(evacuation.body).toMatchObject({ id: started!.data.evacuationId, status: 'active' });
    // A second start finds the roll call already running and says so.
    const again = await hub.client(guard).post<AlertDto>('/api/v1/alerts', { scenarioId: 'evacuation' });
    expect((await detail(again.body.id)).log.map((l) => l.kind)).toContain('roll_call_running');
  });

  it('answers 400 for an unknown scenario id format and 404 for an unknown scenario', async () => {
    expect((await hub.client(guard).post('/api/v1/alerts', { scenarioId: 'Not Valid' })).status).toBe(400);
    expect((await hub.client(guard).post('/api/v1/alerts', { scenarioId: 'no-such-scenario' })).status).toBe(404);
    expect((await hub.client((await hub.login('bhv2')).accessToken).post('/api/v1/alerts', { scenarioId: 'test' })).status).toBe(403);
  });
});

describe('a hub killed right after the press', () => {
  it('still dispatches after the restart, exactly once per recipient and channel', async () => {
    await press('btn-b0-14', 'dispatch-kill-1');
    await hub.kill();
    await hub.start();
    guard = (await hub.login('guard')).accessToken;
    const alert = await waitFor(async () => {
      const list = (await hub.client(guard).get<AlertDto[]>('/api/v1/alerts?status=active')).body;
      const found = list.find((a) => a.message.includes('B0.14'));
      if (!found) return null;
      const d = await detail(found.id);
      return d.recipients.length > 0 && d.recipients.every((r) => r.deliveries.every((x) => x.state !== 'queued')) && d;
    }, 20_000, 'the alert dispatched after restart');
    const mails = mailsFor(alert.id, 'alert');
    expect(mails.map((m) => m.to[0]).sort()).toEqual([...new Set(mails.map((m) => m.to[0]))].sort());
    expect(mails).toHaveLength(3);
    expect(webhook.calls.filter((c) => c.body.alertId === alert.id)).toHaveLength(3);
  });
});

describe('the flood limit', () => {
  it('starts no automatic alert past the limit and tells the guard on the incident', async () => {
    // Two automatic alerts started this minute (B0.12 and B0.14); the limit is 2.
    await press('btn-b0-10', 'dispatch-flood-1');
    const incident = await waitFor(async () => {
      const open = (await hub.client(guard).get<{ id: string; deviceId: string }[]>('/api/v1/incidents?status=open')).body;
      return open.find((i) => i.deviceId === 'btn-b0-10');
    }, 5000, 'the incident of the third press');
    const timeline = await waitFor(async () => {
      const d = (await hub.client(guard).get<{ timeline: { kind: string; data: Record<string, unknown> }[] }>(`/api/v1/incidents/${incident.id}`)).body;
      return d.timeline.some((e) => e.data.warning === 'dispatch_flood_limit') && d.timeline;
    }, 5000, 'the flood-limit warning');
    expect(timeline.length).toBeGreaterThan(1);
    expect((await hub.client(guard).get<AlertDto[]>(`/api/v1/alerts?incidentId=${incident.id}`)).body).toHaveLength(0);
  });
});
