/**
 * The order of the guard's alarm queue. Pure: no Vue, no DOM, no import.meta (unit-tested by jest).
 *
 * Active incidents only (open and acknowledged); open before acknowledged; within a status the
 * most urgent priority first (1 is most urgent); within a priority the oldest first, so nothing
 * waits longer than it has to. The id breaks remaining ties so the order never jitters.
 */
import type { IncidentDto, IncidentStatus } from '@wachtpost/contracts';

const statusRank: Record<IncidentStatus, number> = { open: 0, acknowledged: 1, resolved: 2 };

export function isActiveIncident(incident: Pick<IncidentDto, 'status'>): boolean {
  return incident.status !== 'resolved';
}

function time(iso: string): number {
  const t = Date.parse(iso);
  return Number.isNaN(t) ? Number.POSITIVE_INFINITY : t;
}

export function compareQueueOrder(a: IncidentDto, b: IncidentDto): number {
  return (
    statusRank[a.status] - statusRank[b.status] ||
    a.priority - b.priority ||
    time(a.openedAt) - time(b.openedAt) ||
    (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  );
}

/** Returns a new array: the active incidents in queue order. The input is not changed. */
export function orderIncidentQueue(incidents: readonly IncidentDto[]): IncidentDto[] {
  return incidents.filter(isActiveIncident).sort(compareQueueOrder);
}
