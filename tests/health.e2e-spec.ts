/** /api/health names each dependency's state and answers 503 while one is down; /metrics is Prometheus text. */
import type { HealthDto } from '@wachtpost/contracts';
import { startProjectBroker, type Broker } from './support/broker';
import { waitFor } from './support/env';
import { TestHub } from './support/hub';

let broker: Broker;
let hub: TestHub;

beforeAll(async () => {
  broker = await startProjectBroker();
  hub = new TestHub({ mqttUrl: broker.url });
  await hub.start();
});

afterAll(async () => {
  await hub?.dispose();
});

it('answers 200 with every dependency up, and 503 naming the broker when it goes down', async () => {
  const up = await fetch(`${hub.baseUrl}/api/health`);
  expect(up.status).toBe(200);
  expect(((await up.json()) as HealthDto).dependencies).toEqual({ database: 'up', redis: 'up', mqtt: 'up' });

  await broker.stop();
  const down = await waitFor(async () => {
    const res = await fetch(`${hub.baseUrl}/api/health`);
    return res.status === 503 && ((await res.json()) as HealthDto);
  }, 10_000, 'a 503 from /api/health');
  expect(down).toMatchObject({ status: 'degraded', dependencies: { database: 'up', redis: 'up', mqtt: 'down' } });
});

it('serves Prometheus metrics without a token', async () => {
  const res = await fetch(`${hub.baseUrl}/metrics`);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toContain('text/plain');
  expect(await res.text()).toContain('# TYPE wachtpost_ingest_messages_total counter');
});
