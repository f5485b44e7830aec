/** Dates and times are computed and shown in Europe/Rome, whatever the device's zone. */
export const TIME_ZONE = 'Europe/Rome';

const locales = { it: 'it-IT', en: 'en-GB' } as const;
export type UiLang = keyof typeof locales;

/** Today's calendar date in Rome, as YYYY-MM-DD. */
export function todayInRome(now: Date = new Date()): string {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: TIME_ZONE,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(now);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}

/** Adds whole days to a YYYY-MM-DD calendar date. */
export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** Noon UTC of a calendar date: the same calendar day in Rome all year round. */
function noonOf(date: string): Date {
  return new Date(`${date}T12:00:00Z`);
}

const cache = new Map<string, Intl.DateTimeFormat>();
function format(lang: UiLang, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${lang}|${JSON.stringify(options)}`;
  let f = cache.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locales[lang], { timeZone: TIME_ZONE, ...options });
    cache.set(key, f);
  }
  return f;
}

/** "Lunedì 30 novembre" / "Monday 30 November" */
export function formatDay(date: string, lang: UiLang): string {
  const text = format(lang, { weekday: 'long', day: 'numeric', month: 'long' }).format(noonOf(date));
  return capitalize(lang === 'en' ? text.replace(',', '') : text);
}

/** Upper-cases the first letter only ("lunedì 30 novembre" → "Lunedì 30 novembre"). */
export function capitalize(text: string): string {
  return text.charAt(0).toLocaleUpperCase() + text.slice(1);
}

/** "30 novembre" (from a MM-DD holiday date) */
export function formatMonthDay(monthDay: string, lang: UiLang): string {
  return format(lang, { day: 'numeric', month: 'long' }).format(noonOf(`2000-${monthDay}`));
}

/** "08:30": wall-clock time in Rome of an ISO instant. */
export function formatTime(iso: string, lang: UiLang): string {
  return format(lang, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(iso));
}

/** ISO weekday of a YYYY-MM-DD date: 1 = Monday … 7 = Sunday. */
export function isoWeekday(date: string): number {
  return noonOf(date).getUTCDay() || 7;
}

/** The calendar date in Rome (YYYY-MM-DD) of an ISO instant. */
export function romeDateOf(iso: string): string {
  return todayInRome(new Date(iso));
}

/** "Lunedì 30 novembre, 08:30" / "Monday 30 November, 08:30" */
export function formatDateTime(iso: string, lang: UiLang): string {
  return `${formatDay(romeDateOf(iso), lang)}, ${formatTime(iso, lang)}`;
}

/** "Lunedì 30 novembre 2026" — with the year, for confirmations and printouts. */
export function formatLongDate(iso: string, lang: UiLang): string {
  const text = format(lang, { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' }).format(new Date(iso));
  return capitalize(lang === 'en' ? text.replace(',', '') : text);
}
