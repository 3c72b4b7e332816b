import type { EvaluationDto } from '@wachtpost/contracts';
import { duration, longDate, reportHtml } from './report';

const stat = { count: 0, medianSeconds: null, p90Seconds: null };
const response = { acknowledged: stat, firstComing: stat, quorum: stat, resolved: stat };

describe('period report', () => {
  it('writes dates and durations the way the quarterly meeting reads them', () => {
    expect(longDate('2026-07-01')).toBe('1 juli 2026');
    expect(duration(null)).toBe('–');
    expect(duration(65.4)).toBe('1:05');
    expect(duration(3725)).toBe('1:02:05');
  });

  it('escapes what people typed and names the period in the title', () => {
    const e: EvaluationDto = {
      siteId: 's',
      timezone: 'Europe/Amsterdam',
      organisationId: null,
      period: { from: '2026-07-01', to: '2026-09-30' },
      previousPeriod: { from: '2026-03-31', to: '2026-06-30' },
      total: { count: 1, previous: 0 },
      byCategory: [{ category: 'threat', count: 1, previous: 0 }],
      byRoom: [{ roomId: 'x', roomName: '<script>alert(1)</script>', floorName: null, count: 1 }],
      byFloor: [],
      byPlace: { frontOffice: 0, elsewhere: 1 },
      byWeekday: [],
      byHour: [],
      byWeekdayHour: [],
      response,
      falseAlarms: [],
      followUp: { open: 1, followUpDone: 0, closed: 0, overdue: 0 },
      overdue: [],
      drills: { count: 0, response, items: [] },
    };
    const html = reportHtml(e, 'Stadhuiscampus', new Date('2026-10-01T08:00:00Z'));
    expect(html).toContain('<title>Evaluatie incidenten Stadhuiscampus, 1 juli 2026 t/m 30 september 2026</title>');
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;');
  });
});
