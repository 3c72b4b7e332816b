import { doorAlarms, doorRulesFor, isOpen, localTime, type ResolvedAccess, type SiteRules } from './door-rules';

const site: SiteRules = {
  timezone: 'Europe/Amsterdam',
  openingHours: { mon: [{ open: '07:00', close: '19:00' }], sat: [{ open: '09:00', close: '12:00' }, { open: '13:00', close: '15:00' }] },
  doorRules: { denialThreshold: 3, denialWindowSeconds: 60, outsideHours: false },
  doors: { 'door-server': { denialThreshold: 2, outsideHours: true } },
};
const rules = (id: string) => (id === 'tiel' ? site : undefined);

function access(over: Partial<ResolvedAccess>): ResolvedAccess {
  return {
    siteId: 'tiel',
    doorId: 'door-main',
    eventId: 'evt-00001',
    ts: new Date('2026-11-30T10:00:00Z'), // Monday 11:00 in Amsterdam
    badge: 'P1',
    direction: 'in',
    result: 'granted',
    reason: null,
    cardholderId: null,
    cardholderName: null,
    organisation: null,
    badgeBlocked: false,
    blockReason: null,
    blockNote: null,
    ...over,
  };
}

describe('door rules', () => {
  it('merges the site rules with the door overrides', () => {
    expect(doorRulesFor(site, 'door-server')).toEqual({ denialThreshold: 2, denialWindowSeconds: 60, outsideHours: true });
    expect(doorRulesFor(site, 'door-main')).toEqual({ denialThreshold: 3, denialWindowSeconds: 60, outsideHours: false });
  });

  it('reads the weekday and time in the site time zone, across daylight saving time', () => {
    expect(localTime(new Date('2026-11-30T06:30:00Z'), 'Europe/Amsterdam')).toEqual({ day: 'mon', minutes: 7 * 60 + 30 });
    expect(localTime(new Date('2026-07-06T05:30:00Z'), 'Europe/Amsterdam')).toEqual({ day: 'mon', minutes: 7 * 60 + 30 });
    expect(localTime(new Date('2026-11-29T23:30:00Z'), 'Europe/Amsterdam')).toEqual({ day: 'mon', minutes: 30 });
  });

  it('knows opening hours: open from the opening minute, closed at the closing minute, and on unlisted days', () => {
    expect(isOpen(site.openingHours, new Date('2026-11-30T06:00:00Z'), site.timezone)).toBe(true); // Mon 07:00
    expect(isOpen(site.openingHours, new Date('2026-11-30T05:59:00Z'), site.timezone)).toBe(false);
    expect(isOpen(site.openingHours, new Date('2026-11-30T18:00:00Z'), site.timezone)).toBe(false); // Mon 19:00
    expect(isOpen(site.openingHours, new Date('2026-12-05T11:30:00Z'), site.timezone)).toBe(false); // Sat 12:30, the lunch gap
    expect(isOpen(site.openingHours, new Date('2026-12-05T12:30:00Z'), site.timezone)).toBe(true); // Sat 13:30
    expect(isOpen(site.openingHours, new Date('2026-12-06T10:00:00Z'), site.timezone)).toBe(false); // Sunday
    expect(isOpen({ mon: [{ open: '00:00', close: '24:00' }] }, new Date('2026-11-30T22:59:00Z'), site.timezone)).toBe(true);
  });

  it('raises repeated denials when the count in the window reaches the door threshold, once per door', () => {
    const denied = [1, 2, 3].map((s) => access({ result: 'denied', reason: 'no_permission', badge: `P${s}`, ts: new Date(`2026-11-30T10:00:0${s}Z`) }));
    expect(doorAlarms(denied, rules, new Map([['door-main', 2]]))).toEqual([]);
    const alarms = doorAlarms(denied, rules, new Map([['door-main', 3]]));
    expect(alarms).toHaveLength(1);
    expect(alarms[0]).toMatchObject({ doorId: 'door-main', type: 'access.repeated_denials', data: { denials: 3, windowSeconds: 60, badges: ['P1', 'P2', 'P3'] } });
    // the server room's own threshold is 2
    expect(doorAlarms([access({ doorId: 'door-server', result: 'denied', reason: 'expired' })], rules, new Map([['door-server', 2]]))[0]?.type).toBe('access.repeated_denials');
  });

  it('raises a blocked-badge alarm naming the holder and why, for a known block or a door that says blocked', () => {
    const tried = access({ result: 'denied', reason: 'blocked', cardholderName: 'Anouk de Vries', badgeBlocked: true, blockReason: 'building_ban', blockNote: 'tot 1 maart' });
    const [alarm] = doorAlarms([tried], rules, new Map());
    expect(alarm).toMatchObject({ type: 'access.blocked_badge', data: { cardholderName: 'Anouk de Vries', blockReason: 'building_ban', blockNote: 'tot 1 maart', result: 'denied' } });
    // granted by a door that has not heard of the block yet: all the more reason
    expect(doorAlarms([access({ badgeBlocked: true, blockReason: 'lost' })], rules, new Map())[0]).toMatchObject({ type: 'access.blocked_badge', data: { result: 'granted' } });
    expect(doorAlarms([access({ result: 'denied', reason: 'blocked' })], rules, new Map())[0]).toMatchObject({ type: 'access.blocked_badge', data: { knownBlocked: false } });
    expect(doorAlarms([access({ result: 'denied', reason: 'expired' })], rules, new Map())).toEqual([]);
  });

  it('raises outside-hours only for granted access at doors with that rule', () => {
    const night = new Date('2026-11-30T22:00:00Z');
    expect(doorAlarms([access({ doorId: 'door-server', ts: night })], rules, new Map())[0]).toMatchObject({ type: 'access.outside_hours', doorId: 'door-server' });
    expect(doorAlarms([access({ doorId: 'door-main', ts: night })], rules, new Map())).toEqual([]);
    expect(doorAlarms([access({ doorId: 'door-server' })], rules, new Map())).toEqual([]);
    expect(doorAlarms([access({ doorId: 'door-server', ts: night, result: 'denied', reason: 'outside_schedule' })], rules, new Map())).toEqual([]);
  });
});
