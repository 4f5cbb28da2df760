import type { WeekdayName } from './types';

/**
 * The time syntaxes of herald.yml, shared by its schema and by the stages that compile it:
 * weekdays and weekday ranges, times of day, IANA time zones, ISO 8601 date-times.
 */

/** Weekday numbers as `Date#getUTCDay` counts them: 0 is Sunday. */
export type Weekday = 0 | 1 | 2 | 3 | 4 | 5 | 6;

/** Weekday names, at their {@link Weekday} number (0 is Sunday, as `Date#getUTCDay` counts). */
export const WEEKDAY_NAMES = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'] as const satisfies readonly WeekdayName[];

/** Minutes in a day: `24:00` as an end. */
const DAY_MINUTES = 1440;

const weekdayNumber = (name: string): Weekday | undefined => {
  const index = (WEEKDAY_NAMES as readonly string[]).indexOf(name);
  return index < 0 ? undefined : (index as Weekday);
};

/**
 * The days of a `weekdays` entry: a name (`saturday`) or an inclusive range (`monday:friday`).
 * A range runs forward through the week and may pass Sunday: `friday:monday` is Friday to
 * Monday. Undefined when the entry is neither.
 */
export const parseWeekdays = (entry: string): readonly Weekday[] | undefined => {
  const [first, last, ...rest] = entry.split(':');
  if (first === undefined || rest.length > 0) return undefined;
  const start = weekdayNumber(first);
  const end = last === undefined ? start : weekdayNumber(last);
  if (start === undefined || end === undefined) return undefined;
  const days: Weekday[] = [start];
  for (let day = start; day !== end; ) {
    day = ((day + 1) % 7) as Weekday;
    days.push(day);
  }
  return days;
};

/** Minutes since midnight of `HH:MM` (24-hour, `00:00` to `24:00`); undefined otherwise. */
export const parseTimeOfDay = (text: string): number | undefined => {
  const parts = /^(\d{2}):(\d{2})$/.exec(text);
  if (parts === null) return undefined;
  const minutes = Number(parts[1]) * 60 + Number(parts[2]);
  return Number(parts[2]) < 60 && minutes <= DAY_MINUTES ? minutes : undefined;
};

/** Whether `Intl.DateTimeFormat` knows the zone (an IANA name such as `Europe/Berlin`, or `UTC`). */
export const isTimeZone = (zone: string): boolean => {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
};

/**
 * ISO 8601 date-time with an offset or `Z`: `2026-12-01T22:00:00Z`, `2026-12-01T23:00+01:00`,
 * seconds and fractions optional. A local time without an offset is refused: it would mean a
 * different instant in the Lambda (UTC) and on the laptop that checked the file.
 */
const ISO_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T([01]\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:\.\d{1,9})?)?(?:Z|[+-](?:[01]\d|2[0-3]):[0-5]\d)$/;

/**
 * Epoch milliseconds of an ISO 8601 date-time with an offset or `Z`; undefined for anything
 * else, including a day the month does not have (`2026-02-30`), which `Date.parse` would roll over.
 */
export const parseSilenceTime = (text: string): number | undefined => {
  const parts = ISO_DATE_TIME.exec(text);
  if (parts === null) return undefined;
  const [year, month, day] = [Number(parts[1]), Number(parts[2]), Number(parts[3])];
  const calendar = new Date(Date.UTC(year, month - 1, day));
  if (calendar.getUTCMonth() !== month - 1 || calendar.getUTCDate() !== day) return undefined;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? undefined : ms;
};

