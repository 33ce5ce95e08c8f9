import { lang } from './index';

// Dates and numbers in the user's language, through Intl. Formatters are
// cached per language; reading lang.value subscribes the calling component.

const locales = { nl: 'nl-NL', en: 'en-GB' } as const;
const cache = new Map<string, Intl.DateTimeFormat | Intl.NumberFormat>();

function dateFormat(opts: Intl.DateTimeFormatOptions, key: string): Intl.DateTimeFormat {
  const k = `${lang.value}:d:${key}`;
  let f = cache.get(k) as Intl.DateTimeFormat | undefined;
  if (!f) cache.set(k, (f = new Intl.DateTimeFormat(locales[lang.value], opts)));
  return f;
}

/** locale is the BCP 47 tag of the current language. */
export function locale(): string {
  return locales[lang.value];
}

/** parseDay reads an API date (YYYY-MM-DD) as a local calendar day. */
export function parseDay(day: string): Date {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(y ?? 1970, (m ?? 1) - 1, d ?? 1);
}

/** formatDate shows a date (YYYY-MM-DD or RFC 3339) as "3 maart 2026". */
export function formatDate(value: string | null | undefined): string {
  if (!value) return '';
  const d = value.length === 10 ? parseDay(value) : new Date(value);
  return dateFormat({ day: 'numeric', month: 'long', year: 'numeric' }, 'long').format(d);
}

/** formatShortDate shows "3 mrt." for chart axes and compact lists. */
export function formatShortDate(value: string | Date): string {
  const d = typeof value === 'string' ? (value.length === 10 ? parseDay(value) : new Date(value)) : value;
  return dateFormat({ day: 'numeric', month: 'short' }, 'short').format(d);
}

/** formatMonth shows "mrt. 2026". */
export function formatMonth(value: string): string {
  const d = value.length === 10 ? parseDay(value) : new Date(value);
  return dateFormat({ month: 'short', year: 'numeric' }, 'month').format(d);
}

/** formatDateTime shows a moment with the time: "3 maart 2026 14:05". */
export function formatDateTime(value: string | null | undefined): string {
  if (!value) return '';
  return dateFormat({ day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit' }, 'dt').format(new Date(value));
}

/** formatTime shows "14:05". */
export function formatTime(ms: number): string {
  return dateFormat({ hour: '2-digit', minute: '2-digit' }, 'time').format(new Date(ms));
}

/** formatNumber shows a number with the locale's separators. */
export function formatNumber(n: number, maximumFractionDigits = 1): string {
  const k = `${lang.value}:n:${maximumFractionDigits}`;
  let f = cache.get(k) as Intl.NumberFormat | undefined;
  if (!f) cache.set(k, (f = new Intl.NumberFormat(locales[lang.value], { maximumFractionDigits })));
  return f.format(n);
}

/** formatPercent shows 0.42 as "42%". */
export function formatPercent(rate: number): string {
  const k = `${lang.value}:p`;
  let f = cache.get(k) as Intl.NumberFormat | undefined;
  if (!f) cache.set(k, (f = new Intl.NumberFormat(locales[lang.value], { style: 'percent', maximumFractionDigits: 0 })));
  return f.format(rate);
}

/** today is the local calendar day as YYYY-MM-DD, the format of API dates. */
export function today(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}
