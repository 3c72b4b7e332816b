/**
 * The core story: a button is pressed, every console sees the alarm, the guard acknowledges
 * (the button's LED says help is on the way) and resolves it (the button goes idle), and every
 * step is stored with who did it and when.
 */
import type { DeviceCommand, IncidentDetailDto, IncidentDto } from '@wachtpost/contracts';
import { SimulatedDevice } from '@wachtpost/devices-sim';
import type { Socket } from 'socket.io-client';
import { waitFor } from './support/env';
import { TestHub } from './support/hub';

const hub = new TestHub();
let button: SimulatedDevice;
let token: string;
const commands: DeviceCommand[] = [];
/** The first alarm, resolved in the core story. */
let resolvedIncidentId = '';
const incidentIdResolvedEarlier = () => resolvedIncidentId;

/** Resolves with the first incident.upsert on `socket` that matches. */
function nextUpsert(socket: Socket, match: (i: IncidentDto) => boolean, timeoutMs = 5000): Promise<IncidentDto> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no matching incident.upsert')), timeoutMs);
    const on = (i: IncidentDto) => {
      if (!match(i)) return;
      clearTimeout(timer);
      socket.off('incident.upsert', on);
      resolve(i);
    };
    socket.on('incident.upsert', on);
  });
}

beforeAll(async () => {
  await hub.start();
  token = (await hub.login('guard')).accessToken;
  button = new SimulatedDevice({ mqttUrl: hub.mqttUrl, siteId: 'stadhuis-tiel', device: { id: 'btn-b0-12', kind: 'alarm-button' } });
  button.on('command', (cmd) => commands.push(cmd));
  await button.start();
});

afterAll(async () => {
  await button?.stop();
  await hub.dispose();
});

describe('alarm button to guard console', () => {
  let incidentId: string;

  it('shows a press on every open console within a second, with room, floor and instructions', async () => {
    const [consoleA, consoleB] = await Promise.all([hub.socket(token), hub.socket((await hub.login('admin')).accessToken)]);
    const seenA = nextUpsert(consoleA, (i) => i.deviceId === 'btn-b0-12' && i.type === 'alarm.pressed');
    const seenB = nextUpsert(consoleB, (i) => i.deviceId === 'btn-b0-12' && i.type === 'alarm.pressed');
    const pressedAt = Date.now();
    await button.press();
    const [a, b] = await Promise.all([seenA, seenB]);
    expect(Date.now() - pressedAt).toBeLessThan(1000);
    expect(b.id).toBe(a.id);
    expect(a).toMatchObject({ status: 'open', kind: 'alarm', roomId: 'B0.12', roomName: 'Spreekkamer B0.12', floorName: 'Begane grond', triggerCount: 1 });
    expect(a.instructions.length).toBeGreaterThan(0);
    incidentId = a.id;

    const open = await hub.client(token).get<IncidentDto[]>('/api/v1/incidents?status=open');
    expect(open.status).toBe(200);
    expect(open.body.map((i) => i.id)).toContain(incidentId);
  });

  it('joins further presses of the same button to the open incident', async () => {
    await button.press();
    await button.press();
    const incident = await waitFor(async () => {
      const res = await hub.client(token).get<IncidentDetailDto>(`/api/v1/incidents/${incidentId}`);
      return res.body.triggerCount === 3 && res.body;
    }, 5000, 'three presses on one incident');
    const alarms = await hub.query(`SELECT id FROM incidents WHERE device_id = 'btn-b0-12' AND type = 'alarm.pressed'`);
    expect(alarms).toHaveLength(1);
    expect(incident.timeline.filter((e) => e.kind === 'triggered')).toHaveLength(2);
  });

  it('acknowledges: the button gets alarm.acknowledged and confirms it; the step is stored with actor and time', async () => {
    const observer = await hub.socket(token);
    const pushed = nextUpsert(observer, (i) => i.id === incidentId && i.status === 'acknowledged');
    const res = await hub.client(token).post<IncidentDto>(`/api/v1/incidents/${incidentId}/acknowledge`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'acknowledged', acknowledgedBy: 'guard' });
    expect(res.body.acknowledgedAt).not.toBeNull();
    await pushed;

    await waitFor(() => commands.some((c) => c.type === 'alarm.acknowledged'), 5000, 'alarm.acknowledged at the button');
    expect(button.state).toMatchObject({ led: 'acknowledged' });
    const detail = await waitFor(async () => {
      const d = (await hub.client(token).get<IncidentDetailDto>(`/api/v1/incidents/${incidentId}`)).body;
      return d.timeline.some((e) => e.kind === 'command.acked') && d;
    }, 5000, 'the command ack in the timeline');
    const ack = detail.timeline.find((e) => e.kind === 'acknowledged');
    expect(ack).toMatchObject({ actor: 'guard' });
    expect(Date.parse(ack!.at)).not.toBeNaN();
  });

  it('refuses to acknowledge twice (409) and refuses a false alarm without a note (400 that says why)', async () => {
    const again = await hub.client(token).post<{ message: string }>(`/api/v1/incidents/${incidentId}/acknowledge`);
    expect(again.status).toBe(409);
    const noNote = await hub.client(token).post<{ message: string }>(`/api/v1/incidents/${incidentId}/resolve`, { outcome: 'false_alarm', note: '' });
    expect(noNote.status).toBe(400);
    expect(noNote.body.message).toMatch(/note/);
    const badOutcome = await hub.client(token).post<{ message: string }>(`/api/v1/incidents/${incidentId}/resolve`, { outcome: 'whatever' });
    expect(badOutcome.status).toBe(400);
    expect(badOutcome.body.message).toMatch(/outcome/);
  });

  it('resolves with an outcome and a note: the button gets alarm.cleared and goes idle', async () => {
    const res = await hub.client(token).post<IncidentDto>(`/api/v1/incidents/${incidentId}/resolve`, { outcome: 'genuine', note: 'Bezoeker rustig vertrokken' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'resolved', resolvedBy: 'guard', outcome: 'genuine', note: 'Bezoeker rustig vertrokken' });
    await waitFor(() => commands.some((c) => c.type === 'alarm.cleared'), 5000, 'alarm.cleared at the button');
    expect(button.state).toMatchObject({ led: 'idle' });
    const detail = (await hub.client(token).get<IncidentDetailDto>(`/api/v1/incidents/${incidentId}`)).body;
    expect(detail.timeline.map((e) => e.kind)).toEqual(expect.arrayContaining(['opened', 'triggered', 'acknowledged', 'resolved', 'command.queued']));
    expect(detail.timeline.find((e) => e.kind === 'resolved')).toMatchObject({ actor: 'guard', data: { outcome: 'genuine' } });
    resolvedIncidentId = incidentId;
  });

  it('opens a new incident for a press after the previous one was resolved', async () => {
    await button.press();
    await waitFor(async () => {
      const open = await hub.client(token).get<IncidentDto[]>('/api/v1/incidents?status=open');
      return open.body.some((i) => i.deviceId === 'btn-b0-12' && i.id !== incidentId);
    }, 5000, 'a second incident');
  });

  it('lists the stored events of the button, newest first', async () => {
    const res = await hub.client(token).get<{ deviceId: string; type: string; ts: string }[]>('/api/v1/events?deviceId=btn-b0-12&limit=10');
    expect(res.status).toBe(200);
    expect(res.body).toHaveLength(4);
    expect(res.body.every((e) => e.deviceId === 'btn-b0-12' && e.type === 'alarm.pressed')).toBe(true);
    const times = res.body.map((e) => Date.parse(e.ts));
    expect([...times].sort((x, y) => y - x)).toEqual(times);
  });
});

describe('authentication and roles', () => {
  it('answers 401 without a token or with a bad one, and rejects such a socket', async () => {
    expect((await hub.client(null).get('/api/v1/incidents')).status).toBe(401);
    expect((await hub.client('not-a-token').get('/api/v1/incidents')).status).toBe(401);
    await expect(hub.socket('not-a-token')).rejects.toThrow(/unauthorized/);
  });

  it('answers 401 for a wrong password and 400 for a login without a password', async () => {
    const wrong = await hub.client(null).post('/api/v1/auth/login', { username: 'guard', password: 'nope' });
    expect(wrong.status).toBe(401);
    const missing = await hub.client(null).post<{ message: string }>('/api/v1/auth/login', { username: 'guard' });
    expect(missing.status).toBe(400);
    expect(missing.body.message).toMatch(/password/);
  });

  it('answers 403 to a role that may not act on incidents', async () => {
    const bhv = (await hub.login('bhv1')).accessToken;
    const open = await hub.client(token).get<IncidentDto[]>('/api/v1/incidents?status=open');
    const res = await hub.client(bhv).post(`/api/v1/incidents/${open.body[0]!.id}/acknowledge`);
    expect(res.status).toBe(403);
    expect((await hub.client((await hub.login('facilities')).accessToken).get('/api/v1/incidents')).status).toBe(403);
  });

  it('answers 400 for a malformed incident id and 404 for an unknown one', async () => {
    expect((await hub.client(token).get('/api/v1/incidents/not-a-uuid')).status).toBe(400);
    expect((await hub.client(token).get('/api/v1/incidents/00000000-0000-4000-8000-000000000000')).status).toBe(404);
  });
});

describe('bulk resolve', () => {
  it('resolves a flood of technical alerts with one outcome, and reports what it skipped', async () => {
    const device = await import('./support/mqtt').then((m) => m.connectMqtt(hub.mqttUrl));
    for (const id of ['btn-u1-01', 'btn-u1-02', 'btn-u1-03']) {
      await device.publishAsync(`wachtpost/v1/stadhuis-tiel/${id}/status`, JSON.stringify({ online: true }), { qos: 1 });
    }
    await device.endAsync();
    const unknown = await waitFor(async () => {
      const open = (await hub.client(token).get<IncidentDto[]>('/api/v1/incidents?status=open')).body.filter((i) => i.type === 'device.unknown');
      return open.length >= 3 && open;
    }, 5000, 'three unknown-device alerts');
    const ids = unknown.map((i) => i.id);
    const res = await hub.client(token).post<{ resolved: IncidentDto[]; skipped: { id: string; reason: string }[] }>('/api/v1/incidents/bulk-resolve', {
      ids: [...ids, incidentIdResolvedEarlier()],
      outcome: 'technical',
      note: 'test devices on the bench',
    });
    expect(res.status).toBe(200);
    expect(res.body.resolved.map((i) => i.id).sort()).toEqual([...ids].sort());
    expect(res.body.resolved.every((i) => i.status === 'resolved' && i.resolvedBy === 'guard')).toBe(true);
    expect(res.body.skipped).toEqual([{ id: incidentIdResolvedEarlier(), reason: 'cannot resolve an incident that is resolved' }]);
    const bad = await hub.client(token).post<{ message: string }>('/api/v1/incidents/bulk-resolve', { ids: [], outcome: 'technical' });
    expect(bad.status).toBe(400);
  });
});
