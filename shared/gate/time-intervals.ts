/**
 * Time intervals, as Alertmanager's `time_intervals`: named sets of weekdays and times of day,
 * read in a time zone. A route's `mute_time_intervals` silence it while one is current; its
 * `active_time_intervals` let it send only while one is. Compiled once from `herald.yml`, then
 * evaluated per alert with the wall clock of the interval's zone, so an interval keeps its
 * local hours across daylight-saving changes.
 * @see https://prometheus.io/docs/alerting/latest/configuration/#time_interval
 *
 * @example
 * ```ts
 * const office = compileTimeInterval('office-hours', {
 *   weekdays: ['monday:friday'],
 *   times: [{ start: '09:00', end: '17:00' }],
 *   location: 'Europe/Berlin',
 * });
 * isTimeIntervalCurrent(office, Date.parse('2026-12-01T10:00:00Z')); // true: Tuesday 11:00 in Berlin
 * currentTimeInterval(['office-hours'], new Map([['office-hours', office]]), Date.now()); // 'office-hours' or undefined
 * ```
 */
import { isTimeZone, parseTimeOfDay, parseWeekdays, type TimeIntervalConfig, type Weekday } from '../config';
import type { TimeInterval, TimeIntervalSpec } from './types';

/** Zone of an interval that names none. */
export const DEFAULT_TIME_ZONE = 'UTC';

/** One formatter per zone: building one costs far more than formatting with it. */
const formatters = new Map<string, Intl.DateTimeFormat>();

const formatterFor = (zone: string): Intl.DateTimeFormat => {
  let formatter = formatters.get(zone);
  if (formatter === undefined) {
    // hourCycle h23: midnight is "00", never "24" as `hour12: false` gives in some ICU versions.
    formatter = new Intl.DateTimeFormat('en-US', { timeZone: zone, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    formatters.set(zone, formatter);
  }
  return formatter;
};

const SHORT_WEEKDAYS: Readonly<Record<string, Weekday>> = { Sun: 0, Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6 };

/** Weekday and minute of day of an instant on the wall clock of a zone. */
const wallClock = (zone: string, epochMs: number): { weekday: Weekday; minute: number } => {
  let weekday: Weekday = 0;
  let hour = 0;
  let minute = 0;
  for (const part of formatterFor(zone).formatToParts(epochMs)) {
    if (part.type === 'weekday') weekday = SHORT_WEEKDAYS[part.value] ?? 0;
    else if (part.type === 'hour') hour = Number(part.value) % 24;
    else if (part.type === 'minute') minute = Number(part.value);
  }
  return { weekday, minute: hour * 60 + minute };
};

const compileSpec = (name: string, config: TimeIntervalConfig): TimeIntervalSpec => {
  const invalid = (what: string): never => {
    throw new RangeError(`time interval "${name}": ${what}`);
  };
  const location = config.location ?? DEFAULT_TIME_ZONE;
  if (!isTimeZone(location)) invalid(`unknown time zone "${location}"`);
  const spec: TimeIntervalSpec = { location };
  if (config.weekdays !== undefined) {
    spec.weekdays = new Set(config.weekdays.flatMap((entry) => parseWeekdays(entry) ?? invalid(`invalid weekday "${entry}"`)));
  }
  if (config.times !== undefined) {
    spec.times = config.times.map(({ start, end }) => {
      const startMinute = parseTimeOfDay(start) ?? invalid(`invalid time "${start}"`);
      const endMinute = parseTimeOfDay(end) ?? invalid(`invalid time "${end}"`);
      return startMinute < endMinute ? { startMinute, endMinute } : invalid(`"${start}" is not before "${end}"`);
    });
  }
  return spec;
};

// Array.isArray does not narrow a readonly array out of a union.
const isList = (config: TimeIntervalConfig | readonly TimeIntervalConfig[]): config is readonly TimeIntervalConfig[] => Array.isArray(config);

/**
 * Compiles a `time_intervals` entry (one interval or a list, current when any entry is).
 * Expects a validated configuration; throws a `RangeError` on a weekday, time or zone that
 * the configuration schema would have refused.
 */
export const compileTimeInterval = (name: string, config: TimeIntervalConfig | readonly TimeIntervalConfig[]): TimeInterval => ({
  name,
  specs: (isList(config) ? config : [config]).map((entry) => compileSpec(name, entry)),
});

const isSpecCurrent = (spec: TimeIntervalSpec, epochMs: number): boolean => {
  if (spec.weekdays === undefined && spec.times === undefined) return true;
  const { weekday, minute } = wallClock(spec.location, epochMs);
  if (spec.weekdays !== undefined && !spec.weekdays.has(weekday)) return false;
  return spec.times === undefined || spec.times.some((t) => t.startMinute <= minute && minute < t.endMinute);
};

/**
 * Whether the instant falls in the interval: in any of its entries, each read on the wall clock
 * of its zone (weekday, then minute of the day; start inclusive, end exclusive). During a
 * daylight-saving change the local hours skipped are in no interval, and the hour repeated is
 * in the interval both times.
 */
export const isTimeIntervalCurrent = (interval: TimeInterval, epochMs: number): boolean =>
  interval.specs.some((spec) => isSpecCurrent(spec, epochMs));

/**
 * The first of `names` whose interval is current, for a route's `mute_time_intervals` or
 * `active_time_intervals`; undefined when none is (a name without an interval counts as not
 * current: validation has already refused it).
 */
export const currentTimeInterval = (names: readonly string[], intervals: ReadonlyMap<string, TimeInterval>, epochMs: number): string | undefined =>
  names.find((name) => {
    const interval = intervals.get(name);
    return interval !== undefined && isTimeIntervalCurrent(interval, epochMs);
  });
