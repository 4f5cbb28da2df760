import { checkCondition } from './check-operators';
import { LIMITS, OPERATOR_NAMES, OR_KEY } from './constants';
import { childPath, indexPath } from './paths';
import type { PatternIssue } from './types';
import { describeValue, isObject } from './values';

/**
 * The structure of an event pattern: a non-empty JSON object whose fields are either nested
 * non-empty objects or non-empty arrays of values and operator objects, with `$or` holding an
 * array of at least two pattern objects at any level.
 * @see https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-create-pattern.html
 */

interface Walk {
  issues: PatternIssue[];
  /** Objects on the path from the root, to detect cycles in programmatic input. */
  ancestors: object[];
  /** Values visited so far, against {@link LIMITS.patternNodes}. */
  nodes: number;
  /** Set when the walk stopped early (cycle, depth, size): later passes must not recurse. */
  unsafe: boolean;
}

const report = (walk: Walk, path: string, message: string): void => {
  walk.issues.push({ path, message });
};

/** Counts a visited value; false once the budget is spent (reported once). */
const visit = (walk: Walk): boolean => {
  walk.nodes++;
  if (walk.nodes <= LIMITS.patternNodes) return true;
  if (!walk.unsafe) report(walk, '', `the pattern holds more than ${LIMITS.patternNodes} values; checking stopped there`);
  walk.unsafe = true;
  return false;
};

const checkLeaf = (values: unknown[], path: string, walk: Walk): void => {
  if (values.length === 0) {
    // EventBridge: "Empty arrays are not allowed".
    report(walk, path, 'must not be an empty array; give at least one value or operator object');
    return;
  }
  for (let i = 0; i < values.length && visit(walk); i++) {
    const value = values[i];
    const at = indexPath(path, i);
    if (value === null || typeof value === 'string' || typeof value === 'boolean') continue;
    if (typeof value === 'number') {
      if (!Number.isFinite(value)) report(walk, at, `must be a finite number, got ${value}`);
    } else if (isObject(value)) {
      checkCondition(value, at, walk.issues);
    } else {
      report(walk, at, `must be a string, number, boolean, null or an operator object such as {"prefix": "..."}, got ${describeValue(value)}`);
    }
  }
};

/** `$or`: an array of at least 2 pattern objects; each alternative is checked like a pattern. */
const checkOr = (value: unknown, path: string, walk: Walk, depth: number): void => {
  if (!Array.isArray(value)) {
    report(walk, path, `$or needs an array of at least 2 pattern objects, got ${describeValue(value)}`);
    return;
  }
  if (value.length < 2) report(walk, path, `$or needs at least 2 alternatives, got ${value.length}`);
  for (let i = 0; i < value.length && visit(walk); i++) {
    const alternative = value[i];
    if (isObject(alternative)) checkObject(alternative, indexPath(path, i), walk, true, depth + 1);
    else report(walk, indexPath(path, i), `an $or alternative must be a pattern object, got ${describeValue(alternative)}`);
  }
};

const checkObject = (pattern: Record<string, unknown>, path: string, walk: Walk, insideOr: boolean, depth: number): void => {
  if (depth > LIMITS.patternDepth) {
    report(walk, path, `nests deeper than ${LIMITS.patternDepth} levels`);
    walk.unsafe = true;
    return;
  }
  if (walk.ancestors.includes(pattern)) {
    report(walk, path, 'refers to an object that contains it (a cycle); a pattern must be plain JSON');
    walk.unsafe = true;
    return;
  }
  const keys = Object.keys(pattern);
  if (keys.length === 0) {
    // EventBridge: "Empty objects are not allowed".
    report(walk, path, 'must not be an empty object; give at least one field');
    return;
  }
  walk.ancestors.push(pattern);
  for (const key of keys) {
    if (!visit(walk)) break;
    const value = pattern[key];
    const at = childPath(path, key);
    if (key === OR_KEY) {
      checkOr(value, at, walk, depth);
      continue;
    }
    // EventBridge's engine reserves operator names inside $or ("... is Ruler reserved fieldName
    // which cannot be used inside $or"), where a field and an operator would be ambiguous.
    if (insideOr && (OPERATOR_NAMES as readonly string[]).includes(key)) {
      report(walk, at, `${JSON.stringify(key)} is an operator name, which EventBridge does not accept as a field name inside $or`);
    }
    if (Array.isArray(value)) checkLeaf(value, at, walk);
    else if (isObject(value)) checkObject(value, at, walk, insideOr, depth + 1);
    else report(walk, at, `must be an array of values and operator objects, or an object of fields; got ${describeValue(value)}`);
  }
  walk.ancestors.pop();
};

/**
 * The number of rule combinations `$or` makes: each `$or` multiplies by the sum of its
 * alternatives' own counts. Only run on a walk that found no cycle and stayed in budget.
 */
const countCombinations = (pattern: Record<string, unknown>): number => {
  let total = 1;
  for (const [key, value] of Object.entries(pattern)) {
    if (key === OR_KEY && Array.isArray(value)) {
      total *= Math.max(1, value.reduce<number>((sum, alternative) => sum + (isObject(alternative) ? countCombinations(alternative) : 0), 0));
    } else if (isObject(value)) {
      total *= countCombinations(value);
    }
  }
  return total;
};

/**
 * Every problem EventBridge would reject `pattern` for, each with its path inside the pattern.
 * Never throws; `[]` means the pattern is valid (and {@link compilePattern} will accept it).
 *
 * @example
 * ```ts
 * checkPattern({ detail: { state: [{ prefx: 'run' }] } });
 * // [{ path: 'detail.state[0].prefx', message: 'unknown operator "prefx" (did you mean "prefix"? ...' }]
 * ```
 */
export const checkPattern = (pattern: unknown): PatternIssue[] => {
  const walk: Walk = { issues: [], ancestors: [], nodes: 0, unsafe: false };
  try {
    if (!isObject(pattern)) {
      // EventBridge: "Filter is not an object".
      report(walk, '', `an event pattern must be a JSON object, got ${describeValue(pattern)}`);
      return walk.issues;
    }
    checkObject(pattern, '', walk, false, 0);
    if (!walk.unsafe) {
      const combinations = countCombinations(pattern);
      if (combinations > LIMITS.orCombinations) {
        report(walk, '', `$or makes ${combinations} rule combinations; EventBridge allows at most ${LIMITS.orCombinations}`);
      }
    }
  } catch (error) {
    // A getter or proxy in programmatic input; JSON never gets here.
    report(walk, '', `the pattern could not be read: ${error instanceof Error ? error.message : String(error)}`);
  }
  return walk.issues;
};
