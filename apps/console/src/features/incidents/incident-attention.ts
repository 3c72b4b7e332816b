/**
 * How loudly an incident asks for the guard's attention. Pure (unit-tested by jest).
 *
 * The hub says what an incident is (`kind`: alarm, door, technical); the console adds one rule
 * of its own: an alarm button that went offline cannot call for help, so on screen it is an
 * alarm of its own (red, flashing, its room marked on the plan), although it sounds as the
 * technical fault it is. An incident registered by hand afterwards (`manual`) is never live: it
 * asks for no more attention than a technical one and never sounds.
 */
import type { DeviceKind, IncidentDto, IncidentKind } from '@wachtpost/contracts';
import { isOfflineAlarmButton } from '../devices/device-state';

export type Attention = 'alarm' | 'door' | 'button-offline' | 'technical';

export function attentionOf(incident: Pick<IncidentDto, 'kind' | 'type'>, deviceKind: DeviceKind | undefined): Attention {
  if (isOfflineAlarmButton(incident, deviceKind)) return 'button-offline';
  return incident.kind === 'manual' ? 'technical' : incident.kind;
}

/** The icon that goes with an open incident's attention. */
export function iconOf(attention: Attention): 'alarm' | 'door' | 'technical' | 'offline' {
  return attention === 'button-offline' ? 'offline' : attention;
}

/**
 * The sound to play: the pattern of the most urgent open incident (the queue's first open one),
 * until every open incident is acknowledged. A silent alarm is silent at the button, never at the
 * console: it sounds here like any other alarm.
 */
export function soundFor(queue: readonly Pick<IncidentDto, 'kind' | 'status'>[]): IncidentKind | null {
  return queue.find((i) => i.status === 'open' && i.kind !== 'manual')?.kind ?? null;
}
