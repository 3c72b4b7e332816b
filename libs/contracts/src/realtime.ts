/** socket.io event maps shared by the hub's gateway and the console. */
import type { DeviceDto, HealthDto, IncidentDto, QuarantineDto, StoredEventDto } from './api';
import type { EvacuationDto } from './access';
import type { FollowUpSummaryDto } from './evaluation';
import type { AlertDto, ResponderViewDto } from './dispatch';

export const SOCKET_PATH = '/socket.io';

export interface ServerToClientEvents {
  /** An incident was opened or changed; carries its whole current state. */
  'incident.upsert': (incident: IncidentDto) => void;
  /** A device's status changed. */
  'device.upsert': (device: DeviceDto) => void;
  /** Newly stored device events, newest last (a bounded sample under heavy traffic). */
  'events.stored': (events: StoredEventDto[]) => void;
  'quarantine.added': (entry: QuarantineDto) => void;
  health: (health: HealthDto) => void;
  /** A BHV alert started or changed (console). */
  'alert.upsert': (alert: AlertDto) => void;
  /** An alert for this responder, or a change in it (responder page, in-app channel). */
  'responder.alert': (view: ResponderViewDto) => void;
  /** An evacuation roll call started or changed (someone accounted for or badged out); whole state. */
  'evacuation.upsert': (evacuation: EvacuationDto) => void;
  /** A follow-up passed its due date (to its owner and the managers who see it); no names. */
  'followup.overdue': (followUp: FollowUpSummaryDto) => void;
}

export interface ClientToServerEvents {
  /** Ask for the current health; answered through the ack callback. */
  'health.get': (ack: (health: HealthDto) => void) => void;
}

/** What the handshake sends: `io(url, { auth: { token } })`. */
export interface SocketAuth {
  token: string;
}
