/**
 * Devices going offline — by their MQTT will or by missed heartbeats — and coming back are
 * technical alerts on the console; the device list shows online, last seen and battery.
 */
import type { DeviceDto, IncidentDto } from '@wachtpost/contracts';
import { SimulatedDevice } from '@wachtpost/devices-sim';
import { waitFor } from './support/env';
import { TestHub } from './support/hub';

const HEARTBEAT = 1;
const hub = new TestHub({ env: { DEVICE_HEARTBEAT_SECONDS: String(HEARTBEAT), SUPERVISION_INTERVAL_MS: '250' } });
let token: string;
const devices: SimulatedDevice[] = [];

function simulate(id: string, kind: 'alarm-button' | 'door'): SimulatedDevice {
  const d = new SimulatedDevice({ mqttUrl: hub.mqttUrl, siteId: 'stadhuis-tiel', device: { id, kind }, heartbeatSeconds: HEARTBEAT });
  devices.push(d);
  return d;
}
const device = async (id: string) => (await hub.client(token).get<DeviceDto[]>('/api/v1/devices')).body.find((d) => d.id === id)!;
const offlineIncident = async (id: string, status: string) =>
  (await hub.client(token).get<IncidentDto[]>(`/api/v1/incidents?status=${status}`)).body.find((i) => i.deviceId === id && i.type === 'device.offline');

beforeAll(async () => {
  await hub.start();
  token = (await hub.login('guard')).accessToken;
});

afterAll(async () => {
  await Promise.all(devices.map((d) => d.stop().catch(() => undefined)));
  await hub.dispose();
});

it('shows a device online with its battery and last-seen time once it reports', async () => {
  const button = simulate('btn-b0-11', 'alarm-button');
  await button.start();
  const seen = await waitFor(async () => {
    const d = await device('btn-b0-11');
    return d.online && d.lastSeen !== null && d;
  }, 5000, 'btn-b0-11 online');
  expect(seen.battery).not.toBeNull();
  expect(seen.fw).toBe('1.4.2');
});

it('raises an alert when the broker publishes the will, and resolves it when the device is back', async () => {
  const button = devices[0]!;
  const socket = await hub.socket(token);
  const pushed = new Promise<IncidentDto>((resolve) => socket.on('incident.upsert', (i) => i.deviceId === 'btn-b0-11' && i.type === 'device.offline' && resolve(i)));
  await button.goOffline('will');
  const incident = await waitFor(() => offlineIncident('btn-b0-11', 'open'), 5000, 'an offline alert');
  expect(incident).toMatchObject({ kind: 'technical', priority: 2, roomId: 'B0.11' });
  expect((await pushed).id).toBe(incident.id);
  expect((await device('btn-b0-11')).online).toBe(false);

  await button.goOnline();
  const resolved = await waitFor(() => offlineIncident('btn-b0-11', 'resolved'), 5000, 'the alert resolved');
  expect(resolved.id).toBe(incident.id);
  expect((await device('btn-b0-11')).online).toBe(true);
});

it('raises an alert after missed heartbeats while the connection stays open', async () => {
  const door = simulate('door-staff', 'door');
  await door.start();
  await waitFor(async () => (await device('door-staff')).online, 5000, 'door-staff online');
  await door.goOffline('silent');
  const incident = await waitFor(() => offlineIncident('door-staff', 'open'), 10_000, 'an alert after missed heartbeats');
  expect(incident.priority).toBeGreaterThan(2);
  const detail = (await hub.client(token).get<{ timeline: { kind: string; data: Record<string, unknown> }[] }>(`/api/v1/incidents/${incident.id}`)).body;
  expect(detail.timeline[0]).toMatchObject({ kind: 'opened', data: { cause: 'missed_heartbeats' } });
  await door.goOnline();
  await waitFor(() => offlineIncident('door-staff', 'resolved'), 5000, 'the door back online');
});
