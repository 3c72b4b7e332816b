import type { DeviceDto, IncidentDto } from '@wachtpost/contracts';
import { cannotCallForHelp, devicesWithIssues, healthIssues, isOfflineAlarmButton, markerState } from './device-state';

function device(id: string, overrides: Partial<DeviceDto> = {}): DeviceDto {
  return {
    id,
    siteId: 'stadhuis-tiel',
    kind: 'alarm-button',
    name: id,
    floorId: 'floor-0',
    roomId: 'B0.12',
    position: { x: 0, y: 0 },
    heartbeatSeconds: 30,
    online: true,
    lastSeen: '2024-05-01T10:00:00.000Z',
    battery: 90,
    rssi: -60,
    fw: '1.0.0',
    tamper: false,
    doorState: null,
    ...overrides,
  };
}

function incident(overrides: Partial<IncidentDto>): IncidentDto {
  return {
    id: 'i1',
    siteId: 'stadhuis-tiel',
    kind: 'alarm',
    type: 'alarm.pressed',
    priority: 1,
    status: 'open',
    silent: false,
    deviceId: 'btn',
    roomId: null,
    roomName: null,
    floorId: null,
    floorName: null,
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

describe('markerState', () => {
  it('is alarm for an open alarm on the device, acknowledged once acknowledged', () => {
    expect(markerState(device('btn'), [incident({})])).toBe('alarm');
    expect(markerState(device('btn'), [incident({ status: 'acknowledged' })])).toBe('acknowledged');
  });

  it('shows offline and door-open from the device itself, idle otherwise', () => {
    expect(markerState(device('btn', { online: false }), [])).toBe('offline');
    expect(markerState(device('door', { kind: 'door', doorState: 'open' }), [])).toBe('door-open');
    expect(markerState(device('btn'), [incident({ deviceId: 'other' })])).toBe('idle');
  });

  it('shows a forced door before a held one, and either before a mere open door', () => {
    const door = device('door', { kind: 'door', doorState: 'open' });
    expect(markerState(door, [incident({ deviceId: 'door', kind: 'door', type: 'door.held', id: 'h' })])).toBe('door-held');
    expect(
      markerState(door, [
        incident({ deviceId: 'door', kind: 'door', type: 'door.held', id: 'h' }),
        incident({ deviceId: 'door', kind: 'door', type: 'door.forced', id: 'f' }),
      ]),
    ).toBe('door-forced');
    expect(markerState(door, [incident({ deviceId: 'door', kind: 'door', type: 'door.forced', status: 'acknowledged' })])).toBe('acknowledged');
  });

  it('does not turn a technical incident into an alarm marker', () => {
    expect(markerState(device('btn', { online: false }), [incident({ kind: 'technical', type: 'device.offline' })])).toBe('offline');
  });
});

describe('health issues', () => {
  it('lists offline, tamper and a battery under 20%', () => {
    expect(healthIssues(device('a', { online: false, tamper: true, battery: 19 }))).toEqual(['offline', 'tamper', 'battery-low']);
    expect(healthIssues(device('b', { battery: 20 }))).toEqual([]);
    expect(healthIssues(device('c', { battery: null }))).toEqual([]);
  });

  it('keeps only devices with a problem: offline alarm buttons first, then other offline devices', () => {
    const result = devicesWithIssues([
      device('ok'),
      device('low', { battery: 5 }),
      device('a-door', { kind: 'door', online: false }),
      device('z-button', { online: false }),
    ]);
    expect(result.map((r) => r.device.id)).toEqual(['z-button', 'a-door', 'low']);
  });

  it('knows an offline alarm button cannot call for help', () => {
    expect(cannotCallForHelp(device('btn', { online: false }))).toBe(true);
    expect(cannotCallForHelp(device('btn'))).toBe(false);
    expect(cannotCallForHelp(device('door', { kind: 'door', online: false }))).toBe(false);
    expect(isOfflineAlarmButton({ type: 'device.offline' }, 'alarm-button')).toBe(true);
    expect(isOfflineAlarmButton({ type: 'device.offline' }, 'door')).toBe(false);
    expect(isOfflineAlarmButton({ type: 'battery.low' }, 'alarm-button')).toBe(false);
  });
});
