/**
 * EventBridge `wildcard` filters: `*` matches zero, one or more characters; `\*` is a literal
 * `*` and `\\` a literal `\`. There is no `?` or character class: every other character,
 * `?` included, matches itself. EventBridge rejects consecutive `*` and a backslash before
 * anything but `*` or `\`.
 * @see https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-create-pattern-operators.html#eb-filtering-wildcard-matching
 * @see https://github.com/aws/event-ruler/blob/main/README.md#wildcard-matching
 */

/** A wildcard filter split at its unescaped `*`: n segments mean n - 1 stars between them. */
export interface WildcardFilter {
  /** Literal text between stars, escapes resolved; `['', '.png']` for `*.png`. */
  segments: string[];
}

/** A reason a wildcard filter is invalid, at an index of the filter text (0-based). */
export interface WildcardProblem {
  index: number;
  message: string;
}

/** Parses a filter; problems are every invalid position, empty when the filter is valid. */
export const parseWildcard = (filter: string): { filter: WildcardFilter; problems: WildcardProblem[] } => {
  const segments: string[] = [];
  const problems: WildcardProblem[] = [];
  let current = '';
  for (let i = 0; i < filter.length; i++) {
    const char = filter[i] as string;
    if (char === '*') {
      if (filter[i + 1] === '*') {
        problems.push({ index: i, message: `consecutive wildcard characters "**" at index ${i}; EventBridge rejects them, one * already matches any run of characters` });
      }
      segments.push(current);
      current = '';
    } else if (char === '\\') {
      const next = filter[i + 1];
      if (next === '*' || next === '\\') {
        current += next;
        i++;
      } else {
        problems.push({ index: i, message: `invalid escape at index ${i}: a backslash may only precede * or \\ (write \\\\ for a literal backslash)` });
        current += char;
      }
    } else {
      current += char;
    }
  }
  segments.push(current);
  return { filter: { segments }, problems };
};

/**
 * Whether `value` matches the whole filter. Stars are matched greedily leftmost, which is exact
 * for `*`-only globs: each middle segment's first occurrence after the previous one leaves the
 * most room for the rest.
 */
export const matchesWildcard = (filter: WildcardFilter, value: string): boolean => {
  const { segments } = filter;
  const first = segments[0] as string;
  if (segments.length === 1) return value === first;
  const last = segments[segments.length - 1] as string;
  if (value.length < first.length + last.length || !value.startsWith(first) || !value.endsWith(last)) return false;
  const end = value.length - last.length;
  let position = first.length;
  for (let i = 1; i < segments.length - 1; i++) {
    const segment = segments[i] as string;
    const found = value.indexOf(segment, position);
    if (found < 0 || found + segment.length > end) return false;
    position = found + segment.length;
  }
  return true;
};
