import { MAX_PAYLOAD_BYTES } from '@wachtpost/contracts';
import { parseDeviceMessage, type RegisteredDevice } from './message-parser';

const registry: Record<string, RegisteredDevice> = {
  'btn-b0-12': { id: 'btn-b0-12', siteId: 'stadhuis-tiel', kind: 'alarm-button' },
  'door-main': { id: 'door-main', siteId: 'stadhuis-tiel', kind: 'door' },
};
const lookup = (id: string) => registry[id];
const parse = (topic: string, payload: unknown) =>
  parseDeviceMessage(topic, Buffer.isBuffer(payload) ? payload : Buffer.from(typeof payload === 'string' ? payload : JSON.stringify(payload)), lookup);
const T = 'wachtpost/v1/stadhuis-tiel/btn-b0-12/event';
const press = { eventId: '7f3c2a9e01', ts: '2026-11-28T10:15:03.120+01:00', type: 'alarm.pressed' };
const reason = (p: ReturnType<typeof parse>) => (p.kind === 'quarantine' ? p.entry.reason : p.kind);

describe('parseDeviceMessage', () => {
  it('accepts the contract example', () => {
    const p = parse(T, press);
    expect(p.kind).toBe('event');
    if (p.kind === 'event') expect(p.event).toMatchObject({ type: 'alarm.pressed', eventId: '7f3c2a9e01' });
  });

  it('accepts a door event, a status, an ack, and ignores the hub\'s own commands', () => {
    expect(parse('wachtpost/v1/stadhuis-tiel/door-main/event', { ...press, type: 'access.denied', badge: 'B1', direction: 'in', reason: 'blocked' }).kind).toBe('event');
    expect(parse('wachtpost/v1/stadhuis-tiel/btn-b0-12/status', { online: true, ts: press.ts, battery: 92 }).kind).toBe('status');
    expect(parse('wachtpost/v1/stadhuis-tiel/btn-b0-12/status', { online: false }).kind).toBe('status');
    expect(parse('wachtpost/v1/stadhuis-tiel/btn-b0-12/cmd/ack', { cmdId: 'c1', ok: false, error: 'jammed' }).kind).toBe('ack');
    expect(parse('wachtpost/v1/stadhuis-tiel/btn-b0-12/cmd', { cmdId: 'c1', type: 'alarm.cleared' }).kind).toBe('own');
  });

  it.each([
    ['bad_topic', 'wachtpost/v1/stadhuis-tiel/btn-b0-12/bogus', press],
    ['bad_topic', 'wachtpost/v2/stadhuis-tiel/btn-b0-12/event', press],
    ['bad_topic', 'wachtpost/v1/Stadhuis/btn-b0-12/event', press],
    ['unknown_device', 'wachtpost/v1/stadhuis-tiel/btn-nobody/event', press],
    ['site_mismatch', 'wachtpost/v1/elsewhere/btn-b0-12/event', press],
    ['invalid_json', T, '{"eventId": '],
    ['not_an_object', T, '[1,2]'],
    ['unknown_type', T, { ...press, type: 'alarm.exploded' }],
    ['unknown_type', T, { ...press, type: 'access.granted', badge: 'B1', direction: 'in' }],
    ['unknown_type', T, { eventId: press.eventId, ts: press.ts }],
    ['invalid_fields', T, { ...press, eventId: 'short' }],
    ['invalid_fields', T, { ...press, ts: '2026-11-28T10:15:03' }],
    ['invalid_fields', T, { ...press, silent: 'yes' }],
    ['invalid_fields', T, { ...press, type: 'battery.low', level: 101 }],
    ['invalid_fields', T, { ...press, note: 'nul \u0000 inside' }],
    ['invalid_fields', 'wachtpost/v1/stadhuis-tiel/btn-b0-12/status', { online: 'yes' }],
  ])('quarantines %s: %s', (expected, topic, payload) => {
    expect(reason(parse(topic, payload))).toBe(expected);
  });

  it('quarantines an oversized payload without reading it, keeping only its first bytes', () => {
    const p = parse(T, Buffer.alloc(MAX_PAYLOAD_BYTES + 1, 'x'));
    expect(p.kind).toBe('quarantine');
    if (p.kind === 'quarantine') {
      expect(p.entry.reason).toBe('too_large');
      expect(p.entry.size).toBe(MAX_PAYLOAD_BYTES + 1);
      expect(p.entry.payloadHead.length).toBe(256);
    }
  });

  it('says which field is wrong', () => {
    const p = parse(T, { ...press, eventId: 'short' });
    expect(p.kind === 'quarantine' && p.entry.detail).toContain('eventId');
  });

  it('marks an unregistered device so a technical alert can be raised', () => {
    const p = parse('wachtpost/v1/stadhuis-tiel/btn-nobody/event', press);
    expect(p.kind === 'quarantine' && p.unknownDevice).toEqual({ siteId: 'stadhuis-tiel', deviceId: 'btn-nobody' });
  });
});
