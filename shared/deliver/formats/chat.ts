import type { Notification, AlertDigest, ResolvedIncident } from '../types';
import { describeRemediation } from './remediation';
import { toSingleLine, truncate } from '../text';
import { MAX_BODY_BYTES } from './constants';
import { fitJson, stringifyDocument } from './fit';
import {
  describeDeploymentTasks,
  describeDigestAlertWhen,
  describeDigestCount,
  describeGateUnavailable,
  digestWindowMs,
  formatCategoryCount,
  formatCount,
  formatDurationHuman,
  formatTimeUtc,
  formatWindowUtc,
} from './incident';
import { toChatText } from './markdown';
import { accountLineOf, describeWhyItMatters, formatLabel, packItems, resolvedIncidentOf, shownCategoryOf, statusWordOf } from './wording';
import { layOutWithin, sectionOf, type Section } from './sections';
import type { RenderContext } from './types';

/**
 * Field limits of a custom notification, in characters. `title` and `description` are the
 * maximum lengths AWS gives for custom notifications; the counts and the other lengths are
 * ecs-herald's own caps, set well inside what a chat card shows (a card lists a few next
 * steps and keywords), so the card is valid whatever further limits apply.
 * @see https://docs.aws.amazon.com/chatbot/latest/adminguide/custom-notifs.html
 */
export const CHAT_LIMITS = {
  title: 250,
  description: 8_000,
  nextSteps: 3,
  nextStep: 500,
  keywords: 5,
  keyword: 50,
  summary: 500,
  relatedResources: 5,
  relatedResource: 1_024,
  additionalContext: 10,
  contextValue: 256,
  /** One evidence, identifier or label line of the description. */
  line: 600,
  /** Categories a digest names in the title and the description (largest first). */
  digestCategories: 3,
  /** The noise-control error quoted in the description's first line. */
  gateError: 300,
} as const;

/**
 * An Amazon Q Developer in chat applications (formerly AWS Chatbot) custom notification:
 * published to an SNS topic that a chat channel configuration subscribes to, it shows as a
 * card in Slack, Microsoft Teams or Amazon Chime.
 * @see https://docs.aws.amazon.com/chatbot/latest/adminguide/custom-notifs.html
 */
export interface ChatNotification {
  /** Must be `1.0`. */
  version: '1.0';
  /** Must be `custom`. */
  source: 'custom';
  /** Unique event identifier: the EventBridge event id. */
  id: string;
  content: {
    /** The only supported value: rendered in the chat platform's own Markdown. */
    textType: 'client-markdown';
    title: string;
    description: string;
    nextSteps: string[];
    keywords: string[];
  };
  metadata: {
    /** The alert fingerprint: a repeat and the resolution land in the same thread. */
    threadId: string;
    summary: string;
    /** The alert category (`oom`), usable in custom action criteria. */
    eventType: string;
    /** ARNs from the alert's identifiers. */
    relatedResources: string[];
    additionalContext: Record<string, string>;
  };
}

const STATUS_ICONS = { critical: '\u{1F534}', warning: '\u{1F7E0}', info: '\u{1F535}', resolved: '\u2705' } as const;

/** `CRITICAL oom: <summary>`, `CRITICAL DIGEST prod/api: 12 more alerts in 5m`, `RESOLVED oom: <summary> after 23m`. */
const summaryOf = (alert: Notification, incident: ResolvedIncident | undefined, digest: AlertDigest | undefined): string => {
  if (incident !== undefined) return `${statusWordOf(alert)} ${incident.category}: ${incident.summary} after ${formatDurationHuman(incident.durationMs)}`;
  if (digest !== undefined) return `${statusWordOf(alert)} DIGEST ${digestScopeOf(alert, digest)}: ${describeDigestCount(digest)}`;
  return `${statusWordOf(alert)} ${alert.category}: ${alert.summary}`;
};

/** A line of the description, at most {@link CHAT_LIMITS.line}, for the digest and resolution sections. */
const DIGEST_LINE = 300;

/**
 * `prod/payments-api` from the labels, like summaries say it, else the group's own name; cut
 * so that the counts after it always fit the title.
 */
const digestScopeOf = (alert: Notification, digest: AlertDigest): string => {
  const scope = [alert.labels.cluster, alert.labels.service].filter((p): p is string => p !== undefined).join('/');
  return truncate(toSingleLine(scope === '' ? digest.group : scope), 100);
};

/** `oom 1,200, health-check 34, +2 more`: the largest categories of a digest. */
const topCategories = (digest: AlertDigest, max: number): string => {
  const hidden = digest.categories.length - max;
  return [...digest.categories.slice(0, max).map(formatCategoryCount), ...(hidden > 0 ? [`+${hidden} more`] : [])].join(', ');
};

/** The title's text after the icon: what a digest counted, or which incident ended and when. */
const titleOf = (alert: Notification, incident: ResolvedIncident | undefined, prefixLength: number): string => {
  const room = CHAT_LIMITS.title - prefixLength;
  if (incident !== undefined) {
    const after = ` · after ${formatDurationHuman(incident.durationMs)}`;
    return `${toChatText(incident.summary, room - after.length)}${after}`;
  }
  if (alert.digest !== undefined) {
    const { digest } = alert;
    const categories = digest.categories.length === 0 ? '' : ` (${topCategories(digest, CHAT_LIMITS.digestCategories)})`;
    return toChatText(`${digestScopeOf(alert, digest)}: ${describeDigestCount(digest)}${categories}`, room);
  }
  return toChatText(alert.summary, room);
};

/** "Digest": the group, the window, the count by category, the first and the last alert. */
const digestLines = (digest: AlertDigest): string[] => {
  const window = digestWindowMs(digest);
  const line = (name: string, value: string) => toChatText(`• ${name}: ${toSingleLine(value)}`, DIGEST_LINE);
  return [
    line('Group', digest.group),
    line('Window', `${formatWindowUtc(digest.since, digest.until, '\u2192')}${window === undefined ? '' : ` (${formatDurationHuman(window)})`}`),
    line('Alerts', `${formatCount(digest.count)}${digest.categories.length === 0 ? '' : ` (${topCategories(digest, CHAT_LIMITS.digestCategories * 3)})`}`),
    line('First', `${describeDigestAlertWhen(digest.first)}: ${digest.first.summary}`),
    line('Last', `${describeDigestAlertWhen(digest.last)}: ${digest.last.summary}`),
  ];
};

/** "Incident resolved": the alert that opened it, when it started and ended, how long, how many. */
const resolvedLines = (incident: ResolvedIncident): string[] =>
  [
    { name: 'Incident', value: `${incident.category}: ${incident.summary}` },
    { name: 'Started', value: formatTimeUtc(incident.startedAt) },
    { name: 'Ended', value: `${formatTimeUtc(incident.endedAt)}, after ${formatDurationHuman(incident.durationMs)}` },
    { name: 'Alerts', value: formatCount(incident.alerts) },
  ].map((i) => toChatText(`• ${i.name}: ${toSingleLine(i.value)}`, DIGEST_LINE));

/** The description's first line when noise control was unavailable; ecs-herald's own emphasis. */
const gateNotice = (error: string | undefined): string[] =>
  error === undefined ? [] : [`\u26A0\uFE0F ${describeGateUnavailable(toChatText(error, CHAT_LIMITS.gateError), (text) => `*${text}*`)}`];

/** A fingerprint or id shown as code when it is a plain token, escaped text otherwise. */
const token = (text: string): string => (/^[\w.-]{1,128}$/.test(text) ? `\`${text}\`` : toChatText(text, 128));

const bullets = (items: readonly { name: string; value: string }[]): string[] =>
  items.map((i) => toChatText(`• ${toSingleLine(i.name)}: ${toSingleLine(i.value)}`, CHAT_LIMITS.line));

/** An instance's log tails as card lines: each group, then its lines (one line each, no markup). */
const instanceLogLines = (alert: Notification): string[] => {
  const logs = alert.context?.instanceLogs;
  if (logs === undefined) return [];
  return [
    ...logs.tails.flatMap((tail) => [
      toChatText(`• ${tail.group} ${tail.stream}${tail.redactions > 0 ? ` (${tail.redactions} secret(s) redacted)` : ''}`, CHAT_LIMITS.line),
      ...tail.lines.map((line) => toChatText(`  ${line}`, CHAT_LIMITS.line)),
    ]),
    ...(logs.missing.length === 0 ? [] : [toChatText(`• no stream ${logs.stream} in ${logs.missing.join(', ')}`, CHAT_LIMITS.line)]),
  ];
};

/** Labels the title and the Event line already show. */
const SHOWN_ELSEWHERE: ReadonlySet<string> = new Set(['source', 'detailType', 'category', 'severity']);

/** Labels as `key=value` pairs, a few to a line, so a long list can be cut line by line. */
const labelLines = (alert: Notification): string[] =>
  packItems(
    Object.entries(alert.labels)
      .filter(([k]) => !SHOWN_ELSEWHERE.has(k))
      .map(([k, v]) => toChatText(formatLabel(toSingleLine(k), toSingleLine(String(v))), 200)),
    120,
    ' · ',
  );

const renderSection = (s: Section): string =>
  [`*${s.title}*`, ...s.lines, ...(s.cut === 0 ? [] : [`_${s.cut} more lines cut to fit the card_`])].join('\n');

/**
 * The custom notification of an alert. Every string that comes from the event goes through
 * {@link toChatText}: one line, no link, mention, emphasis or code fence, cut on a grapheme
 * boundary to its field's limit in {@link CHAT_LIMITS}.
 */
export const toChatNotification = (alert: Notification, context: RenderContext): ChatNotification => {
  const status = alert.status === 'resolved' ? 'resolved' : alert.severity;
  const incident = resolvedIncidentOf(alert);
  const digest = incident === undefined ? alert.digest : undefined;
  const category = toChatText(shownCategoryOf(alert), CHAT_LIMITS.keyword);
  const prefix = digest === undefined ? `${STATUS_ICONS[status]} ${statusWordOf(alert)} · ${category} · ` : `${STATUS_ICONS[status]} ${statusWordOf(alert)} DIGEST · `;
  const title = `${prefix}${titleOf(alert, incident, prefix.length)}`;
  // The title shows the summary unless it had to cut it, or it shows another text (the
  // incident's summary, a digest's counts): then the description says what happened.
  const summaryShown = incident === undefined && digest === undefined && title === `${prefix}${toChatText(alert.summary, Number.MAX_SAFE_INTEGER)}`;
  const sections: Section[] = [
    ...sectionOf('Digest', digest === undefined ? [] : digestLines(digest), true),
    ...sectionOf('Incident resolved', incident === undefined ? [] : resolvedLines(incident), true),
    ...sectionOf('What happened', summaryShown || digest !== undefined ? [] : [toChatText(alert.summary, incident === undefined ? 2_000 : CHAT_LIMITS.line)]),
    ...sectionOf('Why it matters', describeWhyItMatters(alert).map((s) => toChatText(s, CHAT_LIMITS.line))),
    // A digest names its first and last alert above; one task's evidence, identifiers and labels are not repeated.
    ...sectionOf('Evidence', digest === undefined ? bullets(alert.evidence) : [], true),
    ...sectionOf('Stopped tasks during the deployment', alert.deploymentTasks === undefined ? [] : [
      toChatText(describeDeploymentTasks(alert.deploymentTasks), CHAT_LIMITS.line),
      toChatText(`• Last: ${formatTimeUtc(alert.deploymentTasks.last.time)}: ${toSingleLine(alert.deploymentTasks.last.summary)}`, DIGEST_LINE),
    ]),
    ...sectionOf('Remediation', (alert.remediation ?? []).map((note) => toChatText(`• ${describeRemediation(note)}`, CHAT_LIMITS.line))),
    // The instance's last agent and system lines, newest last; cut first when the card is full.
    ...sectionOf('Instance logs', instanceLogLines(alert), true),
    ...sectionOf('Identifiers', digest === undefined ? bullets(alert.identifiers) : [], true),
    ...sectionOf('Labels', digest === undefined ? labelLines(alert) : [], true),
    ...sectionOf('Event', [
      ...(accountLineOf(alert) === undefined ? [] : [toChatText(`Account ${accountLineOf(alert) ?? ''}.`, CHAT_LIMITS.line)]),
      toChatText(`${alert.event.detailType} at ${alert.event.time}, event id ${alert.event.id}`, CHAT_LIMITS.line),
      `Sent by route ${token(context.route)} to topic ${token(context.topic)}.`,
      incident === undefined
        ? `Fingerprint ${token(alert.fingerprint)} identifies this incident for silencing; its repeats and its resolution share this thread.`
        : `Fingerprint ${token(alert.fingerprint)} identifies this event for silencing; it ends incident ${token(incident.fingerprint)} and is posted in that incident's thread.`,
    ]),
    ...sectionOf('Parse warnings', alert.warnings.map((w) => toChatText(w, CHAT_LIMITS.line)), true),
  ];
  const notice = gateNotice(alert.gateUnavailable);
  const description = layOutWithin(sections, { render: renderSection, join: (r) => [...notice, ...r].join('\n\n'), measure: (t) => t.length }, CHAT_LIMITS.description);
  const { cluster, service, account, region } = alert.labels;
  const facts = {
    fingerprint: alert.fingerprint,
    status: alert.status,
    severity: alert.severity,
    category: alert.category,
    cluster,
    service,
    account,
    region,
    route: context.route,
    topic: context.topic,
  };
  return {
    version: '1.0',
    source: 'custom',
    id: alert.event.id,
    content: {
      textType: 'client-markdown',
      title,
      description,
      nextSteps: [alert.hint].filter((h) => toSingleLine(h) !== '').slice(0, CHAT_LIMITS.nextSteps).map((h) => toChatText(h, CHAT_LIMITS.nextStep)),
      keywords: [...(digest === undefined ? [] : ['digest']), status, shownCategoryOf(alert), cluster, service]
        .filter((k): k is string => k !== undefined)
        .slice(0, CHAT_LIMITS.keywords)
        .map((k) => toChatText(k, CHAT_LIMITS.keyword)),
    },
    metadata: {
      // A resolution is posted in the thread of the incident it ends, whatever event ended it.
      threadId: incident?.fingerprint ?? alert.fingerprint,
      summary: toChatText(summaryOf(alert, incident, digest), CHAT_LIMITS.summary),
      eventType: alert.category,
      relatedResources: [...new Set(alert.identifiers.map((i) => i.value).filter((v) => v.startsWith('arn:')))]
        .slice(0, CHAT_LIMITS.relatedResources)
        .map((arn) => toChatText(arn, CHAT_LIMITS.relatedResource)),
      additionalContext: Object.fromEntries(
        Object.entries(facts)
          .flatMap(([k, v]) => (v === undefined ? [] : [[k, toChatText(v, CHAT_LIMITS.contextValue)] as const]))
          .slice(0, CHAT_LIMITS.additionalContext),
      ),
    },
  };
};

/** The custom notification of an alert as the SNS message: JSON within the SNS size limit. */
export const renderChatNotification = (alert: Notification, context: RenderContext, maxBytes = MAX_BODY_BYTES): string =>
  fitJson(toChatNotification(alert, context), maxBytes, stringifyDocument).body;
