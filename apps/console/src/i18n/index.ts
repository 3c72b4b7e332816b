import { createI18n } from 'vue-i18n';
import nl, { type Messages } from './nl';
import en from './en';
import { isLocale, type Locale } from './format';

const STORAGE_KEY = 'wachtpost.locale';

function initialLocale(): Locale {
  try {
    const stored = localStorage.getItem(STORAGE_KEY);
    if (isLocale(stored)) return stored;
  } catch {
    // storage unavailable: fall back to the default
  }
  return 'nl';
}

export const i18n = createI18n<[Messages], Locale, false>({
  legacy: false,
  locale: initialLocale(),
  fallbackLocale: 'nl',
  messages: { nl, en },
});

/** The active locale, typed. */
export function currentLocale(): Locale {
  const value = i18n.global.locale.value;
  return isLocale(value) ? value : 'nl';
}

export function setLocale(locale: Locale): void {
  i18n.global.locale.value = locale;
  document.documentElement.lang = locale;
  try {
    localStorage.setItem(STORAGE_KEY, locale);
  } catch {
    // not remembered; the switch still works for this page
  }
}

document.documentElement.lang = currentLocale();
