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
export { DETAIL_TYPES, ECS_EVENT_SOURCE, EVENT_KINDS, RULE_GROUPS, SOURCES } from './constants';
export type { EventKind, RuleGroup } from './constants';
export { EVENT_KIND_REGISTRY, EVENT_KIND_SPECS } from './kinds';
export type { AnyEventKindSpec, EventKindRegistry, EventKindSpec } from './kinds';
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
