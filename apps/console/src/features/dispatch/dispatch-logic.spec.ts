import type { AlertDto, AlertRecipientDto, DeliveryDto } from '@wachtpost/contracts';
import {
  applyAlert,
  base64UrlToBytes,
  channelStates,
  formatCountdown,
  isLive,
  minutesSince,
  orderAlerts,
  orderComing,
  orderRecipients,
  parseEta,
  quorumGauges,
  secondsUntil,
} from './dispatch-logic';

const alert = (over: Partial<AlertDto>): AlertDto => ({
  id: 'a1',
  siteId: 's',
  scenarioId: 'alarm-button',
  scenarioName: 'Alarmknop',
  incidentId: null,
  drill: false,
  status: 'active',
  message: 'm',
  round: 1,
  rounds: 3,
  nextRoundAt: null,
  quorumWarning: false,
  quorum: [],
  startedAt: '2026-01-01T10:00:00.000Z',
  startedBy: null,
  firstComingAt: null,
  quorumMetAt: null,
  allClearAt: null,
  allClearBy: null,
  ...over,
});

const recipient = (over: Partial<AlertRecipientDto>): AlertRecipientDto => ({
  userId: 'u',
  username: 'u',
  displayName: 'U',
  organisationId: 'o',
  functions: ['bhv'],
  round: 1,
  answer: 'pending',
  etaMinutes: null,
  answeredAt: null,
  deliveries: [],
  ...over,
});

const delivery = (over: Partial<DeliveryDto>): DeliveryDto => ({
  id: 'd',
  channel: 'email',
  kind: 'alert',
  round: 1,
  state: 'sent',
  attempts: 1,
  error: null,
  sentAt: null,
  ...over,
});

describe('quorumGauges', () => {
  it('gives confirmed/needed, a bounded fraction and whether it is met', () => {
    expect(quorumGauges([{ function: 'bhv', needed: 2, confirmed: 1 }, { function: 'first_aid', needed: 1, confirmed: 3 }])).toEqual([
      { function: 'bhv', confirmed: 1, needed: 2, fraction: 0.5, met: false },
      { function: 'first_aid', confirmed: 3, needed: 1, fraction: 1, met: true },
    ]);
  });
});

describe('countdown and elapsed time', () => {
  const now = Date.parse('2026-01-01T10:00:00.000Z');
  it('counts whole seconds up to the next round, never below zero', () => {
    expect(secondsUntil('2026-01-01T10:01:30.200Z', now)).toBe(91);
    expect(secondsUntil('2026-01-01T09:59:00.000Z', now)).toBe(0);
    expect(secondsUntil(null, now)).toBeNull();
    expect(secondsUntil('not a date', now)).toBeNull();
  });
  it('formats m:ss', () => {
    expect(formatCountdown(91)).toBe('1:31');
    expect(formatCountdown(5)).toBe('0:05');
    expect(formatCountdown(-3)).toBe('0:00');
  });
  it('counts whole minutes since a time', () => {
    expect(minutesSince('2026-01-01T09:57:30.000Z', now)).toBe(2);
    expect(minutesSince('2026-01-01T10:05:00.000Z', now)).toBe(0);
  });
});

describe('orderRecipients', () => {
  it('puts on scene, then coming by ETA, then pending, then cannot; ties by round and name', () => {
    const list = [
      recipient({ userId: '1', displayName: 'Cannot', answer: 'cannot' }),
      recipient({ userId: '2', displayName: 'Zed', answer: 'pending', round: 1 }),
      recipient({ userId: '3', displayName: 'Late', answer: 'coming', etaMinutes: 9 }),
      recipient({ userId: '4', displayName: 'Soon', answer: 'coming', etaMinutes: 2 }),
      recipient({ userId: '5', displayName: 'Anna', answer: 'pending', round: 2 }),
      recipient({ userId: '6', displayName: 'There', answer: 'on_scene' }),
      recipient({ userId: '7', displayName: 'Bob', answer: 'pending', round: 1 }),
      recipient({ userId: '8', displayName: 'NoEta', answer: 'coming' }),
    ];
    expect(orderRecipients(list).map((r) => r.displayName)).toEqual(['There', 'Soon', 'Late', 'NoEta', 'Bob', 'Zed', 'Anna', 'Cannot']);
  });
  it('orders who else is coming for the responder page', () => {
    expect(
      orderComing([
        { displayName: 'B', answer: 'coming', etaMinutes: null },
        { displayName: 'A', answer: 'coming', etaMinutes: 4 },
        { displayName: 'C', answer: 'on_scene', etaMinutes: null },
      ]).map((c) => c.displayName),
    ).toEqual(['C', 'A', 'B']);
  });
});

describe('channelStates', () => {
  it('keeps the newest alert delivery per channel, with the reason, and leaves other kinds out', () => {
    const states = channelStates([
      delivery({ channel: 'email', round: 1, state: 'failed', error: 'smtp down' }),
      delivery({ channel: 'email', round: 2, state: 'sent' }),
      delivery({ channel: 'sms', round: 2, state: 'skipped', error: 'no SMS_WEBHOOK_URL' }),
      delivery({ channel: 'inapp', kind: 'stand_down', round: 2 }),
    ]);
    expect(states).toEqual([
      { channel: 'email', state: 'sent', reason: null, round: 2 },
      { channel: 'sms', state: 'skipped', reason: 'no SMS_WEBHOOK_URL', round: 2 },
    ]);
    expect(channelStates([delivery({ channel: 'inapp', kind: 'stand_down' })], 'stand_down')).toHaveLength(1);
  });
});

describe('live alerts', () => {
  it('knows which are live and drops finished ones on upsert', () => {
    expect(isLive(alert({ status: 'quorum_met' }))).toBe(true);
    expect(isLive(alert({ status: 'all_clear' }))).toBe(false);
    let map = applyAlert({}, alert({ id: 'a' }));
    map = applyAlert(map, alert({ id: 'b', round: 2 }));
    expect(Object.keys(map).sort()).toEqual(['a', 'b']);
    map = applyAlert(map, alert({ id: 'a', status: 'all_clear' }));
    expect(Object.keys(map)).toEqual(['b']);
  });
  it('orders the selected incident’s alerts first, then newest first', () => {
    const list = [
      alert({ id: 'old', startedAt: '2026-01-01T09:00:00.000Z' }),
      alert({ id: 'new', startedAt: '2026-01-01T11:00:00.000Z' }),
      alert({ id: 'mine', startedAt: '2026-01-01T08:00:00.000Z', incidentId: 'i1' }),
    ];
    expect(orderAlerts(list, 'i1').map((a) => a.id)).toEqual(['mine', 'new', 'old']);
    expect(orderAlerts(list).map((a) => a.id)).toEqual(['new', 'old', 'mine']);
  });
});

describe('parseEta', () => {
  it('accepts empty or whole minutes up to 240', () => {
    expect(parseEta('')).toBeUndefined();
    expect(parseEta(' 5 ')).toBe(5);
    expect(parseEta('0')).toBe(0);
    expect(parseEta('241')).toBe('invalid');
    expect(parseEta('2.5')).toBe('invalid');
    expect(parseEta('-1')).toBe('invalid');
  });
});

describe('base64UrlToBytes', () => {
  it('decodes base64url without padding', () => {
    expect([...base64UrlToBytes('AQID_-8')]).toEqual([1, 2, 3, 255, 239]);
  });
});
