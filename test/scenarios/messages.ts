import type { SnsRequest } from '../support/local-sns';

/** What an SNS message is, read the way a subscriber reads it: from its Subject (or its first line). */
export type MessageKind = 'alert' | 'digest' | 'resolved';

/** A message SNS accepted, as a subscriber would receive it. */
export interface PublishedMessage {
  kind: MessageKind;
  subject: string;
  body: string;
  /** The `service` message attribute. */
  service: string | undefined;
  /** The EventBridge event id the email's Event section names (alerts and resolved messages). */
  eventId: string | undefined;
  /** How many alerts a digest counts (from its headline, else its subject). */
  digestCount: number | undefined;
  /** The end of a digest's window (epoch ms), from its `window:` line. */
  digestUntil: number | undefined;
  /** `performance.now()` when SNS received the Publish. */
  at: number;
  request: SnsRequest;
}

/**
 * Whether SNS took the message: answered 200, or (a slow SNS) held the answer so long that the
 * client left first, which does not unpublish it. An error answer or a dropped connection did
 * not publish anything.
 */
export const isAccepted = (request: SnsRequest): boolean =>
  request.action === 'Publish' && (request.outcome === 200 || (request.outcome === 'gone' && request.error === undefined));

const firstLine = (text: string): string => text.slice(0, text.indexOf('\n') === -1 ? undefined : text.indexOf('\n'));

const kindOf = (subject: string, body: string): MessageKind => {
  const head = subject === '' ? firstLine(body) : subject;
  if (/^\[[A-Z]+ DIGEST\]/.test(head)) return 'digest';
  if (head.startsWith('[RESOLVED]')) return 'resolved';
  return 'alert';
};

const count = (digits: string | undefined): number | undefined => (digits === undefined ? undefined : Number(digits.replaceAll(',', '')));

/** `[CRITICAL DIGEST] 1,234 alerts | ...` (email headline), else `[CRITICAL DIGEST] 1,234 more alerts ... | scope` (subject). */
const digestCountOf = (subject: string, body: string): number | undefined =>
  count(/^\[[A-Z]+ DIGEST\] ([\d,]+) alerts?\b/.exec(firstLine(body))?.[1]) ?? count(/^\[[A-Z]+ DIGEST\] ([\d,]+) more alerts?\b/.exec(subject)?.[1]);

/** `window: 2026-05-12 13:15:06 -> 13:20:06 UTC` or `... -> 2026-05-13 00:03:00 UTC`. */
const digestUntilOf = (body: string): number | undefined => {
  const match = /window:\s+(\d{4}-\d{2}-\d{2}) \d{2}:\d{2}:\d{2} -> (?:(\d{4}-\d{2}-\d{2}) )?(\d{2}:\d{2}:\d{2}) UTC/.exec(body);
  if (match === null) return undefined;
  const ms = Date.parse(`${match[2] ?? match[1]}T${match[3]}Z`);
  return Number.isNaN(ms) ? undefined : ms;
};

/** The Event section's `id:` line of an email. */
const eventIdOf = (body: string): string | undefined => /\nEvent\n(?:.*\n)*?\s+id:\s+(\S+)/.exec(body)?.[1];

/** Every message SNS accepted, in the order it received them. */
export const readMessages = (requests: readonly SnsRequest[]): PublishedMessage[] =>
  requests.filter(isAccepted).map((request) => {
    const subject = request.subject ?? '';
    const body = request.message ?? '';
    const kind = kindOf(subject, body);
    return {
      kind,
      subject,
      body,
      service: request.attributes.service?.stringValue,
      eventId: kind === 'digest' ? undefined : eventIdOf(body),
      digestCount: kind === 'digest' ? digestCountOf(subject, body) : undefined,
      digestUntil: kind === 'digest' ? digestUntilOf(body) : undefined,
      at: request.at,
      request,
    };
  });

/** Messages by kind: `{ alert: 3, digest: 12, resolved: 0 }`. */
export const countByKind = (messages: readonly PublishedMessage[]): Record<MessageKind, number> => ({
  alert: messages.filter((m) => m.kind === 'alert').length,
  digest: messages.filter((m) => m.kind === 'digest').length,
  resolved: messages.filter((m) => m.kind === 'resolved').length,
});

/** Alert messages beyond the first for the same event id: what a subscriber would see twice. */
export const countDuplicates = (messages: readonly PublishedMessage[]): number => {
  const alerts = messages.filter((m) => m.kind === 'alert');
  return alerts.length - new Set(alerts.map((m) => m.eventId ?? m.subject)).size;
};
