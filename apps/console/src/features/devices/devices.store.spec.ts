import type { DeviceDto } from '@wachtpost/contracts';
import { createPinia, setActivePinia } from 'pinia';
import { hubApi } from '../../api/http';
import { useDevicesStore } from './devices.store';

function device(id: string, overrides: Partial<DeviceDto> = {}): DeviceDto {
  return {
    id,
    siteId: 'stadhuis-tiel',
    kind: 'alarm-button',
    name: id,
    floorId: 'floor-0',
    roomId: null,
    position: { x: 0, y: 0 },
    heartbeatSeconds: 30,
    online: true,
    lastSeen: '2024-05-01T10:00:00.000Z',
    battery: 90,
    rssi: -60,
    fw: '1.4.2',
    tamper: false,
    doorState: null,
    ...overrides,
  };
}

beforeEach(() => setActivePinia(createPinia()));
afterEach(() => jest.restoreAllMocks());

describe('devices store', () => {
  it('loads the list, sorted by name, and answers kind and health questions', async () => {
    jest.spyOn(hubApi, 'devices').mockResolvedValue([device('b'), device('a', { kind: 'door', online: false })]);
    const store = useDevicesStore();
    await store.load();
    expect(store.list.map((d) => d.id)).toEqual(['a', 'b']);
    expect(store.kindOf('a')).toBe('door');
    expect(store.kindOf('nope')).toBeUndefined();
    expect(store.withIssues.map((e) => [e.device.id, e.issues])).toEqual([['a', ['offline']]]);
  });

  it('keeps a live change that arrives while the snapshot is on its way', async () => {
    let release: (list: DeviceDto[]) => void = () => undefined;
    jest.spyOn(hubApi, 'devices').mockReturnValue(new Promise((r) => (release = r)));
    const store = useDevicesStore();
    const loading = store.load();
    store.upsert(device('btn', { online: false }));
    release([device('btn', { online: true })]);
    await loading;
    expect(store.get('btn')?.online).toBe(false);
    expect(store.withIssues.map((e) => e.device.id)).toEqual(['btn']);
  });
});
