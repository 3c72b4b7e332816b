/**
 * Nothing the broker accepted is lost, nothing is stored twice: the hub acknowledges a device
 * message only after it is committed. Runs on a Mosquitto started from the project's own
 * configuration (its queue holds what arrives while the hub is down).
 */
import type { IncidentDto } from '@wachtpost/contracts';
import type { MqttClient } from 'mqtt';
import { startProjectBroker, type Broker } from './support/broker';
import { waitFor } from './support/env';
import { TestHub } from './support/hub';
import { connectMqtt } from './support/mqtt';

const DOORS = ['door-main', 'door-staff', 'door-werkplein', 'door-stair-1', 'door-server'];
let broker: Broker;
let hub: TestHub;
let publisher: MqttClient;
let seq = 0;

function doorEvent(i: number, runId: string) {
  const door = DOORS[i % DOORS.length]!;
  const body = { eventId: `${runId}-${String(i).padStart(6, '0')}`, ts: new Date().toISOString(), type: 'access.granted', badge: `B${100000 + (i % 500)}`, direction: i % 2 ? 'in' : 'out' };
  return { topic: `wachtpost/v1/stadhuis-tiel/${door}/event`, payload: JSON.stringify(body) };
}

async function publishDoorEvents(runId: string, count: number, onProgress?: (n: number) => void | Promise<void>, window = 100): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const i = next++;
      const { topic, payload } = doorEvent(i, runId);
      await publisher.publishAsync(topic, payload, { qos: 1 });
      await onProgress?.(i);
    }
  };
  await Promise.all(Array.from({ length: window }, worker));
}

async function storedCount(runId: string): Promise<{ total: number; distinct: number }> {
  const [row] = await hub.query<{ total: string; distinct: string }>(
    `SELECT count(*) AS total, count(DISTINCT (device_id, event_id)) AS distinct FROM device_events WHERE type = 'access.granted' AND event_id LIKE $1`,
    [`${runId}-%`],
  );
  return { total: Number(row!.total), distinct: Number(row!.distinct) };
}

beforeAll(async () => {
  broker = await startProjectBroker();
  hub = new TestHub({ mqttUrl: broker.url, env: { MQTT_INGEST_CONNECTIONS: '16' } });
  await hub.start();
  publisher = await connectMqtt(broker.url, { clientId: `durability-pub-${process.pid}` });
});

afterAll(async () => {
  await publisher?.endAsync();
  await hub?.dispose();
  await broker?.stop();
});

it('stores an event that the broker delivers twice only once, and reacts to it once', async () => {
  const press = JSON.stringify({ eventId: 'dup-press-0001', ts: new Date().toISOString(), type: 'alarm.pressed' });
  const topic = 'wachtpost/v1/stadhuis-tiel/btn-b0-13/event';
  await publisher.publishAsync(topic, press, { qos: 1 });
  await publisher.publishAsync(topic, press, { qos: 1 });
  await publisher.publishAsync(topic, press, { qos: 1, dup: true });
  const rows = await waitFor(async () => {
    const r = await hub.query(`SELECT id FROM device_events WHERE device_id = 'btn-b0-13'`);
    return r.length > 0 && r;
  }, 5000, 'the press to be stored');
  await new Promise((r) => setTimeout(r, 500));
  expect(await hub.query(`SELECT id FROM device_events WHERE device_id = 'btn-b0-13'`)).toHaveLength(rows.length);
  expect(rows).toHaveLength(1);
  const incidents = await hub.query<{ trigger_count: number }>(`SELECT trigger_count FROM incidents WHERE device_id = 'btn-b0-13'`);
  expect(incidents).toEqual([{ trigger_count: 1 }]);
});

it('stores every event published while the hub was stopped, once it is back', async () => {
  const runId = `down${++seq}`;
  await hub.stop();
  await publishDoorEvents(runId, 1500);
  expect((await storedCount(runId)).total).toBe(0);
  await hub.start();
  const counts = await waitFor(async () => {
    const c = await storedCount(runId);
    return c.total >= 1500 && c;
  }, 30_000, 'all 1500 events after the restart');
  expect(counts).toEqual({ total: 1500, distinct: 1500 });
});

it('loses nothing and doubles nothing when the hub is killed with kill -9 in the middle of a stream', async () => {
  const runId = `kill${++seq}`;
  const total = 4000;
  let killed = false;
  let restarted: Promise<void> | undefined;
  const pressesBefore = 3;
  const button = 'wachtpost/v1/stadhuis-tiel/btn-b0-14/event';
  const press = (n: number) => JSON.stringify({ eventId: `${runId}-press-${n}`, ts: new Date().toISOString(), type: 'alarm.pressed' });

  for (let n = 0; n < pressesBefore; n++) await publisher.publishAsync(button, press(n), { qos: 1 });
  await publishDoorEvents(runId, total, async (i) => {
    if (i === 1200 && !killed) {
      killed = true;
      // kill -9 while messages are in flight and batches are committing; restart a moment later
      await hub.kill();
      restarted = new Promise((r) => setTimeout(r, 300)).then(() => hub.start());
    }
  }, 50);
  for (let n = pressesBefore; n < pressesBefore + 2; n++) await publisher.publishAsync(button, press(n), { qos: 1 });
  expect(killed).toBe(true);
  await restarted;

  const counts = await waitFor(async () => {
    const c = await storedCount(runId);
    return c.total >= total && c;
  }, 60_000, `all ${total} events after kill -9`);
  expect(counts).toEqual({ total, distinct: total });

  // The presses around the crash made one incident, counted once per press.
  const token = (await hub.login('guard')).accessToken;
  const incident = await waitFor(async () => {
    const open = await hub.client(token).get<IncidentDto[]>('/api/v1/incidents?status=open');
    return open.body.find((i) => i.deviceId === 'btn-b0-14' && i.triggerCount === 5);
  }, 10_000, 'one incident with five presses');
  expect(incident.type).toBe('alarm.pressed');
  expect(await hub.query(`SELECT id FROM incidents WHERE device_id = 'btn-b0-14'`)).toHaveLength(1);
  expect(await hub.query(`SELECT id FROM device_events WHERE type = 'alarm.pressed' AND event_id LIKE $1`, [`${runId}-press-%`])).toHaveLength(5);
});
