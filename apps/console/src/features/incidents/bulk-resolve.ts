/**
 * Which incidents the bulk-resolve form offers. Pure (unit-tested by jest).
 *
 * Every active technical alert is offered; all are ticked at first except offline alarm
 * buttons, which are alarms of their own (the room cannot call for help) and are handled one
 * by one unless the guard ticks them on purpose.
 */
import { bulkResolveIncidentsSchema, type DeviceKind, type IncidentDto } from '@wachtpost/contracts';
import { isOfflineAlarmButton } from '../devices/device-state';

/** The most incidents one bulk-resolve request may carry. */
export const BULK_RESOLVE_MAX = 500;

export interface BulkCandidate {
  incident: IncidentDto;
  /** Ticked when the form opens. */
  preselected: boolean;
}

export function bulkCandidates(queue: readonly IncidentDto[], deviceKindOf: (deviceId: string | null) => DeviceKind | undefined): BulkCandidate[] {
  return queue
    .filter((i) => i.kind === 'technical' && i.status !== 'resolved')
    .slice(0, BULK_RESOLVE_MAX)
    .map((incident) => ({ incident, preselected: !isOfflineAlarmButton(incident, deviceKindOf(incident.deviceId)) }));
}

export type BulkProblem = 'none-selected' | 'outcome-required' | 'note-required';

/** Checks a bulk request as the hub will (the contract's schema); null when it is fine. */
export function bulkProblem(ids: readonly string[], outcome: string, note: string): BulkProblem | null {
  if (ids.length === 0) return 'none-selected';
  const parsed = bulkResolveIncidentsSchema.safeParse({ ids, outcome: outcome || undefined, note });
  if (parsed.success) return null;
  const on = (field: string) => parsed.error.issues.some((i) => i.path[0] === field);
  if (on('outcome')) return 'outcome-required';
  if (on('note')) return 'note-required';
  return 'none-selected';
}
