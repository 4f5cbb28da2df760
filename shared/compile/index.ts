/**
 * herald.yml compiled for a run: validated by `shared/config` (which sits below every stage),
 * then each stage compiles its own slice; this is where the slices are put together. The two
 * steps are apart so that the Lambda bundles validate at build time and only compile at start-up
 * (`embedded.ts`, which scripts/build.mjs replaces by the validated configuration).
 *
 * @example
 * ```ts
 * const compiled = compileConfigFile('herald.yml');
 * // compiled.routes: the routing tree; compiled.eventRules: the EventBridge rules to deploy;
 * // compiled.silences, compiled.timeIntervals and compiled.inhibit feed the gate
 * const same = compileConfig(JSON.parse(JSON.stringify(validateConfigText(text, 'herald.yml'))));
 * ```
 */
export { compileConfig } from './compile';
export type { CompiledConfig, ValidatedConfig } from './compile';
export { compileConfigFile, compileConfigText, validateConfigText } from './load';
export { ConfigError, formatIssue } from '../config';
