import { compileCondition, type Condition, exactCondition } from './conditions';
import { OPERATORS } from './constants';
import { isScalar, listElements, someElement } from './event-values';
import type { PatternOptions, Scalar } from './types';
import { isObject, quote } from './values';

/** How one field fared, for explanations. */
export interface FieldOutcome {
  ok: boolean;
  detail: string;
}

/** A field's array of conditions (`"state": ["RUNNING", {"prefix": "STOP"}]`), compiled. */
export interface LeafMatcher {
  /** Whether the field's value (`undefined` when missing) satisfies any condition. */
  test(value: unknown): boolean;
  /** The same verdict as {@link test}, with the reason. */
  explain(value: unknown): FieldOutcome;
}

const show = (value: Scalar): string => (typeof value === 'string' ? quote(value) : String(value));

const showAll = (values: readonly Scalar[]): string =>
  values.length === 1 ? show(values[0] as Scalar) : `[${values.slice(0, 5).map(show).join(', ')}${values.length > 5 ? ', …' : ''}]`;

/** The leaf values a field holds: itself, or the leaves of its (flattened) array. */
const leavesOf = (value: unknown): Scalar[] => {
  if (isScalar(value)) return [value];
  if (!Array.isArray(value)) return [];
  return listElements(value).map(({ element }) => element).filter(isScalar);
};

/** One predicate for all value conditions, with fast paths for exact strings. */
const scalarTest = (strings: ReadonlySet<string>, others: readonly Condition[]): ((value: Scalar) => boolean) => {
  const tests = others.map((condition) => condition.test);
  const anyOther = (value: Scalar): boolean => {
    for (const test of tests) if (test(value)) return true;
    return false;
  };
  if (strings.size === 0) return anyOther;
  const single = strings.size === 1 ? (strings.values().next().value as string) : undefined;
  const inStrings = single !== undefined ? (value: Scalar) => value === single : (value: Scalar) => typeof value === 'string' && strings.has(value);
  return tests.length === 0 ? inStrings : (value) => inStrings(value) || anyOther(value);
};

/**
 * Compiles a field's array (valid per `checkPattern`). The field matches if ANY condition
 * matches ANY of its leaf values. `exists` concerns leaves only: "Exists matching only works on
 * leaf nodes. It does not work on intermediate nodes", so an object, an empty array or an array
 * of objects does not exist as a value; null does (it is a JSON value), and `[null]` matches
 * only an explicit null, never a missing field.
 * @see https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-create-pattern-operators.html#eb-filtering-exists-matching
 * @see https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-patterns-null-values.html
 */
export const compileLeaf = (values: readonly unknown[], options: PatternOptions): LeafMatcher => {
  const conditions: Condition[] = [];
  const others: Condition[] = [];
  const strings = new Set<string>();
  let existsTrue = false;
  let existsFalse = false;
  for (const value of values) {
    if (isObject(value)) {
      const [operator, operand] = Object.entries(value)[0] as [string, unknown];
      if (operator === OPERATORS.exists) {
        if (operand === true) existsTrue = true;
        else existsFalse = true;
        continue;
      }
      const condition = compileCondition(operator, operand, options);
      conditions.push(condition);
      others.push(condition);
    } else {
      const condition = exactCondition(value as Scalar);
      conditions.push(condition);
      if (typeof value === 'string') strings.add(value);
      else others.push(condition);
    }
  }
  const testScalar = scalarTest(strings, others);
  const labels = [...conditions.map((c) => c.label), ...(existsTrue ? ['exists: true'] : []), ...(existsFalse ? ['exists: false'] : [])];
  const expected = labels.length === 1 ? (labels[0] as string) : `one of: ${labels.join(', ')}`;

  const test = (value: unknown): boolean => {
    if (value === undefined) return existsFalse;
    if (isScalar(value)) return existsTrue || testScalar(value);
    if (!Array.isArray(value)) return existsFalse;
    let sawLeaf = false;
    const matched = someElement(value, (element) => {
      if (!isScalar(element)) return false;
      sawLeaf = true;
      return existsTrue || testScalar(element);
    });
    return matched || (!sawLeaf && existsFalse);
  };

  const explain = (value: unknown): FieldOutcome => {
    if (value === undefined) {
      return existsFalse ? { ok: true, detail: 'missing, as exists: false requires' } : { ok: false, detail: `missing; expected ${expected}` };
    }
    const leaves = leavesOf(value);
    if (leaves.length === 0) {
      const what = Array.isArray(value) ? 'an array without values' : isObject(value) ? 'an object, not a value' : `not a JSON value (${typeof value})`;
      return existsFalse ? { ok: true, detail: `${what}, so absent as exists: false requires` } : { ok: false, detail: `${what}; expected ${expected}` };
    }
    for (const leaf of leaves) {
      for (const condition of conditions) {
        if (condition.test(leaf)) return { ok: true, detail: `${show(leaf)} ${condition.exact ? 'equals' : 'matches'} ${condition.label}` };
      }
    }
    if (existsTrue) return { ok: true, detail: `${showAll(leaves)} exists` };
    if (conditions.length === 0) return { ok: false, detail: `${showAll(leaves)} is present; expected it to be absent (exists: false)` };
    if (labels.length > 1) return { ok: false, detail: `${showAll(leaves)} matches none of: ${labels.join(', ')}` };
    const only = conditions[0] as Condition;
    return { ok: false, detail: `${showAll(leaves)} does not ${only.exact ? 'equal' : 'match'} ${only.label}` };
  };

  return { test, explain };
};
