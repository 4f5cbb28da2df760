// The Publisher port, counting what reaches the topics instead of sending it: messages by kind
// and topic, the SNS requests they would be billed as, and the emails they fan out to.
import type { CompiledConfig } from '../shared/compile';
import type { MessageAttributes, Notification, Publisher, RenderedMessage, TopicTarget } from '../shared/deliver';
import { SNS_REQUEST_CHUNK_BYTES } from './prices';

/** What a topic received: a first alert, a storm digest, or a resolved message. */
export type NotificationKind = 'alert' | 'digest' | 'resolved';

const kindOf = (alert: Notification): NotificationKind => (alert.resolves !== undefined ? 'resolved' : alert.digest !== undefined ? 'digest' : 'alert');

/** The email addresses a topic of herald.yml subscribes (each gets every message SNS publishes there). */
const emailsOf = (config: CompiledConfig, topic: string): number => config.topics.get(topic)?.emails?.length ?? 0;

/**
 * Bytes SNS bills a publish by: the message, the subject and every message attribute's name
 * and value, in UTF-8.
 * @see https://docs.aws.amazon.com/sns/latest/api/API_Publish.html
 */
const payloadBytes = (message: RenderedMessage, attributes: MessageAttributes): number =>
  Object.entries(attributes).reduce(
    (sum, [name, value]) => sum + Buffer.byteLength(name, 'utf8') + Buffer.byteLength(value, 'utf8') + 'String'.length,
    Buffer.byteLength(message.body, 'utf8') + Buffer.byteLength(message.subject ?? '', 'utf8'),
  );

/** Counts per kind and per topic, and digests that follow their service's resolved message. */
export class CountingPublisher implements Publisher {
  public readonly byKind: Record<NotificationKind, number> = { alert: 0, digest: 0, resolved: 0 };
  public readonly byTopic = new Map<string, number>();
  public digestsAfterResolved = 0;
  /** Sum of the alerts each resolved message says its incident counted. */
  public resolvedAlerts = 0;
  /** SNS publish requests as billed: one per 64 KB chunk of each payload. */
  public snsRequests = 0;
  /** Email notifications: one per message per address its topic subscribes. */
  public emailNotifications = 0;
  private readonly resolvedServices = new Set<string>();

  public constructor(private readonly config: CompiledConfig) {}

  /** Messages published, every kind. */
  public get messages(): number {
    return this.byKind.alert + this.byKind.digest + this.byKind.resolved;
  }

  public async publish(topic: TopicTarget, message: RenderedMessage, attributes: MessageAttributes, alert: Notification): Promise<string> {
    const kind = kindOf(alert);
    const service = alert.labels.service ?? '';
    if (kind === 'resolved') {
      this.resolvedServices.add(service);
      this.resolvedAlerts += alert.resolves?.alerts ?? 0;
    }
    if (kind === 'digest' && this.resolvedServices.has(service)) this.digestsAfterResolved += 1;
    this.byKind[kind] += 1;
    this.byTopic.set(topic.name, (this.byTopic.get(topic.name) ?? 0) + 1);
    this.snsRequests += Math.max(1, Math.ceil(payloadBytes(message, attributes) / SNS_REQUEST_CHUNK_BYTES));
    this.emailNotifications += emailsOf(this.config, topic.name);
    return `bench-${this.messages}`;
  }
}
