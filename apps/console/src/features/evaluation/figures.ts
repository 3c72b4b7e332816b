/** How the evaluation's figures are written out in tables and chart summaries. Pure (jest). */
import { bcp47, formatDuration, type Locale } from '../../i18n/format';

/** One bar of a chart and one row of its table. */
export interface CountRow {
  key: string;
  label: string;
  count: number;
  /** The same figure in the previous period, when compared. */
  previous?: number;
}

/** Seconds as m:ss (h:mm:ss from an hour on), rounded to the second; a dash when there is none. */
export function formatSeconds(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return '—';
  return formatDuration(Math.round(seconds) * 1000);
}

export type Trend = { direction: 'up'; percent: number } | { direction: 'down'; percent: number } | { direction: 'same' } | { direction: 'new' };

/** This period against the previous one: rounded percent up or down; `new` when there was nothing before. */
export function trendOf(count: number, previous: number): Trend {
  if (count === previous) return { direction: 'same' };
  if (previous === 0) return { direction: 'new' };
  const percent = Math.round((Math.abs(count - previous) / previous) * 100);
  return count > previous ? { direction: 'up', percent } : { direction: 'down', percent };
}

/** ISO weekday 1 (Monday) … 7 as the locale names it. */
export function weekdayName(weekday: number, locale: Locale): string {
  // 1 January 2024 was a Monday.
  return new Intl.DateTimeFormat(bcp47[locale], { weekday: 'long', timeZone: 'UTC' }).format(Date.UTC(2024, 0, weekday));
}

/** An hour of the day as a clock range start, 24-hour: 8 → "08:00". */
export function hourLabel(hour: number): string {
  return `${String(hour).padStart(2, '0')}:00`;
}

/** A share (0 … 1) as a whole percentage in the locale's way. */
export function formatShare(share: number, locale: Locale): string {
  return new Intl.NumberFormat(bcp47[locale], { style: 'percent', maximumFractionDigits: 0 }).format(share);
}

/** Rows with the largest count first; equal counts keep their order. */
export function byCountDesc<T extends { count: number }>(rows: readonly T[]): T[] {
  return rows.map((row, i) => ({ row, i })).sort((a, b) => b.row.count - a.row.count || a.i - b.i).map(({ row }) => row);
}

/** A short text for a chart's accessible name: the largest few values, "Bedreiging 3, Vernieling 1". */
export function chartSummary(rows: readonly { label: string; count: number }[], max = 3): string {
  return byCountDesc(rows)
    .filter((r) => r.count > 0)
    .slice(0, max)
    .map((r) => `${r.label} ${r.count}`)
    .join(', ');
}
