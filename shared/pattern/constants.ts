/**
 * Where each rule this module relies on is documented. Comments and messages cite these.
 */
export const DOCS = {
  /** Structure, AND across fields, OR within a field's array, "considerations" (JSON rules, exact strings). */
  patterns: 'https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-create-pattern.html',
  /** Every comparison operator, with examples. */
  operators: 'https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-create-pattern-operators.html',
  /** "If the value in the event is an array, then the event pattern matches if the intersection ... is non-empty". */
  arrays: 'https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-patterns-arrays.html',
  /** `[null]` matches null; null and "" are not interchangeable. */
  nulls: 'https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-patterns-null-values.html',
  /** Anything-but, numeric, cidr, exists, equals-ignore-case, wildcard and `$or` (older page name). */
  contentFiltering: 'https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-patterns-content-based-filtering.html',
  /** Event pattern size (2,048 characters, adjustable) and the rules-with-wildcards quota. */
  quotas: 'https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-quota.html',
  /** The engine behind EventBridge patterns: array-consistent matching, wildcard escapes, compile errors. */
  eventRuler: 'https://github.com/aws/event-ruler/blob/main/README.md',
} as const;

/**
 * The comparison operators EventBridge documents for an object inside a field's array
 * (`"state": [{ "prefix": "run" }]`). Operator names are case-sensitive: `NUMERIC` is rejected.
 * @see https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-create-pattern-operators.html
 */
export const OPERATORS = {
  prefix: 'prefix',
  suffix: 'suffix',
  equalsIgnoreCase: 'equals-ignore-case',
  wildcard: 'wildcard',
  anythingBut: 'anything-but',
  numeric: 'numeric',
  exists: 'exists',
  cidr: 'cidr',
} as const;

/** One of {@link OPERATORS}. */
export type Operator = (typeof OPERATORS)[keyof typeof OPERATORS];

/** Every operator name, in the order messages list them. */
export const OPERATOR_NAMES: readonly Operator[] = Object.values(OPERATORS);

/** The operators `anything-but` accepts inside an object (`{"anything-but": {"prefix": "us-"}}`). */
export const ANYTHING_BUT_OPERATORS = [OPERATORS.prefix, OPERATORS.suffix, OPERATORS.equalsIgnoreCase, OPERATORS.wildcard] as const;

/** One of {@link ANYTHING_BUT_OPERATORS}. */
export type AnythingButOperator = (typeof ANYTHING_BUT_OPERATORS)[number];

/** The comparisons of `numeric`. */
export const NUMERIC_OPERATORS = ['=', '<', '<=', '>', '>='] as const;

/** One of {@link NUMERIC_OPERATORS}. */
export type NumericOperator = (typeof NUMERIC_OPERATORS)[number];

/** The key that holds OR alternatives at any object level of a pattern. */
export const OR_KEY = '$or';

/** Guards and documented limits. */
export const LIMITS = {
  /**
   * PutRule and TestEventPattern throw InvalidEventPatternException "if the use of `$or`
   * results in over 1000 rule combinations" (the product of the alternatives of each `$or`).
   * @see https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-patterns-content-based-filtering.html#eb-filtering-complex-example-or
   */
  orCombinations: 1000,
  /** Pattern objects nested deeper than this are rejected (a 2,048-character pattern cannot get near it). */
  patternDepth: 64,
  /** Values visited while checking one pattern; guards against shared or huge programmatic input. */
  patternNodes: 10_000,
  /** Arrays nested in arrays in an event deeper than this are not searched (JSON never needs it; cycles do). */
  eventArrayDepth: 16,
  /** Characters of a value quoted in an explanation before it is cut. */
  explainValueChars: 80,
} as const;
