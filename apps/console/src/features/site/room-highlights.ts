/**
 * Which rooms the floor plan marks, and how. Pure (unit-tested by jest).
 *
 * A room is marked while it has an active alarm, door incident or offline alarm button; other
 * technical faults (battery, tamper, an offline door) show on the device's marker only.
 */
import type { DeviceKind, IncidentDto } from '@wachtpost/contracts';
import { attentionOf } from '../incidents/incident-attention';

export type RoomMarkKind = 'alarm' | 'door' | 'button-offline';

export interface RoomMark {
  roomId: string;
  /** open beats acknowledged. */
  status: 'open' | 'acknowledged';
  /** What the mark says, from the most pressing incident in the room. */
  kind: RoomMarkKind;
  /** The selected incident is in this room. */
  selected: boolean;
}

const kindRank: Record<RoomMarkKind, number> = { alarm: 0, door: 1, 'button-offline': 2 };

export function roomMarks(
  queue: readonly IncidentDto[],
  floorId: string | null | undefined,
  floorOf: (incident: IncidentDto) => string | null,
  deviceKindOf: (deviceId: string | null) => DeviceKind | undefined,
  selectedId: string | null,
): RoomMark[] {
  const byRoom = new Map<string, RoomMark>();
  if (!floorId) return [];
  for (const incident of queue) {
    if (!incident.roomId || incident.status === 'resolved' || floorOf(incident) !== floorId) continue;
    const attention = attentionOf(incident, deviceKindOf(incident.deviceId));
    if (attention === 'technical') continue;
    const status = incident.status;
    const previous = byRoom.get(incident.roomId);
    const selected = (previous?.selected ?? false) || incident.id === selectedId;
    if (!previous) {
      byRoom.set(incident.roomId, { roomId: incident.roomId, status, kind: attention, selected });
      continue;
    }
    // The open one speaks for the room; between equals, the more urgent kind.
    const replaces =
      (status === 'open' && previous.status === 'acknowledged') ||
      (status === previous.status && kindRank[attention] < kindRank[previous.kind]);
    byRoom.set(incident.roomId, replaces ? { roomId: incident.roomId, status, kind: attention, selected } : { ...previous, selected });
  }
  return [...byRoom.values()];
}
