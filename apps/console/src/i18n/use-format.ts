import { useI18n } from 'vue-i18n';
import { formatClock, formatDateTime, formatDay, isLocale, type Locale } from './format';
import { keyOr } from './labels';

/** Formatting helpers bound to the active locale, for components. */
export function useFormat() {
  const { t, locale } = useI18n();
  const loc = (): Locale => (isLocale(locale.value) ? locale.value : 'nl');
  return {
    t,
    clock: (iso: string | null | undefined, now?: number) => (iso ? formatClock(iso, loc(), now) : ''),
    dateTime: (iso: string | null | undefined) => (iso ? formatDateTime(iso, loc()) : ''),
    /** A calendar day (`YYYY-MM-DD`) in the locale's way of writing it. */
    day: (value: string | null | undefined) => (value ? formatDay(value, loc()) : ''),
    locale: loc,
    /** Translate an enumeration value through its key map; unknown values pass through. */
    label: <K extends string>(map: Record<K, string>, value: string) => {
      const key = keyOr(map, value);
      return key ? t(key) : value;
    },
  };
}
