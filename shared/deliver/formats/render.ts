import type { Notification } from '../types';
import { repairStrings } from '../../unicode';
import { renderChatNotification } from './chat';
import { FORMAT_EXTENSIONS, type TopicFormat } from './constants';
import { renderEmail } from './email';
import { renderAlertDocument } from './json';
import { BUILT_IN_REDACTOR, redactNotification } from './redact';
import type { RenderContext, RenderedMessage, RenderOptions } from './types';

const RENDERERS: Readonly<Record<TopicFormat, (alert: Notification, context: RenderContext) => Pick<RenderedMessage, 'subject' | 'body'>>> = {
  email: (alert, context) => renderEmail(alert, context),
  json: (alert, context) => ({ body: renderAlertDocument(alert, context) }),
  chat: (alert, context) => ({ body: renderChatNotification(alert, context) }),
};

/**
 * Renders an alert in a topic's format: the SNS Subject (email only) and Message, and the
 * file extension the local outbox uses. Every body fits the SNS Publish limit with room for
 * message attributes ({@link MAX_BODY_BYTES}); event content cannot forge lines, sections,
 * links or mentions in any format. The alert's text is repaired first (a lone UTF-16 surrogate
 * becomes U+FFFD), so the JSON formats carry U+FFFD rather than a `\ud800` escape that strict
 * JSON readers reject; then every text that came from the event or a lookup is redacted (see
 * `redactNotification`), here, once for every format, so no format can leak a secret another
 * hides.
 *
 * @example
 * ```ts
 * const redactor = createRedactor(config.enrich.redact); // once, at start-up
 * const message = renderMessage(alert, 'chat', { route: 'critical', topic: 'oncall' }, { redactor });
 * await sns.send(new PublishCommand({ TopicArn, Message: message.body, Subject: message.subject }));
 * ```
 */
export const renderMessage = (alert: Notification, format: TopicFormat, context: RenderContext, options: RenderOptions = {}): RenderedMessage =>
  renderPrepared(prepareNotification(alert, options), format, context);

/**
 * The notification as every format shows it: repaired, then redacted. Delivery prepares an
 * alert once and renders it per topic with {@link renderPrepared}.
 */
export const prepareNotification = (alert: Notification, options: RenderOptions = {}): Notification =>
  redactNotification(repairStrings(alert), options.redactor ?? BUILT_IN_REDACTOR);

/** Renders a notification {@link prepareNotification} returned, in a topic's format. */
export const renderPrepared = (shown: Notification, format: TopicFormat, context: RenderContext): RenderedMessage => {
  const { subject, body } = RENDERERS[format](shown, context);
  return { format, ...(subject === undefined ? {} : { subject }), body, extension: FORMAT_EXTENSIONS[format] };
};
