import type { Alert } from '../../normalize';
import { toSingleLine } from '../text';
import { MAX_BODY_BYTES } from './constants';
import { fitJson, stringifyDocument } from './fit';
import { toChatText } from './markdown';
import { describeWhyItMatters, formatLabel, packItems, statusWordOf } from './wording';
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

/** A fingerprint or id shown as code when it is a plain token, escaped text otherwise. */
const token = (text: string): string => (/^[\w.-]{1,128}$/.test(text) ? `\`${text}\`` : toChatText(text, 128));

const bullets = (items: readonly { name: string; value: string }[]): string[] =>
  items.map((i) => toChatText(`• ${toSingleLine(i.name)}: ${toSingleLine(i.value)}`, CHAT_LIMITS.line));

/** Labels the title and the Event line already show. */
const SHOWN_ELSEWHERE: ReadonlySet<string> = new Set(['source', 'detailType', 'category', 'severity']);

/** Labels as `key=value` pairs, a few to a line, so a long list can be cut line by line. */
const labelLines = (alert: Alert): string[] =>
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
export const toChatNotification = (alert: Alert, context: RenderContext): ChatNotification => {
  const status = alert.status === 'resolved' ? 'resolved' : alert.severity;
  const prefix = `${STATUS_ICONS[status]} ${statusWordOf(alert)} · ${alert.category} · `;
  const summary = toChatText(alert.summary, CHAT_LIMITS.title - prefix.length);
  const summaryWasCut = summary !== toChatText(alert.summary, Number.MAX_SAFE_INTEGER);
  const sections: Section[] = [
    ...sectionOf('What happened', summaryWasCut ? [toChatText(alert.summary, 2_000)] : []),
    ...sectionOf('Why it matters', describeWhyItMatters(alert).map((s) => toChatText(s, CHAT_LIMITS.line))),
    ...sectionOf('Evidence', bullets(alert.evidence), true),
    ...sectionOf('Identifiers', bullets(alert.identifiers), true),
    ...sectionOf('Labels', labelLines(alert), true),
    ...sectionOf('Event', [
      toChatText(`${alert.event.detailType} at ${alert.event.time}, event id ${alert.event.id}`, CHAT_LIMITS.line),
      `Sent by route ${token(context.route)} to topic ${token(context.topic)}.`,
      `Fingerprint ${token(alert.fingerprint)} identifies this incident for silencing; its repeats and its resolution share this thread.`,
    ]),
    ...sectionOf('Parse warnings', alert.warnings.map((w) => toChatText(w, CHAT_LIMITS.line)), true),
  ];
  const description = layOutWithin(sections, { render: renderSection, join: (r) => r.join('\n\n'), measure: (t) => t.length }, CHAT_LIMITS.description);
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
      title: `${prefix}${summary}`,
      description,
      nextSteps: [alert.hint].filter((h) => toSingleLine(h) !== '').slice(0, CHAT_LIMITS.nextSteps).map((h) => toChatText(h, CHAT_LIMITS.nextStep)),
      keywords: [status, alert.category, cluster, service]
        .filter((k): k is string => k !== undefined)
        .slice(0, CHAT_LIMITS.keywords)
        .map((k) => toChatText(k, CHAT_LIMITS.keyword)),
    },
    metadata: {
      threadId: alert.fingerprint,
      summary: toChatText(`${statusWordOf(alert)} ${alert.category}: ${alert.summary}`, CHAT_LIMITS.summary),
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
export const renderChatNotification = (alert: Alert, context: RenderContext, maxBytes = MAX_BODY_BYTES): string =>
  fitJson(toChatNotification(alert, context), maxBytes, stringifyDocument).body;
