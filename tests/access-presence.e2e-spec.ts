/**
 * Presence from badge events, the BHV dispatch that alerts present members first, and the
 * evacuation roll call that updates live when people badge out.
 */
import type { AlertDetailDto, AlertDto, CardholderDto, EvacuationDto, PresenceDto } from '@wachtpost/contracts';
import type { MqttClient } from 'mqtt';
import { SITE, swipe } from './support/access';
import { waitFor } from './support/env';
import { TestHub } from './support/hub';
import { connectMqtt } from './support/mqtt';

const hub = new TestHub();
let device: MqttClient;
let guard: string;
let holders: CardholderDto[];
const by = (pred: (c: CardholderDto) => boolean) => holders.find(pred)!;
const badge = (c: CardholderDto) => c.badges[0]!.number;
let bhv1: CardholderDto;
let bhv3: CardholderDto;
let uwv: CardholderDto;
let visitor: CardholderDto;
let contractor: CardholderDto;
let forgetful: CardholderDto;

const presence = async () => (await hub.client(guard).get<PresenceDto>(`/api/v1/presence?siteId=${SITE}`)).body;
const logged = async (n: number) =>
  waitFor(async () => Number((await hub.query<{ n: string }>(`SELECT count(*) AS n FROM access_log`))[0]!.n) >= n, 5000, `${n} access events stored`);

beforeAll(async () => {
  await hub.start();
  device = await connectMqtt(hub.mqttUrl);
  guard = (await hub.login('guard')).accessToken;
  holders = (await hub.client((await hub.login('facilities')).accessToken).get<CardholderDto[]>(`/api/v1/cardholders?siteId=${SITE}`)).body;
  bhv1 = by((c) => c.username === 'bhv1');
  bhv3 = by((c) => c.username === 'bhv3');
  uwv = by((c) => c.organisation === 'uwv' && !c.username);
  visitor = by((c) => c.kind === 'visitor' && c.badges[0]!.state === 'active');
  contractor = by((c) => c.kind === 'contractor');
  forgetful = by((c) => c.organisation === 'werkzaak' && !c.username);
});
afterAll(async () => {
  await device?.endAsync();
  await hub.dispose();
});

describe('presence', () => {
  it('is unknown, not empty, before anyone has badged today', async () => {
    expect(await presence()).toMatchObject({ siteId: SITE, known: false, total: 0, notBadgedOut: [] });
  });

  it('follows badges in and out, per organisation, with where each person was last seen', async () => {
    await swipe(device, 'door-main', { badge: badge(bhv1) });
    // Door clocks order the movements (the hub may receive them in either order).
    await swipe(device, 'door-staff', { badge: badge(bhv3), ts: new Date(Date.now() - 2000) });
    await swipe(device, 'door-main', { badge: badge(bhv3), direction: 'out', ts: new Date(Date.now() - 1000) });
    await swipe(device, 'door-werkplein', { badge: badge(uwv) });
    await swipe(device, 'door-main', { badge: badge(visitor) });
    await swipe(device, 'door-staff', { badge: badge(contractor) });
    // Badged in two days ago and never out: not on site today, but listed with where they were last seen.
    await swipe(device, 'door-staff', { badge: badge(forgetful), ts: new Date(Date.now() - 2 * 24 * 3600_000) });
    await logged(7);
    const p = await presence();
    expect(p.known).toBe(true);
    expect(p.total).toBe(4);
    const group = (id: string) => p.organisations.find((o) => o.id === id)!;
    expect(group('gemeente-tiel').people.map((x) => x.cardholderId)).toEqual([bhv1.id]);
    expect(group('gemeente-tiel').people[0]).toMatchObject({ name: bhv1.name, bhv: ['bhv', 'first_aid'], lastSeen: { doorId: 'door-main', doorName: 'Hoofdingang', direction: 'in' } });
    expect(group('werkzaak').count).toBe(0);
    expect(group('uwv').people.map((x) => x.cardholderId)).toEqual([uwv.id]);
    expect(group('visitor').count).toBe(1);
    expect(group('contractor').count).toBe(1);
    expect(p.notBadgedOut).toEqual([expect.objectContaining({ cardholderId: forgetful.id, lastSeen: expect.objectContaining({ doorId: 'door-staff', doorName: 'Personeelsingang' }) })]);
    expect(Date.parse(p.since)).toBeLessThanOrEqual(Date.now());
  });

  it('is not moved back by a late event from earlier', async () => {
    await swipe(device, 'door-main', { badge: badge(bhv1), direction: 'out', ts: new Date(Date.now() - 3600_000) });
    await logged(8);
    const p = await presence();
    expect(p.organisations.find((o) => o.id === 'gemeente-tiel')!.people.map((x) => x.cardholderId)).toEqual([bhv1.id]);
  });

  it('is for the guard, facilities and admin; 400 without a site', async () => {
    expect((await hub.client((await hub.login('bhv2')).accessToken).get(`/api/v1/presence?siteId=${SITE}`)).status).toBe(403);
    expect((await hub.client(guard).get('/api/v1/presence')).status).toBe(400);
    expect((await hub.client(guard).get('/api/v1/presence?siteId=elders')).status).toBe(404);
  });
});

describe('dispatch uses presence', () => {
  it('alerts the BHV member on site in round 1 and the absent ones only in round 2', async () => {
    await device.publishAsync(`wachtpost/v1/${SITE}/btn-b0-12/event`, JSON.stringify({ eventId: 'presence-press-1', ts: new Date().toISOString(), type: 'alarm.pressed' }), { qos: 1 });
    const [alert] = await waitFor(async () => {
      const a = (await hub.client(guard).get<AlertDto[]>('/api/v1/alerts')).body;
      return a.length > 0 && a;
    }, 5000, 'the alert');
    // Round 1 opens just after the alarm's commit: wait for it rather than read the alert too early.
    const round1 = await waitFor(async () => {
      const detail = (await hub.client(guard).get<AlertDetailDto>(`/api/v1/alerts/${alert!.id}`)).body;
      return detail.log.some((l) => l.kind === 'round') && detail;
    }, 5000, 'round 1');
    expect(round1.recipients.map((r) => r.username)).toEqual(['bhv1']);
    expect(round1.log.find((l) => l.kind === 'round')?.data).toMatchObject({ round: 1, presenceKnown: true });
    expect((await hub.client(guard).post<AlertDto>(`/api/v1/alerts/${alert!.id}/escalate`)).body.round).toBe(2);
    const round2 = (await hub.client(guard).get<AlertDetailDto>(`/api/v1/alerts/${alert!.id}`)).body;
    const roundOf = new Map(round2.recipients.map((r) => [r.username, r.round]));
    expect(roundOf.get('bhv1')).toBe(1);
    expect(roundOf.get('bhv3')).toBe(2);
    expect([...roundOf.keys()].sort()).toEqual(['bhv1', 'bhv2', 'bhv3', 'bhv4', 'bhv5', 'bhv6', 'bhv7', 'bhv8']);
  });
});

describe('evacuation roll call', () => {
  let evacuation: EvacuationDto;
  const pushed: EvacuationDto[] = [];

  it('starts with everyone present, per organisation, all missing', async () => {
    const bhvSocket = await hub.socket((await hub.login('bhv2')).accessToken);
    bhvSocket.on('evacuation.upsert', (e) => pushed.push(e));
    const res = await hub.client(guard).post<EvacuationDto>('/api/v1/evacuations', { siteId: SITE });
    expect(res.status).toBe(201);
    evacuation = res.body;
    expect(evacuation).toMatchObject({ siteId: SITE, status: 'active', startedBy: 'guard', counts: { total: 4, missing: 4, accounted: 0, left: 0 } });
    expect(evacuation.organisations.find((o) => o.id === 'uwv')!.people).toEqual([expect.objectContaining({ cardholderId: uwv.id, status: 'missing', lastSeen: expect.objectContaining({ doorName: 'Toegang werkplein' }) })]);
    expect(evacuation.organisations.flatMap((o) => o.people).some((x) => x.cardholderId === forgetful.id)).toBe(false);
    const again = await hub.client(guard).post<{ evacuationId: string }>('/api/v1/evacuations', { siteId: SITE });
    expect(again.status).toBe(409);
    expect(again.body.evacuationId).toBe(evacuation.id);
    // A BHV member's phone opened after the start finds the running roll call.
    const running = await hub.client((await hub.login('bhv3')).accessToken).get<EvacuationDto[]>('/api/v1/evacuations?status=active');
    expect(running.body.map((e) => e.id)).toEqual([evacuation.id]);
  });

  it('updates live when someone badges out', async () => {
    await swipe(device, 'door-main', { badge: badge(uwv), direction: 'out' });
    const live = await waitFor(() => pushed.find((e) => e.id === evacuation.id && e.counts.left === 1), 5000, 'evacuation.upsert after the badge out');
    expect(live.organisations.find((o) => o.id === 'uwv')!.people[0]).toMatchObject({ status: 'left', leftAt: expect.any(String) });
    expect(live.counts).toMatchObject({ missing: 3, left: 1 });
  });

  it('lets a BHV member tick someone off on their phone, and says what is wrong otherwise', async () => {
    const bhv2 = (await hub.login('bhv2')).accessToken;
    const res = await hub.client(bhv2).post<EvacuationDto>(`/api/v1/evacuations/${evacuation.id}/accounted`, { cardholderId: bhv1.id });
    expect(res.status).toBe(200);
    const me = res.body.organisations.flatMap((o) => o.people).find((x) => x.cardholderId === bhv1.id);
    expect(me).toMatchObject({ status: 'accounted', accountedBy: 'bhv2', accountedAt: expect.any(String) });
    expect(res.body.counts).toMatchObject({ missing: 2, accounted: 1, left: 1 });
    expect((await hub.client(bhv2).post(`/api/v1/evacuations/${evacuation.id}/accounted`, { cardholderId: forgetful.id })).status).toBe(404);
    const bad = await hub.client(bhv2).post<{ message: string }>(`/api/v1/evacuations/${evacuation.id}/accounted`, { cardholderId: 'Piet' });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toContain('cardholderId');
    expect((await hub.client((await hub.login('facilities')).accessToken).post(`/api/v1/evacuations/${evacuation.id}/accounted`, { cardholderId: bhv1.id })).status).toBe(403);
    const read = (await hub.client(guard).get<EvacuationDto>(`/api/v1/evacuations/${evacuation.id}`)).body;
    expect(read.counts).toEqual({ total: 4, missing: 2, accounted: 1, left: 1 });
  });

  it('closes, after which nothing more can be ticked off', async () => {
    const closed = await hub.client(guard).post<EvacuationDto>(`/api/v1/evacuations/${evacuation.id}/close`);
    expect(closed.body).toMatchObject({ status: 'closed', closedBy: 'guard' });
    expect((await hub.client(guard).get<EvacuationDto[]>('/api/v1/evacuations?status=active')).body).toEqual([]);
    expect((await hub.client(guard).get<EvacuationDto[]>('/api/v1/evacuations?status=closed')).body.map((e) => e.id)).toEqual([evacuation.id]);
    expect((await hub.client(guard).post(`/api/v1/evacuations/${evacuation.id}/accounted`, { cardholderId: visitor.id })).status).toBe(409);
    expect((await hub.client(guard).get('/api/v1/evacuations/00000000-0000-4000-8000-000000000000')).status).toBe(404);
  });
});
