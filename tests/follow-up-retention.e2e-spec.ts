/**
 * Retention of the register: past FOLLOW_UP_RETENTION_DAYS a closed follow-up loses its personal
 * details and keeps what the organisation learned; recent or unfinished ones are kept whole.
 */
import type { AuditEntryDto, FollowUpDto, RegisterIncidentRequest } from '@wachtpost/contracts';
import { waitFor } from './support/env';
import { TestHub } from './support/hub';

const hub = new TestHub({ env: { FOLLOW_UP_RETENTION_DAYS: '30', FOLLOW_UP_REMINDER_EVERY_SECONDS: '1' } });
let manager: string;
let coordinator: string;
const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString();

async function registered(over: Partial<RegisterIncidentRequest>, close: boolean): Promise<string> {
  const res = await hub.client(manager).post<FollowUpDto>('/api/v1/incidents', {
    occurredAt: daysAgo(60),
    category: 'threat',
    organisationId: 'gemeente-tiel',
    location: 'Huisbezoek Kerkstraat 12',
    description: 'Mevrouw Jansen werd bedreigd door de zoon van de cliënt',
    employees: [{ name: 'Anna Jansen', role: 'consulent' }],
    ...over,
  });
  expect(res.status).toBe(201);
  const id = res.body.incidentId;
  const [visitor] = await hub.query<{ id: string }>(`SELECT id FROM cardholders WHERE kind = 'visitor' ORDER BY external_id LIMIT 1`);
  const patch = await hub.client(coordinator).patch<FollowUpDto>(`/api/v1/incidents/${id}/follow-up`, {
    injuryDamageNote: 'schaafwond aan de hand van mevrouw Jansen',
    policeReport: { filedBy: 'employee', number: 'PL0900-2026-7777', filedOn: null },
    aggressorTalk: { date: daysAgo(50).slice(0, 10), by: 'Piet de Teamleider' },
    aftercare: { offered: true, by: 'Bedrijfsmaatschappelijk werk', on: null },
    buildingBan: { from: daysAgo(55).slice(0, 10), until: daysAgo(-300).slice(0, 10), letterSent: true, cardholderId: visitor!.id },
    measures: 'Huisbezoeken met z’n tweeën',
    lessonsLearned: 'Risico-inschatting vóór elk huisbezoek',
    ...(close ? { status: 'closed' } : {}),
  });
  expect(patch.status).toBe(200);
  // A door alarm names the badge holder in its timeline; the register's retention removes it too.
  await hub.query(`INSERT INTO incident_events (incident_id, at, kind, actor, data) VALUES ($1, now(), 'note', NULL, $2)`, [id, JSON.stringify({ badge: 'V900001', cardholderName: 'Kees Bezoeker' })]);
  return id;
}

beforeAll(async () => {
  await hub.start();
  manager = (await hub.login('manager')).accessToken;
  coordinator = (await hub.login('coordinator')).accessToken;
});
afterAll(() => hub.dispose());

it('erases the personal details of a closed follow-up past retention and keeps what was learned', async () => {
  const old = await registered({}, true);
  const recent = await registered({ occurredAt: daysAgo(10) }, true);
  const unfinished = await registered({}, false);
  const url = (id: string) => `/api/v1/incidents/${id}/follow-up`;

  const erased = await waitFor(async () => {
    const f = (await hub.client(coordinator).get<FollowUpDto>(url(old))).body;
    return f.personalDataErasedAt !== null && f;
  }, 15_000, 'the retention run');
  expect(erased).toMatchObject({
    category: 'threat',
    status: 'closed',
    organisationId: 'gemeente-tiel',
    employees: [],
    description: '',
    location: '',
    injuryDamageNote: '',
    policeReport: { filedBy: 'employee', number: '' },
    aggressorTalk: { by: '' },
    aftercare: { offered: true, by: '' },
    buildingBan: { letterSent: true, cardholderId: null },
    bannedCardholder: null,
    measures: 'Huisbezoeken met z’n tweeën',
    lessonsLearned: 'Risico-inschatting vóór elk huisbezoek',
  });
  expect(JSON.stringify(erased)).not.toMatch(/Jansen|Piet|Kees|PL0900|Kerkstraat|maatschappelijk/);
  const timeline = await hub.query<{ data: Record<string, unknown> }>(`SELECT data FROM incident_events WHERE incident_id = $1`, [old]);
  expect(JSON.stringify(timeline)).not.toContain('Kees Bezoeker');

  for (const kept of [recent, unfinished]) {
    const f = (await hub.client(coordinator).get<FollowUpDto>(url(kept))).body;
    expect(f).toMatchObject({ personalDataErasedAt: null, employees: [{ name: 'Anna Jansen', role: 'consulent' }], location: 'Huisbezoek Kerkstraat 12' });
    const events = await hub.query<{ data: Record<string, unknown> }>(`SELECT data FROM incident_events WHERE incident_id = $1`, [kept]);
    expect(JSON.stringify(events)).toContain('Kees Bezoeker');
  }

  const audit = (await hub.client((await hub.login('admin')).accessToken).get<AuditEntryDto[]>('/api/v1/audit')).body;
  expect(audit.filter((a) => a.action === 'retention.delete' && a.filter.followUps !== undefined)).toEqual([
    expect.objectContaining({ actor: 'system', rowCount: 1, filter: { followUps: 1, olderThanDays: 30 } }),
  ]);
});
