import { LIMITS } from './constants';
import type { Scalar } from './types';

/**
 * Reading an event the way EventBridge does. Only the event's own properties count: a field
 * named `constructor` or `__proto__` is found only when the event really has it, never on the
 * prototype (and a polluted `Object.prototype` cannot make a field appear).
 */
export const readField = (object: Record<string, unknown>, name: string): unknown => {
  const value = object[name];
  return value === undefined || Object.hasOwn(object, name) ? value : undefined;
};

/** A JSON leaf: what value conditions compare. Objects and arrays are intermediate nodes. */
export const isScalar = (value: unknown): value is Scalar =>
  value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';

/** Visits one element; `suffix` is its position (`[2]`, `[0][1]`) when positions are tracked. */
type Visit = (element: unknown, suffix: string) => boolean;

const walk = (array: readonly unknown[], visit: Visit, prefix: string | undefined, depth: number, ancestors: readonly unknown[] | undefined): boolean => {
  for (let i = 0; i < array.length; i++) {
    const element = array[i];
    const suffix = prefix === undefined ? '' : `${prefix}[${i}]`;
    if (Array.isArray(element)) {
      // Arrays in arrays are flattened ("the array structure is crushed out"); a cycle or
      // absurd nesting (programmatic input only) is not followed.
      if (depth + 1 < LIMITS.eventArrayDepth && element !== array && ancestors?.includes(element) !== true) {
        const inner = ancestors === undefined ? [array] : [...ancestors, array];
        if (walk(element, visit, prefix === undefined ? undefined : suffix, depth + 1, inner)) return true;
      }
    } else if (visit(element, suffix)) {
      return true;
    }
  }
  return false;
};

/**
 * Whether `visit` returns true for some element of an event array, arrays nested in it
 * flattened: "If the value in the event is an array, then the event pattern matches if the
 * intersection of the event pattern array and the event array is non-empty."
 * @see https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-patterns-arrays.html
 * @see https://github.com/aws/event-ruler/blob/main/README.md#json-array-matching
 */
export const someElement = (array: readonly unknown[], visit: (element: unknown) => boolean): boolean =>
  walk(array, visit, undefined, 0, undefined);

/** Every element of an event array, flattened like {@link someElement}, with its position. */
export const listElements = (array: readonly unknown[]): { element: unknown; suffix: string }[] => {
  const elements: { element: unknown; suffix: string }[] = [];
  walk(array, (element, suffix) => {
    elements.push({ element, suffix });
    return false;
  }, '', 0, undefined);
  return elements;
};
