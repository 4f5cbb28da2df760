import type { Notification, AlertDigest, ResolvedIncident } from '../types';
import type { Labels } from '../../normalize';
import { toAscii, toSingleLine, truncate } from '../text';
import { describeDigestCount, formatCategoryCount, formatDurationHuman } from './incident';
import { fitScope, readableName, readableScope } from './names';
import { resolvedIncidentOf } from './wording';

/** SNS email subjects must be under 100 characters; we keep them well inside. */
export const MAX_SUBJECT_LENGTH = 99;

/** Cut subject text ends in ASCII: SNS refuses anything else. */
const ELLIPSIS = '...';
/** Longest category in a subject, so what failed always has room. */
const MAX_CATEGORY_LENGTH = 40;
/** Fewest characters a scope keeps (a digest's is left out below that: a name cut shorter says nothing). */
const MIN_SCOPE_LENGTH = 12;
/** What failed, up to this long, is never cut: the names are, down to {@link MIN_SCOPE_LENGTH}. */
const WHAT_KEPT = 48;
/** Characters the names keep before a longer failure is cut. */
const SCOPE_KEPT = 32;

/**
 * Event or state text as subject text: one line of printable ASCII. U+FFFD (a lone surrogate,
 * repaired before rendering) becomes `?`, one character for one, so the length limit holds.
 */
const subjectText = (text: string): string => toAscii(toSingleLine(text));

/** Labels whose values are names a summary repeats (`container web`, `daemon:log-router`). */
const NAMED_LABELS = ['cluster', 'service', 'container', 'taskDefinitionFamily', 'daemon', 'group'] as const;

/**
 * A summary split into its scope and what happened: normalizers write `<cluster>/<service>:
 * <what>` (or `<cluster>: <what>`); a summary that does not start with the alert's cluster is
 * all "what".
 */
const splitSummary = (text: string, labels: Labels): { what: string; scope?: string } => {
  const summary = toSingleLine(text);
  const { cluster } = labels;
  if (cluster === undefined || cluster === '') return { what: summary };
  if (!summary.startsWith(`${cluster}/`) && !summary.startsWith(`${cluster}:`)) return { what: summary };
  const at = summary.indexOf(': ', cluster.length);
  return at === -1 ? { what: summary } : { scope: summary.slice(0, at), what: summary.slice(at + 2) };
};

/**
 * In central mode, the account's alias before the scope (`prod-payments:prod/payments-api`): the
 * same cluster name may be in two accounts. It is the scope's first part, so the first cut when
 * names must be shortened. Single-account alerts carry no alias: the scope as it was.
 */
const withAccount = (scope: string | undefined, labels: Labels): string | undefined => {
  const alias = labels.accountAlias;
  if (alias === undefined) return scope;
  return scope === undefined || scope === '' ? alias : `${alias}:${scope}`;
};

/** `what` with each generated name the labels carry (`Demo01-ServiceD69D759B-EfyMIBhdCKVk`) made readable. */
const readableNamesIn = (what: string, labels: Labels): string =>
  NAMED_LABELS.map((label) => labels[label])
    .filter((name): name is string => name !== undefined && readableName(name) !== name)
    .sort((a, b) => b.length - a.length)
    .reduce((text, name) => text.replaceAll(name, readableName(name)), what);

/**
 * Whether `what` already says the category (`deployment failed` for `deployment-failed`,
 * `alarm ...` for `alarm`), so a subject short of room can leave the category out.
 */
const saysCategory = (what: string, category: string): boolean => {
  const words = category.replaceAll('-', ' ').toLowerCase();
  return what.toLowerCase() === words || what.toLowerCase().startsWith(`${words} `);
};

/**
 * `[STATUS] <category>: <what><after> | <scope>` within the limit, what failed first. Tried in
 * order until it fits: the full names; generated names made readable (suffixes dropped); the
 * category left out when what failed already says it (`[CRITICAL] deployment failed ...`);
 * the names cut in the middle, down to {@link MIN_SCOPE_LENGTH} characters for a failure of up
 * to {@link WHAT_KEPT}, {@link SCOPE_KEPT} for a longer one; only then what failed is cut, at
 * its end. The status and `after` always show.
 */
const fitSubject = (status: string, category: string | undefined, what: string, after: string, scope: string | undefined, labels: Labels): string => {
  const head = (withCategory: boolean) => `[${status}] ${withCategory && category !== undefined ? `${truncate(subjectText(category), MAX_CATEGORY_LENGTH, ELLIPSIS)}: ` : ''}`;
  const compose = (h: string, w: string, s: string | undefined) => `${h}${w}${after}${s === undefined ? '' : ` | ${s}`}`;
  const fits = (text: string) => text.length <= MAX_SUBJECT_LENGTH;
  const plainWhat = subjectText(what);
  const plainScope = scope === undefined ? undefined : subjectText(scope);
  const full = compose(head(true), plainWhat, plainScope);
  if (fits(full)) return full;
  const shortWhat = subjectText(readableNamesIn(what, labels));
  const shortScope = scope === undefined ? undefined : subjectText(readableScope(scope));
  const readable = compose(head(true), shortWhat, shortScope);
  if (fits(readable)) return readable;
  const withCategory = category === undefined || !saysCategory(shortWhat, category);
  const shortHead = head(withCategory);
  if (fits(compose(shortHead, shortWhat, shortScope))) return compose(shortHead, shortWhat, shortScope);
  // A short failure stays whole, the names take what is left; a long one leaves the names SCOPE_KEPT.
  const scopeRoom = MAX_SUBJECT_LENGTH - compose(shortHead, shortWhat, '').length;
  const scopeKept = shortWhat.length <= WHAT_KEPT ? MIN_SCOPE_LENGTH : SCOPE_KEPT;
  const scopeShown = shortScope === undefined ? undefined : fitScope(shortScope, Math.max(scopeRoom, Math.min(shortScope.length, scopeKept)));
  const whatRoom = MAX_SUBJECT_LENGTH - compose(shortHead, '', scopeShown).length;
  return compose(shortHead, truncate(shortWhat, Math.max(ELLIPSIS.length, whatRoom), ELLIPSIS), scopeShown);
};

/** `prod/payments-api` from the labels, like summaries say it; else the group's own name. */
const digestScopeOf = (alert: Notification, digest: AlertDigest): string => {
  const { cluster, service } = alert.labels;
  const scope = [cluster, service].filter((p): p is string => p !== undefined).join('/');
  return withAccount(scope === '' ? digest.group : scope, alert.labels) ?? digest.group;
};

/**
 * `[CRITICAL DIGEST] 1,234 more alerts in 5m (oom 1,200, health-check 34) | prod/payments-api`:
 * the severity and the count always; then as many categories, largest first, as fit with the
 * scope, and how many did not (`+2 more`); the scope is made readable or cut before a category
 * beyond the first is left out.
 */
const renderDigestSubject = (alert: Notification, digest: AlertDigest): string => {
  const base = `[${alert.severity.toUpperCase()} DIGEST] ${describeDigestCount(digest)}`;
  const scope = subjectText(digestScopeOf(alert, digest));
  const categories = digest.categories.map((c) => formatCategoryCount({ category: truncate(subjectText(c.category), MAX_CATEGORY_LENGTH, ELLIPSIS), count: c.count }));
  const withScope = (text: string): string | undefined => {
    const room = MAX_SUBJECT_LENGTH - text.length - ' | '.length;
    if (text.length + ' | '.length + scope.length <= MAX_SUBJECT_LENGTH) return `${text} | ${scope}`;
    const readable = readableScope(scope);
    if (readable.length <= room) return `${text} | ${readable}`;
    return room >= MIN_SCOPE_LENGTH ? `${text} | ${fitScope(readable, room)}` : undefined;
  };
  for (let shown = categories.length; shown > 0; shown -= 1) {
    const hidden = categories.length - shown;
    const list = ` (${[...categories.slice(0, shown), ...(hidden > 0 ? [`+${hidden} more`] : [])].join(', ')})`;
    const subject = withScope(`${base}${list}`);
    if (subject !== undefined) return subject;
  }
  return withScope(base) ?? truncate(base, MAX_SUBJECT_LENGTH, ELLIPSIS);
};

/**
 * `[RESOLVED] container payments-api killed: out of memory (exit 137) after 23m 10s |
 * prod/payments-api`: the incident's summary (not that of the event that ended it, which would
 * read `service reached steady state`) and how long it lasted, never cut: to its largest unit
 * (`after 23m`) when that keeps the summary whole. The summary names what happened, so the
 * category is left out to keep it whole.
 */
const renderResolvedSubject = (alert: Notification, incident: ResolvedIncident): string => {
  const { what, scope } = splitSummary(incident.summary, alert.labels);
  const lasted = formatDurationHuman(incident.durationMs);
  const subject = fitSubject('RESOLVED', undefined, what, ` after ${lasted}`, withAccount(scope, alert.labels), alert.labels);
  const largestUnit = lasted.split(' ')[0] ?? lasted;
  if (!subject.includes(ELLIPSIS) || largestUnit === lasted) return subject;
  const shorter = fitSubject('RESOLVED', undefined, what, ` after ${largestUnit}`, withAccount(scope, alert.labels), alert.labels);
  return shorter.includes(ELLIPSIS) ? subject : shorter;
};

/**
 * The SNS Subject of an alert's email: ASCII, one line, under 100 characters, leading with
 * what failed and naming where last, so an inbox shows the failure however long the names:
 *
 * - `[CRITICAL] oom: container payments-api killed: out of memory (exit 137) | prod/payments-api`:
 *   severity (or RESOLVED), category, what happened, then the cluster and service; generated
 *   names (`Demo01-ClusterEB0386A7-sCRgDrfn5BP9`) shortened to their readable part when the
 *   full ones do not fit, then the category left out if what happened says it, then the names
 *   cut in the middle;
 * - a digest: `[CRITICAL DIGEST] 1,234 more alerts in 5m (oom 1,200, health-check 34) | prod/payments-api`;
 * - a resolution that knows its incident: `[RESOLVED] <what the incident was> after 23m 10s | <scope>`;
 * - in central mode the scope starts with the account's alias: `| prod-payments:prod/payments-api`.
 * @see https://docs.aws.amazon.com/sns/latest/api/API_Publish.html (Subject)
 */
export const renderSubject = (alert: Notification): string => {
  const incident = resolvedIncidentOf(alert);
  if (incident !== undefined) return renderResolvedSubject(alert, incident);
  if (alert.digest !== undefined) return renderDigestSubject(alert, alert.digest);
  const { what, scope } = splitSummary(alert.summary, alert.labels);
  return fitSubject(alert.status === 'resolved' ? 'RESOLVED' : alert.severity.toUpperCase(), alert.category, what, '', withAccount(scope, alert.labels), alert.labels);
};
