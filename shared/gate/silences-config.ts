/**
 * Silences written in `herald.yml` (planned maintenance known at deploy time), compiled once
 * into the same {@link Silence} objects as run-time silences from the state table, so one
 * muting stage serves both.
 *
 * @example
 * ```ts
 * const [silence] = compileConfigSilences([
 *   { matchers: { cluster: ['prod'] }, starts: '2026-12-01T22:00:00Z', ends: '2026-12-02T02:00:00Z', comment: 'database upgrade' },
 * ]);
 * // silence.id === 'herald.yml#0', silence.startsAt === Date.parse('2026-12-01T22:00:00Z')
 * ```
 */
import type { SilenceConfig } from '../config/types';
import { compilePattern } from '../pattern';
import type { Silence } from './types';

/** Who a configured silence is by when it does not say. */
export const CONFIG_SILENCE_AUTHOR = 'herald.yml';

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

/**
 * Compiles the `silences` of a validated configuration: id `herald.yml#<index>`, matchers
 * compiled as a route's `match` is (label values compared as strings, numbers too), no start
 * meaning always started. Throws a `RangeError` on a time the schema would have refused.
 */
export const compileConfigSilences = (silences: readonly SilenceConfig[] | undefined): Silence[] =>
  (silences ?? []).map((config, index) => {
    const time = (text: string): number => {
      const ms = parseSilenceTime(text);
      if (ms === undefined) throw new RangeError(`silences[${index}]: invalid date-time "${text}"`);
      return ms;
    };
    return {
      id: `${CONFIG_SILENCE_AUTHOR}#${index}`,
      written: JSON.stringify(config.matchers),
      matcher: compilePattern(config.matchers, { numericStrings: true }),
      startsAt: config.starts === undefined ? 0 : time(config.starts),
      endsAt: time(config.ends),
      comment: config.comment.trim(),
      createdBy: config.created_by ?? CONFIG_SILENCE_AUTHOR,
      origin: 'config',
    };
  });
