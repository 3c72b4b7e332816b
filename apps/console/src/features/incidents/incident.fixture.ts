/** An incident as the hub sends it, for unit tests: an open alarm in B0.12 unless overridden. */
import type { IncidentDto } from '@wachtpost/contracts';

export function incidentFixture(id: string, overrides: Partial<IncidentDto> = {}): IncidentDto {
  return {
    id,
    siteId: 'stadhuis-tiel',
    kind: 'alarm',
    type: 'alarm.pressed',
    priority: 1,
    status: 'open',
    silent: false,
    deviceId: 'btn-b0-12',
    roomId: 'B0.12',
    roomName: 'Spreekkamer B0.12',
    floorId: 'floor-0',
    floorName: 'Begane grond',
    organisationId: 'gemeente-tiel',
    triggerCount: 1,
    openedAt: '2024-05-01T10:00:00.000Z',
    lastTriggerAt: '2024-05-01T10:00:00.000Z',
    acknowledgedAt: null,
    acknowledgedBy: null,
    resolvedAt: null,
    resolvedBy: null,
    outcome: null,
    note: null,
    instructions: [],
    ...overrides,
  };
}
