import { formatClock, formatDateTime, formatDuration } from './format';

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
