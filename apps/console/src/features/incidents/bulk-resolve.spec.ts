import type { DeviceKind, IncidentDto } from '@wachtpost/contracts';
import { bulkCandidates, bulkProblem } from './bulk-resolve';
import { incidentFixture } from './incident.fixture';

function incident(id: string, overrides: Partial<IncidentDto> = {}): IncidentDto {
  return incidentFixture(id, {
    kind: 'technical',
    type: 'battery.low',
    priority: 4,
    deviceId: id,
    roomId: null,
    roomName: null,
    floorId: null,
    floorName: null,
    ...overrides,
  });
}

const kinds: Record<string, DeviceKind> = { 'btn-1': 'alarm-button', 'btn-2': 'alarm-button', 'door-1': 'door' };
const kindOf = (id: string | null) => (id ? kinds[id] : undefined);

describe('bulkCandidates', () => {
  it('offers every active technical alert and ticks all but offline alarm buttons', () => {
    const queue = [
      incident('alarm', { kind: 'alarm', type: 'alarm.pressed', deviceId: 'btn-1' }),
      incident('battery', { deviceId: 'btn-1' }),
      incident('button-offline', { type: 'device.offline', deviceId: 'btn-2' }),
      incident('door-offline', { type: 'device.offline', deviceId: 'door-1', status: 'acknowledged' }),
      incident('done', { status: 'resolved', deviceId: 'door-1' }),
    ];
    expect(bulkCandidates(queue, kindOf).map((c) => [c.incident.id, c.preselected])).toEqual([
      ['battery', true],
      ['button-offline', false],
      ['door-offline', true],
    ]);
  });
});

describe('bulkProblem', () => {
  const id = '0b6f4ba4-7d4c-4c8f-9d59-3f1b6c2f4a10';
  it('accepts a technical outcome without a note', () => {
    expect(bulkProblem([id], 'technical', '')).toBeNull();
  });
  it('asks for a choice, an outcome, and a note for false alarms', () => {
    expect(bulkProblem([], 'technical', '')).toBe('none-selected');
    expect(bulkProblem([id], '', '')).toBe('outcome-required');
    expect(bulkProblem([id], 'false_alarm', '  ')).toBe('note-required');
    expect(bulkProblem([id], 'false_alarm', 'sensor defect')).toBeNull();
  });
});
