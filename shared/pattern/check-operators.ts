import { ANYTHING_BUT_OPERATORS, NUMERIC_OPERATORS, OPERATOR_NAMES, OPERATORS } from './constants';
import { parseCidr } from './ip';
import { childPath, indexPath } from './paths';
import type { PatternIssue } from './types';
import { describeValue, isObject } from './values';
import { parseWildcard } from './wildcard';

/**
 * Operand checks for each comparison operator, mirroring what EventBridge rejects with
 * InvalidEventPatternException (messages are ours: they name the path and what is expected).
 * @see https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-create-pattern-operators.html
 */

type Report = (path: string, message: string) => void;

const listed = (names: readonly string[]): string => names.map((name) => JSON.stringify(name)).join(', ');

/** Edit distance, for "did you mean" on a misspelt operator. */
const distance = (a: string, b: string): number => {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min((previous[j] as number) + 1, (current[j - 1] as number) + 1, (previous[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length] as number;
};

const suggestionFor = (name: string): string => {
  const lower = name.toLowerCase();
  const best = OPERATOR_NAMES.map((operator) => ({ operator, cost: operator === lower ? 0 : distance(lower, operator) }))
    .sort((a, b) => a.cost - b.cost)[0];
  if (best === undefined || best.cost > 2) return '';
  return best.operator === lower
    ? ` (operator names are case-sensitive: write ${JSON.stringify(best.operator)})`
    : ` (did you mean ${JSON.stringify(best.operator)}?)`;
};

const checkString = (operator: string, operand: unknown, path: string, report: Report): operand is string => {
  if (typeof operand === 'string') return true;
  report(path, `${operator} needs a string, got ${describeValue(operand)}`);
  return false;
};

const checkWildcard = (filter: string, path: string, report: Report): void => {
  for (const problem of parseWildcard(filter).problems) report(path, problem.message);
};

/** `prefix` and `suffix`: a string, or `{"equals-ignore-case": string}`. */
const checkAffix = (operator: string, operand: unknown, path: string, report: Report): void => {
  if (typeof operand === 'string') return;
  const keys = isObject(operand) ? Object.keys(operand) : [];
  if (!isObject(operand) || keys.length !== 1 || keys[0] !== OPERATORS.equalsIgnoreCase) {
    const got = isObject(operand) ? `an object with ${keys.length === 0 ? 'no keys' : listed(keys)}` : describeValue(operand);
    report(path, `${operator} needs a string or {"equals-ignore-case": "..."}, got ${got}`);
    return;
  }
  checkString(OPERATORS.equalsIgnoreCase, operand[OPERATORS.equalsIgnoreCase], childPath(path, OPERATORS.equalsIgnoreCase), report);
};

/**
 * `numeric`: `[op, n]` with op one of =, <, <=, >, >=, or a range `[">" | ">=", low, "<" | "<=", high]`
 * (lower bound first, as EventBridge's engine requires), with low strictly below high.
 */
const checkNumeric = (operand: unknown, path: string, report: Report): void => {
  if (!Array.isArray(operand)) {
    report(path, `numeric needs an array of comparisons such as [">", 0, "<=", 5], got ${describeValue(operand)}`);
    return;
  }
  if (operand.length === 0) {
    report(path, 'numeric needs at least one comparison, e.g. [">", 0]');
    return;
  }
  let valid = true;
  operand.forEach((item, i) => {
    if (i % 2 === 0 && !(NUMERIC_OPERATORS as readonly unknown[]).includes(item)) {
      report(indexPath(path, i), `unknown numeric comparison ${describeValue(item)}; use one of ${listed(NUMERIC_OPERATORS)}`);
      valid = false;
    }
    if (i % 2 === 1 && !(typeof item === 'number' && Number.isFinite(item))) {
      report(indexPath(path, i), `must be a number, got ${describeValue(item)}`);
      valid = false;
    }
  });
  if (operand.length % 2 === 1) {
    report(path, `numeric needs comparison/number pairs; the last comparison ${describeValue(operand[operand.length - 1])} has no number`);
    return;
  }
  if (operand.length > 4) {
    report(path, `numeric takes one comparison or a range of two, got ${operand.length / 2} comparisons`);
    return;
  }
  if (operand.length < 4 || !valid) return;
  const [low, lowValue, high, highValue] = operand as [string, number, string, number];
  if ((low !== '>' && low !== '>=') || (high !== '<' && high !== '<=')) {
    report(path, `a numeric range is [">" or ">=", low, "<" or "<=", high], lower bound first; got ${JSON.stringify(low)} then ${JSON.stringify(high)}`);
    return;
  }
  // EventBridge's engine rejects a range whose bottom is not below its top ("Bottom must be
  // less than top"), equal bounds included: [">=", 5, "<=", 5] is written ["=", 5].
  if (lowValue === highValue) report(path, `the range bounds are equal (${lowValue}); EventBridge rejects that, write ["=", ${lowValue}]`);
  else if (lowValue > highValue) report(path, `empty range: the lower bound ${lowValue} must be below the upper bound ${highValue}`);
};

/** The strings of an `anything-but` prefix/suffix/equals-ignore-case/wildcard operand. */
const checkAnythingButStrings = (operator: string, operand: unknown, path: string, report: Report): void => {
  const checkOne = (value: unknown, at: string, what: string): void => {
    if (typeof value !== 'string') {
      report(at, `${what} needs a string, got ${describeValue(value)}`);
    } else if ((operator === OPERATORS.prefix || operator === OPERATORS.suffix) && value === '') {
      // EventBridge: "Null prefix/suffix not allowed".
      report(at, `anything-but ${operator} must not be empty`);
    } else if (operator === OPERATORS.wildcard) {
      checkWildcard(value, at, report);
    }
  };
  if (Array.isArray(operand)) {
    if (operand.length === 0) report(path, `anything-but ${operator} needs at least one string in its list`);
    operand.forEach((value, i) => checkOne(value, indexPath(path, i), `each anything-but ${operator} value`));
  } else if (typeof operand === 'string') {
    checkOne(operand, path, `anything-but ${operator}`);
  } else {
    report(path, `anything-but ${operator} needs a string or a list of strings, got ${describeValue(operand)}`);
  }
};

/**
 * `anything-but`: a string, a number, a non-empty list of only strings or only numbers, or an
 * object with exactly one of prefix, suffix, equals-ignore-case, wildcard. Never null or a boolean.
 */
const checkAnythingBut = (operand: unknown, path: string, report: Report): void => {
  if (typeof operand === 'string') return;
  if (typeof operand === 'number') {
    if (!Number.isFinite(operand)) report(path, `anything-but needs a finite number, got ${operand}`);
    return;
  }
  if (Array.isArray(operand)) {
    if (operand.length === 0) report(path, 'anything-but needs at least one value in its list');
    let strings = 0;
    let numbers = 0;
    operand.forEach((value, i) => {
      if (typeof value === 'string') strings++;
      else if (typeof value === 'number' && Number.isFinite(value)) numbers++;
      else report(indexPath(path, i), `anything-but list values must be strings or numbers, got ${describeValue(value)}`);
    });
    if (strings > 0 && numbers > 0) report(path, 'anything-but list mixes strings and numbers; EventBridge needs all strings or all numbers');
    return;
  }
  if (isObject(operand)) {
    const keys = Object.keys(operand);
    if (keys.length !== 1) {
      report(path, `anything-but takes exactly one of ${listed(ANYTHING_BUT_OPERATORS)} in an object, got ${keys.length === 0 ? 'none' : listed(keys)}`);
    }
    for (const key of keys) {
      const at = childPath(path, key);
      if ((ANYTHING_BUT_OPERATORS as readonly string[]).includes(key)) checkAnythingButStrings(key, operand[key], at, report);
      else report(at, `anything-but does not take ${JSON.stringify(key)}; use one of ${listed(ANYTHING_BUT_OPERATORS)}`);
    }
    return;
  }
  report(path, `anything-but needs a string, a number, a list of strings or of numbers, or an object with one of ${listed(ANYTHING_BUT_OPERATORS)}; got ${describeValue(operand)}`);
};

const checkOperator = (name: string, operand: unknown, path: string, report: Report): void => {
  switch (name) {
    case OPERATORS.prefix:
    case OPERATORS.suffix:
      checkAffix(name, operand, path, report);
      return;
    case OPERATORS.equalsIgnoreCase:
      checkString(name, operand, path, report);
      return;
    case OPERATORS.wildcard:
      if (checkString(name, operand, path, report)) checkWildcard(operand, path, report);
      return;
    case OPERATORS.anythingBut:
      checkAnythingBut(operand, path, report);
      return;
    case OPERATORS.numeric:
      checkNumeric(operand, path, report);
      return;
    case OPERATORS.exists:
      if (typeof operand !== 'boolean') report(path, `exists needs true or false, got ${describeValue(operand)}`);
      return;
    case OPERATORS.cidr: {
      if (typeof operand !== 'string') {
        report(path, `cidr needs a string such as "10.0.0.0/24", got ${describeValue(operand)}`);
        return;
      }
      const parsed = parseCidr(operand);
      if ('error' in parsed) report(path, parsed.error);
      return;
    }
    default:
      report(path, `unknown operator ${JSON.stringify(name)}${suggestionFor(name)}; operators are ${listed(OPERATOR_NAMES)}`);
  }
};

/** Checks one operator object of a field's array (`{"prefix": "us-"}`), reporting into `issues`. */
export const checkCondition = (condition: Record<string, unknown>, path: string, issues: PatternIssue[]): void => {
  const report: Report = (at, message) => issues.push({ path: at, message });
  const keys = Object.keys(condition);
  if (keys.length === 0) {
    report(path, `an operator object needs an operator, got {}; operators are ${listed(OPERATOR_NAMES)}`);
    return;
  }
  if (keys.length > 1) {
    report(path, `an operator object takes exactly one operator, got ${keys.length}: ${listed(keys)}; give each its own object in the array to OR them`);
  }
  for (const key of keys) checkOperator(key, condition[key], childPath(path, key), report);
};
