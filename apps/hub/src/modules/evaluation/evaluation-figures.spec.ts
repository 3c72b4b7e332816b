import { durationStat, nextDay, percentile, periods, tally, type RegisterRow } from './evaluation-figures';

function row(over: Partial<RegisterRow>): RegisterRow {
  return {
    incidentId: 'i',
    previous: false,
    type: 'alarm.pressed',
    deviceId: null,
    deviceName: null,
    roomId: null,
    roomName: null,
    floorId: null,
    floorName: null,
    frontOffice: false,
    organisationId: null,
    category: null,
    openedAt: new Date('2026-07-01T10:00:00Z'),
    weekday: 3,
    hour: 12,
    ackSeconds: null,
    comingSeconds: null,
    quorumSeconds: null,
    resolvedSeconds: null,
    status: 'open',
    ...over,
  };
}

describe('evaluation figures', () => {
  it('compares whole months with as many months before, other periods with as many days', () => {
    expect(periods('2026-07-01', '2026-09-30')).toEqual({
      period: { from: '2026-07-01', to: '2026-09-30' },
      previousPeriod: { from: '2026-04-01', to: '2026-06-30' },
    });
    expect(periods('2026-01-01', '2026-03-31').previousPeriod).toEqual({ from: '2025-10-01', to: '2025-12-31' });
    expect(periods('2026-03-01', '2026-03-31').previousPeriod).toEqual({ from: '2026-02-01', to: '2026-02-28' });
    expect(periods('2026-03-01', '2026-03-01').previousPeriod).toEqual({ from: '2026-02-28', to: '2026-02-28' });
    expect(periods('2026-03-10', '2026-03-16').previousPeriod).toEqual({ from: '2026-03-03', to: '2026-03-09' });
    expect(nextDay('2026-12-31')).toBe('2027-01-01');
  });

  it('interpolates percentiles between the closest ranks', () => {
    // 10, 20, 30, 40: median halfway 20..30 = 25; p90 at rank 2.7 → 30 + 0.7 × 10 = 37.
    expect(percentile([10, 20, 30, 40], 0.5)).toBe(25);
    expect(percentile([10, 20, 30, 40], 0.9)).toBe(37);
    expect(percentile([7], 0.9)).toBe(7);
    expect(percentile([], 0.5)).toBeNull();
  });

  it('ignores what did not happen when summarising durations', () => {
    expect(durationStat([40, null, 10, 30, 20])).toEqual({ count: 4, medianSeconds: 25, p90Seconds: 37 });
    expect(durationStat([null])).toEqual({ count: 0, medianSeconds: null, p90Seconds: null });
  });

  it('counts by category against the previous period, places, days and false alarms per device', () => {
    const rows = [
      row({ category: 'threat', roomId: 'B0.01', roomName: 'Balie', floorId: 'f0', floorName: 'BG', frontOffice: true, deviceId: 'btn', deviceName: 'Knop', ackSeconds: 10, weekday: 1, hour: 9 }),
      row({ category: 'false_alarm', roomId: 'B0.01', roomName: 'Balie', floorId: 'f0', floorName: 'BG', frontOffice: true, deviceId: 'btn', deviceName: 'Knop', ackSeconds: 30, weekday: 1, hour: 9 }),
      row({ category: null, type: 'incident.registered', weekday: 5, hour: 14, status: 'closed' }),
      row({ category: 'threat', previous: true }),
      row({ category: 'vandalism', previous: true }),
    ];
    const t = tally(rows);
    expect(t.total).toEqual({ count: 3, previous: 2 });
    expect(t.byCategory).toEqual([
      { category: 'threat', count: 1, previous: 1 },
      { category: 'vandalism', count: 0, previous: 1 },
      { category: 'false_alarm', count: 1, previous: 0 },
      { category: 'uncategorised', count: 1, previous: 0 },
    ]);
    expect(t.byPlace).toEqual({ frontOffice: 2, elsewhere: 1 });
    expect(t.byRoom[0]).toEqual({ roomId: 'B0.01', roomName: 'Balie', floorName: 'BG', count: 2 });
    expect(tally([row({ floorId: 'f1', floorName: '1e' }), row({}), row({})]).byRoom).toEqual([
      { roomId: null, roomName: null, floorName: null, count: 2 },
      { roomId: null, roomName: null, floorName: '1e', count: 1 },
    ]);
    expect(t.byWeekday.find((d) => d.weekday === 1)?.count).toBe(2);
    expect(t.byWeekdayHour).toEqual([
      { weekday: 1, hour: 9, count: 2 },
      { weekday: 5, hour: 14, count: 1 },
    ]);
    // Only presses count for response: the registered incident has none.
    expect(t.response.acknowledged).toEqual({ count: 2, medianSeconds: 20, p90Seconds: 28 });
    expect(t.falseAlarms).toEqual([{ deviceId: 'btn', deviceName: 'Knop', roomName: 'Balie', alarms: 2, falseAlarms: 1, rate: 0.5 }]);
    expect(t.followUp).toEqual({ open: 2, followUpDone: 0, closed: 1 });
  });
});
