/**
 * `herald.yml`: parsed, validated strictly (unknown keys, undefined references, unreachable
 * routes, invalid patterns: every issue with file, line, column and path), then compiled once:
 * the routing tree, the EventBridge rules, the configured silences, time intervals and
 * inhibition presets.
 *
 * @example
 * ```ts
 * const compiled = compileConfigFile('herald.yml');
 * // compiled.routes is the routing tree; compiled.eventRules the EventBridge rules to deploy
 * // compiled.silences, compiled.timeIntervals and compiled.inhibit feed the gate
 * ```
 */
export { compileConfigFile, compileConfigText } from './compile';
export type { CompiledConfig } from './compile';
export { loadConfigText, loadConfigOrThrow, loadYamlDocument } from './load';
export type { RawIssue } from './issues';
export type { LoadConfigResult } from './load';
export { ConfigError, formatIssue } from './errors';
export type { ConfigIssue } from './errors';
export { formatDuration, parseDuration } from './duration';
export { ACTION_TYPES, HERALD_CONFIG_SCHEMA, INHIBIT_PRESETS } from './schema';
export { MAX_ROUTE_DEPTH, ROOT_ROUTE_NAME } from './validate';
export type {
  ActionConfig,
  HeraldConfig,
  InhibitPreset,
  PatternConfig,
  RouteConfig,
  RouteOptionsConfig,
  SilenceConfig,
  TimeIntervalConfig,
  TopicConfig,
  WeekdayName,
} from './types';
