import type { DeviceKind, IncidentDto } from '@wachtpost/contracts';
import { roomMarks } from './room-highlights';
import { incidentFixture } from '../incidents/incident.fixture';

const incident = incidentFixture;

const kinds: Record<string, DeviceKind> = { 'btn-b0-12': 'alarm-button', 'btn-b0-10': 'alarm-button', 'door-staff': 'door' };
const kindOf = (id: string | null) => (id ? kinds[id] : undefined);
const floorOf = (i: IncidentDto) => i.floorId;

describe('roomMarks', () => {
  it('marks the room of an open alarm on the shown floor, and only there', () => {
    const queue = [incident('a', {}), incident('b', { deviceId: 'btn-b1-06', roomId: 'B1.06', floorId: 'floor-1' })];
    expect(roomMarks(queue, 'floor-0', floorOf, kindOf, null)).toEqual([{ roomId: 'B0.12', status: 'open', kind: 'alarm', selected: false }]);
    expect(roomMarks(queue, 'floor-1', floorOf, kindOf, 'b')).toEqual([{ roomId: 'B1.06', status: 'open', kind: 'alarm', selected: true }]);
  });

  it('marks doors and offline alarm buttons, not other technical faults', () => {
    const queue = [
      incident('door', { kind: 'door', type: 'door.held', deviceId: 'door-staff', roomId: 'B0.20' }),
      incident('offline', { kind: 'technical', type: 'device.offline', deviceId: 'btn-b0-10', roomId: 'B0.10' }),
      incident('battery', { kind: 'technical', type: 'battery.low', deviceId: 'btn-b0-12', roomId: 'B0.12' }),
      incident('door-offline', { kind: 'technical', type: 'device.offline', deviceId: 'door-staff', roomId: 'B0.21' }),
    ];
    expect(roomMarks(queue, 'floor-0', floorOf, kindOf, null).map((m) => [m.roomId, m.kind])).toEqual([
      ['B0.20', 'door'],
      ['B0.10', 'button-offline'],
    ]);
  });

  it('lets an open incident speak for its room over an acknowledged one, and an alarm over an offline button', () => {
    const acknowledged = incident('old', { status: 'acknowledged' });
    const offline = incident('offline', { kind: 'technical', type: 'device.offline', id: 'offline', status: 'open' });
    expect(roomMarks([acknowledged, offline], 'floor-0', floorOf, kindOf, 'old')).toEqual([
      { roomId: 'B0.12', status: 'open', kind: 'button-offline', selected: true },
    ]);
    expect(roomMarks([offline, incident('new', {})], 'floor-0', floorOf, kindOf, null)[0]?.kind).toBe('alarm');
  });

  it('shows an acknowledged alarm as acknowledged', () => {
    expect(roomMarks([incident('a', { status: 'acknowledged' })], 'floor-0', floorOf, kindOf, null)[0]?.status).toBe('acknowledged');
  });
});
