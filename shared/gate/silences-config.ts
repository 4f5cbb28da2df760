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
import { parseSilenceTime, type SilenceConfig } from '../config';
import { compilePattern } from '../pattern';
import type { Silence } from './types';

/** Who a configured silence is by when it does not say. */
export const CONFIG_SILENCE_AUTHOR = 'herald.yml';


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
