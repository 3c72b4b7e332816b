/**
 * The access-log filter form as the hub's query: empty fields are left out, local date-times
 * (from <input type="datetime-local">) become ISO timestamps with a zone, and the purpose is only
 * sent when it is long enough for the hub to accept it.
 */
export interface AccessLogForm {
  /** `YYYY-MM-DDTHH:MM` in the browser's time zone, or empty. */
  from: string;
  to: string;
  doorId: string;
  /** A badge number or a cardholder id (UUID). */
  person: string;
  organisation: string;
  result: '' | 'granted' | 'denied';
  reason: string;
  purpose: string;
}

export const PURPOSE_MIN = 5;

export function emptyAccessLogForm(): AccessLogForm {
  return { from: '', to: '', doorId: '', person: '', organisation: '', result: '', reason: '', purpose: '' };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A local `YYYY-MM-DDTHH:MM` as an ISO timestamp (UTC), or undefined when empty or invalid. */
export function localToIso(value: string): string | undefined {
  if (!value.trim()) return undefined;
  const ms = new Date(value).getTime();
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}

export type FormProblem = 'purposeTooShort' | 'fromAfterTo' | 'badTime';

/** What is wrong with the form before it goes to the hub (empty: nothing). */
export function formProblems(form: AccessLogForm): FormProblem[] {
  const problems: FormProblem[] = [];
  const purpose = form.purpose.trim();
  if (purpose.length > 0 && purpose.length < PURPOSE_MIN) problems.push('purposeTooShort');
  const from = localToIso(form.from);
  const to = localToIso(form.to);
  if ((form.from.trim() && !from) || (form.to.trim() && !to)) problems.push('badTime');
  if (from && to && from > to) problems.push('fromAfterTo');
  return problems;
}

/** The filter as query parameters (no cursor, limit or lang). */
export function accessLogParams(form: AccessLogForm): Record<string, string> {
  const params: Record<string, string> = {};
  const from = localToIso(form.from);
  const to = localToIso(form.to);
  if (from) params.from = from;
  if (to) params.to = to;
  if (form.doorId) params.doorId = form.doorId;
  const person = form.person.trim();
  if (person) {
    if (UUID.test(person)) params.cardholderId = person.toLowerCase();
    else params.badge = person;
  }
  if (form.organisation) params.organisation = form.organisation;
  if (form.result) params.result = form.result;
  if (form.reason) {
    params.reason = form.reason;
    // A denial reason only exists on denied rows.
    params.result = 'denied';
  }
  const purpose = form.purpose.trim();
  if (purpose.length >= PURPOSE_MIN) params.purpose = purpose;
  return params;
}

export function toQuery(params: Record<string, string | number | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== undefined && value !== '') search.set(key, String(value));
  const text = search.toString();
  return text ? `?${text}` : '';
}

export { fileNameFrom } from '../../api/download';
