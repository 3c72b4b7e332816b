import { byCountDesc, chartSummary, formatSeconds, formatShare, hourLabel, trendOf, weekdayName } from './figures';

describe('evaluation figures', () => {
  it('writes response times as m:ss, rounded, with a dash for none', () => {
    expect(formatSeconds(0)).toBe('0:00');
    expect(formatSeconds(12.6)).toBe('0:13');
    expect(formatSeconds(95)).toBe('1:35');
    expect(formatSeconds(3725)).toBe('1:02:05');
    expect(formatSeconds(null)).toBe('—');
  });

  it('compares with the previous period', () => {
    expect(trendOf(6, 4)).toEqual({ direction: 'up', percent: 50 });
    expect(trendOf(1, 4)).toEqual({ direction: 'down', percent: 75 });
    expect(trendOf(3, 3)).toEqual({ direction: 'same' });
    expect(trendOf(2, 0)).toEqual({ direction: 'new' });
    expect(trendOf(0, 0)).toEqual({ direction: 'same' });
  });

  it('names weekdays and hours', () => {
    expect(weekdayName(1, 'nl')).toBe('maandag');
    expect(weekdayName(7, 'en')).toBe('Sunday');
    expect(hourLabel(8)).toBe('08:00');
    expect(formatShare(0.25, 'en')).toBe('25%');
  });

  it('orders by count and summarises the largest for a chart', () => {
    const rows = [
      { label: 'a', count: 1 },
      { label: 'b', count: 3 },
      { label: 'c', count: 1 },
      { label: 'd', count: 0 },
    ];
    expect(byCountDesc(rows).map((r) => r.label)).toEqual(['b', 'a', 'c', 'd']);
    expect(chartSummary(rows, 2)).toBe('b 3, a 1');
  });
});
