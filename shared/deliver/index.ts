/**
 * The `deliver` stage: renders alerts and hands them to a {@link Notifier}.
 *
 * @example
 * ```ts
 * const notifier = new OutboxNotifier({ directory: 'outbox' });
 * await notifier.notify(alert, ['default']);
 * ```
 */
export { renderEmail, renderSubject, MAX_SUBJECT_LENGTH } from './email';
export type { EmailOptions, RenderedEmail } from './email';
export { OutboxNotifier } from './outbox';
export type { OutboxOptions } from './outbox';
export { toSingleLine, truncate } from './text';
export type { DeliveryResult, Notifier } from './types';
export { SnsNotifier, UnknownDestinationError } from './sns';
export type { SnsNotifierOptions } from './sns';
