/**
 * The incidents store's data, as pure functions (unit-tested by jest; no Vue, no DOM).
 *
 * Socket delivery is at most once, so the console refetches the REST snapshot of active incidents
 * on every (re)connect. Upserts that arrive while that snapshot is in flight are buffered and
 * applied again on top of it, so a snapshot taken a moment earlier cannot undo them.
 */
import type { IncidentDto, IncidentStatus } from '@wachtpost/contracts';

/** How many resolved ids are remembered to ignore late, stale upserts of them. */
export const RESOLVED_MEMORY = 500;

export interface IncidentsState {
  /** Active incidents (open, acknowledged) by id. */
  readonly active: Readonly<Record<string, IncidentDto>>;
  /** Ids recently seen resolved, oldest first (bounded by RESOLVED_MEMORY). */
  readonly resolvedIds: readonly string[];
  /** Upserts received since the running resync began; null when no resync is running. */
  readonly pending: readonly IncidentDto[] | null;
}

export type UpsertOutcome = 'opened' | 'updated' | 'resolved' | 'stale';

export function createIncidentsState(): IncidentsState {
  return { active: {}, resolvedIds: [], pending: null };
}

const statusRank: Record<IncidentStatus, number> = { open: 0, acknowledged: 1, resolved: 2 };

/**
 * True when `candidate` is older than `current`: fewer triggers, or as many triggers but an
 * earlier state (an incident moves open → acknowledged → resolved). Same state and count: the
 * newest message wins (notes change nothing else).
 */
export function isStale(candidate: IncidentDto, current: IncidentDto): boolean {
  if (candidate.triggerCount !== current.triggerCount) return candidate.triggerCount < current.triggerCount;
  return statusRank[candidate.status] < statusRank[current.status];
}

function rememberResolved(ids: readonly string[], id: string): string[] {
  const next = ids.filter((x) => x !== id);
  next.push(id);
  return next.length > RESOLVED_MEMORY ? next.slice(next.length - RESOLVED_MEMORY) : next;
}

function withoutKey(record: Readonly<Record<string, IncidentDto>>, id: string): Record<string, IncidentDto> {
  const next = { ...record };
  delete next[id];
  return next;
}

function apply(state: IncidentsState, incident: IncidentDto): { state: IncidentsState; outcome: UpsertOutcome } {
  const current = state.active[incident.id];
  if (current && isStale(incident, current)) return { state, outcome: 'stale' };
  if (incident.status === 'resolved') {
    return {
      state: { ...state, active: withoutKey(state.active, incident.id), resolvedIds: rememberResolved(state.resolvedIds, incident.id) },
      outcome: 'resolved',
    };
  }
  if (!current && state.resolvedIds.includes(incident.id)) return { state, outcome: 'stale' };
  return {
    state: { ...state, active: { ...state.active, [incident.id]: incident } },
    outcome: !current && incident.status === 'open' ? 'opened' : 'updated',
  };
}

/** A live upsert from the socket or an action's response. */
export function upsertIncident(state: IncidentsState, incident: IncidentDto): { state: IncidentsState; outcome: UpsertOutcome } {
  const result = apply(state, incident);
  if (state.pending === null) return result;
  return { ...result, state: { ...result.state, pending: [...state.pending, incident] } };
}

/** A snapshot fetch starts: from now on upserts are also kept to replay over the snapshot. */
export function beginResync(state: IncidentsState): IncidentsState {
  return { ...state, pending: [] };
}

/**
 * The snapshot (every active incident, as the hub knows them) replaces what the console had;
 * then the upserts received while it was in flight are applied again on top.
 */
export function completeResync(state: IncidentsState, snapshot: readonly IncidentDto[]): IncidentsState {
  const active: Record<string, IncidentDto> = {};
  let resolvedIds = state.resolvedIds;
  for (const incident of snapshot) {
    if (incident.status === 'resolved') continue;
    active[incident.id] = incident;
    // The hub says it is active: trust that over an older memory of it being resolved.
    if (resolvedIds.includes(incident.id)) resolvedIds = resolvedIds.filter((id) => id !== incident.id);
  }
  let next: IncidentsState = { active, resolvedIds, pending: null };
  for (const incident of state.pending ?? []) next = apply(next, incident).state;
  return next;
}

/** The snapshot fetch failed: keep what we have and stop buffering. */
export function abortResync(state: IncidentsState): IncidentsState {
  return { ...state, pending: null };
}

export function activeIncidents(state: IncidentsState): IncidentDto[] {
  return Object.values(state.active);
}
