import { OPERATORS, type NumericOperator } from './constants';
import { cidrContains, parseCidr, parseIpAddress } from './ip';
import type { PatternOptions, Scalar } from './types';
import { isObject, quote } from './values';
import { matchesWildcard, parseWildcard } from './wildcard';

/**
 * One condition of a field's array, compiled: a predicate on one JSON leaf value of the event.
 * Which value types each operator accepts follows EventBridge's engine, which compares the JSON
 * text of a value: string operators only ever match strings, `numeric` only JSON numbers, and
 * `anything-but` matches every value it does not exclude (null, booleans and other types too).
 * @see https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-create-pattern-operators.html
 */
export interface Condition {
  /** Whether one leaf value (never an object or array) satisfies the condition. */
  test(value: Scalar): boolean;
  /** How explanations show the condition: `"STOPPED"`, `prefix "arn:"`, `numeric > 0, <= 5`. */
  label: string;
  /** An exact value (explanations say "equals" rather than "matches"). */
  exact: boolean;
}

/** A JSON number as text: what `numericStrings` accepts. */
const JSON_NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;

const escapeRegExp = (text: string): string => text.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&');

/**
 * A regular expression source matching `text` ignoring case the way EventBridge's engine does:
 * each UTF-16 unit of the filter matches its lower-case or its upper-case form (Unicode default
 * case mapping), so `ß` also matches `SS`.
 * @see https://github.com/aws/event-ruler/blob/main/src/main/software/amazon/event/ruler/input/EqualsIgnoreCaseParser.java
 */
const ignoreCaseSource = (text: string): string => {
  let source = '';
  for (let i = 0; i < text.length; i++) {
    const unit = text[i] as string;
    const lower = unit.toLowerCase();
    const upper = unit.toUpperCase();
    source += lower === upper ? escapeRegExp(lower) : `(?:${escapeRegExp(lower)}|${escapeRegExp(upper)})`;
  }
  return source;
};

type StringTest = (value: string) => boolean;

const ignoringCase = (text: string, anchor: 'equals' | 'prefix' | 'suffix'): StringTest => {
  const source = ignoreCaseSource(text);
  const regExp = new RegExp(anchor === 'equals' ? `^${source}$` : anchor === 'prefix' ? `^${source}` : `${source}$`);
  return (value) => regExp.test(value);
};

/** The string tests `prefix`, `suffix`, `equals-ignore-case` and `wildcard` stand for. */
const stringTestFor = (operator: string, text: string, ignoreCase: boolean): StringTest => {
  switch (operator) {
    case OPERATORS.prefix:
      return ignoreCase ? ignoringCase(text, 'prefix') : (value) => value.startsWith(text);
    case OPERATORS.suffix:
      return ignoreCase ? ignoringCase(text, 'suffix') : (value) => value.endsWith(text);
    case OPERATORS.equalsIgnoreCase:
      return ignoringCase(text, 'equals');
    default: {
      const filter = parseWildcard(text).filter;
      return (value) => matchesWildcard(filter, value);
    }
  }
};

const listLabel = (values: readonly (string | number)[]): string =>
  values.length === 1 ? (typeof values[0] === 'string' ? quote(values[0]) : String(values[0])) : `[${values.map((v) => (typeof v === 'string' ? quote(v) : String(v))).join(', ')}]`;

/** `numeric`: one comparison or a range, on finite numbers (and number-like strings when asked). */
const numericCondition = (operand: readonly (string | number)[], options: PatternOptions): Condition => {
  const comparisons: [NumericOperator, number][] = [];
  for (let i = 0; i + 1 < operand.length; i += 2) comparisons.push([operand[i] as NumericOperator, operand[i + 1] as number]);
  const holds = (x: number): boolean => {
    for (const [operator, bound] of comparisons) {
      const ok = operator === '=' ? x === bound : operator === '<' ? x < bound : operator === '<=' ? x <= bound : operator === '>' ? x > bound : x >= bound;
      if (!ok) return false;
    }
    return true;
  };
  const label = `numeric ${comparisons.map(([operator, bound]) => `${operator} ${bound}`).join(', ')}`;
  // "Numeric matching works with values that are JSON numbers": "300" is not 300.
  if (options.numericStrings !== true) return { label, exact: false, test: (value) => typeof value === 'number' && Number.isFinite(value) && holds(value) };
  return {
    label: `${label} (numbers or numeric strings)`,
    exact: false,
    test: (value) => {
      if (typeof value === 'number') return Number.isFinite(value) && holds(value);
      if (typeof value !== 'string' || !JSON_NUMBER.test(value)) return false;
      const parsed = Number(value);
      return Number.isFinite(parsed) && holds(parsed);
    },
  };
};

/**
 * `anything-but`: matches a present value unless it is excluded. A list of strings only
 * excludes strings and a list of numbers only numbers (compared numerically); the prefix,
 * suffix, equals-ignore-case and wildcard forms only exclude strings. A missing field never
 * matches: there is no value to be "anything but". AWS's own answers (TestEventPattern, recorded
 * by LocalStack's parity suite) match null and numbers and reject missing fields.
 * @see https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-create-pattern-operators.html#eb-filtering-anything-but
 * @see https://github.com/localstack/localstack/tree/main/tests/aws/services/events/event_pattern_templates
 */
const anythingButCondition = (operand: unknown): Condition => {
  if (isObject(operand)) {
    const [operator, texts] = Object.entries(operand)[0] as [string, string | string[]];
    const list = typeof texts === 'string' ? [texts] : texts;
    const tests = list.map((text) => stringTestFor(operator, text, operator === OPERATORS.equalsIgnoreCase));
    return {
      label: `anything-but ${operator} ${listLabel(list)}`,
      exact: false,
      test: (value) => typeof value !== 'string' || !tests.some((test) => test(value)),
    };
  }
  const list = Array.isArray(operand) ? (operand as (string | number)[]) : [operand as string | number];
  const excluded = new Set<unknown>(list);
  const type = typeof list[0];
  return { label: `anything-but ${listLabel(list)}`, exact: false, test: (value) => typeof value !== type || !excluded.has(value) };
};

/**
 * Compiles one operator object of a valid pattern (`checkPattern` found no issue in it).
 * `exists` is not a value test and is handled by the leaf matcher, so it is not accepted here.
 */
export const compileCondition = (operator: string, operand: unknown, options: PatternOptions): Condition => {
  switch (operator) {
    case OPERATORS.prefix:
    case OPERATORS.suffix: {
      const ignoreCase = isObject(operand);
      const text = (ignoreCase ? operand[OPERATORS.equalsIgnoreCase] : operand) as string;
      const test = stringTestFor(operator, text, ignoreCase);
      return { label: `${operator} ${quote(text)}${ignoreCase ? ' (ignoring case)' : ''}`, exact: false, test: (value) => typeof value === 'string' && test(value) };
    }
    case OPERATORS.equalsIgnoreCase:
    case OPERATORS.wildcard: {
      const test = stringTestFor(operator, operand as string, operator === OPERATORS.equalsIgnoreCase);
      return { label: `${operator} ${quote(operand as string)}`, exact: false, test: (value) => typeof value === 'string' && test(value) };
    }
    case OPERATORS.numeric:
      return numericCondition(operand as (string | number)[], options);
    case OPERATORS.anythingBut:
      return anythingButCondition(operand);
    case OPERATORS.cidr: {
      const parsed = parseCidr(operand as string);
      if ('error' in parsed) throw new Error(parsed.error); // unreachable after checkPattern
      const { block } = parsed;
      return {
        label: `cidr ${operand as string}`,
        exact: false,
        test: (value) => {
          if (typeof value !== 'string') return false;
          const address = parseIpAddress(value);
          return address !== undefined && cidrContains(block, address);
        },
      };
    }
    default:
      throw new Error(`operator ${operator} is not a value test`);
  }
};

/**
 * An exact value condition: strings (character by character, no case folding), numbers,
 * booleans and null, each matching only its own JSON type. Numbers compare numerically. The
 * user guide says "300, 300.0, and 3.0e2 are not considered equal" (EventBridge compares JSON
 * text), but a parsed event no longer has that text, and AWS itself matches `[300]` to 300.0:
 * its engine adds a numeric-equality matcher for every number in a pattern.
 * @see https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-create-pattern.html#eb-create-pattern-considerations
 * @see https://github.com/aws/event-ruler/blob/main/src/main/software/amazon/event/ruler/JsonRuleCompiler.java
 * @see https://github.com/localstack/localstack/blob/main/tests/aws/services/events/event_pattern_templates/number_comparison_float.json5
 */
export const exactCondition = (expected: Scalar): Condition => ({
  label: typeof expected === 'string' ? quote(expected) : String(expected),
  exact: true,
  test: (value) => value === expected,
});
