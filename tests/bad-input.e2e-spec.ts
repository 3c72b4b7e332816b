/**
 * Every kind of bad device input from the contract's last section: quarantined with its reason,
 * counted in /metrics, never an alarm, and never a stopped hub. An unregistered device raises
 * a technical alert instead.
 */
import { MAX_PAYLOAD_BYTES, type IncidentDto, type QuarantineDto } from '@wachtpost/contracts';
import type { MqttClient } from 'mqtt';
import { waitFor } from './support/env';
import { TestHub } from './support/hub';
import { connectMqtt } from './support/mqtt';

const hub = new TestHub();
let device: MqttClient;
let token: string;
const ts = () => new Date().toISOString();
const T = (device: string, channel = 'event') => `wachtpost/v1/stadhuis-tiel/${device}/${channel}`;

const cases: { name: string; reason: string; topic: string; payload: string | Buffer }[] = [
  { name: 'invalid JSON', reason: 'invalid_json', topic: T('btn-b0-10'), payload: '{"eventId": "abcdefgh", "type": ' },
  { name: 'a JSON array', reason: 'not_an_object', topic: T('btn-b0-10'), payload: '[]' },
  { name: 'an unknown type', reason: 'unknown_type', topic: T('btn-b0-10'), payload: JSON.stringify({ eventId: 'bad-type-01', ts: ts(), type: 'alarm.exploded' }) },
  { name: 'a door type from a button', reason: 'unknown_type', topic: T('btn-b0-10'), payload: JSON.stringify({ eventId: 'bad-type-02', ts: ts(), type: 'door.forced' }) },
  { name: 'a missing field', reason: 'invalid_fields', topic: T('btn-b0-10'), payload: JSON.stringify({ eventId: 'missing-ts-1', type: 'alarm.pressed' }) },
  { name: 'a wrong field type', reason: 'invalid_fields', topic: T('btn-b0-10'), payload: JSON.stringify({ eventId: 'wrong-type-1', ts: ts(), type: 'alarm.pressed', silent: 'yes' }) },
  { name: 'a timestamp without zone', reason: 'invalid_fields', topic: T('btn-b0-10'), payload: JSON.stringify({ eventId: 'no-zone-0001', ts: '2026-11-28T10:15:03', type: 'alarm.pressed' }) },
  { name: 'an oversized payload', reason: 'too_large', topic: T('btn-b0-10'), payload: JSON.stringify({ eventId: 'too-large-01', ts: ts(), type: 'alarm.pressed', pad: 'x'.repeat(MAX_PAYLOAD_BYTES) }) },
  { name: 'a topic outside the scheme', reason: 'bad_topic', topic: 'wachtpost/v1/stadhuis-tiel/btn-b0-10/whatever', payload: JSON.stringify({ eventId: 'bad-topic-01', ts: ts(), type: 'alarm.pressed' }) },
  { name: 'an unregistered device', reason: 'unknown_device', topic: T('btn-x9-99'), payload: JSON.stringify({ eventId: 'unknown-dev-1', ts: ts(), type: 'alarm.pressed' }) },
];

beforeAll(async () => {
  await hub.start();
  token = (await hub.login('guard')).accessToken;
  device = await connectMqtt(hub.mqttUrl);
  for (const c of cases) await device.publishAsync(c.topic, c.payload, { qos: 1 });
});

afterAll(async () => {
  await device?.endAsync();
  await hub.dispose();
});

describe('bad device input', () => {
  let quarantine: QuarantineDto[] = [];

  beforeAll(async () => {
    quarantine = await waitFor(async () => {
      const res = await hub.client(token).get<QuarantineDto[]>('/api/v1/quarantine?limit=100');
      return res.body.length >= cases.length && res.body;
    }, 10_000, `${cases.length} quarantine entries`);
  });

  it.each(cases)('quarantines $name with reason $reason, its topic and first bytes', ({ reason, topic, payload }) => {
    const entry = quarantine.find((q) => q.topic === topic && q.reason === reason && q.payloadHead === payload.toString().slice(0, 256));
    expect(entry).toBeDefined();
    expect(entry!.detail.length).toBeGreaterThan(0);
    expect(entry!.size).toBe(Buffer.byteLength(payload));
    expect(Date.parse(entry!.receivedAt)).not.toBeNaN();
  });

  it('stores none of them as an event and opens no alarm', async () => {
    expect(await hub.query(`SELECT id FROM device_events`)).toHaveLength(0);
    const incidents = (await hub.client(token).get<IncidentDto[]>('/api/v1/incidents')).body;
    expect(incidents.filter((i) => i.kind === 'alarm')).toHaveLength(0);
  });

  it('raises a technical alert for the unregistered device', async () => {
    const incidents = (await hub.client(token).get<IncidentDto[]>('/api/v1/incidents?status=open')).body;
    expect(incidents).toEqual(expect.arrayContaining([expect.objectContaining({ type: 'device.unknown', kind: 'technical', deviceId: 'btn-x9-99' })]));
  });

  it('counts every rejection by reason in /metrics', async () => {
    const text = await (await fetch(`${hub.baseUrl}/metrics`)).text();
    for (const reason of new Set(cases.map((c) => c.reason))) {
      const expected = cases.filter((c) => c.reason === reason).length;
      expect(text).toContain(`wachtpost_quarantine_total{reason="${reason}"} ${expected}`);
    }
  });

  it('keeps running: a valid press right after is stored and raises the alarm', async () => {
    await device.publishAsync(T('btn-b0-10'), JSON.stringify({ eventId: 'after-bad-01', ts: ts(), type: 'alarm.pressed' }), { qos: 1 });
    await waitFor(async () => {
      const open = await hub.client(token).get<IncidentDto[]>('/api/v1/incidents?status=open');
      return open.body.some((i) => i.type === 'alarm.pressed' && i.deviceId === 'btn-b0-10');
    }, 5000, 'the alarm after the bad input');
    expect((await fetch(`${hub.baseUrl}/api/health`)).status).toBe(200);
  });

  it('answers 400 with what is wrong for a bad query', async () => {
    const res = await hub.client(token).get<{ message: string }>('/api/v1/events?limit=100000');
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(/limit/);
  });
});
