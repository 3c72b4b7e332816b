import type { DeviceDto, DeviceEventType, StoredEventDto } from '@wachtpost/contracts';
import { categoryOf, filterActivity, fromStoredEvent, mergeActivity, statusChange } from './activity';

let n = 0;
function stored(type: DeviceEventType, second: number, deviceId = 'door-main'): StoredEventDto {
  n += 1;
  const at = new Date(Date.UTC(2024, 4, 1, 10, 0, second)).toISOString();
  return { id: String(n), siteId: 'stadhuis-tiel', deviceId, eventId: `e${n}`, type, ts: at, receivedAt: at, payload: { type } };
}

function device(online: boolean): DeviceDto {
  return {
    id: 'btn-b0-11',
    siteId: 'stadhuis-tiel',
    kind: 'alarm-button',
    name: 'Alarmknop B0.11',
    floorId: 'floor-0',
    roomId: 'B0.11',
    position: { x: 0, y: 0 },
    heartbeatSeconds: 30,
    online,
    lastSeen: null,
    battery: 90,
    rssi: -60,
    fw: '1.4.2',
    tamper: false,
    doorState: null,
  };
}

describe('activity categories', () => {
  it('sorts every event type into alarms, doors, access or devices', () => {
    expect(categoryOf('alarm.pressed')).toBe('alarms');
    expect(categoryOf('door.forced')).toBe('doors');
    expect(categoryOf('access.denied')).toBe('access');
    expect(categoryOf('battery.low')).toBe('devices');
    expect(categoryOf('tamper')).toBe('devices');
  });
});

describe('mergeActivity', () => {
  it('keeps the newest first and drops duplicates', () => {
    const a = fromStoredEvent(stored('door.opened', 1));
    const b = fromStoredEvent(stored('door.closed', 2));
    const merged = mergeActivity([a], [b, a]);
    expect(merged.map((e) => e.id)).toEqual([b.id, a.id]);
  });

  it('keeps each category\'s own latest entries under a flood of another', () => {
    const forced = fromStoredEvent(stored('door.forced', 0));
    const flood = Array.from({ length: 30 }, (_, i) => fromStoredEvent(stored('access.granted', i + 1)));
    const merged = mergeActivity([forced], flood, 10);
    expect(merged.filter((e) => e.category === 'access')).toHaveLength(10);
    expect(merged.some((e) => e.id === forced.id)).toBe(true);
    expect(filterActivity(merged, 'doors').map((e) => e.id)).toEqual([forced.id]);
    expect(filterActivity(merged, 'all', 5)).toHaveLength(5);
  });
});

describe('statusChange', () => {
  it('makes an entry only when the device went offline or came back', () => {
    const now = Date.UTC(2024, 4, 1, 10, 5, 0);
    expect(statusChange(device(true), device(false), now)).toMatchObject({ category: 'devices', what: 'status', online: false, deviceId: 'btn-b0-11' });
    expect(statusChange(device(false), device(true), now)).toMatchObject({ online: true });
    expect(statusChange(device(true), device(true), now)).toBeNull();
    expect(statusChange(undefined, device(false), now)).toBeNull();
  });
});
