/**
 * Times for the guard: always the building's clock (Europe/Amsterdam), 24-hour. Pure (jest).
 */
export const TIME_ZONE = 'Europe/Amsterdam';

export const locales = ['nl', 'en'] as const;
export type Locale = (typeof locales)[number];

const bcp47: Record<Locale, string> = { nl: 'nl-NL', en: 'en-GB' };

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(locale: Locale, kind: 'time' | 'datetime' | 'day'): Intl.DateTimeFormat {
  const key = `${locale}:${kind}`;
  let f = formatters.get(key);
  if (!f) {
    const base: Intl.DateTimeFormatOptions = { timeZone: TIME_ZONE, hourCycle: 'h23' };
    const options: Intl.DateTimeFormatOptions =
      kind === 'time'
        ? { ...base, hour: '2-digit', minute: '2-digit', second: '2-digit' }
        : kind === 'datetime'
          ? { ...base, day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit' }
          : { timeZone: TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' };
    f = new Intl.DateTimeFormat(bcp47[locale], options);
    formatters.set(key, f);
  }
  return f;
}

function parse(iso: string | number | Date): Date | null {
  const d = iso instanceof Date ? iso : new Date(iso);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** The calendar day in Amsterdam, for comparing. */
function amsterdamDay(d: Date): string {
  return formatter('en', 'day').format(d);
}

/** HH:mm:ss in Amsterdam; with the date in front when it is not today (in Amsterdam). */
export function formatClock(iso: string | number | Date, locale: Locale, now: number = Date.now()): string {
  const d = parse(iso);
  if (!d) return '';
  if (amsterdamDay(d) !== amsterdamDay(new Date(now))) return formatter(locale, 'datetime').format(d);
  return formatter(locale, 'time').format(d);
}

/** Date and time in Amsterdam, always with the date. */
export function formatDateTime(iso: string | number | Date, locale: Locale): string {
  const d = parse(iso);
  return d ? formatter(locale, 'datetime').format(d) : '';
}

/** A running duration as m:ss, or h:mm:ss from an hour on; never negative. */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const ss = String(s).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (locales as readonly string[]).includes(value);
}
