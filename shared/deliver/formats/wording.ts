/* How an alert is worded in every human-readable format. */
import { CATEGORIES, type Category, type Severity } from '../../normalize';
import type { Notification, ResolvedIncident } from '../types';
import { describeDigestMeaning, describeResolution } from './incident';

/** What each severity asks of the reader, in the words README.md uses. */
export const SEVERITY_MEANINGS = {
  critical: 'Severity critical: someone should look now.',
  warning: 'Severity warning: worth a look today; it can turn critical if it repeats or spreads.',
  info: 'Severity info: routine, recorded for reference; never a page.',
} as const satisfies Record<Severity, string>;

/** What a resolved alert asks of the reader. */
export const RESOLVED_MEANING =
  'RESOLVED: the condition reported earlier under this fingerprint has cleared. Nothing to do unless it comes back.';

/**
 * The incident a resolved alert ends; none for a firing alert, whatever it carries (`resolves`
 * only means something with status `resolved`).
 */
export const resolvedIncidentOf = (alert: Notification): ResolvedIncident | undefined =>
  alert.status === 'resolved' ? alert.resolves : undefined;

/** A category's description, or none for a name outside the taxonomy (from an older state record). */
const describeCategory = (category: string): string[] =>
  Object.hasOwn(CATEGORIES, category) ? [CATEGORIES[category as Category].description] : [];

/**
 * "Why it matters", as sentences: what the category means (from the taxonomy in
 * `CATEGORIES`) and what the severity asks of the reader; a resolved alert says so first (and,
 * when it knows the incident it ends, names it and means the incident's category); a digest
 * says first that it counts many alerts.
 */
export const describeWhyItMatters = (alert: Notification): string[] => {
  if (alert.status === 'resolved') {
    const incident = resolvedIncidentOf(alert);
    return incident === undefined
      ? [RESOLVED_MEANING, CATEGORIES[alert.category].description]
      : [describeResolution(incident), ...describeCategory(incident.category)];
  }
  const meaning = [CATEGORIES[alert.category].description, SEVERITY_MEANINGS[alert.severity]];
  return alert.digest === undefined ? meaning : [describeDigestMeaning(alert.digest), ...meaning];
};

/**
 * The category a reader knows the alert by: for a resolution, the incident's (an OOM ended by
 * a steady-state event reads `oom`), else the alert's own.
 */
export const shownCategoryOf = (alert: Notification): string => resolvedIncidentOf(alert)?.category ?? alert.category;

/** `CRITICAL`, `WARNING`, `INFO`, or `RESOLVED` for a resolved alert, whatever its severity. */
export const statusWordOf = (alert: Notification): string => (alert.status === 'resolved' ? 'RESOLVED' : alert.severity.toUpperCase());

/**
 * Where the alert happened, for headlines: cluster and service, else account and Region; in
 * central mode the account's alias first, since the same cluster name may be in two accounts.
 */
export const scopeOf = (alert: Notification): string[] => {
  const { cluster, service, account, accountAlias, region } = alert.labels;
  const where = accountAlias === undefined ? [] : [accountAlias];
  if (cluster !== undefined || service !== undefined) {
    return [...where, ...(cluster === undefined ? [] : [`cluster ${cluster}`]), ...(service === undefined ? [] : [`service ${service}`])];
  }
  return [...(accountAlias === undefined ? (account === undefined ? [] : [`account ${account}`]) : [`account ${accountAlias} (${account ?? '?'})`]), ...(region === undefined ? [] : [`region ${region}`])];
};

/**
 * The account and Region an alert comes from, named by the alias herald.yml gives the account
 * (central mode): `prod-payments (111122223333) us-east-1`. Undefined without an alias: in
 * single-account mode every alert comes from the stack's own account.
 */
export const accountLineOf = (alert: Notification): string | undefined => {
  const { accountAlias, account, region } = alert.labels;
  if (accountAlias === undefined) return undefined;
  return [accountAlias, ...(account === undefined ? [] : [`(${account})`]), ...(region === undefined ? [] : [region])].join(' ');
};

/**
 * A label as `key=value` for the email and chat layouts, the value quoted (JSON style) when it
 * has a space or a quote, so `detailType="ECS Task State Change"` reads as one label.
 */
export const formatLabel = (key: string, value: string): string => `${key}=${/[\s"\\]/.test(value) ? JSON.stringify(value) : value}`;

/**
 * Packs items onto lines of at most `width` characters, `separator` between them; an item is
 * never split (one longer than the width gets a line of its own).
 */
export const packItems = (items: readonly string[], width: number, separator: string): string[] => {
  const lines: string[] = [];
  for (const item of items) {
    const last = lines.at(-1);
    if (last !== undefined && last.length + separator.length + item.length <= width) lines[lines.length - 1] = `${last}${separator}${item}`;
    else lines.push(item);
  }
  return lines;
};
