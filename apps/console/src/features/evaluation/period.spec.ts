import { periodProblem, presetOf, presetPeriod } from './period';

describe('evaluation periods', () => {
  it('gives this quarter, last quarter and this year', () => {
    expect(presetPeriod('thisQuarter', '2026-05-14')).toEqual({ from: '2026-04-01', to: '2026-06-30' });
    expect(presetPeriod('lastQuarter', '2026-05-14')).toEqual({ from: '2026-01-01', to: '2026-03-31' });
    expect(presetPeriod('thisYear', '2026-05-14')).toEqual({ from: '2026-01-01', to: '2026-12-31' });
  });

  it('goes back into the previous year from the first quarter', () => {
    expect(presetPeriod('lastQuarter', '2026-02-01')).toEqual({ from: '2025-10-01', to: '2025-12-31' });
    expect(presetPeriod('thisQuarter', '2024-12-31')).toEqual({ from: '2024-10-01', to: '2024-12-31' });
  });

  it('recognises a preset from its dates', () => {
    expect(presetOf({ from: '2026-04-01', to: '2026-06-30' }, '2026-05-14')).toBe('thisQuarter');
    expect(presetOf({ from: '2026-04-01', to: '2026-06-29' }, '2026-05-14')).toBeNull();
  });

  it('says what the hub would refuse', () => {
    expect(periodProblem({ from: '2026-01-01', to: '2026-03-31' })).toBeNull();
    expect(periodProblem({ from: '2026-02-30', to: '2026-03-31' })).toBe('badDate');
    expect(periodProblem({ from: '', to: '2026-03-31' })).toBe('badDate');
    expect(periodProblem({ from: '2026-04-01', to: '2026-03-31' })).toBe('toBeforeFrom');
    expect(periodProblem({ from: '2020-01-01', to: '2026-03-31' })).toBe('tooLong');
  });
});
