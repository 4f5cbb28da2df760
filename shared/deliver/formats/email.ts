import type { Alert } from '../../normalize';
import { toAscii, toSingleLine, truncate, utf8Length, wrap } from '../text';
import { MAX_BODY_BYTES } from './constants';
import { describeWhyItMatters, formatLabel, packItems, scopeOf, statusWordOf } from './wording';
import { contextSections } from './context';
import { layOutWithin, sectionOf as section, type Section } from './sections';

/** SNS email subjects must be under 100 characters; we keep them well inside. */
export const MAX_SUBJECT_LENGTH = 99;

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

/**
 * `[CRITICAL] oom prod/payments-api: container app killed: out of memory (exit 137)`:
 * severity, category, then the summary (which names cluster and service), cut to fit.
 * SNS wants the subject in ASCII, on one line, under 100 characters.
 * @see https://docs.aws.amazon.com/sns/latest/api/API_Publish.html (Subject)
 */
export const renderSubject = (alert: Alert): string =>
  truncate(toAscii(toSingleLine(`[${statusWordOf(alert)}] ${alert.category} ${alert.summary}`)), MAX_SUBJECT_LENGTH, '...');

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

const renderSection = (s: Section): string =>
  `${[s.title, ...s.lines, ...(s.cut === 0 ? [] : [`  [${s.cut} more lines cut to fit the SNS message size limit]`])].join('\n')}\n`;

/**
 * Renders the plain-text email of an alert: a headline; what happened; why it matters (the
 * category and what the severity asks of the reader); the evidence; the next step; the
 * identifiers, labels and event it came from; a footer naming the route and topic and the
 * fingerprint. A resolved alert says RESOLVED in its headline and first sentence.
 *
 * Event content is untrusted: every event-supplied string is flattened to one line (control
 * characters, CR/LF and bidi overrides become spaces), cut to a sane length and indented,
 * so no value can forge a header, a section title or the footer.
 */
export const renderEmail = (alert: Alert, options: EmailOptions = {}): RenderedEmail => {
  const scope = scopeOf(alert).map((s) => clean(s, 120));
  const headline = truncate([`[${statusWordOf(alert)}] ${alert.category}`, ...scope].join(' | '), WIDTH);
  const head = `${headline}\n${'='.repeat(headline.length)}\n\n`;
  const labels = Object.entries(alert.labels).map(([k, v]) => formatLabel(clean(k, MAX_NAME_LENGTH), clean(String(v), MAX_VALUE_LENGTH)));
  const sections: Section[] = [
    ...section('What happened', paragraph(alert.summary)),
    ...section('Why it matters', describeWhyItMatters(alert).flatMap(paragraph)),
    ...section('Evidence', pairs(alert.evidence), true),
    ...contextSections(alert.context).flatMap((c) => section(c.title, c.lines.flatMap(c.verbatim ? verbatim : paragraph), true)),
    ...section('Next step', paragraph(alert.hint)),
    ...section('Identifiers', pairs(alert.identifiers), true),
    ...section('Labels', packItems(labels, WIDTH - 2, '  ').map((l) => `  ${l}`), true),
    ...section('Event', pairs([
      { name: 'time', value: alert.event.time },
      { name: 'detail-type', value: alert.event.detailType },
      { name: 'id', value: alert.event.id },
      { name: 'fingerprint', value: alert.fingerprint },
    ])),
    ...section('Parse warnings', alert.warnings.flatMap(paragraph), true),
  ];
  const fingerprint = clean(alert.fingerprint, 64);
  const footer = [
    '-- ',
    ...wrap(`Fingerprint ${fingerprint} identifies this incident for silencing: repeats of it and its resolution carry the same fingerprint.`, WIDTH, '').split('\n'),
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
