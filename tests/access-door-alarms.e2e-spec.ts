/**
 * Door alarm rules on the guard's console: repeated denials at one door, a blocked badge tried,
 * access outside opening hours. Each occurrence raises exactly one incident; repeats join it
 * while it is open; after it is resolved the next occurrence opens a new one.
 */
import type { IncidentDetailDto, IncidentDto } from '@wachtpost/contracts';
import type { MqttClient } from 'mqtt';
import type { Socket } from 'socket.io-client';
import { siteFileVariant, swipe } from './support/access';
import { waitFor } from './support/env';
import { TestHub } from './support/hub';
import { connectMqtt } from './support/mqtt';

// The site is closed all week; the stairwell door checks opening hours; the server room alarms at 2 denials.
const site = siteFileVariant((s) => {
  s.access = {
    ...s.access,
    openingHours: {},
    doorRules: { denialThreshold: 3, denialWindowSeconds: 60, outsideHours: false },
    doors: { 'door-stair-1': { outsideHours: true }, 'door-server': { denialThreshold: 2 } },
  };
});
const hub = new TestHub({ env: { SITE_FILE: site.file } });
let device: MqttClient;
let guard: string;
let console: Socket;
const upserts: IncidentDto[] = [];

const incidents = async (doorId: string, type: string) =>
  (await hub.client(guard).get<IncidentDto[]>('/api/v1/incidents?limit=500')).body.filter((i) => i.deviceId === doorId && i.type === type);
/** Waits until the door's events are stored, then a little for any reaction, and answers the door's incidents of that type. */
async function settle(doorId: string, events: number, type: string): Promise<IncidentDto[]> {
  await waitFor(async () => Number((await hub.query<{ n: string }>(`SELECT count(*) AS n FROM access_log WHERE door_id = $1`, [doorId]))[0]!.n) >= events, 5000, `${events} events at ${doorId}`);
  await new Promise((r) => setTimeout(r, 300));
  return incidents(doorId, type);
}
const ago = (s: number) => new Date(Date.now() - s * 1000);

beforeAll(async () => {
  await hub.start();
  device = await connectMqtt(hub.mqttUrl);
  guard = (await hub.login('guard')).accessToken;
  console = await hub.socket(guard);
  console.on('incident.upsert', (i) => upserts.push(i));
});
afterAll(async () => {
  await device?.endAsync();
  await hub.dispose();
  site.remove();
});

describe('three or more denials at one door within 60 s', () => {
  it('does nothing for two, nor for three spread over more than the window', async () => {
    await swipe(device, 'door-main', { badge: 'X1', denied: 'unknown_badge', ts: ago(20) });
    await swipe(device, 'door-main', { badge: 'X2', denied: 'no_permission', ts: ago(10) });
    for (const s of [150, 80, 5]) await swipe(device, 'door-werkplein', { badge: 'X3', denied: 'expired', ts: ago(s) });
    expect(await settle('door-main', 2, 'access.repeated_denials')).toEqual([]);
    expect(await settle('door-werkplein', 3, 'access.repeated_denials')).toEqual([]);
  });

  it('raises one door incident at the third, which the guard sees at once; further denials join it', async () => {
    await swipe(device, 'door-main', { badge: 'X4', denied: 'unknown_badge', ts: ago(1) });
    const [incident] = await waitFor(async () => {
      const found = await incidents('door-main', 'access.repeated_denials');
      return found.length > 0 && found;
    }, 5000, 'the repeated-denials incident');
    expect(incident).toMatchObject({ kind: 'door', status: 'open', triggerCount: 1, roomName: expect.any(String) });
    expect(incident!.instructions.length).toBeGreaterThan(0);
    await waitFor(() => upserts.some((u) => u.id === incident!.id), 2000, 'the incident on the console');
    const detail = (await hub.client(guard).get<IncidentDetailDto>(`/api/v1/incidents/${incident!.id}`)).body;
    expect(detail.timeline[0]).toMatchObject({ kind: 'opened', data: expect.objectContaining({ denials: 3, windowSeconds: 60, badges: expect.arrayContaining(['X4']) }) });

    // (each in a batch of its own: denials arriving in one ingest batch count as one trigger)
    await swipe(device, 'door-main', { badge: 'X5', denied: 'unknown_badge' });
    await settle('door-main', 4, 'access.repeated_denials');
    await swipe(device, 'door-main', { badge: 'X6', denied: 'unknown_badge' });
    const after = await settle('door-main', 5, 'access.repeated_denials');
    expect(after).toHaveLength(1);
    expect(after[0]).toMatchObject({ id: incident!.id, triggerCount: 3 });
  });

  it('uses the door threshold from the site file: two at the server room', async () => {
    await swipe(device, 'door-server', { badge: 'X7', denied: 'no_permission' });
    expect(await settle('door-server', 1, 'access.repeated_denials')).toEqual([]);
    await swipe(device, 'door-server', { badge: 'X7', denied: 'no_permission' });
    expect(await settle('door-server', 2, 'access.repeated_denials')).toHaveLength(1);
  });

  it('opens a new incident for a new occurrence once the first is resolved', async () => {
    const [first] = await incidents('door-main', 'access.repeated_denials');
    expect((await hub.client(guard).post(`/api/v1/incidents/${first!.id}/resolve`, { outcome: 'genuine', note: 'bezoeker met verkeerde pas' })).status).toBe(200);
    for (let i = 0; i < 3; i++) await swipe(device, 'door-main', { badge: `Y${i}`, denied: 'unknown_badge' });
    const all = await settle('door-main', 8, 'access.repeated_denials');
    expect(all).toHaveLength(2);
    expect(all.filter((i) => i.status === 'open')).toHaveLength(1);
  });
});

describe('a blocked badge tried', () => {
  it('raises one incident naming the cardholder and why the badge is blocked; a retry joins it', async () => {
    const facilities = (await hub.login('facilities')).accessToken;
    const block = await hub.client(facilities).post<{ cardholder: { name: string } }>('/api/v1/badges/P200125/block', { reason: 'building_ban', note: 'gebouwontzegging tot 1 maart' });
    expect(block.status).toBe(200);
    await swipe(device, 'door-staff', { badge: 'P200125', denied: 'blocked' });
    const [incident] = await waitFor(async () => {
      const found = await incidents('door-staff', 'access.blocked_badge');
      return found.length > 0 && found;
    }, 5000, 'the blocked-badge incident');
    expect(incident).toMatchObject({ kind: 'door', priority: 2, status: 'open' });
    const opened = (await hub.client(guard).get<IncidentDetailDto>(`/api/v1/incidents/${incident!.id}`)).body.timeline[0]!;
    expect(opened.data).toMatchObject({
      badge: 'P200125',
      cardholderName: block.body.cardholder.name,
      blockReason: 'building_ban',
      blockNote: 'gebouwontzegging tot 1 maart',
      result: 'denied',
      knownBlocked: true,
    });
    // The guard saw a person's name: that look is in the audit log.
    const views = await hub.query<{ actor: string; filter: { incidentId: string } }>(`SELECT actor, filter FROM audit_log WHERE action = 'incident.view'`);
    expect(views).toEqual([{ actor: 'guard', filter: { incidentId: incident!.id } }]);
    await swipe(device, 'door-staff', { badge: 'P200125', denied: 'blocked' });
    const after = await settle('door-staff', 2, 'access.blocked_badge');
    expect(after).toHaveLength(1);
    expect(after[0]!.triggerCount).toBe(2);
  });

  it('also raises it when a door that missed the block lets the badge in', async () => {
    await swipe(device, 'door-werkplein', { badge: 'P200125' });
    const [incident] = await waitFor(async () => {
      const found = await incidents('door-werkplein', 'access.blocked_badge');
      return found.length > 0 && found;
    }, 5000, 'the blocked-badge incident at the second door');
    const opened = (await hub.client(guard).get<IncidentDetailDto>(`/api/v1/incidents/${incident!.id}`)).body.timeline[0]!;
    expect(opened.data).toMatchObject({ result: 'granted', blockReason: 'building_ban' });
  });
});

describe('access outside opening hours', () => {
  it('raises one incident for granted access at a door with the rule, joining repeats; none at other doors', async () => {
    await swipe(device, 'door-stair-1', { badge: 'P200130' });
    await settle('door-stair-1', 1, 'access.outside_hours');
    await swipe(device, 'door-stair-1', { badge: 'P200131', direction: 'out' });
    const found = await waitFor(async () => {
      const f = await incidents('door-stair-1', 'access.outside_hours');
      return f.length > 0 && f[0]!.triggerCount === 2 && f;
    }, 5000, 'the outside-hours incident with both events');
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ kind: 'door', priority: 3 });
    // A denial outside hours is the door doing its job: no alarm.
    await swipe(device, 'door-stair-1', { badge: 'P200132', denied: 'outside_schedule' });
    expect((await settle('door-stair-1', 3, 'access.outside_hours'))[0]!.triggerCount).toBe(2);
    await swipe(device, 'door-main', { badge: 'P200133' });
    await settle('door-main', 9, 'access.outside_hours');
    expect(await incidents('door-main', 'access.outside_hours')).toEqual([]);
  });
});
