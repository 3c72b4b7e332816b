/**
 * The pure rules of dispatch: who a round reaches, who replaces a decliner, whether the quorum
 * is met, and the text of a message. Tested on their own in dispatch-rules.spec.ts.
 */
import type { QuorumDto, ResponderFunction, ResponseAnswer, Scenario, ScenarioRound } from '@wachtpost/contracts';

export interface Candidate {
  userId: string;
  functions: ResponderFunction[];
  /** Known to be on site (from badge events); null when presence is unknown. */
  present: boolean | null;
}

export interface RecipientState {
  userId: string;
  functions: ResponderFunction[];
  answer: ResponseAnswer | 'pending';
}

const holdsAny = (c: { functions: ResponderFunction[] }, wanted: readonly ResponderFunction[]) => c.functions.some((f) => wanted.includes(f));

/**
 * New recipients of a round: candidates with one of the round's functions who were not alerted
 * yet. A `present` round takes those on site; when nobody's presence is known it takes them all.
 */
export function roundRecipients(round: ScenarioRound, candidates: Candidate[], alreadyAlerted: ReadonlySet<string>): { userIds: string[]; presenceKnown: boolean } {
  const eligible = candidates.filter((c) => holdsAny(c, round.functions) && !alreadyAlerted.has(c.userId));
  const presenceKnown = candidates.some((c) => c.present !== null);
  const chosen = round.target === 'present' && presenceKnown ? eligible.filter((c) => c.present) : eligible;
  return { userIds: chosen.map((c) => c.userId), presenceKnown };
}

/** The next person to alert when someone declines: holds a function the decliner held that still lacks confirmations; on-site people first. */
export function replacementFor(
  decliner: RecipientState,
  quorum: QuorumDto[],
  candidates: Candidate[],
  alreadyAlerted: ReadonlySet<string>,
): string | null {
  const short = quorum.filter((q) => q.confirmed < q.needed).map((q) => q.function);
  const wanted = decliner.functions.filter((f) => short.includes(f));
  if (!wanted.length) return null;
  const eligible = candidates.filter((c) => !alreadyAlerted.has(c.userId) && holdsAny(c, wanted));
  eligible.sort((a, b) => Number(b.present === true) - Number(a.present === true));
  return eligible[0]?.userId ?? null;
}

/** Confirmations per function: everyone coming or on scene counts for each function they hold. */
export function quorumState(needed: Scenario['quorum'], recipients: RecipientState[]): QuorumDto[] {
  return (Object.entries(needed) as [ResponderFunction, number][]).map(([fn, n]) => ({
    function: fn,
    needed: n,
    confirmed: recipients.filter((r) => (r.answer === 'coming' || r.answer === 'on_scene') && r.functions.includes(fn)).length,
  }));
}

export function quorumMet(quorum: QuorumDto[]): boolean {
  return quorum.every((q) => q.confirmed >= q.needed);
}

/** Whether an opened incident starts this scenario: its type, and the devices and rooms the scenario is limited to. */
export function scenarioMatches(trigger: Scenario['trigger'], incident: { type: string; deviceId: string | null; roomId: string | null }): boolean {
  if (!trigger.incidentTypes.includes(incident.type)) return false;
  if (trigger.deviceIds.length && !(incident.deviceId && trigger.deviceIds.includes(incident.deviceId))) return false;
  if (trigger.roomIds.length && !(incident.roomId && trigger.roomIds.includes(incident.roomId))) return false;
  return true;
}

/** Fills `{type}`, `{room}`, `{floor}`, `{time}` and `{site}`; unknown names stay as written. */
export function renderMessage(template: string, values: Record<string, string | null | undefined>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => values[name] ?? (name in values ? '?' : whole));
}
