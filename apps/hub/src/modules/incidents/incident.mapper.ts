import type { IncidentDto, TimelineEntryDto } from '@wachtpost/contracts';
import type { DeviceCommandEntity } from '../commands/device-command.entity';
import type { Place } from '../sites/sites.service';
import type { IncidentEventEntity } from './incident-event.entity';
import type { IncidentEntity } from './incident.entity';

const iso = (d: Date | null) => d?.toISOString() ?? null;

export function toIncidentDto(i: IncidentEntity, place: Place, instructions: string[]): IncidentDto {
  return {
    id: i.id,
    siteId: i.siteId,
    kind: i.kind,
    type: i.type,
    priority: i.priority,
    status: i.status,
    silent: i.silent,
    deviceId: i.deviceId,
    roomId: i.roomId,
    roomName: place.roomName,
    floorId: i.floorId,
    floorName: place.floorName,
    organisationId: place.organisationId,
    triggerCount: i.triggerCount,
    openedAt: i.openedAt.toISOString(),
    lastTriggerAt: i.lastTriggerAt.toISOString(),
    acknowledgedAt: iso(i.acknowledgedAt),
    acknowledgedBy: i.acknowledgedBy,
    resolvedAt: iso(i.resolvedAt),
    resolvedBy: i.resolvedBy,
    outcome: i.outcome,
    note: i.note,
    instructions,
  };
}

/** The timeline: the incident's own entries plus what happened to the commands it caused. */
export function toTimeline(entries: IncidentEventEntity[], commands: DeviceCommandEntity[]): TimelineEntryDto[] {
  const timeline: TimelineEntryDto[] = entries.map((e) => ({ id: e.id, at: e.at.toISOString(), kind: e.kind, actor: e.actor, data: e.data }));
  for (const c of commands) {
    const data = { commandId: c.id, command: c.type, deviceId: c.deviceId, attempts: c.attempts };
    timeline.push({ id: `cmd-${c.id}-queued`, at: c.createdAt.toISOString(), kind: 'command.queued', actor: null, data });
    if (c.status === 'acked' && c.ackedAt) {
      timeline.push({ id: `cmd-${c.id}-acked`, at: c.ackedAt.toISOString(), kind: 'command.acked', actor: null, data });
    } else if (c.status === 'failed') {
      const at = c.ackedAt ?? c.sentAt ?? c.createdAt;
      timeline.push({ id: `cmd-${c.id}-failed`, at: at.toISOString(), kind: 'command.failed', actor: null, data: { ...data, error: c.error } });
    }
  }
  return timeline.sort((a, b) => a.at.localeCompare(b.at));
}
