import { formatClock, formatDateTime, formatDay, formatDuration, siteLocalToIso, siteToday, toSiteLocal } from './format';

describe('time formatting (Europe/Amsterdam, 24-hour)', () => {
  it('shows the Amsterdam clock time in summer and winter', () => {
    const summerNow = Date.parse('2024-07-01T12:00:00Z');
    expect(formatClock('2024-07-01T13:05:09Z', 'nl', summerNow)).toBe('15:05:09');
    const winterNow = Date.parse('2024-01-15T12:00:00Z');
    expect(formatClock('2024-01-15T22:30:00Z', 'en', winterNow)).toBe('23:30:00');
  });

  it('adds the date when it is not today in Amsterdam', () => {
    const now = Date.parse('2024-01-16T08:00:00Z');
    expect(formatClock('2024-01-15T22:30:00Z', 'nl', now)).toContain('15-01-2024');
    expect(formatDateTime('2024-01-15T23:30:00Z', 'nl')).toContain('16-01-2024');
    expect(formatDateTime('2024-01-15T23:30:00Z', 'nl')).toContain('00:30:00');
  });

  it('formats running durations', () => {
    expect(formatDuration(0)).toBe('0:00');
    expect(formatDuration(42_000)).toBe('0:42');
    expect(formatDuration(605_000)).toBe('10:05');
    expect(formatDuration(3_723_000)).toBe('1:02:03');
    expect(formatDuration(-5_000)).toBe('0:00');
  });
});

describe("the building's calendar", () => {
  it('knows the day in Amsterdam around midnight UTC', () => {
    expect(siteToday(Date.parse('2024-03-31T22:30:00Z'))).toBe('2024-04-01');
    expect(siteToday(Date.parse('2024-12-31T22:59:00Z'))).toBe('2024-12-31');
    expect(siteToday(Date.parse('2024-12-31T23:00:00Z'))).toBe('2025-01-01');
  });

  it('reads a datetime-local value as Amsterdam time, in winter and in summer', () => {
    expect(siteLocalToIso('2024-01-15T10:30')).toBe('2024-01-15T09:30:00.000Z');
    expect(siteLocalToIso('2024-07-01T10:30')).toBe('2024-07-01T08:30:00.000Z');
    // Just after the clocks went forward (31 March 2024, 02:00 → 03:00).
    expect(siteLocalToIso('2024-03-31T03:30')).toBe('2024-03-31T01:30:00.000Z');
    expect(siteLocalToIso('')).toBeUndefined();
    expect(siteLocalToIso('yesterday')).toBeUndefined();
  });

  it('writes an instant back as Amsterdam wall time', () => {
    expect(toSiteLocal('2024-07-01T08:30:00Z')).toBe('2024-07-01T10:30');
    expect(toSiteLocal(siteLocalToIso('2024-10-27T01:15')!)).toBe('2024-10-27T01:15');
    expect(toSiteLocal('nonsense')).toBe('');
  });

  it('writes a calendar day the way each language does', () => {
    expect(formatDay('2026-03-12', 'nl')).toBe('12-03-2026');
    expect(formatDay('2026-03-12', 'en')).toBe('12/03/2026');
    expect(formatDay('soon', 'en')).toBe('soon');
  });
});
