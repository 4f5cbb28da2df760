/**
 * The `deliver` stage: renders each alert in each topic's format and publishes it, remembering
 * what went out so a retry resends only the rest; permanent failures go to the dead-letter
 * queue. Publishers: SNS (Lambda) and the outbox directory (CLI).
 *
 * @example
 * ```ts
 * const delivery = createDelivery({ topics, publisher: new SnsPublisher({ arns }), log: store, deadLetters });
 * const results = await delivery.deliver(alert, ['oncall'], 'critical', event.id);
 * ```
 */
export {
  ALERT_DOCUMENT_SCHEMA,
  ALERT_DOCUMENT_VERSION,
  CHAT_LIMITS,
  FORMAT_EXTENSIONS,
  MAX_BODY_BYTES,
  MAX_MESSAGE_BYTES,
  MAX_SUBJECT_LENGTH,
  TOPIC_FORMATS,
  digestNotification,
  escapeChatText,
  renderAlertDocument,
  renderChatNotification,
  renderEmail,
  renderMessage,
  renderSubject,
  redactNotification,
  toAlertDocument,
  toChatNotification,
  toChatText,
} from './formats';
export type {
  AlertDocument,
  ChatNotification,
  DigestInput,
  EmailOptions,
  RenderContext,
  RenderedEmail,
  RenderedMessage,
  RenderOptions,
  TopicFormat,
} from './formats';
export { createDelivery, MAX_ATTRIBUTE_VALUE_LENGTH, MAX_MESSAGE_ATTRIBUTES_BYTES, MESSAGE_ATTRIBUTE_NAMES, messageAttributes } from './deliver';
export type { Delivery, DeliveryOptions } from './deliver';
export { createRecordOnlyDelivery, DELIVERED_LIVE } from './record-only';
export type { RecordOnlyDeliveryOptions } from './record-only';
export { MemoryDeadLetters, SqsDeadLetters } from './dead-letter';
export type { DeadLetter, DeadLetters, SqsDeadLettersOptions } from './dead-letter';
export { RequestSerializationError, RetryableDeliveryError, UnknownTopicError } from './errors';
export { classifyPublishError, PUBLISH_ERRORS } from './failures';
export type { PublishFailure } from './failures';
export { dryRunPublisher, OutboxPublisher } from './outbox';
export type { OutboxOptions } from './outbox';
export { toSingleLine, truncate, truncateUtf8, utf8Length } from './text';
export type { AlertDigest, DeploymentTaskAlerts, DeliveryResult, DeliveryStatus, MessageAttributes, Notification, Publisher, RemediationNote, ResolvedIncident, TopicTarget } from './types';
export { SNS_MAX_ATTEMPTS, SnsPublisher } from './sns';
export type { SnsPublisherOptions } from './sns';
export { compileTopicTargets } from './targets';
