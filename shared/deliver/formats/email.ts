import type { Notification, AlertDigest, ResolvedIncident } from '../types';
import { describeRemediation } from './remediation';
import { toSingleLine, truncate, utf8Length, wrap } from '../text';
import { MAX_BODY_BYTES } from './constants';
import { accountLineOf, describeWhyItMatters, formatLabel, packItems, resolvedIncidentOf, scopeOf, shownCategoryOf, statusWordOf } from './wording';
import { contextSections } from './context';
import {
  describeDeploymentTasks,
  describeDigestAlertWhen,
  describeGateUnavailable,
  digestWindowMs,
  formatAlertCount,
  formatCount,
  formatDurationHuman,
  formatTimeUtc,
  formatWindowUtc,
} from './incident';
import { layOutWithin, sectionOf as section, type Section } from './sections';
import { readableName } from './names';
import { renderSubject } from './subject';

/** Plain-text mail reads best at 76 columns; only unbreakable words (ARNs) go past. */
const WIDTH = 76;
/** Longest evidence, identifier or label value shown; the json format carries it whole. */
const MAX_VALUE_LENGTH = 2_000;
/** Longest evidence or identifier name shown (names can carry container names). */
const MAX_NAME_LENGTH = 40;
/** Longest summary or hint shown. */
const MAX_TEXT_LENGTH = 4_000;

/** A rendered plain-text email. */
export interface RenderedEmail {
  subject: string;
  body: string;
}

/** Options of {@link renderEmail}. */
export interface EmailOptions {
  /** The route that sent the alert, named in the footer. */
  route?: string;
  /** The topic the email is published to, named in the footer. */
  topic?: string;
  /**
   * Largest body in bytes of UTF-8; sections are cut, never the headline or footer.
   * @default MAX_BODY_BYTES (the SNS Publish limit less room for message attributes)
   */
  maxBytes?: number;
}

/** Event text made safe for one line and cut to `max` characters. */
const clean = (text: string, max: number): string => truncate(toSingleLine(text), max);

/** A paragraph of untrusted text, wrapped and indented so it can never start a line. */
const paragraph = (text: string): string[] => {
  const wrapped = wrap(clean(text, MAX_TEXT_LENGTH), WIDTH - 2, '  ');
  return wrapped === '' ? [] : wrapped.split('\n');
};

/** A line of machine output (a log line, a URL): one line, indented, cut, never wrapped. */
const verbatim = (text: string): string[] => {
  const line = clean(text, 500);
  return line === '' ? [] : [`  ${line}`];
};

/** `  name:   value` rows, values wrapped under themselves; ARNs stay whole. */
const pairs = (items: readonly { name: string; value: string }[]): string[] => {
  const names = items.map((i) => `${clean(i.name, MAX_NAME_LENGTH) || '?'}:`);
  const width = Math.min(23, names.reduce((max, n) => Math.max(max, n.length), 0));
  return items.flatMap((item, n) => {
    const name = (names[n] ?? '').padEnd(width);
    const indent = ' '.repeat(width + 3);
    const value = wrap(clean(item.value, MAX_VALUE_LENGTH), WIDTH - indent.length, indent).trimStart();
    return `  ${name} ${value}`.trimEnd().split('\n');
  });
};

/**
 * `  name:   value`, then further values (a summary under its time) on lines of their own,
 * all wrapped at the value column; `width` is that of the longest name of the section.
 */
const field = (name: string, width: number, values: readonly string[]): string[] => {
  const indent = ' '.repeat(width + 3);
  const lines = values.flatMap((v) => wrap(clean(v, MAX_TEXT_LENGTH), WIDTH - indent.length, indent).split('\n')).filter((l) => l !== '');
  const [first = '', ...rest] = lines;
  return [`  ${`${name}:`.padEnd(width)} ${first.trimStart()}`.trimEnd(), ...rest];
};

/** Most categories a digest lists; the rest are counted in one line (the JSON has them all). */
const MAX_DIGEST_CATEGORIES = 20;

/** A digest's categories as a table, counts right-aligned first so any name fits. */
const categoryTable = (categories: AlertDigest['categories']): string[] => {
  const shown = categories.slice(0, MAX_DIGEST_CATEGORIES);
  const rest = categories.slice(MAX_DIGEST_CATEGORIES);
  const rows = shown.map((c) => ({ count: formatCount(c.count), category: clean(c.category, MAX_NAME_LENGTH) }));
  const width = rows.reduce((max, r) => Math.max(max, r.count.length), 'alerts'.length);
  return [
    `  ${'alerts'.padStart(width)}  category`,
    ...rows.map((r) => `  ${r.count.padStart(width)}  ${r.category}`),
    ...(rest.length === 0 ? [] : [`  ${formatCount(rest.reduce((sum, c) => sum + c.count, 0)).padStart(width)}  in ${rest.length} more categories`]),
  ];
};

/** "Digest": the group, its window, how many alerts and of what, the first and the last. */
const digestLines = (digest: AlertDigest): string[] => {
  const window = digestWindowMs(digest);
  return [
    ...field('group', 7, [digest.group]),
    ...field('window', 7, [`${formatWindowUtc(digest.since, digest.until)}${window === undefined ? '' : ` (${formatDurationHuman(window)})`}`]),
    ...field('alerts', 7, [formatCount(digest.count)]),
    ...field('first', 7, [describeDigestAlertWhen(digest.first), digest.first.summary]),
    ...field('last', 7, [describeDigestAlertWhen(digest.last), digest.last.summary]),
    ...(digest.categories.length === 0 ? [] : ['', ...categoryTable(digest.categories)]),
  ];
};

/** "Incident resolved": the alert that opened it, when it started and ended, how long, how many. */
const resolvedLines = (incident: ResolvedIncident): string[] =>
  pairs([
    { name: 'category', value: incident.category },
    { name: 'summary', value: incident.summary },
    { name: 'fingerprint', value: incident.fingerprint },
    { name: 'started', value: formatTimeUtc(incident.startedAt) },
    { name: 'ended', value: formatTimeUtc(incident.endedAt) },
    { name: 'lasted', value: formatDurationHuman(incident.durationMs) },
    { name: 'alerts', value: formatCount(incident.alerts) },
  ]);

/**
 * The notice that noise control was unavailable, under the headline: every line starts with
 * `! `, so the error text (untrusted: it can quote a request) can never start a line.
 */
const gateNotice = (error: string | undefined): string =>
  error === undefined ? '' : `${wrap(describeGateUnavailable(clean(error, 300)), WIDTH - 2, '! ')}\n\n`;

/** `[CRITICAL DIGEST] 1,234 alerts`, `[RESOLVED] oom`, `[CRITICAL] oom`: the headline before the scope. */
const headlineTagOf = (alert: Notification): string =>
  alert.digest === undefined || resolvedIncidentOf(alert) !== undefined
    ? `[${statusWordOf(alert)}] ${clean(shownCategoryOf(alert), MAX_NAME_LENGTH)}`
    : `[${alert.severity.toUpperCase()} DIGEST] ${formatAlertCount(alert.digest.count)}`;

/**
 * `[CRITICAL] oom | cluster prod | service payments-api`, within the width: generated names
 * (`Demo01-ClusterEB0386A7-sCRgDrfn5BP9`) are shown by their readable part when the full ones
 * do not fit; the Labels section has them whole.
 */
const headlineOf = (alert: Notification): string => {
  const line = (scope: string[]) => [headlineTagOf(alert), ...scope.map((s) => clean(s, 120))].join(' | ');
  const full = line(scopeOf(alert));
  if (full.length <= WIDTH) return full;
  const { cluster, service } = alert.labels;
  const readable = { ...alert, labels: { ...alert.labels, cluster: cluster === undefined ? cluster : readableName(cluster), service: service === undefined ? service : readableName(service) } };
  return truncate(line(scopeOf(readable)), WIDTH);
};

const renderSection = (s: Section): string =>
  `${[s.title, ...s.lines, ...(s.cut === 0 ? [] : [`  [${s.cut} more lines cut to fit the SNS message size limit]`])].join('\n')}\n`;

/**
 * Renders the plain-text email of an alert: a headline; what happened; why it matters (the
 * category and what the severity asks of the reader); the evidence; the next step; the
 * identifiers, labels and event it came from; a footer naming the route and topic and the
 * fingerprint. A resolved alert says RESOLVED in its headline and first sentence.
 *
 * From noise control: a digest opens with a "Digest" section (the group, the window in UTC,
 * the count, a table per category, the first and the last alert, one line each) and leaves
 * out the first alert's evidence, identifiers and labels; a resolution that knows its
 * incident opens with "Incident resolved" (the original alert, started, ended, how long, how
 * many alerts) and is headlined with the incident's category; an alert sent while the state
 * table was unreachable says so under the headline; a deployment's failure tells the task
 * alerts inhibition muted while it was in progress ("Stopped tasks during the deployment").
 *
 * Event content is untrusted: every event-supplied string is flattened to one line (control
 * characters, CR/LF and bidi overrides become spaces), cut to a sane length and indented,
 * so no value can forge a header, a section title or the footer.
 */
export const renderEmail = (alert: Notification, options: EmailOptions = {}): RenderedEmail => {
  const headline = headlineOf(alert);
  const head = `${headline}\n${'='.repeat(headline.length)}\n\n${gateNotice(alert.gateUnavailable)}`;
  const labels = Object.entries(alert.labels).map(([k, v]) => formatLabel(clean(k, MAX_NAME_LENGTH), clean(String(v), MAX_VALUE_LENGTH)));
  const incident = resolvedIncidentOf(alert);
  const account = accountLineOf(alert);
  // A digest names its first and last alert in its own section: the first alert's evidence,
  // identifiers and labels (one task of many) are not reprinted; the JSON format has them.
  const alertDetail = alert.digest === undefined || incident !== undefined;
  const sections: Section[] = [
    ...(alert.digest === undefined ? [] : section('Digest', digestLines(alert.digest))),
    ...(incident === undefined ? [] : section('Incident resolved', resolvedLines(incident))),
    ...section('What happened', paragraph(alert.summary)),
    ...section('Why it matters', describeWhyItMatters(alert).flatMap(paragraph)),
    ...(alertDetail ? section('Evidence', pairs(alert.evidence), true) : []),
    ...(alert.deploymentTasks === undefined ? [] : section('Stopped tasks during the deployment', [
      ...paragraph(describeDeploymentTasks(alert.deploymentTasks)),
      ...field('last', 4, [formatTimeUtc(alert.deploymentTasks.last.time), alert.deploymentTasks.last.summary]),
    ])),
    ...(alert.remediation === undefined ? [] : section('Remediation', alert.remediation.flatMap((note) => paragraph(describeRemediation(note))))),
    ...contextSections(alert.context).flatMap((c) => section(c.title, c.lines.flatMap(c.verbatim ? verbatim : paragraph), true)),
    ...section('Next step', paragraph(alert.hint)),
    ...(alertDetail ? section('Identifiers', pairs(alert.identifiers), true) : []),
    ...(alertDetail ? section('Labels', packItems(labels, WIDTH - 2, '  ').map((l) => `  ${l}`), true) : []),
    ...section('Event', pairs([
      ...(account === undefined ? [] : [{ name: 'account', value: account }]),
      { name: 'time', value: alert.event.time },
      { name: 'detail-type', value: alert.event.detailType },
      { name: 'id', value: alert.event.id },
      { name: 'fingerprint', value: alert.fingerprint },
    ])),
    ...section('Parse warnings', alert.warnings.flatMap(paragraph), true),
  ];
  const fingerprint = clean(alert.fingerprint, 64);
  const identity = incident === undefined
    ? `Fingerprint ${fingerprint} identifies this incident for silencing: repeats of it and its resolution carry the same fingerprint.`
    : `Fingerprint ${fingerprint} identifies this event for silencing. It ends the incident with fingerprint ${clean(incident.fingerprint, 64)}.`;
  const footer = [
    '-- ',
    ...wrap(identity, WIDTH, '').split('\n'),
    ...(options.topic === undefined ? [] : [`Sent to topic "${clean(options.topic, 200)}".`]),
    options.route === undefined ? 'Sent by ecs-herald.' : `Sent by ecs-herald, route "${clean(options.route, 200)}".`,
  ].join('\n');
  const body = layOutWithin(sections, {
    render: renderSection,
    join: (rendered) => `${head}${rendered.join('\n')}\n${footer}\n`,
    measure: utf8Length,
  }, options.maxBytes ?? MAX_BODY_BYTES);
  return { subject: renderSubject(alert), body };
};
