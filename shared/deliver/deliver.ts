import { MESSAGE_ATTRIBUTE_NAMES } from '../config';
import type { Notification } from './types';
import { SEVERITY_RANK } from '../normalize';
import type { StateStore } from '../state';
import type { Redactor } from '../enrich';
import type { DeadLetters } from './dead-letter';
import { RetryableDeliveryError, UnknownTopicError } from './errors';
import { classifyPublishError } from './failures';
import { prepareNotification, type RenderedMessage, renderPrepared } from './formats';
import { truncate } from './text';
import type { DeliveryResult, MessageAttributes, Publisher, TopicTarget } from './types';

/** How long a delivery is remembered: longer than EventBridge and Lambda keep retrying (24h). */
const DELIVERY_MEMORY_SECONDS = 2 * 86_400;

/** Options of {@link createDelivery}. */
export interface DeliveryOptions {
  topics: ReadonlyMap<string, TopicTarget>;
  publisher: Publisher;
  /** Remembers which topics took which event, so a retry resends only what did not go out. */
  log?: StateStore;
  /** Where permanently failed deliveries go. */
  deadLetters: DeadLetters;
  /** Reports a dead letter (logs and metrics). */
  onDeadLetter?: (topic: string, error: { name: string; message: string }) => void;
  /** Reports a delivery that went out but could not be remembered (a retry may resend it). */
  onLogFailure?: (topic: string, error: unknown) => void;
  /**
   * Redacts secrets from every message (herald.yml's `enrich.redact` patterns and the built-in rules).
   * @default the built-in rules alone
   */
  redactor?: Redactor;
  /** @default Date.now */
  now?: () => number;
}

/** What the caller knows of earlier attempts under the same event id. */
export interface DeliveryAttempt {
  /** None was made: the delivery log holds nothing for the id, so it is not read. @default false */
  firstAttempt?: boolean;
}

/** The deliver stage, built once. */
export interface Delivery {
  /**
   * Sends `alert` (from `route`) to each topic, in each topic's format. Tries every topic;
   * then throws {@link RetryableDeliveryError} if any failed retryably. A permanent failure
   * goes to the dead-letter queue and is reported, not thrown.
   */
  deliver(alert: Notification, topics: readonly string[], route: string, eventId: string, attempt?: DeliveryAttempt): Promise<DeliveryResult[]>;
  /**
   * Whether a topic is configured. Topics remembered in the state table (a digest's, an
   * incident's) may have been removed from herald.yml since: callers drop those.
   */
  knows(topic: string): boolean;
}

// Message attributes every published alert may carry; filter policies in herald.yml match on these.
export { MESSAGE_ATTRIBUTE_NAMES };

/**
 * Longest message attribute value, in UTF-16 code units; a longer one is cut on a grapheme
 * boundary and ends in `…`. Filter policies match cluster and service names, which ECS limits
 * to 255 letters, digits, hyphens and underscores, and account ids and Regions are shorter, so
 * a real value is never cut. Without a cap, event text of any length (a 250 KB service name)
 * would be copied into the attributes, which count towards the SNS message size limit, and SNS
 * would refuse the publish.
 * @see https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_CreateService.html (serviceName)
 * @see https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_CreateCluster.html (clusterName)
 * @see https://docs.aws.amazon.com/sns/latest/api/API_MessageAttributeValue.html
 */
export const MAX_ATTRIBUTE_VALUE_LENGTH = 256;

/**
 * The most bytes the message attributes of one publish can count towards the SNS message
 * size limit: for each attribute its name, its data type (`String`) and a value of
 * {@link MAX_ATTRIBUTE_VALUE_LENGTH} code units at 3 bytes of UTF-8 each (a surrogate pair is
 * 4 bytes for 2 units; a lone surrogate is sent as U+FFFD, 3 bytes). Rendered bodies keep
 * below `MAX_BODY_BYTES`, which leaves at least this much of `MAX_MESSAGE_BYTES` (a test checks).
 * @see https://docs.aws.amazon.com/sns/latest/api/API_MessageAttributeValue.html
 */
export const MAX_MESSAGE_ATTRIBUTES_BYTES = MESSAGE_ATTRIBUTE_NAMES.reduce(
  (bytes, name) => bytes + Buffer.byteLength(name) + Buffer.byteLength('String') + 3 * MAX_ATTRIBUTE_VALUE_LENGTH,
  0,
);

/**
 * The attributes subscribers filter on (SNS subscription filter policies), each value at most
 * {@link MAX_ATTRIBUTE_VALUE_LENGTH} characters.
 */
export const messageAttributes = (alert: Notification, route: string): MessageAttributes => {
  const attributes: Record<string, string> = { severity: alert.severity, category: alert.category, status: alert.status, route };
  // `accountAlias` only in central mode (herald.yml accounts:), so a subscriber can take one account's alerts.
  for (const label of ['cluster', 'service', 'account', 'accountAlias', 'region'] as const) {
    const value = alert.labels[label];
    if (value !== undefined && value !== '') attributes[label] = value;
  }
  for (const [name, value] of Object.entries(attributes)) attributes[name] = truncate(value, MAX_ATTRIBUTE_VALUE_LENGTH);
  return attributes;
};

/** What a publisher that reads no message is handed: the format alone, nothing rendered. */
const unread = (topic: TopicTarget): RenderedMessage => ({ format: topic.format, body: '', extension: topic.format === 'email' ? 'txt' : 'json' });

/**
 * Builds the deliver stage.
 *
 * @example
 * ```ts
 * const delivery = createDelivery({ topics, publisher: new SnsPublisher({ arns }), log: store, deadLetters });
 * await delivery.deliver(alert, ['oncall'], 'critical', event.id);
 * ```
 */
export const createDelivery = (options: DeliveryOptions): Delivery => {
  const now = options.now ?? Date.now;
  const remember = async (eventId: string, topic: string, data: Record<string, string>) => {
    try {
      await options.log?.put({ pk: `delivery#${eventId}`, sk: topic, expiresAt: Math.floor(now() / 1000) + DELIVERY_MEMORY_SECONDS, data });
    } catch (error) {
      // The topic has the message; failing the event now would only send it twice.
      options.onLogFailure?.(topic, error);
    }
  };
  return {
    knows: (topic) => options.topics.has(topic),
    async deliver(alert, topicNames, route, eventId, attempt) {
      const attributes = messageAttributes(alert, route);
      // Repaired and redacted once, for whichever topics render it.
      let shown: Notification | undefined;
      const prepared = (): Notification => (shown ??= prepareNotification(alert, { redactor: options.redactor }));
      const retryable: Record<string, { name: string; message: string }> = {};
      // One topic's trouble (a slow or failing publish) must not hold the others back: each
      // topic is published on its own, in parallel, within its own time bound.
      const deliverTo = async (name: string): Promise<DeliveryResult | undefined> => {
        const topic = options.topics.get(name);
        if (topic === undefined) throw new UnknownTopicError(name);
        if (alert.status === 'firing' && topic.minSeverity !== undefined && SEVERITY_RANK[alert.severity] > SEVERITY_RANK[topic.minSeverity]) {
          return { destination: name, status: 'below-min-severity', location: `below ${topic.minSeverity}` };
        }
        let logged;
        try {
          if (attempt?.firstAttempt !== true) logged = await options.log?.get(`delivery#${eventId}`, name);
        } catch (error) {
          // The delivery log is unreachable: sending again beats not sending (fail open).
          options.onLogFailure?.(name, error);
        }
        if (logged !== undefined) {
          // Sent (or dead-lettered) by an earlier attempt at this event: not again.
          const status = logged.data?.status === 'dead-lettered' ? 'dead-lettered' : 'already-sent';
          return { destination: name, status, location: String(logged.data?.location ?? '') };
        }
        // Rendered per topic: every format names the topic it was sent to.
        const message = options.publisher.readsMessages === false ? unread(topic) : renderPrepared(prepared(), topic.format, { route, topic: name });
        let location: string;
        try {
          location = await options.publisher.publish(topic, message, attributes, alert);
        } catch (error) {
          const failure = classifyPublishError(error);
          if (failure.retryable) {
            retryable[name] = { name: failure.name, message: failure.message };
            return undefined;
          }
          try {
            await options.deadLetters.send({ reason: 'permanent-delivery-failure', eventId, route, topic: name, error: { name: failure.name, message: failure.message }, alert, message: message.body });
          } catch (dlqError) {
            // Not kept anywhere yet: fail the event so Lambda retries it and, in the end, its
            // on-failure destination keeps the whole event.
            const kept = classifyPublishError(dlqError);
            retryable[name] = { name: kept.name, message: `${failure.name} (${failure.message}), and the dead-letter queue failed: ${kept.message}` };
            return undefined;
          }
          options.onDeadLetter?.(name, failure);
          await remember(eventId, name, { status: 'dead-lettered', location: `${failure.name}: ${failure.message}`, route });
          return { destination: name, status: 'dead-lettered', location: `${failure.name}: ${failure.message}` };
        }
        // Recorded only once the topic accepted it.
        await remember(eventId, name, { status: 'sent', location, route });
        return { destination: name, status: 'sent', location };
      };
      const results = (await Promise.all(topicNames.map(deliverTo))).filter((r): r is DeliveryResult => r !== undefined);
      if (Object.keys(retryable).length > 0) throw new RetryableDeliveryError(retryable, results);
      return results;
    },
  };
};
