import type { Notification, AlertDigest, ResolvedIncident } from '../types';
import { toAscii, toSingleLine, truncate } from '../text';
import { describeDigestCount, formatCategoryCount, formatDurationHuman } from './incident';
import { resolvedIncidentOf, statusWordOf } from './wording';

/** SNS email subjects must be under 100 characters; we keep them well inside. */
export const MAX_SUBJECT_LENGTH = 99;

/** Cut subject text ends in ASCII: SNS refuses anything else. */
const ELLIPSIS = '...';
/** Longest category or scope in a digest subject, so the counts always fit. */
const MAX_NAME_LENGTH = 40;

/**
 * Event or state text as subject text: one line of printable ASCII. U+FFFD (a lone surrogate,
 * repaired before rendering) becomes `?`, one character for one, so the length limit holds.
 */
const subjectText = (text: string): string => toAscii(toSingleLine(text));

/** `head text tail`, only `text` cut, so what the head and tail say always shows. */
const fitBetween = (head: string, text: string, tail: string): string => {
  const room = MAX_SUBJECT_LENGTH - head.length - tail.length - 2;
  return [head, truncate(text, Math.max(ELLIPSIS.length, room), ELLIPSIS), tail].filter((p) => p !== '').join(' ');
};

/** `prod/payments-api` from the labels, like summaries say it; else the group's own name. */
const digestScopeOf = (alert: Notification, digest: AlertDigest): string => {
  const { cluster, service } = alert.labels;
  const scope = [cluster, service].filter((p): p is string => p !== undefined).join('/');
  return scope === '' ? digest.group : scope;
};

/**
 * `[DIGEST] prod/payments-api: 1,234 more alerts in 5m (oom 1,200, health-check 34)`: the
 * scope and the count always; then as many categories, largest first, as fit, and how many
 * did not (`+2 more`).
 */
const renderDigestSubject = (alert: Notification, digest: AlertDigest): string => {
  const head = '[DIGEST] ';
  const count = `: ${describeDigestCount(digest)}`;
  const scope = truncate(subjectText(digestScopeOf(alert, digest)), Math.min(MAX_NAME_LENGTH, MAX_SUBJECT_LENGTH - head.length - count.length), ELLIPSIS);
  const base = `${head}${scope}${count}`;
  const categories = digest.categories.map((c) => formatCategoryCount({ category: truncate(subjectText(c.category), MAX_NAME_LENGTH, ELLIPSIS), count: c.count }));
  for (let shown = categories.length; shown > 0; shown -= 1) {
    const hidden = categories.length - shown;
    const list = ` (${[...categories.slice(0, shown), ...(hidden > 0 ? [`+${hidden} more`] : [])].join(', ')})`;
    if (base.length + list.length <= MAX_SUBJECT_LENGTH) return `${base}${list}`;
  }
  return base;
};

/**
 * `[RESOLVED] prod/payments-api: container payments-api killed: out of memory (exit 137) after
 * 23m 10s`: the incident's summary (not that of the event that ended it, which would read
 * `service reached steady state`) and how long it lasted; the summary is cut, never the
 * duration. The summary names what happened, so the category is left out to keep it whole.
 */
const renderResolvedSubject = (incident: ResolvedIncident): string =>
  fitBetween('[RESOLVED]', subjectText(incident.summary), `after ${formatDurationHuman(incident.durationMs)}`);

/**
 * The SNS Subject of an alert's email: ASCII, one line, under 100 characters.
 *
 * - `[CRITICAL] oom prod/payments-api: container payments-api killed: out of memory (exit 137)`:
 *   severity (or RESOLVED), category, then the summary (which names cluster and service), cut
 *   to fit;
 * - a digest: `[DIGEST] prod/payments-api: 1,234 more alerts in 5m (oom 1,200, health-check 34)`;
 * - a resolution that knows its incident: `[RESOLVED] <the incident's summary> after 23m 10s`.
 * @see https://docs.aws.amazon.com/sns/latest/api/API_Publish.html (Subject)
 */
export const renderSubject = (alert: Notification): string => {
  const incident = resolvedIncidentOf(alert);
  if (incident !== undefined) return renderResolvedSubject(incident);
  if (alert.digest !== undefined) return renderDigestSubject(alert, alert.digest);
  return truncate(subjectText(`[${statusWordOf(alert)}] ${alert.category} ${alert.summary}`), MAX_SUBJECT_LENGTH, ELLIPSIS);
};
