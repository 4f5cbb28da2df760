/**
 * The message formats a topic can have: `email`, `json` and `chat`.
 *
 * @example
 * ```ts
 * const { subject, body, extension } = renderMessage(alert, 'email', { route: 'critical', topic: 'oncall' });
 * ```
 */
export { prepareNotification, renderMessage, renderPrepared } from './render';
export { FORMAT_EXTENSIONS, MAX_BODY_BYTES, MAX_MESSAGE_BYTES, TOPIC_FORMATS } from './constants';
export type { TopicFormat } from './constants';
export type { RenderContext, RenderedMessage, RenderOptions } from './types';
export { redactNotification } from './redact';
export { renderEmail } from './email';
export { MAX_SUBJECT_LENGTH, renderSubject } from './subject';
export { formatAlertCount, formatCount, formatDurationHuman, formatTimeUtc, formatWindowUtc } from './incident';
export type { EmailOptions, RenderedEmail } from './email';
export { ALERT_DOCUMENT_SCHEMA, ALERT_DOCUMENT_VERSION, renderAlertDocument, toAlertDocument } from './json';
export type { AlertDocument } from './json';
export { CHAT_LIMITS, renderChatNotification, toChatNotification } from './chat';
export type { ChatNotification } from './chat';
export { escapeChatText, toChatText } from './markdown';
export { digestNotification } from './digest';
export type { DigestInput } from './digest';
