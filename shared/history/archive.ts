import { historyRetentionDays, type HeraldConfig } from '../config';
import { checkPattern } from '../pattern';
import { deriveEventRules, type EventRule, MAX_EVENT_PATTERN_LENGTH } from '../route';

/**
 * ArchiveName: 1 to 48 characters, `[\.\-_A-Za-z0-9]+`.
 * @see https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_CreateArchive.html
 */
export const MAX_ARCHIVE_NAME_LENGTH = 48;

/** The archive herald.yml's `history:` deploys: what it keeps, and for how long. */
export interface ArchiveSettings {
  /**
   * The union of the router's rules' patterns (`$or` of each): the archive keeps exactly what
   * herald receives. When that union is over EventBridge's pattern limits, the rules' sources and
   * detail-types alone, a superset (`exact` false).
   */
  pattern: Record<string, unknown>;
  /** The union is exactly the rules' (true), or their sources and detail-types only. */
  exact: boolean;
  retentionDays: number;
}

/** `{ source, detail-type }` of a rule: what it receives before its narrower conditions. */
const broadOf = (rule: EventRule): Record<string, unknown> => {
  const { source, 'detail-type': detailType } = rule.pattern;
  return { source, ...(detailType === undefined ? {} : { 'detail-type': detailType }) };
};

const unionOf = (patterns: readonly Record<string, unknown>[]): Record<string, unknown> => {
  const distinct = [...new Map(patterns.map((p) => [JSON.stringify(p), p])).values()];
  return distinct.length === 1 && distinct[0] !== undefined ? distinct[0] : { $or: distinct };
};

/** Within EventBridge's limits on a pattern: its length, and what the checker reports (`$or` combinations). */
const fits = (pattern: Record<string, unknown>): boolean => JSON.stringify(pattern).length <= MAX_EVENT_PATTERN_LENGTH && checkPattern(pattern).length === 0;

/**
 * The archive of herald's events, or undefined when there is none: `history.archive: false`, or
 * no rule (nothing reaches the router, so nothing would be kept).
 *
 * @example
 * ```ts
 * const archive = archiveSettings(config); // { pattern: { $or: [ecs, cloudtrail, alarms, trusted advisor] }, exact: true, retentionDays: 30 }
 * ```
 */
export const archiveSettings = (config: HeraldConfig, rules: readonly EventRule[] = deriveEventRules(config)): ArchiveSettings | undefined => {
  const retentionDays = historyRetentionDays(config.history);
  if (retentionDays === undefined || rules.length === 0) return undefined;
  const exact = unionOf(rules.map((rule) => rule.pattern));
  if (fits(exact)) return { pattern: exact, exact: true, retentionDays };
  return { pattern: unionOf(rules.map(broadOf)), exact: false, retentionDays };
};
