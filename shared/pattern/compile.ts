import { checkPattern } from './check';
import { OR_KEY } from './constants';
import { PatternError } from './errors';
import { listElements, readField, someElement } from './event-values';
import { compileLeaf, type LeafMatcher } from './leaf';
import { childPath } from './paths';
import type { CompiledPattern, FieldExplanation, PatternExplanation, PatternOptions } from './types';
import { describeValue, isObject } from './values';

/** An event object, or `undefined` where the event has no object (every field then is missing). */
type EventObject = Record<string, unknown> | undefined;

/** A pattern object compiled: all of its fields must match (AND). */
interface ObjectNode {
  test(object: EventObject): boolean;
  /** The same verdict as {@link test}; pushes one explanation per field into `out`. */
  explain(object: EventObject, path: string, out: FieldExplanation[]): boolean;
  /** `test(undefined)`, computed once: whether the pattern holds where the event has no object. */
  matchesNothing: boolean;
}

type Part =
  | { kind: 'leaf'; name: string; leaf: LeafMatcher }
  | { kind: 'object'; name: string; node: ObjectNode }
  | { kind: 'or'; alternatives: ObjectNode[] };

const valueAt = (object: EventObject, name: string): unknown => (object === undefined ? undefined : readField(object, name));

/**
 * A nested pattern object against the event's value there. An object is matched directly. An
 * array is searched for ONE element object that matches the whole nested pattern, so fields
 * never pair across elements ("array-consistent" matching: `{"firstName": ["Anna"],
 * "lastName": ["Jones"]}` does not match Anna Smith and Peter Jones). Anything else, and an
 * array with no object in it, is no object: the pattern then holds only if it asks nothing but
 * `exists: false` (a missing parent means missing leaves).
 * @see https://github.com/aws/event-ruler/blob/main/README.md#json-array-matching
 */
const testNested = (node: ObjectNode, value: unknown): boolean => {
  if (typeof value !== 'object' || value === null) return node.matchesNothing;
  if (!Array.isArray(value)) return node.test(value as Record<string, unknown>);
  let sawObject = false;
  const matched = someElement(value, (element) => {
    if (!isObject(element)) return false;
    sawObject = true;
    return node.test(element);
  });
  return matched || (!sawObject && node.matchesNothing);
};

/** {@link testNested}, explained: the matching element, or the closest one when none matches. */
const explainNested = (node: ObjectNode, value: unknown, path: string, out: FieldExplanation[]): boolean => {
  if (typeof value !== 'object' || value === null) return node.explain(undefined, path, out);
  if (!Array.isArray(value)) return node.explain(value as Record<string, unknown>, path, out);
  const objects = listElements(value).filter(({ element }) => isObject(element));
  if (objects.length === 0) return node.explain(undefined, path, out);
  let best: FieldExplanation[] | undefined;
  let bestScore = -1;
  for (const { element, suffix } of objects) {
    const fields: FieldExplanation[] = [];
    if (node.explain(element as Record<string, unknown>, `${path}${suffix}`, fields)) {
      out.push(...fields);
      return true;
    }
    const score = fields.filter((field) => field.ok).length;
    if (score > bestScore) {
      best = fields;
      bestScore = score;
    }
  }
  out.push(...(best ?? []));
  return false;
};

const testPart = (part: Part): ((object: EventObject) => boolean) => {
  switch (part.kind) {
    case 'leaf': {
      const { name, leaf } = part;
      return (object) => leaf.test(valueAt(object, name));
    }
    case 'object': {
      const { name, node } = part;
      return (object) => testNested(node, valueAt(object, name));
    }
    case 'or': {
      const { alternatives } = part;
      return (object) => {
        for (const alternative of alternatives) if (alternative.test(object)) return true;
        return false;
      };
    }
  }
};

const explainPart = (part: Part, object: EventObject, path: string, out: FieldExplanation[]): boolean => {
  switch (part.kind) {
    case 'leaf': {
      const outcome = part.leaf.explain(valueAt(object, part.name));
      out.push({ path: childPath(path, part.name), ...outcome });
      return outcome.ok;
    }
    case 'object':
      return explainNested(part.node, valueAt(object, part.name), childPath(path, part.name), out);
    case 'or': {
      const attempts = part.alternatives.map((alternative) => {
        const fields: FieldExplanation[] = [];
        return { ok: alternative.explain(object, path, fields), fields };
      });
      const winner = attempts.findIndex((attempt) => attempt.ok);
      const count = attempts.length;
      out.push({
        path: childPath(path, OR_KEY),
        ok: winner >= 0,
        detail: winner >= 0 ? `alternative ${winner + 1} of ${count} matched` : `none of the ${count} alternatives matched`,
      });
      for (const attempt of winner >= 0 ? [attempts[winner]] : attempts) out.push(...(attempt?.fields ?? []));
      return winner >= 0;
    }
  }
};

/** Compiles a pattern object (valid per `checkPattern`): `$or` anywhere, fields ANDed. */
const compileObject = (pattern: Record<string, unknown>, options: PatternOptions): ObjectNode => {
  const parts: Part[] = Object.entries(pattern).map(([name, value]): Part => {
    if (name === OR_KEY) return { kind: 'or', alternatives: (value as Record<string, unknown>[]).map((alternative) => compileObject(alternative, options)) };
    if (Array.isArray(value)) return { kind: 'leaf', name, leaf: compileLeaf(value, options) };
    return { kind: 'object', name, node: compileObject(value as Record<string, unknown>, options) };
  });
  // AND is order-free: test flat fields first, they are the cheapest and most selective.
  const rank = { leaf: 0, object: 1, or: 2 } as const;
  const tests = [...parts].sort((a, b) => rank[a.kind] - rank[b.kind]).map(testPart);
  const test = (object: EventObject): boolean => {
    for (const partTest of tests) if (!partTest(object)) return false;
    return true;
  };
  const explain = (object: EventObject, path: string, out: FieldExplanation[]): boolean => {
    let all = true;
    for (const part of parts) if (!explainPart(part, object, path, out)) all = false;
    return all;
  };
  return { test, explain, matchesNothing: test(undefined) };
};

/**
 * Compiles an EventBridge event pattern once into matchers. Throws a {@link PatternError}
 * listing every problem when the pattern is invalid (see {@link checkPattern}).
 *
 * Semantics are EventBridge's: every field of the pattern must match (AND); a field matches if
 * any value or operator in its array matches (OR); `$or` holds alternative sub-patterns.
 * @see https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-create-pattern.html
 *
 * @example
 * ```ts
 * const stopped = compilePattern({ source: ['aws.ecs'], detail: { lastStatus: ['STOPPED'] } });
 * stopped.matches(event); // true or false, never throws
 * ```
 */
export const compilePattern = (pattern: unknown, options: PatternOptions = {}): CompiledPattern => {
  const issues = checkPattern(pattern);
  if (issues.length > 0) throw new PatternError(issues);
  const source = pattern as Record<string, unknown>;
  const root = compileObject(source, { numericStrings: options.numericStrings === true });

  const exactStrings = new Map<string, ReadonlySet<string>>();
  for (const [name, value] of Object.entries(source)) {
    if (name !== OR_KEY && Array.isArray(value) && value.every((item) => typeof item === 'string')) exactStrings.set(name, new Set(value as string[]));
  }

  return {
    exactStrings,
    // EventBridge only accepts JSON objects as events ("Parameter Event is not valid").
    matches: (event) => {
      if (!isObject(event)) return false;
      try {
        return root.test(event);
      } catch {
        return false; // a throwing getter or proxy: programmatic input, never JSON
      }
    },
    explain: (event): PatternExplanation => {
      if (!isObject(event)) return { matched: false, fields: [{ path: '', ok: false, detail: `the event is not a JSON object (got ${describeValue(event)})` }] };
      try {
        const fields: FieldExplanation[] = [];
        return { matched: root.explain(event, '', fields), fields };
      } catch (error) {
        return { matched: false, fields: [{ path: '', ok: false, detail: `the event could not be read: ${error instanceof Error ? error.message : String(error)}` }] };
      }
    },
  };
};
