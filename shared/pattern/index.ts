/**
 * EventBridge event patterns for routing: check a pattern (every problem, with its path),
 * compile it once, then match events, index routes on exact strings, and explain a match.
 * The semantics are the ones the Amazon EventBridge user guide documents, operator by operator.
 * @see https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-patterns.html
 *
 * @example
 * ```ts
 * import { checkPattern, compilePattern, PatternError } from './shared/pattern';
 *
 * const pattern = { source: ['aws.ecs'], detail: { lastStatus: ['STOPPED'], stopCode: [{ 'anything-but': 'UserInitiated' }] } };
 * checkPattern(pattern); // [] when valid
 * const stopped = compilePattern(pattern); // throws PatternError with every issue otherwise
 * stopped.matches(event); // boolean, never throws
 * stopped.exactStrings; // Map { 'source' => Set { 'aws.ecs' } }
 * stopped.explain(event).fields; // [{ path: 'source', ok: true, detail: '"aws.ecs" equals "aws.ecs"' }, ...]
 * ```
 */
export { checkPattern } from './check';
export { compilePattern } from './compile';
export { ANYTHING_BUT_OPERATORS, DOCS, LIMITS, NUMERIC_OPERATORS, OPERATOR_NAMES, OPERATORS, OR_KEY } from './constants';
export type { AnythingButOperator, NumericOperator, Operator } from './constants';
export { PatternError } from './errors';
export type { CompiledPattern, FieldExplanation, PatternExplanation, PatternIssue, PatternOptions, Scalar } from './types';
