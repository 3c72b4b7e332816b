import type { FollowUpDto } from '@wachtpost/contracts';
import { changedFields, emptyRegisterForm, fieldsOf, formFromFollowUp, registerProblems, registerRequest } from './follow-up-form';

const saved: FollowUpDto = {
  incidentId: 'inc-1',
  source: 'alarm',
  type: 'alarm.pressed',
  occurredAt: '2026-03-02T09:15:00.000Z',
  siteId: 'stadhuis-tiel',
  deviceId: 'btn-b012',
  roomId: 'B0.12',
  roomName: 'Spreekkamer B0.12',
  floorName: 'Begane grond',
  organisationId: 'gemeente-tiel',
  category: null,
  drill: false,
  liveOutcome: 'genuine',
  status: 'open',
  owner: null,
  dueDate: null,
  overdue: false,
  remindedAt: null,
  updatedAt: null,
  updatedBy: null,
  location: '',
  description: '',
  employees: [],
  injury: false,
  damage: false,
  injuryDamageNote: '',
  policeCalled: false,
  policeReport: null,
  aggressorTalk: null,
  buildingBan: null,
  aftercare: null,
  measures: '',
  lessonsLearned: '',
  response: { acknowledgedAt: null, firstComingAt: null, quorumMetAt: null, resolvedAt: null },
  blockedBadges: [],
  bannedCardholder: null,
  personalDataErasedAt: null,
};

describe('the follow-up form', () => {
  it('sends nothing when nothing changed', () => {
    const form = formFromFollowUp(saved);
    expect(changedFields(form, formFromFollowUp(saved))).toEqual({});
    expect(fieldsOf(form)).toMatchObject({ category: null, policeReport: null, aftercare: null, owner: null, dueDate: null });
  });

  it('sends only the changed fields, sections whole', () => {
    const before = formFromFollowUp(saved);
    const after = {
      ...before,
      category: 'threat' as const,
      description: '  Klant dreigde met geweld  ',
      employees: [{ name: 'Marieke Verbeek', role: 'klantmanager' }, { name: '', role: '' }],
      reportFiledBy: 'employer' as const,
      reportNumber: 'PL0900-2026',
      aftercare: 'offered' as const,
      careBy: 'Teamleider',
      status: 'follow_up_done' as const,
    };
    expect(changedFields(before, after)).toEqual({
      category: 'threat',
      description: 'Klant dreigde met geweld',
      employees: [{ name: 'Marieke Verbeek', role: 'klantmanager' }],
      policeReport: { filedBy: 'employer', number: 'PL0900-2026', filedOn: null },
      aftercare: { offered: true, by: 'Teamleider', on: null },
      status: 'follow_up_done',
    });
  });

  it('clears a section with null and keeps a building ban whole', () => {
    const withBan: FollowUpDto = {
      ...saved,
      buildingBan: { from: '2026-03-03', until: '2026-09-02', letterSent: true, cardholderId: null },
      aggressorTalk: { date: '2026-03-04', by: 'Teamleider' },
    };
    const before = formFromFollowUp(withBan);
    expect(before).toMatchObject({ banIssued: true, banFrom: '2026-03-03', talkHeld: true });
    expect(changedFields(before, { ...before, talkHeld: false, banUntil: '2026-12-31' })).toEqual({
      aggressorTalk: null,
      buildingBan: { from: '2026-03-03', until: '2026-12-31', letterSent: true, cardholderId: null },
    });
  });
});

describe('registering an incident by hand', () => {
  const now = Date.parse('2026-03-02T12:00:00Z');

  it('names what is missing', () => {
    expect(registerProblems(emptyRegisterForm(null, ''), now)).toEqual(['occurredAt', 'category', 'organisation', 'description']);
    const future = { ...emptyRegisterForm('uwv', '2026-03-02T15:00'), category: 'threat' as const, description: 'x' };
    expect(registerProblems(future, now)).toEqual(['future']);
  });

  it('builds the request in Amsterdam time, without empty extras', () => {
    const form = { ...emptyRegisterForm('gemeente-tiel', '2026-03-02T10:30'), category: 'threat' as const, description: ' Dreiging per telefoon ' };
    expect(registerProblems(form, now)).toEqual([]);
    expect(registerRequest(form)).toEqual({
      occurredAt: '2026-03-02T09:30:00.000Z',
      category: 'threat',
      organisationId: 'gemeente-tiel',
      roomId: null,
      description: 'Dreiging per telefoon',
    });
    const more = { ...form, roomId: 'B0.12', location: 'spreekkamer', employees: [{ name: 'Linda Prins', role: '' }] };
    expect(registerRequest(more)).toMatchObject({ roomId: 'B0.12', location: 'spreekkamer', employees: [{ name: 'Linda Prins', role: '' }] });
  });
});
