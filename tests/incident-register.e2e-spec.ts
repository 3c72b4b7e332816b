/**
 * The incident register: a genuine alarm enters it with a due date, a manager registers an
 * incident that had no alarm, follows it up (names only in the follow-up itself, audited;
 * pseudonyms in the list), a building ban blocks the aggressor's badge at every door, an overdue
 * follow-up is reminded once to the managers who see it, and guards and managers each see only
 * the incidents that are theirs.
 */
import { randomUUID } from 'node:crypto';
import type {
  AlertDto,
  AuditEntryDto,
  BadgeDetailDto,
  DeviceCommand,
  FollowUpDto,
  FollowUpPatch,
  FollowUpSummaryDto,
  IncidentDetailDto,
  IncidentDto,
  RegisterIncidentRequest,
} from '@wachtpost/contracts';
import { SimulatedDevice } from '@wachtpost/devices-sim';
import { SITE } from './support/access';
import { waitFor } from './support/env';
import { TestHub } from './support/hub';

const TZ = 'Europe/Amsterdam';
const DAY_MS = 86_400_000;
const DOORS = ['door-main', 'door-staff', 'door-werkplein', 'door-stair-1', 'door-server'];
/** A visitor of the sample site with one badge: the aggressor who gets a building ban. */
const AGGRESSOR = { externalId: 'V9001', badge: 'V900001' };
const NAME = 'Jan Jansen';

// One hub for the file; the reminder job looks for overdue follow-ups every second.
const hub = new TestHub({ env: { FOLLOW_UP_REMINDER_EVERY_SECONDS: '1' } });
type User = 'guard' | 'manager' | 'manager-uwv' | 'coordinator' | 'admin' | 'facilities' | 'manager-new' | 'guard-uwv';
const tokens = {} as Record<User, string>;
const as = (user: User) => hub.client(tokens[user]);
const devices = new Map<string, SimulatedDevice>();
const received = new Map<string, DeviceCommand[]>();

/** A calendar date (YYYY-MM-DD) in the site's time zone. */
const dayIn = (at: Date) => new Intl.DateTimeFormat('en-CA', { timeZone: TZ, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
const addDays = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
const today = () => dayIn(new Date());
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function device(id: string, kind: 'alarm-button' | 'door'): SimulatedDevice {
  const d = new SimulatedDevice({ mqttUrl: hub.mqttUrl, siteId: SITE, device: { id, kind } });
  d.on('command', (cmd) => received.set(id, [...(received.get(id) ?? []), cmd]));
  devices.set(id, d);
  return d;
}

/** Presses the button (or forces the door) and answers the id of the new incident it opened. */
async function raiseAlarm(deviceId: string): Promise<string> {
  const earlier = new Set((await hub.query<{ id: string }>(`SELECT id FROM incidents WHERE device_id = $1`, [deviceId])).map((r) => r.id));
  const d = devices.get(deviceId)!;
  await (deviceId.startsWith('door-') ? d.publishEvent({ type: 'door.forced' }) : d.press());
  return waitFor(
    async () => (await as('admin').get<IncidentDto[]>('/api/v1/incidents?status=open')).body.find((i) => i.deviceId === deviceId && !earlier.has(i.id))?.id,
    5000,
    `a new alarm from ${deviceId}`,
  );
}

/** The guard acknowledges and resolves the alarm with this outcome. */
async function handle(incidentId: string, outcome: 'genuine' | 'false_alarm' = 'genuine'): Promise<void> {
  expect((await as('guard').post(`/api/v1/incidents/${incidentId}/acknowledge`)).status).toBe(200);
  const res = await as('guard').post<IncidentDto>(`/api/v1/incidents/${incidentId}/resolve`, { outcome, note: 'Bezoeker vertrokken na gesprek' });
  expect(res.status).toBe(200);
  expect(res.body).toMatchObject({ status: 'resolved', outcome });
}

/** A threat by phone, as a team leader of the municipality registers it. */
function registration(over: Partial<RegisterIncidentRequest> = {}): RegisterIncidentRequest {
  return {
    occurredAt: new Date(Date.now() - 2 * 3_600_000).toISOString(),
    category: 'threat',
    organisationId: 'gemeente-tiel',
    location: 'Telefonisch, klantcontactcentrum',
    description: 'Klant dreigde aan de telefoon verhaal te komen halen op het stadhuis',
    employees: [{ name: NAME, role: 'klantmanager' }],
    ...over,
  };
}

async function register(over: Partial<RegisterIncidentRequest> = {}): Promise<FollowUpDto> {
  const res = await as('manager').post<FollowUpDto>('/api/v1/incidents', registration(over));
  expect(res.status).toBe(201);
  return res.body;
}

const registerList = async (user: User, query = '') => {
  const res = await as(user).get<FollowUpSummaryDto[]>(`/api/v1/follow-ups${query}`);
  expect(res.status).toBe(200);
  return res.body;
};
const incidentIds = async (user: User) => {
  const res = await as(user).get<IncidentDto[]>('/api/v1/incidents?limit=500');
  expect(res.status).toBe(200);
  return res.body.map((i) => i.id);
};
const auditOf = async (incidentId: string) => {
  const res = await as('admin').get<AuditEntryDto[]>('/api/v1/audit?limit=5000');
  expect(res.status).toBe(200);
  return res.body.filter((e) => e.filter.incidentId === incidentId);
};

beforeAll(async () => {
  await hub.start();
  // A manager given neither an organisation nor the campus, and a guard who is also UWV's team lead.
  await hub.query(
    `INSERT INTO users (username, display_name, password_hash, roles, organisation_id, is_demo)
     SELECT 'manager-new', 'Nieuwe manager', password_hash, '{manager}'::text[], NULL, true FROM users WHERE username = 'manager'
     UNION ALL SELECT 'guard-uwv', 'Beveiliger en teamleider', password_hash, '{guard,manager}'::text[], 'uwv', true FROM users WHERE username = 'manager'`,
  );
  for (const user of ['guard', 'manager', 'manager-uwv', 'coordinator', 'admin', 'facilities', 'manager-new', 'guard-uwv'] as const) tokens[user] = (await hub.login(user)).accessToken;
  await Promise.all([device('btn-b0-12', 'alarm-button'), device('btn-b1-06', 'alarm-button'), ...DOORS.map((id) => device(id, 'door'))].map((d) => d.start()));
});

afterAll(async () => {
  await Promise.all([...devices.values()].map((d) => d.stop()));
  await hub.dispose();
});

describe('a genuine alarm enters the register', () => {
  it("lists the resolved alarm for its organisation's manager and the coordinator, open and due in 14 days, without names; not for another organisation", async () => {
    const id = await raiseAlarm('btn-b0-12');
    await handle(id, 'genuine');

    const mine = (await registerList('manager')).find((f) => f.incidentId === id);
    expect(mine).toMatchObject({
      source: 'alarm',
      type: 'alarm.pressed',
      roomId: 'B0.12',
      organisationId: 'gemeente-tiel',
      status: 'open',
      liveOutcome: 'genuine',
      dueDate: addDays(today(), 14),
      overdue: false,
      employeePseudonyms: [],
    });
    expect(mine).not.toHaveProperty('employees');
    expect(mine).not.toHaveProperty('description');
    const stored = await hub.query<{ due: string }>(`SELECT due_date::text AS due FROM incident_follow_ups WHERE incident_id = $1`, [id]);
    expect(stored).toEqual([{ due: addDays(today(), 14) }]);

    const full = await as('manager').get<FollowUpDto>(`/api/v1/incidents/${id}/follow-up`);
    expect(full.status).toBe(200);
    expect(full.body).toMatchObject({ incidentId: id, source: 'alarm', organisationId: 'gemeente-tiel', status: 'open', employees: [] });
    expect(full.body.response.acknowledgedAt).not.toBeNull();
    expect(full.body.response.resolvedAt).not.toBeNull();

    // UWV's team leader neither sees nor touches it.
    expect((await registerList('manager-uwv')).map((f) => f.incidentId)).not.toContain(id);
    expect((await as('manager-uwv').get(`/api/v1/incidents/${id}/follow-up`)).status).toBe(403);
    expect((await as('manager-uwv').patch(`/api/v1/incidents/${id}/follow-up`, { measures: 'door UWV ingevuld' })).status).toBe(403);
    expect((await as('manager-uwv').get('/api/v1/follow-ups?organisation=gemeente-tiel')).status).toBe(403);
    expect((await as('manager').get<FollowUpDto>(`/api/v1/incidents/${id}/follow-up`)).body.measures).toBe('');

    // The security coordinator (campus scope) sees it; a guard does not see the register at all.
    expect((await registerList('coordinator')).map((f) => f.incidentId)).toContain(id);
    expect((await as('coordinator').get(`/api/v1/incidents/${id}/follow-up`)).status).toBe(200);
    expect((await as('guard').get('/api/v1/follow-ups')).status).toBe(403);
    expect((await as('guard').get(`/api/v1/incidents/${id}/follow-up`)).status).toBe(403);
  });
});

describe('filtering the register', () => {
  it('lists a false alarm (no follow-up row) under ?overdue=false, as its entry says overdue: false', async () => {
    const id = await raiseAlarm('btn-b0-12');
    await handle(id, 'false_alarm');
    const entry = (await registerList('manager')).find((f) => f.incidentId === id);
    expect(entry).toMatchObject({ source: 'alarm', category: 'false_alarm', liveOutcome: 'false_alarm', status: 'open', overdue: false, dueDate: null });
    expect((await registerList('manager', '?status=open')).map((f) => f.incidentId)).toContain(id);
    expect((await registerList('manager', '?overdue=true')).map((f) => f.incidentId)).not.toContain(id);
    expect((await registerList('manager', '?overdue=false')).map((f) => f.incidentId)).toContain(id);
  });
});

describe('an alarm in a shared room', () => {
  it('has no organisation until the security coordinator assigns one; then that manager sees it', async () => {
    // door-main is in the central hall (B0.03), which belongs to no organisation.
    const id = await raiseAlarm('door-main');
    await handle(id, 'genuine');
    const forCoordinator = (await registerList('coordinator')).find((f) => f.incidentId === id);
    expect(forCoordinator).toMatchObject({ source: 'door', type: 'door.forced', roomId: 'B0.03', organisationId: null, status: 'open', dueDate: addDays(today(), 14) });
    expect((await registerList('manager')).map((f) => f.incidentId)).not.toContain(id);
    // The coordinator's to-do: the incidents nobody has been given yet.
    const unassigned = await registerList('coordinator', '?organisation=none');
    expect(unassigned.map((f) => f.incidentId)).toContain(id);
    expect(unassigned.every((f) => f.organisationId === null)).toBe(true);
    expect(await incidentIds('manager')).not.toContain(id);
    expect((await as('manager').get(`/api/v1/incidents/${id}/follow-up`)).status).toBe(403);
    // A team leader cannot claim it; the coordinator hands it over.
    expect((await as('manager').patch(`/api/v1/incidents/${id}/follow-up`, { organisationId: 'gemeente-tiel' })).status).toBe(403);
    const assigned = await as('coordinator').patch<FollowUpDto>(`/api/v1/incidents/${id}/follow-up`, { organisationId: 'gemeente-tiel' });
    expect(assigned.status).toBe(200);
    expect(assigned.body.organisationId).toBe('gemeente-tiel');
    expect((await registerList('coordinator', '?organisation=none')).map((f) => f.incidentId)).not.toContain(id);
    expect((await registerList('manager')).find((f) => f.incidentId === id)).toMatchObject({ organisationId: 'gemeente-tiel' });
    expect(await incidentIds('manager')).toContain(id);
    expect((await as('manager').get(`/api/v1/incidents/${id}/follow-up`)).status).toBe(200);
    expect((await registerList('manager-uwv')).map((f) => f.incidentId)).not.toContain(id);
    // Its BHV alert follows the incident to the organisation it was handed to.
    const [alert] = (await as('manager').get<AlertDto[]>(`/api/v1/alerts?incidentId=${id}`)).body;
    expect(alert).toMatchObject({ incidentId: id, organisationId: 'gemeente-tiel' });
    // Handing it on to another organisation is the coordinator's call, not the team leader's.
    expect((await as('manager').patch(`/api/v1/incidents/${id}/follow-up`, { organisationId: 'uwv' })).status).toBe(403);
    expect((await as('manager').patch<FollowUpDto>(`/api/v1/incidents/${id}/follow-up`, { owner: 'manager' })).body.owner).toBe('manager');
    // Handed on to UWV: the gemeente team lead is no longer its owner, and its alert goes with it.
    const handed = await as('coordinator').patch<FollowUpDto>(`/api/v1/incidents/${id}/follow-up`, { organisationId: 'uwv' });
    expect(handed.body).toMatchObject({ organisationId: 'uwv', owner: null });
    expect((await as('manager').get(`/api/v1/alerts/${alert!.id}`)).status).toBe(403);
    expect((await as('manager-uwv').get(`/api/v1/alerts/${alert!.id}`)).status).toBe(200);
  });
});

describe('registering an incident by hand', () => {
  it('answers 201 with the whole follow-up: source manual, the names, open, owned by whoever registered it', async () => {
    const body = registration();
    const res = await as('manager').post<FollowUpDto>('/api/v1/incidents', body);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      source: 'manual',
      type: 'incident.registered',
      occurredAt: body.occurredAt,
      deviceId: null,
      roomId: null,
      category: 'threat',
      organisationId: 'gemeente-tiel',
      location: body.location,
      description: body.description,
      employees: [{ name: NAME, role: 'klantmanager' }],
      status: 'open',
      owner: 'manager',
      dueDate: addDays(today(), 14),
      liveOutcome: 'genuine',
    });
    const again = await as('manager').get<FollowUpDto>(`/api/v1/incidents/${res.body.incidentId}/follow-up`);
    expect(again.body).toMatchObject({ incidentId: res.body.incidentId, employees: [{ name: NAME, role: 'klantmanager' }], category: 'threat' });
  });

  it('answers 400 naming the field for bad input and 403 for another organisation, and stores none of them', async () => {
    const count = async () => Number((await hub.query<{ n: string }>(`SELECT count(*) AS n FROM incidents WHERE kind = 'manual'`))[0]!.n);
    const before = await count();
    const bad = async (body: unknown, field: RegExp) => {
      const res = await as('manager').post<{ message: string }>('/api/v1/incidents', body);
      expect({ status: res.status, message: res.body.message }).toEqual({ status: 400, message: expect.stringMatching(field) });
    };
    await bad({ ...registration(), description: undefined }, /^description: /);
    await bad(registration({ description: '   ' }), /^description: /);
    await bad({ ...registration(), category: 'rudeness' }, /^category: /);
    await bad(registration({ occurredAt: new Date(Date.now() + 3_600_000).toISOString() }), /^occurredAt: .*future/);
    await bad(registration({ occurredAt: 'yesterday' }), /^occurredAt: /);
    await bad(registration({ buildingBan: { from: today(), until: addDays(today(), -1), letterSent: false } }), /^buildingBan\.until: /);
    const nowhere = await as('coordinator').post<{ message: string }>('/api/v1/incidents', registration({ organisationId: 'gemeente-nergens' }));
    expect({ status: nowhere.status, message: nowhere.body.message }).toEqual({ status: 400, message: expect.stringMatching(/^organisationId: /) });
    const foreign = await as('manager').post<{ message: string }>('/api/v1/incidents', registration({ organisationId: 'uwv' }));
    expect(foreign.status).toBe(403);
    expect(await count()).toBe(before);
  });

  it("is not the guards' business: not in their list, 403 on its detail; managers and admin see it", async () => {
    const { incidentId } = await register();
    expect(await incidentIds('admin')).toContain(incidentId);
    expect(await incidentIds('manager')).toContain(incidentId);
    expect(await incidentIds('guard')).not.toContain(incidentId);
    expect((await as('guard').get(`/api/v1/incidents/${incidentId}`)).status).toBe(403);
    expect((await as('admin').get(`/api/v1/incidents/${incidentId}`)).status).toBe(200);
    expect((await as('manager').get(`/api/v1/incidents/${incidentId}`)).status).toBe(200);
  });
});

describe('following up', () => {
  it('saves every field group as sent, audits each change by field name and each read by actor', async () => {
    const { incidentId } = await register({ employees: [] });
    const yesterday = addDays(today(), -1);
    const patches: FollowUpPatch[] = [
      { category: 'physical_aggression' },
      { location: 'Spreekkamer B0.11', description: 'Klant greep de klantmanager bij de arm toen de uitkering werd afgewezen' },
      { employees: [{ name: NAME, role: 'klantmanager' }, { name: 'Fatima el Amrani', role: 'receptionist' }] },
      { injury: true, damage: false, injuryDamageNote: 'Blauwe plek op de onderarm' },
      { policeCalled: true, policeReport: { filedBy: 'employee', number: 'PL2300-2026-123456', filedOn: yesterday } },
      { aggressorTalk: { date: today(), by: 'teamleider Publiekszaken' } },
      { aftercare: { offered: true, by: 'bedrijfsmaatschappelijk werk', on: today() } },
      { measures: 'Spreekkamer B0.11 krijgt een tweede uitgang', lessonsLearned: 'Afwijzingen voortaan met twee collega’s bespreken' },
      { owner: 'manager', dueDate: addDays(today(), 30) },
      { status: 'follow_up_done' },
    ];
    for (const patch of patches) {
      const res = await as('manager').patch<FollowUpDto>(`/api/v1/incidents/${incidentId}/follow-up`, patch);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject(patch);
    }
    const expected = { organisationId: 'gemeente-tiel', buildingBan: null, ...Object.assign({}, ...patches) } as Record<string, unknown>;
    const first = await as('manager').get<FollowUpDto>(`/api/v1/incidents/${incidentId}/follow-up`);
    expect(first.status).toBe(200);
    const saved = Object.fromEntries(Object.keys(expected).map((k) => [k, (first.body as unknown as Record<string, unknown>)[k]]));
    expect(saved).toEqual(expected);
    expect(first.body).toMatchObject({ updatedBy: 'manager', blockedBadges: [], overdue: false });
    expect((await as('coordinator').get(`/api/v1/incidents/${incidentId}/follow-up`)).status).toBe(200);
    expect((await as('manager').get(`/api/v1/incidents/${incidentId}/follow-up`)).status).toBe(200);

    const audit = await auditOf(incidentId);
    const updates = audit.filter((e) => e.action === 'incident.follow_up.update').reverse();
    expect(updates.map((e) => e.actor)).toEqual(patches.map(() => 'manager'));
    expect(updates.map((e) => [...(e.filter.fields as string[])].sort())).toEqual(patches.map((p) => Object.keys(p).sort()));
    const views = audit.filter((e) => e.action === 'incident.follow_up.view');
    expect(views.map((e) => e.actor).sort()).toEqual(['coordinator', 'manager', 'manager']);
    expect(audit.filter((e) => e.action === 'incident.register').map((e) => e.actor)).toEqual(['manager']);
    // Field names, never what was typed.
    const auditJson = JSON.stringify(audit);
    for (const value of [NAME, 'Fatima', 'Blauwe plek', 'greep de klantmanager', 'PL2300-2026-123456', 'tweede uitgang']) expect(auditJson).not.toContain(value);
  });

  it('lists the register with the same pseudonym for the same name across incidents, and never a name', async () => {
    const a = await register({ employees: [{ name: NAME, role: 'klantmanager' }, { name: 'Fatima el Amrani', role: 'receptionist' }] });
    const b = await register({ employees: [{ name: NAME, role: 'wijkconsulent' }] });
    for (const user of ['manager', 'coordinator'] as const) {
      const list = await registerList(user);
      const ofA = list.find((f) => f.incidentId === a.incidentId)!;
      const ofB = list.find((f) => f.incidentId === b.incidentId)!;
      expect(ofA.employeePseudonyms).toHaveLength(2);
      expect(ofB.employeePseudonyms).toHaveLength(1);
      expect(ofB.employeePseudonyms[0]).toBe(ofA.employeePseudonyms[0]);
      expect(ofA.employeePseudonyms[1]).not.toBe(ofA.employeePseudonyms[0]);
      const json = JSON.stringify(list);
      for (const value of [NAME, 'Jansen', 'Fatima', 'Amrani']) expect(json).not.toContain(value);
    }
  });

  it('refuses follow_up_done without a category (400) and keeps the follow-up open', async () => {
    const { incidentId } = await register();
    const url = `/api/v1/incidents/${incidentId}/follow-up`;
    const both = await as('manager').patch<{ message: string }>(url, { category: null, status: 'follow_up_done' });
    expect(both.status).toBe(400);
    expect(both.body.message).toMatch(/category/);
    expect((await as('manager').patch(url, { category: null })).status).toBe(200);
    const done = await as('manager').patch<{ message: string }>(url, { status: 'follow_up_done' });
    expect(done.status).toBe(400);
    expect(done.body.message).toMatch(/category/);
    expect((await as('manager').get<FollowUpDto>(url)).body).toMatchObject({ status: 'open', category: null });
    expect((await as('manager').patch<{ message: string }>(url, { status: 'finished' })).status).toBe(400);
    expect((await as('manager').patch<{ message: string }>(url, {})).status).toBe(400);
  });
});

describe('a building ban', () => {
  it("blocks the aggressor's badge at every door, once, and refuses an unknown cardholder", async () => {
    const { incidentId } = await register({ category: 'physical_aggression' });
    const url = `/api/v1/incidents/${incidentId}/follow-up`;
    const [holder] = await hub.query<{ id: string }>(`SELECT id FROM cardholders WHERE external_id = $1`, [AGGRESSOR.externalId]);
    const ban = { from: today(), until: addDays(today(), 90), letterSent: true, cardholderId: holder!.id };

    const res = await as('manager').patch<FollowUpDto>(url, { buildingBan: ban });
    expect(res.status).toBe(200);
    expect(res.body.buildingBan).toEqual(ban);
    expect(res.body.blockedBadges).toEqual([AGGRESSOR.badge]);
    expect(res.body.bannedCardholder).toEqual({ id: holder!.id, name: expect.any(String), kind: 'visitor' });

    const badge = await as('facilities').get<BadgeDetailDto>(`/api/v1/badges/${AGGRESSOR.badge}`);
    expect(badge.status).toBe(200);
    expect(badge.body.badge).toMatchObject({ number: AGGRESSOR.badge, state: 'blocked', blockReason: 'building_ban', blockedBy: 'manager' });
    expect(badge.body.lastAction).toMatchObject({ action: 'block', reason: 'building_ban', actor: 'manager' });

    await waitFor(
      () => DOORS.every((id) => received.get(id)?.some((c) => c.type === 'badges.block' && c.badges.includes(AGGRESSOR.badge))),
      10_000,
      'badges.block at every door',
    );
    expect(received.get('door-main')).toContainEqual(expect.objectContaining({ type: 'badges.block', badges: [AGGRESSOR.badge] }));
    expect(devices.get('door-main')!.state.blockedBadges.has(AGGRESSOR.badge)).toBe(true);
    await waitFor(async () => (await as('facilities').get<BadgeDetailDto>(`/api/v1/badges/${AGGRESSOR.badge}`)).body.lastAction?.confirmed, 10_000, 'every door to confirm');

    // The same ban again: no error, nothing blocked a second time.
    const again = await as('manager').patch<FollowUpDto>(url, { buildingBan: ban });
    expect(again.status).toBe(200);
    expect(again.body.blockedBadges).toEqual([AGGRESSOR.badge]);
    const actions = await hub.query<{ id: string }>(`SELECT id FROM badge_actions WHERE badge = $1 AND action = 'block'`, [AGGRESSOR.badge]);
    expect(actions).toHaveLength(1);
    const sent = await hub.query<{ n: string }>(`SELECT count(*) AS n FROM device_commands WHERE type = 'badges.block' AND correlation_id = $1`, [actions[0]!.id]);
    expect(Number(sent[0]!.n)).toBe(DOORS.length);

    // An unknown cardholder: 400, and the ban stays as it was.
    const unknown = await as('manager').patch<{ message: string }>(url, { buildingBan: { ...ban, cardholderId: randomUUID() } });
    expect(unknown.status).toBe(400);
    expect(unknown.body.message).toMatch(/cardholderId/);
    expect((await as('manager').get<FollowUpDto>(url)).body.buildingBan).toEqual(ban);
  });

  it("lets a team lead ban visitors and contractors but not staff, whom only the coordinator can ban", async () => {
    const { incidentId } = await register({ category: 'intimidation' });
    const url = `/api/v1/incidents/${incidentId}/follow-up`;
    const [staff] = await hub.query<{ id: string; number: string }>(
      `SELECT c.id, b.number FROM cardholders c JOIN badges b ON b.cardholder_id = c.id WHERE c.kind = 'staff' AND NOT b.blocked ORDER BY c.external_id DESC LIMIT 1`,
    );
    const ban = { from: today(), until: addDays(today(), 30), letterSent: false, cardholderId: staff!.id };
    const refused = await as('manager').patch<{ message: string }>(url, { buildingBan: ban });
    expect(refused.status).toBe(403);
    expect(refused.body.message).toMatch(/security coordinator/);
    expect((await as('facilities').get<BadgeDetailDto>(`/api/v1/badges/${staff!.number}`)).body.badge.state).toBe('active');
    const byCoordinator = await as('coordinator').patch<FollowUpDto>(url, { buildingBan: ban });
    expect(byCoordinator.status).toBe(200);
    expect(byCoordinator.body.blockedBadges).toContain(staff!.number);
  });
});

describe('guarding the follow-up', () => {
  it('lets a guard register what happened but not fill in the follow-up', async () => {
    const [holder] = await hub.query<{ id: string }>(`SELECT id FROM cardholders WHERE kind = 'visitor' LIMIT 1`);
    const before = await hub.query<{ n: string }>(`SELECT count(*) AS n FROM incidents WHERE kind = 'manual'`);
    const ban = { buildingBan: { from: today(), until: addDays(today(), 30), letterSent: false, cardholderId: holder!.id } };
    for (const extra of [ban, { status: 'closed' }, { owner: 'guard' }, { lessonsLearned: 'niets' }]) {
      const res = await as('guard').post<{ message: string }>('/api/v1/incidents', registration(extra as Partial<RegisterIncidentRequest>));
      expect(res.status).toBe(403);
      expect(res.body.message).toMatch(/for managers/);
    }
    expect(await hub.query<{ n: string }>(`SELECT count(*) AS n FROM incidents WHERE kind = 'manual'`)).toEqual(before);
    const ok = await as('guard').post<FollowUpDto>('/api/v1/incidents', registration({ category: 'verbal_aggression' }));
    expect(ok.status).toBe(201);
    expect(ok.body).toMatchObject({ source: 'manual', owner: null, status: 'open', buildingBan: null });
  });

  it('keeps notes to those who see the incident', async () => {
    const { incidentId } = await register();
    expect((await as('manager-uwv').post(`/api/v1/incidents/${incidentId}/notes`, { text: 'kijken' })).status).toBe(403);
    expect((await as('guard').post(`/api/v1/incidents/${incidentId}/notes`, { text: 'kijken' })).status).toBe(403);
    expect((await as('manager').post(`/api/v1/incidents/${incidentId}/notes`, { text: 'besproken in teamoverleg' })).status).toBe(200);
  });

  it('gives the follow-up only to an owner who sees the incident, and records how category and owner changed', async () => {
    const { incidentId } = await register({ category: 'threat' });
    const url = `/api/v1/incidents/${incidentId}/follow-up`;
    const other = await as('manager').patch<{ message: string }>(url, { owner: 'manager-uwv' });
    expect(other.status).toBe(400);
    expect(other.body.message).toMatch(/owner: manager-uwv is not a manager who sees this incident/);
    expect((await as('manager').patch(url, { owner: 'guard' })).status).toBe(400);
    const res = await as('manager').patch<FollowUpDto>(url, { owner: 'coordinator', category: 'intimidation' });
    expect(res.status).toBe(200);
    const update = (await auditOf(incidentId)).filter((e) => e.action === 'incident.follow_up.update').at(-1)!;
    expect(update.filter).toMatchObject({ category: { from: 'threat', to: 'intimidation' }, owner: { from: 'manager', to: 'coordinator' } });
  });

  it('gives a due date to an alarm that turns out to be real after all', async () => {
    const alarm = await raiseAlarm('btn-b0-12');
    await handle(alarm, 'false_alarm');
    const url = `/api/v1/incidents/${alarm}/follow-up`;
    expect((await as('manager').get<FollowUpDto>(url)).body).toMatchObject({ category: 'false_alarm', dueDate: null });
    const res = await as('manager').patch<FollowUpDto>(url, { category: 'threat' });
    expect(res.body).toMatchObject({ category: 'threat', status: 'open', dueDate: addDays(today(), 14) });
  });

  it('fails closed: a manager given neither an organisation nor the campus sees what a guard sees', async () => {
    const token = tokens['manager-new'];
    expect(await hub.login('manager-new').then((r) => r.user)).toMatchObject({ organisationId: null, campusScope: false });
    expect((await hub.client(token).get('/api/v1/follow-ups')).status).toBe(403);
    expect((await hub.client(token).get('/api/v1/evaluation?from=2026-01-01&to=2026-03-31')).status).toBe(403);
    const { incidentId } = await register();
    expect((await hub.client(token).get(`/api/v1/incidents/${incidentId}/follow-up`)).status).toBe(403);
  });

  it("keeps a guard who is also a team lead on the guard's live view; the organisation limits only the register", async () => {
    const gemeente = await raiseAlarm('btn-b0-12');
    expect(await incidentIds('guard-uwv')).toContain(gemeente);
    expect((await as('guard-uwv').get(`/api/v1/incidents/${gemeente}`)).status).toBe(200);
    await handle(gemeente, 'genuine');
    expect((await as('guard-uwv').get(`/api/v1/incidents/${gemeente}/follow-up`)).status).toBe(403);
    const register = await registerList('guard-uwv');
    expect(register.map((f) => f.incidentId)).not.toContain(gemeente);
    expect(register.every((f) => f.organisationId === 'uwv')).toBe(true);
  });

});

describe('overdue follow-ups', () => {
  it('reminds once, to the owner and the managers who see it: a socket event, a timeline note, overdue in the list', async () => {
    const { incidentId } = await register();
    const notDue = await register();
    const events = new Map<User, FollowUpSummaryDto[]>();
    for (const user of ['manager', 'coordinator', 'manager-uwv', 'guard', 'manager-new'] as const) {
      const socket = await hub.socket(tokens[user]);
      const got: FollowUpSummaryDto[] = [];
      socket.on('followup.overdue', (f) => got.push(f));
      events.set(user, got);
    }
    const of = (user: User) => events.get(user)!.filter((f) => f.incidentId === incidentId);

    const yesterday = addDays(today(), -1);
    const res = await as('manager').patch<FollowUpDto>(`/api/v1/incidents/${incidentId}/follow-up`, { dueDate: yesterday, owner: 'manager' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ dueDate: yesterday, owner: 'manager', overdue: true });

    await waitFor(() => of('manager').length > 0 && of('coordinator').length > 0, 8000, 'followup.overdue at the manager and the coordinator');
    const event = of('manager')[0]!;
    expect(event).toMatchObject({ incidentId, overdue: true, dueDate: yesterday, owner: 'manager', organisationId: 'gemeente-tiel' });
    expect(event.employeePseudonyms).toHaveLength(1);
    expect(JSON.stringify(event)).not.toContain(NAME);

    const detail = await as('admin').get<IncidentDetailDto>(`/api/v1/incidents/${incidentId}`);
    expect(detail.status).toBe(200);
    expect(detail.body.timeline.filter((e) => e.data.followUpOverdue)).toEqual([
      expect.objectContaining({ kind: 'note', data: { followUpOverdue: { dueDate: yesterday, owner: 'manager' } } }),
    ]);

    const overdue = await registerList('manager', '?overdue=true');
    expect(overdue.find((f) => f.incidentId === incidentId)).toMatchObject({ overdue: true, status: 'open' });
    expect(overdue.find((f) => f.incidentId === incidentId)!.remindedAt).not.toBeNull();
    expect(overdue.every((f) => f.overdue)).toBe(true);
    expect(overdue.map((f) => f.incidentId)).not.toContain(notDue.incidentId);
    expect((await registerList('manager', '?overdue=false')).map((f) => f.incidentId)).toContain(notDue.incidentId);

    // At most once: the job runs every second, nothing more comes.
    await sleep(3000);
    expect(of('manager')).toHaveLength(1);
    expect(of('coordinator')).toHaveLength(1);
    expect(of('manager-uwv')).toEqual([]);
    expect(of('guard')).toEqual([]);
    expect(of('manager-new')).toEqual([]);
    const notes = (await as('admin').get<IncidentDetailDto>(`/api/v1/incidents/${incidentId}`)).body.timeline.filter((e) => e.data.followUpOverdue);
    expect(notes).toHaveLength(1);
  });
});

describe('who sees which incident', () => {
  it("shows an alarm to its room's organisation only, to guards while live and recent, and hides old ones from guards", async () => {
    const uwvAlarm = await raiseAlarm('btn-b1-06');
    expect(await incidentIds('manager-uwv')).toContain(uwvAlarm);
    expect(await incidentIds('coordinator')).toContain(uwvAlarm);
    expect(await incidentIds('manager')).not.toContain(uwvAlarm);
    expect((await as('manager').get(`/api/v1/incidents/${uwvAlarm}`)).status).toBe(403);
    expect((await as('manager-uwv').get(`/api/v1/incidents/${uwvAlarm}`)).status).toBe(200);
    expect(await incidentIds('guard')).toContain(uwvAlarm);

    await handle(uwvAlarm, 'false_alarm');
    expect(await incidentIds('guard')).toContain(uwvAlarm);
    expect((await as('guard').get(`/api/v1/incidents/${uwvAlarm}`)).status).toBe(200);

    // Resolved two days ago: past GUARD_RECENT_HOURS (24).
    await hub.query(`UPDATE incidents SET resolved_at = resolved_at - interval '2 days', opened_at = opened_at - interval '2 days' WHERE id = $1`, [uwvAlarm]);
    const live = await raiseAlarm('btn-b1-06');
    const guardSees = await incidentIds('guard');
    expect(guardSees).toContain(live);
    expect(guardSees).not.toContain(uwvAlarm);
    expect((await as('guard').get(`/api/v1/incidents/${uwvAlarm}`)).status).toBe(403);
    expect((await as('guard').get(`/api/v1/incidents/${live}`)).status).toBe(200);
    const forAdmin = await as('admin').get<IncidentDetailDto>(`/api/v1/incidents/${uwvAlarm}`);
    expect(forAdmin.status).toBe(200);
    expect(forAdmin.body).toMatchObject({ id: uwvAlarm, status: 'resolved', roomId: 'B1.06' });
    expect(await incidentIds('admin')).toContain(uwvAlarm);
    expect(await incidentIds('manager-uwv')).toContain(uwvAlarm);
  });
});

describe('live updates', () => {
  it("push an alarm to the consoles of guards, the coordinator and its room's organisation, not to other team leads", async () => {
    // The alarm the test before left live would absorb a new press.
    for (const open of (await as('admin').get<IncidentDto[]>('/api/v1/incidents?status=open')).body) await handle(open.id, 'false_alarm');
    const seen = new Map<User, string[]>();
    const watchers: User[] = ['guard', 'coordinator', 'manager', 'manager-uwv'];
    const alertsSeen = new Map<User, string[]>();
    const other = new Map<User, string[]>();
    for (const user of watchers) {
      const socket = await hub.socket(tokens[user]);
      seen.set(user, []);
      alertsSeen.set(user, []);
      other.set(user, []);
      socket.on('events.stored', () => other.get(user)!.push('events.stored'));
      socket.on('evacuation.upsert', () => other.get(user)!.push('evacuation.upsert'));
      socket.on('incident.upsert', (i: IncidentDto) => seen.get(user)!.push(i.id));
      socket.on('alert.upsert', (a: AlertDto) => alertsSeen.get(user)!.push(a.incidentId ?? ''));
    }
    const gemeente = await raiseAlarm('btn-b0-12');
    const uwv = await raiseAlarm('btn-b1-06');
    await waitFor(() => ['guard', 'coordinator'].every((u) => [gemeente, uwv].every((id) => seen.get(u as User)!.includes(id))), 5000, 'both alarms on the guard and coordinator consoles');
    await waitFor(() => seen.get('manager')!.includes(gemeente) && seen.get('manager-uwv')!.includes(uwv), 5000, "each team lead's own alarm");
    await sleep(300);
    expect(seen.get('manager')).not.toContain(uwv);
    expect(seen.get('manager-uwv')).not.toContain(gemeente);
    // The BHV alert of each alarm likewise, live and through REST.
    await waitFor(() => alertsSeen.get('guard')!.includes(uwv) && alertsSeen.get('manager-uwv')!.includes(uwv), 5000, "the UWV alarm's BHV alert");
    expect(alertsSeen.get('manager')).not.toContain(uwv);
    expect((await as('manager').get<AlertDto[]>(`/api/v1/alerts?incidentId=${uwv}`)).body).toEqual([]);
    const [uwvAlert] = (await as('manager-uwv').get<AlertDto[]>(`/api/v1/alerts?incidentId=${uwv}`)).body;
    expect(uwvAlert).toMatchObject({ incidentId: uwv, organisationId: 'uwv' });
    expect((await as('manager').get(`/api/v1/alerts/${uwvAlert!.id}`)).status).toBe(403);
    // Raw device events and roll calls carry every organisation's people: not for team leads.
    const rollCall = await as('guard').post<{ id: string }>('/api/v1/evacuations', { siteId: SITE });
    expect(rollCall.status).toBe(201);
    await waitFor(() => other.get('guard')!.includes('evacuation.upsert') && other.get('guard')!.includes('events.stored'), 5000, "the guard's events and roll call");
    expect((await as('guard').post(`/api/v1/evacuations/${rollCall.body.id}/close`)).status).toBe(200);
    await sleep(300);
    for (const lead of ['manager', 'manager-uwv'] as const) expect(other.get(lead)).toEqual([]);
    expect(other.get('coordinator')).toContain('events.stored');
    expect((await as('manager').get('/api/v1/events?limit=5')).status).toBe(403);
    expect((await as('coordinator').get('/api/v1/events?limit=5')).status).toBe(200);
    await handle(gemeente, 'false_alarm');
    await handle(uwv, 'false_alarm');
  });
});
