import type { Alert } from '../normalize';
import { toAscii, toSingleLine, truncate, wrap } from './text';

/** SNS email subjects must be under 100 characters; we keep them well inside. */
export const MAX_SUBJECT_LENGTH = 99;
const WIDTH = 76;

/** A rendered plain-text email. */
export interface RenderedEmail {
  subject: string;
  body: string;
}

/**
 * `[CRITICAL] oom prod/payments-api: container app killed: out of memory (exit 137)`:
 * severity, category, then the summary (which names cluster and service), cut to fit.
 * SNS wants the subject in ASCII, on one line, under 100 characters.
 * @see https://docs.aws.amazon.com/sns/latest/api/API_Publish.html (Subject)
 */
export const renderSubject = (alert: Alert): string => {
  const status = alert.status === 'resolved' ? 'RESOLVED' : alert.severity.toUpperCase();
  return truncate(toAscii(toSingleLine(`[${status}] ${alert.category} ${alert.summary}`)), MAX_SUBJECT_LENGTH, '...');
};

const section = (title: string, lines: string[]): string[] => (lines.length === 0 ? [] : [title, ...lines, '']);

const pairs = (items: readonly { name: string; value: string }[]): string[] => {
  const width = Math.min(22, Math.max(0, ...items.map((i) => i.name.length)) + 1);
  return items.map((i) => {
    const name = `${toSingleLine(i.name)}:`.padEnd(width + 1);
    const value = toSingleLine(i.value);
    // Long values (stopped reasons) wrap under themselves; ARNs stay whole.
    const wrapped = wrap(value, WIDTH - width - 4, ' '.repeat(width + 4)).trimStart();
    return `  ${name} ${wrapped}`;
  });
};

/**
 * Renders the plain-text email of an alert: headline, what happened, evidence, likely cause
 * and next step, identifiers, labels, and the event it came from. Every event-supplied
 * string is flattened to one line per field, so event content cannot forge sections.
 */
/** Options of {@link renderEmail}. */
export interface EmailOptions {
  /** The route that sent the alert, named in the footer. */
  route?: string;
}

export const renderEmail = (alert: Alert, options: EmailOptions = {}): RenderedEmail => {
  const labels = Object.entries(alert.labels).map(([k, v]) => `${k}=${toSingleLine(String(v))}`);
  const body = [
    `${alert.status === 'resolved' ? 'RESOLVED' : alert.severity.toUpperCase()} | ${alert.category} | ${alert.labels.cluster ?? '-'}${alert.labels.service === undefined ? '' : ` / ${alert.labels.service}`}`,
    '',
    ...section('What happened', [wrap(toSingleLine(alert.summary), WIDTH, '  ')]),
    ...section('Evidence', pairs(alert.evidence)),
    ...section('Likely cause / next step', [wrap(toSingleLine(alert.hint), WIDTH, '  ')]),
    ...section('Identifiers', pairs(alert.identifiers)),
    ...section('Labels', [wrap(labels.join('  '), WIDTH, '  ')]),
    ...section('Event', pairs([
      { name: 'time', value: alert.event.time },
      { name: 'detail-type', value: alert.event.detailType },
      { name: 'event id', value: alert.event.id },
      { name: 'fingerprint', value: alert.fingerprint },
    ])),
    ...section('Parse warnings', alert.warnings.map((w) => `  ${toSingleLine(w)}`)),
    '-- ',
    options.route === undefined ? 'Sent by ecs-herald.' : `Sent by ecs-herald, route "${toSingleLine(options.route)}".`,
  ].join('\n');
  return { subject: renderSubject(alert), body: `${body}\n` };
};
