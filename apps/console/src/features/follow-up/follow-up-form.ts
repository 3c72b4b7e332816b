/**
 * The follow-up form and the register form as the inputs hold them (strings, checkboxes), and
 * what goes to the hub: a PATCH with only the fields that changed, a POST for a hand-registered
 * incident. Pure (jest); the hub validates with the contracts' zod schemas.
 */
import type { FollowUpDto, FollowUpPatch, FollowUpStatus, IncidentCategory, RegisterIncidentRequest } from '@wachtpost/contracts';
import { siteLocalToIso } from '../../i18n/format';

export interface EmployeeRow {
  name: string;
  role: string;
}

export interface FollowUpForm {
  category: IncidentCategory | '';
  organisationId: string;
  location: string;
  description: string;
  employees: EmployeeRow[];
  injury: boolean;
  damage: boolean;
  injuryDamageNote: string;
  policeCalled: boolean;
  /** '' is no police report. */
  reportFiledBy: '' | 'employer' | 'employee';
  reportNumber: string;
  reportFiledOn: string;
  talkHeld: boolean;
  talkDate: string;
  talkBy: string;
  banIssued: boolean;
  banFrom: string;
  banUntil: string;
  banLetterSent: boolean;
  banCardholderId: string;
  /** '' is not recorded yet. */
  aftercare: '' | 'offered' | 'not_offered';
  careBy: string;
  careOn: string;
  measures: string;
  lessonsLearned: string;
  status: FollowUpStatus;
  owner: string;
  dueDate: string;
}

type Fields = Required<FollowUpPatch>;

export function formFromFollowUp(f: FollowUpDto): FollowUpForm {
  return {
    category: f.category ?? '',
    organisationId: f.organisationId ?? '',
    location: f.location,
    description: f.description,
    employees: f.employees.map((e) => ({ name: e.name, role: e.role })),
    injury: f.injury,
    damage: f.damage,
    injuryDamageNote: f.injuryDamageNote,
    policeCalled: f.policeCalled,
    reportFiledBy: f.policeReport?.filedBy ?? '',
    reportNumber: f.policeReport?.number ?? '',
    reportFiledOn: f.policeReport?.filedOn ?? '',
    talkHeld: f.aggressorTalk !== null,
    talkDate: f.aggressorTalk?.date ?? '',
    talkBy: f.aggressorTalk?.by ?? '',
    banIssued: f.buildingBan !== null,
    banFrom: f.buildingBan?.from ?? '',
    banUntil: f.buildingBan?.until ?? '',
    banLetterSent: f.buildingBan?.letterSent ?? false,
    banCardholderId: f.buildingBan?.cardholderId ?? '',
    aftercare: f.aftercare === null ? '' : f.aftercare.offered ? 'offered' : 'not_offered',
    careBy: f.aftercare?.by ?? '',
    careOn: f.aftercare?.on ?? '',
    measures: f.measures,
    lessonsLearned: f.lessonsLearned,
    status: f.status,
    owner: f.owner ?? '',
    dueDate: f.dueDate ?? '',
  };
}

const orNull = (value: string) => (value.trim() ? value.trim() : null);

/** Rows left completely empty are not employees; a row with only a role is sent (the hub says the name is missing). */
export function employeesOf(rows: readonly EmployeeRow[]): EmployeeRow[] {
  return rows.filter((r) => r.name.trim() || r.role.trim()).map((r) => ({ name: r.name.trim(), role: r.role.trim() }));
}

/** Every field of the form as the hub's follow-up fields. */
export function fieldsOf(form: FollowUpForm): Fields {
  return {
    category: form.category || null,
    organisationId: form.organisationId || null,
    location: form.location.trim(),
    description: form.description.trim(),
    employees: employeesOf(form.employees),
    injury: form.injury,
    damage: form.damage,
    injuryDamageNote: form.injuryDamageNote.trim(),
    policeCalled: form.policeCalled,
    policeReport: form.reportFiledBy ? { filedBy: form.reportFiledBy, number: form.reportNumber.trim(), filedOn: orNull(form.reportFiledOn) } : null,
    aggressorTalk: form.talkHeld ? { date: form.talkDate, by: form.talkBy.trim() } : null,
    buildingBan: form.banIssued
      ? { from: form.banFrom, until: form.banUntil, letterSent: form.banLetterSent, cardholderId: orNull(form.banCardholderId) }
      : null,
    aftercare: form.aftercare ? { offered: form.aftercare === 'offered', by: form.careBy.trim(), on: orNull(form.careOn) } : null,
    measures: form.measures.trim(),
    lessonsLearned: form.lessonsLearned.trim(),
    status: form.status,
    owner: orNull(form.owner),
    dueDate: orNull(form.dueDate),
  };
}

/** Only what differs from the saved state, so two people editing different sections do not overwrite each other. */
export function changedFields(saved: FollowUpForm, current: FollowUpForm): FollowUpPatch {
  const before = fieldsOf(saved);
  const after = fieldsOf(current);
  const patch: Record<string, unknown> = {};
  for (const key of Object.keys(after) as (keyof Fields)[]) {
    if (JSON.stringify(after[key]) !== JSON.stringify(before[key])) patch[key] = after[key];
  }
  return patch;
}

// ---- registering an incident that had no alarm ---------------------------------------------------
export interface RegisterForm {
  /** Amsterdam wall time from <input type="datetime-local">. */
  occurredAt: string;
  category: IncidentCategory | '';
  organisationId: string;
  roomId: string;
  location: string;
  description: string;
  employees: EmployeeRow[];
}

export function emptyRegisterForm(organisationId: string | null, occurredAt: string): RegisterForm {
  return { occurredAt, category: '', organisationId: organisationId ?? '', roomId: '', location: '', description: '', employees: [] };
}

export type RegisterProblem = 'occurredAt' | 'future' | 'category' | 'organisation' | 'description';

/** What is missing before the hub is asked (the hub checks again). */
export function registerProblems(form: RegisterForm, now: number = Date.now()): RegisterProblem[] {
  const problems: RegisterProblem[] = [];
  const at = siteLocalToIso(form.occurredAt);
  if (!at) problems.push('occurredAt');
  else if (Date.parse(at) > now + 60_000) problems.push('future');
  if (!form.category) problems.push('category');
  if (!form.organisationId) problems.push('organisation');
  if (!form.description.trim()) problems.push('description');
  return problems;
}

/** The POST body; call after registerProblems() found nothing. */
export function registerRequest(form: RegisterForm): RegisterIncidentRequest {
  const employees = employeesOf(form.employees);
  return {
    occurredAt: siteLocalToIso(form.occurredAt) ?? form.occurredAt,
    category: form.category as IncidentCategory,
    organisationId: form.organisationId,
    roomId: form.roomId || null,
    description: form.description.trim(),
    ...(form.location.trim() ? { location: form.location.trim() } : {}),
    ...(employees.length ? { employees } : {}),
  };
}
