/**
 * herald.yml compiled for a run: validated by `shared/config` (which sits below every stage),
 * then each stage compiles its own slice; this is where the slices are put together.
 *
 * @example
 * ```ts
 * const compiled = compileConfigFile('herald.yml');
 * // compiled.routes: the routing tree; compiled.eventRules: the EventBridge rules to deploy;
 * // compiled.silences, compiled.timeIntervals and compiled.inhibit feed the gate
 * ```
 */
export { compileConfigFile, compileConfigText } from './compile';
export type { CompiledConfig } from './compile';
export { ConfigError, formatIssue } from '../config';
