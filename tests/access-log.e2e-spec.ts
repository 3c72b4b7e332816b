/**
 * The access log: every access event stored with its cardholder in the ingest transaction,
 * read back with filters and keyset pages, exported as CSV; names only with a purpose; every
 * search, person view and export audited; the guard kept out.
 */
import type { AccessLogEntryDto, AccessLogPageDto, AuditEntryDto, CardholderDto, QuarantineDto } from '@wachtpost/contracts';
import type { MqttClient } from 'mqtt';
import { SITE, swipe } from './support/access';
import { waitFor } from './support/env';
import { TestHub } from './support/hub';
import { connectMqtt } from './support/mqtt';

const hub = new TestHub();
let device: MqttClient;
let facilities: string;
let admin: string;
let piet: CardholderDto; // a UWV employee of the sample site
let colleague: string; // the badge of a Werkzaak employee
const PURPOSE = 'onderzoek diefstal kamer B1.06';

const page = async (query: string, token = facilities) => hub.client(token).get<AccessLogPageDto>(`/api/v1/access-log?${query}`);

beforeAll(async () => {
  await hub.start();
  device = await connectMqtt(hub.mqttUrl);
  facilities = (await hub.login('facilities')).accessToken;
  admin = (await hub.login('admin')).accessToken;
  piet = (await hub.client(facilities).get<CardholderDto[]>('/api/v1/cardholders?organisation=uwv')).body.find((c) => !c.username && c.badges.length > 1)!;
  expect(piet).toBeDefined();
  colleague = (await hub.client(facilities).get<CardholderDto[]>('/api/v1/cardholders?organisation=werkzaak')).body.find((c) => !c.username)!.badges[0]!.number;
  const [first, second] = piet.badges.map((b) => b.number);
  const t0 = Date.now() - 60 * 60_000;
  const at = (min: number) => new Date(t0 + min * 60_000);
  // 30 events over an hour: Piet in and out on both his badges, strangers denied.
  for (let i = 0; i < 10; i++) {
    await swipe(device, i % 2 ? 'door-main' : 'door-staff', { badge: i % 3 ? first! : second!, direction: i % 2 ? 'out' : 'in', ts: at(i) });
    await swipe(device, 'door-werkplein', { badge: colleague, ts: at(i + 0.5) });
    await swipe(device, 'door-server', { badge: `X${i}`, denied: 'unknown_badge', ts: at(i * 5 + 2) });
  }
  await waitFor(async () => Number((await hub.query<{ n: string }>(`SELECT count(*) AS n FROM access_log`))[0]!.n) === 30, 10_000, '30 access-log rows');
});
afterAll(async () => {
  await device?.endAsync();
  await hub.dispose();
});

describe('storing', () => {
  it('logs every access event once, with the cardholder and organisation resolved, in the same transaction as the event', async () => {
    const counts = await hub.query<{ events: string; log: string }>(
      `SELECT (SELECT count(*) FROM device_events WHERE type LIKE 'access.%') AS events, (SELECT count(*) FROM access_log) AS log`,
    );
    expect(counts[0]).toEqual({ events: '30', log: '30' });
    const mine = await hub.query<{ cardholder_id: string; organisation: string }>(`SELECT DISTINCT cardholder_id, organisation FROM access_log WHERE badge = ANY($1)`, [piet.badges.map((b) => b.number)]);
    expect(mine).toEqual([{ cardholder_id: piet.id, organisation: 'uwv' }]);
    // A redelivered event (same eventId) is not logged twice.
    const id = await swipe(device, 'door-main', { badge: colleague });
    await device.publishAsync(`wachtpost/v1/${SITE}/door-main/event`, JSON.stringify({ eventId: id, ts: new Date().toISOString(), type: 'access.granted', badge: colleague, direction: 'in' }), { qos: 1 });
    await waitFor(async () => (await hub.query(`SELECT 1 FROM device_events WHERE event_id = $1`, [id])).length === 1, 5000, 'the event');
    await new Promise((r) => setTimeout(r, 300));
    expect(await hub.query(`SELECT id FROM access_log WHERE event_id = $1`, [id])).toHaveLength(1);
    await hub.query(`DELETE FROM access_log WHERE event_id = $1`, [id]);
  });

  it('logs an unknown badge as the door reported it, and quarantines a malformed access event', async () => {
    const unknown = (await page('badge=X3')).body.entries;
    expect(unknown).toEqual([expect.objectContaining({ result: 'denied', reason: 'unknown_badge', cardholderId: null, reasonText: { nl: 'Onbekende pas', en: 'Unknown badge' } })]);
    await device.publishAsync(`wachtpost/v1/${SITE}/door-main/event`, JSON.stringify({ eventId: 'bad-access-1', ts: new Date().toISOString(), type: 'access.denied', badge: 'P1', direction: 'in', reason: 'tired' }), { qos: 1 });
    const quarantined = await waitFor(async () => (await hub.client(admin).get<QuarantineDto[]>('/api/v1/quarantine')).body.find((q) => q.payloadHead.includes('bad-access-1')), 5000, 'the quarantine entry');
    expect(quarantined.reason).toBe('invalid_fields');
    expect(await hub.query(`SELECT 1 FROM access_log WHERE event_id = 'bad-access-1'`)).toHaveLength(0);
  });
});

describe('searching', () => {
  it('filters by door, person, badge, organisation, result, reason and time, newest first, with plain-language reasons', async () => {
    const byDoor = (await page('doorId=door-server&limit=100')).body.entries;
    expect(byDoor).toHaveLength(10);
    expect(byDoor.every((e) => e.doorId === 'door-server' && e.doorName === 'Serverruimte' && e.result === 'denied')).toBe(true);
    const times = byDoor.map((e) => Date.parse(e.ts));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect((await page(`cardholderId=${piet.id}`)).body.entries).toHaveLength(10);
    expect((await page(`badge=${piet.badges[1]!.number}`)).body.entries.every((e) => e.badge === piet.badges[1]!.number)).toBe(true);
    expect((await page('organisation=werkzaak')).body.entries).toHaveLength(10);
    expect((await page('result=denied')).body.entries).toHaveLength(10);
    expect((await page('reason=unknown_badge&doorId=door-main')).body.entries).toHaveLength(0);
    const granted = (await page('result=granted&limit=500')).body.entries;
    expect(granted).toHaveLength(20);
    expect(granted[0]!.reasonText).toEqual({ nl: 'Toegang verleend', en: 'Access granted' });
    const mid = granted[10]!.ts;
    const older = (await page(`result=granted&to=${encodeURIComponent(mid)}`)).body.entries;
    expect(older.every((e) => e.ts < mid)).toBe(true);
    expect(older.length).toBeGreaterThan(0);
  });

  it('pages with an opaque cursor through every row exactly once', async () => {
    const seen: AccessLogEntryDto[] = [];
    let cursor: string | null = null;
    do {
      const res: { status: number; body: AccessLogPageDto } = await page(`limit=7${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.status).toBe(200);
      seen.push(...res.body.entries);
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(30);
    expect(new Set(seen.map((e) => e.id)).size).toBe(30);
    expect((await page('cursor=not-a-cursor')).status).toBe(400);
  });

  it('pseudonymises names unless a purpose is given', async () => {
    const anonymous = (await page(`cardholderId=${piet.id}&limit=1`)).body;
    expect(anonymous.pseudonymised).toBe(true);
    expect(anonymous.entries[0]!.cardholderName).toMatch(/^Persoon [0-9a-f]{8}$/);
    expect(anonymous.entries[0]!.cardholderName).not.toContain(piet.name.split(' ')[0]);
    const named = (await page(`cardholderId=${piet.id}&limit=1&purpose=${encodeURIComponent(PURPOSE)}`)).body;
    expect(named.pseudonymised).toBe(false);
    expect(named.entries[0]!.cardholderName).toBe(piet.name);
  });

  it('answers 400 naming the bad filter', async () => {
    for (const [query, field] of [
      ['result=maybe', 'result'],
      ['cardholderId=42', 'cardholderId'],
      ['from=yesterday', 'from'],
      ['limit=100000', 'limit'],
      ['from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z', 'from'],
      ['purpose=x', 'purpose'],
    ]) {
      const res = await hub.client(facilities).get<{ message: string }>(`/api/v1/access-log?${query}`);
      expect(res.status).toBe(400);
      expect(res.body.message).toContain(field);
    }
  });

  it('is closed to the guard, the manager and BHV (403)', async () => {
    for (const user of ['guard', 'manager', 'bhv1']) {
      const token = (await hub.login(user)).accessToken;
      expect((await page('', token)).status).toBe(403);
      expect((await hub.client(token).get('/api/v1/access-log/export.csv')).status).toBe(403);
      expect((await hub.client(token).get('/api/v1/audit')).status).toBe(403);
    }
  });
});

describe('export and audit', () => {
  it('streams the filtered log as CSV, pseudonymised without a purpose and named with one', async () => {
    const res = await fetch(`${hub.baseUrl}/api/v1/access-log/export.csv?organisation=uwv&lang=en`, { headers: { authorization: `Bearer ${facilities}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(res.headers.get('content-disposition')).toMatch(/attachment; filename="access-log-/);
    const lines = (await res.text()).replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toBe('id,time,received,site,door_id,door,badge,direction,result,reason,cardholder_id,name,organisation');
    expect(lines).toHaveLength(11);
    expect(lines.slice(1).every((l) => l.includes(',Persoon ') && l.endsWith(',uwv') && !l.includes(piet.name))).toBe(true);
    const named = await (await fetch(`${hub.baseUrl}/api/v1/access-log/export.csv?cardholderId=${piet.id}&purpose=${encodeURIComponent(PURPOSE)}`, { headers: { authorization: `Bearer ${facilities}` } })).text();
    expect(named.split('\r\n')[0]).toContain('tijd');
    expect(named).toContain(piet.name);
    expect(named).toContain('Toegang verleend');
  });

  it('has written every search, person view and export to the audit log, which only admins read', async () => {
    const audit = await waitFor(async () => {
      const rows = (await hub.client(admin).get<AuditEntryDto[]>('/api/v1/audit?limit=5000')).body;
      return rows.filter((r) => r.action === 'access_log.export').every((r) => r.rowCount !== null) && rows;
    }, 5000, 'export row counts');
    const exports = audit.filter((a) => a.action === 'access_log.export');
    expect(exports).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ actor: 'facilities', filter: { organisation: 'uwv', lang: 'en' }, purpose: null, rowCount: 10 }),
        expect.objectContaining({ actor: 'facilities', filter: expect.objectContaining({ cardholderId: piet.id }), purpose: PURPOSE, rowCount: 10 }),
      ]),
    );
    const person = audit.filter((a) => a.action === 'access_log.person');
    expect(person.some((a) => a.filter.cardholderId === piet.id && a.purpose === PURPOSE && a.rowCount === 1)).toBe(true);
    expect(audit.some((a) => a.action === 'access_log.search' && a.filter.doorId === 'door-server' && a.rowCount === 10)).toBe(true);
    const from = new Date(Date.now() - 60_000).toISOString();
    const recent = (await hub.client(admin).get<AuditEntryDto[]>(`/api/v1/audit?from=${encodeURIComponent(from)}`)).body;
    expect(recent.length).toBeGreaterThan(0);
    expect(recent.every((a) => a.at >= from)).toBe(true);
    expect((await hub.client(facilities).get('/api/v1/audit')).status).toBe(403);
    expect((await hub.client(admin).get('/api/v1/audit?from=gisteren')).status).toBe(400);
  });
});
