/**
 * The `events` stage: raw EventBridge JSON in, a typed {@link HeraldEvent} or a typed skip out.
 * Only this module knows raw AWS event shapes.
 *
 * @example
 * ```ts
 * import { parseEvent } from './shared/events';
 * const result = parseEvent(rawEvent);
 * ```
 */
export { parseEvent } from './parse';
export { DETAIL_TYPES, ECS_EVENT_SOURCE, EVENT_KINDS, SOURCES } from './constants';
export type { EventKind } from './constants';
export {
  EventParseError,
  MalformedEventError,
  NotAnEventBridgeEventError,
  SKIP_REASONS,
  UnsupportedEventError,
} from './errors';
export type { SkipReason } from './errors';
export type * from './types';
export { findServiceArn, parseEcsArn, parseTaskDefinitionArn } from './arn';
export type { EcsArn } from './arn';
