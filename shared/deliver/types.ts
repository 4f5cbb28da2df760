import type { Alert, Severity } from '../normalize';
import type { RenderedMessage, TopicFormat } from './formats';

/** A topic as delivery needs it: its name, message format and severity floor. */
export interface TopicTarget {
  name: string;
  /** @default 'email' */
  format: TopicFormat;
  /** Alerts below this severity are not sent to this topic (resolved messages always are). */
  minSeverity?: Severity;
}

/** SNS message attributes, for subscription filter policies. String values only. */
export type MessageAttributes = Readonly<Record<string, string>>;

/**
 * The publishing port: puts one rendered message on one topic. Adapters: SNS (Lambda) and
 * the outbox directory (CLI). Throws on failure; the caller classifies.
 */
export interface Publisher {
  /**
   * @param alert the alert the message renders (local adapters keep it beside the message)
   * @returns where it landed: an SNS message id, a file path
   */
  publish(topic: TopicTarget, message: RenderedMessage, attributes: MessageAttributes, alert: Alert): Promise<string>;
}

/** What happened to an alert on one topic. */
export type DeliveryStatus =
  /** Accepted by the topic now. */
  | 'sent'
  /** Already accepted by an earlier attempt at the same event (a retry). */
  | 'already-sent'
  /** Below the topic's `min_severity`. */
  | 'below-min-severity'
  /** Failed for good (missing topic, denied, KMS key disabled); kept in the dead-letter queue. */
  | 'dead-lettered';

/** Where an alert went, per topic. */
export interface DeliveryResult {
  /** The topic name. */
  destination: string;
  status: DeliveryStatus;
  /** An SNS message id, a file path, or the error for a dead letter. */
  location: string;
}
