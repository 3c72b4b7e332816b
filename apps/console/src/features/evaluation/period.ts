/**
 * The evaluation's period: calendar days in the building's time zone, both inclusive, with the
 * presets a team lead reaches for (this quarter, last quarter, this year). Pure (jest).
 */
export interface Period {
  /** `YYYY-MM-DD`, first day. */
  from: string;
  /** `YYYY-MM-DD`, last day (inclusive). */
  to: string;
}

export const periodPresets = ['thisQuarter', 'lastQuarter', 'thisYear'] as const;
export type PeriodPreset = (typeof periodPresets)[number];

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
/** Three years, as the hub allows (evaluationQuerySchema). */
const MAX_SPAN_MS = 366 * 86_400_000 * 3;

const pad2 = (n: number) => String(n).padStart(2, '0');
const day = (y: number, m: number, d: number) => `${y}-${pad2(m)}-${pad2(d)}`;
/** Last day of month m (1-12). */
const lastDay = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();

function quarter(y: number, q: number): Period {
  const first = q * 3 + 1;
  return { from: day(y, first, 1), to: day(y, first + 2, lastDay(y, first + 2)) };
}

/** The period of a preset, seen from `today` (`YYYY-MM-DD`, in the building's time zone). */
export function presetPeriod(preset: PeriodPreset, today: string): Period {
  const [y, m] = today.split('-').map(Number) as [number, number];
  const q = Math.floor((m - 1) / 3);
  switch (preset) {
    case 'thisQuarter':
      return quarter(y, q);
    case 'lastQuarter':
      return q === 0 ? quarter(y - 1, 3) : quarter(y, q - 1);
    case 'thisYear':
      return { from: day(y, 1, 1), to: day(y, 12, 31) };
  }
}

/** Which preset a period is, if any (to mark the chosen button). */
export function presetOf(period: Period, today: string): PeriodPreset | null {
  return periodPresets.find((p) => {
    const candidate = presetPeriod(p, today);
    return candidate.from === period.from && candidate.to === period.to;
  }) ?? null;
}

function isDay(value: string): boolean {
  const m = DAY.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return mo >= 1 && mo <= 12 && d >= 1 && d <= lastDay(y, mo);
}

export type PeriodProblem = 'badDate' | 'toBeforeFrom' | 'tooLong';

/** What the hub would refuse about a period, before asking it. */
export function periodProblem(period: Period): PeriodProblem | null {
  if (!isDay(period.from) || !isDay(period.to)) return 'badDate';
  if (period.to < period.from) return 'toBeforeFrom';
  if (Date.parse(period.to) - Date.parse(period.from) > MAX_SPAN_MS) return 'tooLong';
  return null;
}
