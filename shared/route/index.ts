/**
 * The `route` stage: the compiled routing tree (Alertmanager semantics, EventBridge-pattern
 * matchers) and the EventBridge rules derived from it.
 *
 * @example
 * ```ts
 * const tree = compileRoutes(config);
 * const matches = matchRoutes(tree, alert, rawEvent); // route names and options, not ARNs
 * ```
 */
export { compileRoutes, describeRoutes } from './compile';
export { matchRoutes } from './match';
export { checkEventRuleSizes, deriveEventRules, MAX_EVENT_PATTERN_LENGTH } from './rules';
export type { EventRule } from './rules';
export { ROOT_DEFAULTS } from './types';
export type { ChildIndex, RouteMatch, RouteNode, RouteOptions } from './types';
export { checkPattern, compilePattern, PatternError } from '../pattern';
export type { CompiledPattern, PatternIssue, PatternOptions } from '../pattern';
export { compileEventScope, ECS_ALARM_NAMESPACES } from './scope';
export type { EventScope } from './scope';
