/**
 * One problem in an event pattern.
 *
 * @example
 * ```ts
 * { path: 'detail.state[0].prefx', message: 'unknown operator "prefx"; did you mean "prefix"? ...' }
 * ```
 */
export interface PatternIssue {
  /**
   * Where the problem is, inside the pattern: dotted field names, `[i]` for array positions,
   * operator names as steps (`detail.state[0].numeric[2]`); a name that is not a plain word is
   * quoted (`detail["a.b"]`). `''` is the pattern itself.
   */
  path: string;
  /** What is wrong and what is expected, in one sentence. */
  message: string;
}

/** Options of {@link compilePattern}. */
export interface PatternOptions {
  /**
   * `numeric` conditions also match strings that read as a finite JSON number (`"137"`,
   * `"-1.5e3"`), for flat string labels. EventBridge itself only compares JSON numbers, so
   * leave this off for raw events. Exact values (`[137]`) and `anything-but` are unaffected.
   * @default false
   */
  numericStrings?: boolean;
}

/** How one pattern field fared against an event, for `herald test`. */
export interface FieldExplanation {
  /** Where in the event: `detail.lastStatus`, `detail.containers[1].exitCode`, `detail.$or`. */
  path: string;
  /** Whether the field's condition held. */
  ok: boolean;
  /** Why, e.g. `"STOPPED" equals "STOPPED"` or `missing; expected one of: "STOPPED"`. */
  detail: string;
}

/** The outcome of {@link CompiledPattern.explain}. */
export interface PatternExplanation {
  /** Always equal to `matches(event)`. */
  matched: boolean;
  /** Every pattern field, in pattern order (an array of objects reports its best element). */
  fields: FieldExplanation[];
}

/** A pattern compiled once into matchers; safe to share and to call concurrently. */
export interface CompiledPattern {
  /** Whether the event matches. Never throws, whatever `event` is; a non-object never matches. */
  matches(event: unknown): boolean;
  /**
   * Top-level fields whose condition is only a list of exact string values (no operators, not
   * under `$or`): field -> allowed values. An event can only match if that field's value, or an
   * element of it when it is an array, is in the set, so routes can be indexed on it.
   */
  readonly exactStrings: ReadonlyMap<string, ReadonlySet<string>>;
  /** A field-by-field account of why the event matched or did not. Never throws. */
  explain(event: unknown): PatternExplanation;
}

/** A JSON leaf value, as EventBridge compares it. */
export type Scalar = string | number | boolean | null;
