import type { DeviceDto, HealthDto, StoredEventDto } from '@wachtpost/contracts';
import { createPinia, setActivePinia } from 'pinia';
import { ApiError, hubApi } from '../../api/http';
import { useControlRoomStore } from './control-room.store';

let n = 0;
function stored(type: StoredEventDto['type'], deviceId = 'door-main'): StoredEventDto {
  n += 1;
  const at = new Date(Date.UTC(2024, 4, 1, 10, 0, n)).toISOString();
  return { id: String(n), siteId: 'stadhuis-tiel', deviceId, eventId: `e${n}`, type, ts: at, receivedAt: at, payload: {} };
}

const button = (online: boolean) => ({ id: 'btn-b0-11', kind: 'alarm-button', online }) as DeviceDto;

const degraded: HealthDto = {
  status: 'degraded',
  dependencies: { database: 'up', redis: 'down', mqtt: 'down' },
  version: '0.1.0',
  uptimeSeconds: 5,
};

beforeEach(() => setActivePinia(createPinia()));
afterEach(() => jest.restoreAllMocks());

describe('control-room store: activity', () => {
  it('shows live events newest first and filters them by category', () => {
    const room = useControlRoomStore();
    room.pushEvents([stored('access.granted'), stored('door.forced'), stored('alarm.pressed', 'btn-b0-12')]);
    room.noteDeviceChange(button(true), button(false), Date.UTC(2024, 4, 1, 10, 1, 0));
    expect(room.shownActivity.map((e) => (e.what === 'event' ? e.type : `online:${e.online}`))).toEqual([
      'online:false',
      'alarm.pressed',
      'door.forced',
      'access.granted',
    ]);
    room.activityFilter = 'doors';
    expect(room.shownActivity.map((e) => e.what === 'event' && e.type)).toEqual(['door.forced']);
    room.activityFilter = 'devices';
    expect(room.shownActivity.map((e) => e.deviceId)).toEqual(['btn-b0-11']);
  });

  it('fills the ticker from the hub after a (re)connect without doubling what it has', async () => {
    const seen = stored('door.opened');
    const missed = stored('door.closed');
    jest.spyOn(hubApi, 'events').mockResolvedValue([missed, seen]);
    const room = useControlRoomStore();
    room.pushEvents([seen]);
    await room.loadRecentActivity();
    expect(room.activity.map((e) => e.id)).toEqual([`event:${missed.id}`, `event:${seen.id}`]);
  });
});

describe('control-room store: health and dialogs', () => {
  it('reads a degraded hub from its 503 answer', async () => {
    jest.spyOn(hubApi, 'health').mockRejectedValue(new ApiError(503, 'Service Unavailable', undefined, degraded));
    const room = useControlRoomStore();
    await room.refreshHealth();
    expect(room.degraded).toBe(true);
    expect(room.downDependencies).toEqual(['redis', 'mqtt']);
  });

  it('opens one dialog at a time', () => {
    const room = useControlRoomStore();
    room.showDevice('btn-b0-12');
    expect(room.dialogOpen).toBe(true);
    room.toggleHelp();
    expect([room.helpOpen, room.shownDeviceId]).toEqual([true, null]);
    room.openBulk();
    expect([room.helpOpen, room.bulkOpen]).toEqual([false, true]);
    room.closeDialogs();
    expect(room.dialogOpen).toBe(false);
  });
});
