/**
 * The quarterly evaluation against a known set of incidents: real presses and registrations,
 * then their timestamps set to known moments, so every figure below is computed by hand
 * (percentiles by linear interpolation, see docs/evaluation.md). Drills stay out of the real
 * figures; a team lead gets their organisation only; the report has the period's title and no names.
 */
import type { AlertDto, EvaluationDto, FollowUpDto, IncidentDto } from '@wachtpost/contracts';
import { SimulatedDevice } from '@wachtpost/devices-sim';
import { waitFor } from './support/env';
import { TestHub } from './support/hub';

const SITE = 'stadhuis-tiel';
const Q3 = 'from=2026-07-01&to=2026-09-30';
const hub = new TestHub();
const buttons = new Map<string, SimulatedDevice>();
let guard: string;
let manager: string;
let managerUwv: string;
let coordinator: string;
const ids: Record<string, string> = {};

/** Press, acknowledge and resolve one alarm; then move it to `at` with known durations (seconds after the press). */
async function alarm(
  name: string,
  deviceId: string,
  at: string,
  t: { ack: number; resolve: number; coming: number | null; quorum: number | null },
  outcome: 'genuine' | 'false_alarm' | 'test',
): Promise<string> {
  let button = buttons.get(deviceId);
  if (!button) {
    button = new SimulatedDevice({ mqttUrl: hub.mqttUrl, siteId: SITE, device: { id: deviceId, kind: 'alarm-button' } });
    await button.start();
    buttons.set(deviceId, button);
  }
  await button.press();
  const g = hub.client(guard);
  const incident = await waitFor(async () => (await g.get<IncidentDto[]>('/api/v1/incidents?status=open')).body.find((i) => i.deviceId === deviceId), 5000, `${name}'s alarm`);
  await waitFor(async () => (await g.get<AlertDto[]>(`/api/v1/alerts?incidentId=${incident.id}`)).body.length > 0, 5000, `${name}'s BHV alert`);
  expect((await g.post(`/api/v1/incidents/${incident.id}/acknowledge`)).status).toBe(200);
  expect((await g.post(`/api/v1/incidents/${incident.id}/resolve`, { outcome, note: 'evaluatietest' })).status).toBe(200);
  await hub.query(
    `UPDATE incidents SET opened_at = $2::timestamptz, last_trigger_at = $2::timestamptz,
            acknowledged_at = $2::timestamptz + make_interval(secs => $3), resolved_at = $2::timestamptz + make_interval(secs => $4) WHERE id = $1`,
    [incident.id, at, t.ack, t.resolve],
  );
  await hub.query(
    `UPDATE alerts SET started_at = $2::timestamptz,
            first_coming_at = $2::timestamptz + make_interval(secs => $3::float8), quorum_met_at = $2::timestamptz + make_interval(secs => $4::float8) WHERE incident_id = $1`,
    [incident.id, at, t.coming, t.quorum],
  );
  ids[name] = incident.id;
  return incident.id;
}

async function register(name: string, token: string, body: Record<string, unknown>): Promise<string> {
  const res = await hub.client(token).post<FollowUpDto>('/api/v1/incidents', body);
  expect(res.status).toBe(201);
  ids[name] = res.body.incidentId;
  return res.body.incidentId;
}

async function followUp(token: string, id: string, patch: Record<string, unknown>): Promise<void> {
  const res = await hub.client(token).patch(`/api/v1/incidents/${id}/follow-up`, patch);
  expect(res.status).toBe(200);
}

beforeAll(async () => {
  await hub.start();
  const token = async (username: string) => (await hub.login(username)).accessToken;
  [guard, manager, managerUwv, coordinator] = await Promise.all([token('guard'), token('manager'), token('manager-uwv'), token('coordinator')]);

  // Summer time: local = UTC+2. Gemeente Tiel: B0.12 and B0.01 are front-office rooms; B1.06 is UWV's.
  await alarm('A1', 'btn-b0-12', '2026-07-06T07:15:00Z', { ack: 10, resolve: 600, coming: 60, quorum: 120 }, 'genuine'); // Mon 09:15
  await alarm('A2', 'btn-b0-12', '2026-07-08T12:30:00Z', { ack: 20, resolve: 300, coming: 90, quorum: null }, 'false_alarm'); // Wed 14:30
  await alarm('A3', 'btn-b0-01', '2026-08-03T07:45:00Z', { ack: 30, resolve: 900, coming: 30, quorum: 240 }, 'genuine'); // Mon 09:45
  await alarm('A4', 'btn-b1-06', '2026-09-15T09:00:00Z', { ack: 40, resolve: 1200, coming: 50, quorum: 70 }, 'genuine'); // Tue 11:00, UWV
  await alarm('D1', 'btn-b0-10', '2026-07-20T08:00:00Z', { ack: 5, resolve: 100, coming: 15, quorum: 25 }, 'test'); // a drill with the real button

  await register('M1', manager, {
    occurredAt: '2026-08-05T13:20:00+02:00', // Wed 13:20
    category: 'threat',
    organisationId: 'gemeente-tiel',
    location: 'telefonisch',
    description: 'Dreigement aan de telefoon na afwijzing aanvraag',
    employees: [{ name: 'Fatima El Amrani', role: 'klantmanager' }],
  });
  await register('M0', manager, { occurredAt: '2026-05-12T10:00:00+02:00', category: 'threat', organisationId: 'gemeente-tiel', description: 'vorig kwartaal' });
  await register('M2', coordinator, { occurredAt: '2026-07-10T10:00:00+02:00', category: 'verbal_aggression', organisationId: 'uwv', description: 'UWV-balie' });

  // Werkzaak's incidents on the edges of the quarter and in winter time (UTC+1).
  await register('W1', coordinator, { occurredAt: '2026-09-30T23:30:00+02:00', category: 'threat', organisationId: 'werkzaak', description: 'laatste half uur van het kwartaal' });
  await register('W2', coordinator, { occurredAt: '2026-10-01T00:30:00+02:00', category: 'threat', organisationId: 'werkzaak', description: 'eerste half uur van het volgende' });
  await register('W3', coordinator, { occurredAt: '2026-11-10T08:30:00+01:00', category: 'vandalism', organisationId: 'werkzaak', description: 'wintertijd' });

  // A second alert for A1 (a medical scenario started later): the figures take the first "coming" and quorum over both.
  const second = await hub.client(guard).post<AlertDto>('/api/v1/alerts', { scenarioId: 'medical', incidentId: ids.A1 });
  expect(second.status).toBe(201);
  await hub.query(
    `UPDATE alerts SET started_at = '2026-07-06T07:17:00Z', first_coming_at = '2026-07-06T07:18:20Z', quorum_met_at = '2026-07-06T07:20:00Z' WHERE id = $1`,
    [second.body.id],
  );

  await followUp(manager, ids.A1!, { category: 'threat', status: 'follow_up_done', employees: [{ name: 'Fatima El Amrani', role: 'klantmanager' }] });
  await followUp(manager, ids.A3!, { category: 'verbal_aggression', dueDate: '2026-09-01', owner: 'manager' });

  // A drill started by hand, without an alarm.
  const drill = await hub.client(guard).post<AlertDto>('/api/v1/alerts', { scenarioId: 'test', drill: true });
  expect(drill.status).toBe(201);
  ids.drillAlert = drill.body.id;
  await hub.query(
    `UPDATE alerts SET room_id = 'B0.11', started_at = '2026-09-02T08:00:00Z', first_coming_at = '2026-09-02T08:00:45Z', quorum_met_at = '2026-09-02T08:01:40Z' WHERE id = $1`,
    [drill.body.id],
  );
}, 90_000);

afterAll(async () => {
  await Promise.all([...buttons.values()].map((b) => b.stop()));
  await hub.dispose();
});

describe('evaluation of a quarter', () => {
  let e: EvaluationDto;
  beforeAll(async () => {
    const res = await hub.client(manager).get<EvaluationDto>(`/api/v1/evaluation?${Q3}`);
    expect(res.status).toBe(200);
    e = res.body;
  });

  it("counts the team lead's organisation against the previous quarter, drills apart", () => {
    expect(e.organisationId).toBe('gemeente-tiel');
    expect(e.period).toEqual({ from: '2026-07-01', to: '2026-09-30' });
    expect(e.previousPeriod).toEqual({ from: '2026-04-01', to: '2026-06-30' });
    // A1, A2, A3, M1 — not the drill D1, not UWV's A4 and M2; M0 lies in the previous quarter.
    expect(e.total).toEqual({ count: 4, previous: 1 });
    expect(e.byCategory).toEqual([
      { category: 'verbal_aggression', count: 1, previous: 0 },
      { category: 'threat', count: 2, previous: 1 },
      { category: 'false_alarm', count: 1, previous: 0 },
    ]);
  });

  it('places them: rooms, floors, front office against elsewhere', () => {
    expect(e.byPlace).toEqual({ frontOffice: 3, elsewhere: 1 });
    expect(e.byRoom).toEqual(
      expect.arrayContaining([
        { roomId: 'B0.12', roomName: 'Spreekkamer B0.12', floorName: 'Begane grond', count: 2 },
        { roomId: 'B0.01', roomName: 'Publieksbalie', floorName: 'Begane grond', count: 1 },
        { roomId: null, roomName: null, floorName: null, count: 1 },
      ]),
    );
    expect(e.byRoom).toHaveLength(3);
    expect(e.byRoom[0]!.roomId).toBe('B0.12');
    expect(e.byFloor).toEqual([
      { floorId: 'floor-0', floorName: 'Begane grond', count: 3 },
      { floorId: null, floorName: null, count: 1 },
    ]);
  });

  it('by weekday and hour in the site time zone', () => {
    expect(e.byWeekday).toEqual([
      { weekday: 1, count: 2 },
      { weekday: 2, count: 0 },
      { weekday: 3, count: 2 },
      { weekday: 4, count: 0 },
      { weekday: 5, count: 0 },
      { weekday: 6, count: 0 },
      { weekday: 7, count: 0 },
    ]);
    expect(e.byHour.filter((h) => h.count > 0)).toEqual([
      { hour: 9, count: 2 },
      { hour: 13, count: 1 },
      { hour: 14, count: 1 },
    ]);
    expect(e.byHour).toHaveLength(24);
    expect(e.byWeekdayHour).toEqual([
      { weekday: 1, hour: 9, count: 2 },
      { weekday: 3, hour: 13, count: 1 },
      { weekday: 3, hour: 14, count: 1 },
    ]);
  });

  it('gives response medians and 90th percentiles over the presses', () => {
    // ack 10, 20, 30 → median 20, p90 20 + 0.8 × 10 = 28
    // first "coming" 30, 60, 90 → 60 and 84; quorum 120, 240 (A2 never reached it) → 180 and 228
    // resolved 300, 600, 900 → 600 and 840
    expect(e.response).toEqual({
      acknowledged: { count: 3, medianSeconds: 20, p90Seconds: 28 },
      firstComing: { count: 3, medianSeconds: 60, p90Seconds: 84 },
      quorum: { count: 2, medianSeconds: 180, p90Seconds: 228 },
      resolved: { count: 3, medianSeconds: 600, p90Seconds: 840 },
    });
  });

  it('gives the false-alarm rate per device', () => {
    expect(e.falseAlarms).toEqual([
      { deviceId: 'btn-b0-12', deviceName: expect.any(String), roomName: 'Spreekkamer B0.12', alarms: 2, falseAlarms: 1, rate: 0.5 },
      { deviceId: 'btn-b0-01', deviceName: expect.any(String), roomName: 'Publieksbalie', alarms: 1, falseAlarms: 0, rate: 0 },
    ]);
  });

  it('shows the state of the follow-up and what is overdue', () => {
    // A1 done; A2 (false alarm, no follow-up yet), A3 and M1 open; A3 was due on 1 September.
    expect(e.followUp).toEqual({ open: 3, followUpDone: 1, closed: 0, overdue: 1 });
    expect(e.overdue).toEqual([
      { incidentId: ids.A3, category: 'verbal_aggression', dueDate: '2026-09-01', owner: 'manager', daysOverdue: expect.any(Number), organisationId: 'gemeente-tiel' },
    ]);
    expect(e.overdue[0]!.daysOverdue).toBeGreaterThan(0);
  });

  it('keeps drills in their own section: the drill press and the drill started by hand', () => {
    expect(e.drills.count).toBe(2);
    expect(e.drills.items).toEqual([
      { incidentId: ids.D1, alertId: null, at: '2026-07-20T08:00:00.000Z', roomName: 'Spreekkamer B0.10', firstComingSeconds: 15, quorumSeconds: 25 },
      { incidentId: null, alertId: ids.drillAlert, at: '2026-09-02T08:00:00.000Z', roomName: 'Spreekkamer B0.11', firstComingSeconds: 45, quorumSeconds: 100 },
    ]);
    // first "coming" 15, 45 → median 30, p90 15 + 0.9 × 30 = 42; quorum 25, 100 → 62.5 and 92.5
    expect(e.drills.response).toEqual({
      acknowledged: { count: 1, medianSeconds: 5, p90Seconds: 5 },
      firstComing: { count: 2, medianSeconds: 30, p90Seconds: 42 },
      quorum: { count: 2, medianSeconds: 62.5, p90Seconds: 92.5 },
      resolved: { count: 1, medianSeconds: 100, p90Seconds: 100 },
    });
  });
});

describe('the edges of a period', () => {
  it('counts by local time: the last half hour of a quarter in it, the first half hour of the next in that one, winter time too', async () => {
    const q3 = (await hub.client(coordinator).get<EvaluationDto>(`/api/v1/evaluation?${Q3}&organisation=werkzaak`)).body;
    expect(q3.total).toEqual({ count: 1, previous: 0 });
    expect(q3.byWeekdayHour).toEqual([{ weekday: 3, hour: 23, count: 1 }]);
    const q4 = (await hub.client(coordinator).get<EvaluationDto>('/api/v1/evaluation?from=2026-10-01&to=2026-12-31&organisation=werkzaak')).body;
    expect(q4.previousPeriod).toEqual({ from: '2026-07-01', to: '2026-09-30' });
    expect(q4.total).toEqual({ count: 2, previous: 1 });
    // 1 October 00:30 (Thursday, summer time) and 10 November 08:30 (Tuesday, winter time).
    expect(q4.byWeekdayHour).toEqual([
      { weekday: 2, hour: 8, count: 1 },
      { weekday: 4, hour: 0, count: 1 },
    ]);
  });
});

describe('who sees which figures', () => {
  it('gives the coordinator the whole campus, or one organisation on request', async () => {
    const all = await hub.client(coordinator).get<EvaluationDto>(`/api/v1/evaluation?${Q3}`);
    expect(all.status).toBe(200);
    expect(all.body.organisationId).toBeNull();
    // A1–A4, M1, M2 and W1 (23:30 on 30 September, local time).
    expect(all.body.total).toEqual({ count: 7, previous: 1 });
    const uwv = await hub.client(coordinator).get<EvaluationDto>(`/api/v1/evaluation?${Q3}&organisation=uwv`);
    expect(uwv.body.total.count).toBe(2);
    expect(uwv.body.byCategory).toEqual([
      { category: 'verbal_aggression', count: 1, previous: 0 },
      { category: 'uncategorised', count: 1, previous: 0 },
    ]);
  });

  it("refuses a team lead another organisation's figures, and guards the evaluation", async () => {
    const other = await hub.client(managerUwv).get<{ message: string }>(`/api/v1/evaluation?${Q3}&organisation=gemeente-tiel`);
    expect(other.status).toBe(403);
    expect(other.body.message).toMatch(/uwv/);
    expect((await hub.client(manager).get(`/api/v1/evaluation/report.csv?${Q3}&organisation=uwv`)).status).toBe(403);
    expect((await hub.client(guard).get(`/api/v1/evaluation?${Q3}`)).status).toBe(403);
    const own = await hub.client(managerUwv).get<EvaluationDto>(`/api/v1/evaluation?${Q3}`);
    expect(own.body).toMatchObject({ organisationId: 'uwv', total: { count: 2, previous: 0 } });
  });

  it('says what is wrong with a bad period', async () => {
    const res = await hub.client(manager).get<{ message: string }>('/api/v1/evaluation?from=2026-09-30&to=2026-07-01');
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(/to: to must not be before from/);
    expect((await hub.client(manager).get<{ message: string }>('/api/v1/evaluation?from=1-7-2026&to=2026-09-30')).body.message).toMatch(/from: must be a date/);
  });
});

describe('period report', () => {
  it('renders the PDF with the period in its title', async () => {
    const res = await hub.client(coordinator).raw(`/api/v1/evaluation/report.pdf?${Q3}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    const pdf = Buffer.from(await res.arrayBuffer());
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.length).toBeGreaterThan(5000);
    // Chromium writes the page's <title> into the document information, as UTF-16 when it is not plain ASCII.
    const title = 'Evaluatie incidenten Stadhuiscampus Tiel, 1 juli 2026 t/m 30 september 2026';
    const utf16 = Buffer.from(`\ufeff${title}`, 'utf16le').swap16().toString('hex').toUpperCase();
    const text = pdf.toString('latin1');
    expect(text.includes(`(${title})`) || text.toUpperCase().includes(utf16)).toBe(true);
  }, 60_000);

  it('the print page and the CSV name no one', async () => {
    const html = await (await hub.client(coordinator).raw(`/api/v1/evaluation/report.html?${Q3}`)).text();
    expect(html).toContain('<title>Evaluatie incidenten Stadhuiscampus Tiel, 1 juli 2026 t/m 30 september 2026</title>');
    expect(html).not.toContain('Fatima');
    const csvRes = await hub.client(manager).raw(`/api/v1/evaluation/report.csv?${Q3}`);
    expect(csvRes.headers.get('content-type')).toMatch(/^text\/csv/);
    const csv = await csvRes.text();
    expect(csv).not.toContain('Fatima');
    const lines = csv.trim().split('\r\n');
    expect(lines[0]).toMatch(/^incident,moment,weekdag,uur,bron,soort,oefening,/);
    // A1, A2, A3, M1 and the drill D1 (marked), not UWV's.
    expect(lines).toHaveLength(1 + 5);
    const a1 = lines.find((l) => l.startsWith(ids.A1!))!;
    expect(a1).toContain('2026-07-06 09:15,maandag,9,alarm,threat,nee,gemeente-tiel,Begane grond,Spreekkamer B0.12,ja,10,60,120,600');
    expect(lines.find((l) => l.startsWith(ids.D1!))).toContain(',drill,ja,');
    const audit = await hub.query<{ action: string; actor: string }>(`SELECT action, actor FROM audit_log WHERE action = 'evaluation.report' ORDER BY at`);
    expect(audit.map((a) => a.actor)).toEqual(expect.arrayContaining(['coordinator', 'manager']));
  });
});
