/**
 * Times for the guard: always the building's clock (Europe/Amsterdam), 24-hour. Pure (jest).
 */
export const TIME_ZONE = 'Europe/Amsterdam';

export const locales = ['nl', 'en'] as const;
export type Locale = (typeof locales)[number];

/** The locale's BCP 47 tag for Intl. */
export const bcp47: Record<Locale, string> = { nl: 'nl-NL', en: 'en-GB' };

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

// ---- the building's calendar (Europe/Amsterdam), whatever the browser's zone -------------------
const partsFormatter = new Intl.DateTimeFormat('en-GB', {
  timeZone: TIME_ZONE,
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

/** The wall clock in Amsterdam at an instant, as numbers. */
function siteParts(ms: number): { y: number; mo: number; d: number; h: number; mi: number; s: number } {
  const get = (type: Intl.DateTimeFormatPartTypes) => Number(partsFormatter.formatToParts(ms).find((p) => p.type === type)?.value ?? 0);
  return { y: get('year'), mo: get('month'), d: get('day'), h: get('hour') % 24, mi: get('minute'), s: get('second') };
}

const pad2 = (n: number) => String(n).padStart(2, '0');

/** Today in Amsterdam, `YYYY-MM-DD`. */
export function siteToday(now: number = Date.now()): string {
  const p = siteParts(now);
  return `${p.y}-${pad2(p.mo)}-${pad2(p.d)}`;
}

/** An instant as Amsterdam wall time for <input type="datetime-local">: `YYYY-MM-DDTHH:MM`. */
export function toSiteLocal(iso: string | number | Date): string {
  const d = parse(iso);
  if (!d) return '';
  const p = siteParts(d.getTime());
  return `${p.y}-${pad2(p.mo)}-${pad2(p.d)}T${pad2(p.h)}:${pad2(p.mi)}`;
}

/** Amsterdam wall time `YYYY-MM-DDTHH:MM[:SS]` as an ISO instant (UTC); undefined when not a time. */
export function siteLocalToIso(value: string): string | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(value.trim());
  if (!m) return undefined;
  const [y, mo, d, h, mi, s] = m.slice(1).map((v) => Number(v ?? 0)) as [number, number, number, number, number, number];
  const wall = Date.UTC(y, mo - 1, d, h, mi, s);
  if (Number.isNaN(wall)) return undefined;
  // The zone's offset at that moment; asked twice because the first guess may sit across a DST change.
  const offsetAt = (ms: number) => {
    const p = siteParts(ms);
    return Date.UTC(p.y, p.mo - 1, p.d, p.h, p.mi, p.s) - Math.floor(ms / 1000) * 1000;
  };
  let utc = wall - offsetAt(wall);
  utc = wall - offsetAt(utc);
  return new Date(utc).toISOString();
}

const dayFormatters = new Map<Locale, Intl.DateTimeFormat>();
/** A calendar day `YYYY-MM-DD` as the locale writes it (12-03-2026, 12/03/2026); other text as it is. */
export function formatDay(day: string, locale: Locale): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m) return day;
  let f = dayFormatters.get(locale);
  if (!f) {
    f = new Intl.DateTimeFormat(bcp47[locale], { timeZone: 'UTC', day: '2-digit', month: '2-digit', year: 'numeric' });
    dayFormatters.set(locale, f);
  }
  return f.format(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
}
