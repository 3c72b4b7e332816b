/**
 * The incident state machine: open → acknowledged → resolved. Pure, so its rules are tested
 * on their own; the service applies the result to the database.
 */
import type { IncidentKind, IncidentStatus, IncidentType } from '@wachtpost/contracts';

export type IncidentAction = 'acknowledge' | 'resolve' | 'note';

export class IncidentTransitionError extends Error {
  constructor(
    readonly from: IncidentStatus,
    readonly action: IncidentAction,
  ) {
    super(`cannot ${action} an incident that is ${from}`);
  }
}

const allowed: Record<IncidentStatus, Partial<Record<IncidentAction, IncidentStatus>>> = {
  open: { acknowledge: 'acknowledged', resolve: 'resolved', note: 'open' },
  acknowledged: { resolve: 'resolved', note: 'acknowledged' },
  resolved: { note: 'resolved' },
};

/** The status after `action`, or an IncidentTransitionError when the action is not allowed. */
export function nextStatus(from: IncidentStatus, action: IncidentAction): IncidentStatus {
  const to = allowed[from][action];
  if (!to) throw new IncidentTransitionError(from, action);
  return to;
}

export interface IncidentTypeInfo {
  kind: IncidentKind;
  /** 1 is most urgent. */
  priority: number;
}

/** What each incident type is and how urgent; an offline alarm button cannot call for help. */
export function incidentTypeInfo(type: IncidentType, deviceKind?: 'alarm-button' | 'door'): IncidentTypeInfo {
  switch (type) {
    case 'alarm.pressed':
      return { kind: 'alarm', priority: 1 };
    case 'door.forced':
      return { kind: 'door', priority: 2 };
    case 'door.held':
      return { kind: 'door', priority: 3 };
    case 'access.blocked_badge':
      return { kind: 'door', priority: 2 };
    case 'access.repeated_denials':
    case 'access.outside_hours':
      return { kind: 'door', priority: 3 };
    case 'device.offline':
      return { kind: 'technical', priority: deviceKind === 'alarm-button' ? 2 : 4 };
    case 'device.tamper':
      return { kind: 'technical', priority: 3 };
    case 'dispatch.failed':
      return { kind: 'technical', priority: 2 };
    case 'device.unknown':
    case 'battery.low':
      return { kind: 'technical', priority: 4 };
    case 'incident.registered':
      return { kind: 'manual', priority: 3 };
  }
}
