import {
  alarmButtonEventSchema,
  deviceCommandAckSchema,
  deviceStatusSchema,
  doorEventSchema,
  eventIdPattern,
} from '@wachtpost/contracts';
import {
  applyCommand,
  applyEvent,
  buildEvent,
  initialState,
  newEventId,
  rfc3339,
  statusPayload,
  swipeOutcome,
} from './simulated-device';
import { randomBadge, randomDoorActivity, siteBadges } from './simulator';

describe('event ids and timestamps', () => {
  it('generates ids that match the contract and do not repeat', () => {
    const ids = Array.from({ length: 10_000 }, () => newEventId());
    expect(ids.filter((id) => !eventIdPattern.test(id))).toEqual([]);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('writes RFC 3339 with a zone offset for the same instant', () => {
    const now = new Date('2026-11-28T09:15:03.120Z');
    const ts = rfc3339(now);
    expect(ts).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}[+-]\d\d:\d\d$/);
    expect(new Date(ts).getTime()).toBe(now.getTime());
  });
});

describe('buildEvent', () => {
  it('builds alarm button events that pass the contract schema', () => {
    for (const body of [
      { type: 'alarm.pressed' },
      { type: 'alarm.pressed', silent: true },
      { type: 'alarm.reset' },
      { type: 'tamper', state: 'open' },
      { type: 'battery.low', level: 12 },
    ] as const) {
      const event = buildEvent('alarm-button', body);
      expect(alarmButtonEventSchema.parse(event)).toEqual(event);
      expect(event).toMatchObject(body);
    }
  });

  it('builds door events that pass the contract schema', () => {
    for (const body of [
      { type: 'access.granted', badge: 'B123456', direction: 'in' },
      { type: 'access.denied', badge: 'B123456', direction: 'out', reason: 'expired' },
      { type: 'door.opened' },
      { type: 'door.closed' },
      { type: 'door.forced' },
      { type: 'door.held', seconds: 90 },
      { type: 'tamper', state: 'closed' },
    ] as const) {
      const event = buildEvent('door', body);
      expect(doorEventSchema.parse(event)).toEqual(event);
    }
  });

  it('refuses events the device kind does not send, or invalid fields', () => {
    expect(() => buildEvent('door', { type: 'alarm.pressed' })).toThrow('a door does not send alarm.pressed');
    expect(() => buildEvent('alarm-button', { type: 'door.forced' })).toThrow();
    expect(() => buildEvent('alarm-button', { type: 'battery.low', level: 101 })).toThrow();
  });

  it('tracks led and door contact from the events sent', () => {
    const button = initialState('alarm-button');
    applyEvent(button, buildEvent('alarm-button', { type: 'alarm.pressed' }));
    expect(button.led).toBe('alarm');
    applyEvent(button, buildEvent('alarm-button', { type: 'alarm.reset' }));
    expect(button.led).toBe('idle');

    const door = initialState('door');
    applyEvent(door, buildEvent('door', { type: 'door.forced' }));
    expect(door.doorOpen).toBe(true);
    applyEvent(door, buildEvent('door', { type: 'door.closed' }));
    expect(door.doorOpen).toBe(false);
  });
});

describe('status', () => {
  it('passes the contract schema, with battery only for alarm buttons', () => {
    const button = statusPayload(initialState('alarm-button'));
    expect(deviceStatusSchema.parse(button)).toEqual(button);
    expect(button).toMatchObject({ online: true, fw: '1.4.2', battery: expect.any(Number) });
    expect(statusPayload(initialState('door'))).not.toHaveProperty('battery');
  });
});

describe('applyCommand', () => {
  const cmd = (o: object) => JSON.stringify(o);

  it('acknowledges and clears an alarm on an alarm button', () => {
    const state = initialState('alarm-button');
    state.led = 'alarm';
    const result = applyCommand('alarm-button', state, cmd({ cmdId: 'c1', type: 'alarm.acknowledged' }));
    expect(result).toEqual({ command: { cmdId: 'c1', type: 'alarm.acknowledged' }, ack: { cmdId: 'c1', ok: true } });
    expect(state.led).toBe('acknowledged');
    applyCommand('alarm-button', state, Buffer.from(cmd({ cmdId: 'c2', type: 'alarm.cleared' })));
    expect(state.led).toBe('idle');
  });

  it('refuses a door command on an alarm button, and the other way round', () => {
    const button = applyCommand('alarm-button', initialState('alarm-button'), cmd({ cmdId: 'c3', type: 'door.unlock', seconds: 5 }));
    expect(button.ack).toEqual({ cmdId: 'c3', ok: false, error: 'door.unlock is not supported by alarm-button devices' });
    const door = applyCommand('door', initialState('door'), cmd({ cmdId: 'c4', type: 'alarm.acknowledged' }));
    expect(door.ack).toMatchObject({ cmdId: 'c4', ok: false });
    expect(deviceCommandAckSchema.parse(door.ack)).toEqual(door.ack);
  });

  it('unlocks a door and blocks / unblocks badges', () => {
    const state = initialState('door');
    expect(applyCommand('door', state, cmd({ cmdId: 'u', type: 'door.unlock', seconds: 10 }), 1_000).ack?.ok).toBe(true);
    expect(state.unlockedUntil).toBe(11_000);

    applyCommand('door', state, cmd({ cmdId: 'b', type: 'badges.block', badges: ['B000001', 'B000002'] }));
    expect(swipeOutcome(state, 'B000001', 'in')).toEqual({ type: 'access.denied', badge: 'B000001', direction: 'in', reason: 'blocked' });
    applyCommand('door', state, cmd({ cmdId: 'ub', type: 'badges.unblock', badges: ['B000001'] }));
    expect(swipeOutcome(state, 'B000001', 'in')).toEqual({ type: 'access.granted', badge: 'B000001', direction: 'in' });
    expect([...state.blockedBadges]).toEqual(['B000002']);
  });

  it('answers invalid commands with ok:false when they carry a cmdId, and not at all otherwise', () => {
    const state = initialState('door');
    const bad = applyCommand('door', state, cmd({ cmdId: 'x', type: 'door.unlock', seconds: 0 }));
    expect(bad.command).toBeNull();
    expect(bad.ack).toMatchObject({ cmdId: 'x', ok: false, error: expect.stringContaining('invalid command') });
    expect(deviceCommandAckSchema.parse(bad.ack)).toEqual(bad.ack);
    expect(applyCommand('door', state, cmd({ cmdId: 'y', type: 'door.explode' })).ack?.ok).toBe(false);
    expect(applyCommand('door', state, 'not json')).toEqual({ command: null, ack: null });
    expect(applyCommand('door', state, cmd({ type: 'door.unlock', seconds: 5 }))).toEqual({ command: null, ack: null });
    expect(applyCommand('door', state, 'null')).toEqual({ command: null, ack: null });
  });
});

describe('random door traffic', () => {
  it('produces only valid door events, mostly granted', () => {
    const state = initialState('door');
    const badges = Array.from({ length: 50 }, randomBadge);
    const types = new Map<string, number>();
    for (let i = 0; i < 2000; i++) {
      const event = buildEvent('door', randomDoorActivity(state, badges));
      applyEvent(state, event);
      types.set(event.type, (types.get(event.type) ?? 0) + 1);
    }
    expect(types.get('access.granted')).toBeGreaterThan(1400);
    expect(types.get('access.denied')).toBeGreaterThan(0);
    expect([...types.keys()].every((t) => ['access.granted', 'access.denied', 'door.opened', 'door.closed'].includes(t))).toBe(true);
  });

  it('never invents a blocked or expired badge: those come from the door\'s real state', () => {
    const state = initialState('door');
    const badges = Array.from({ length: 50 }, randomBadge);
    const reasons = new Set<string>();
    for (let i = 0; i < 5000; i++) {
      const event = buildEvent('door', randomDoorActivity(state, badges));
      if (event.type === 'access.denied') reasons.add(event.reason);
    }
    expect([...reasons].sort()).toEqual(['no_permission', 'outside_schedule', 'unknown_badge']);
  });

  it('uses the badges the site\'s cardholders carry today', () => {
    const site = {
      cardholders: [
        { badges: [{ number: 'B1', validUntil: null }, { number: 'B2', validUntil: '2026-01-01' }] },
        { badges: [{ number: 'B3', validUntil: '2027-01-01' }] },
      ],
    } as unknown as Parameters<typeof siteBadges>[0];
    expect(siteBadges(site, '2026-11-28')).toEqual(['B1', 'B3']);
  });
});
