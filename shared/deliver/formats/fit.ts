import { truncate, utf8Length } from '../text';

/** Strings this short (names, enum values, ids, timestamps) are never cut. */
const MIN_STRING_LENGTH = 64;

/** The outcome of {@link fitJson}. */
export interface FitResult<T> {
  /** The value as it was, or a shortened copy. */
  value: T;
  /** Its serialization, at most `maxBytes` bytes of UTF-8. */
  body: string;
  /** True when a string was cut or an array entry dropped. */
  truncated: boolean;
}

const mapStrings = (value: unknown, cap: number): unknown => {
  if (typeof value === 'string') return value.length > cap ? truncate(value, cap) : value;
  if (Array.isArray(value)) return value.map((v) => mapStrings(v, cap));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mapStrings(v, cap)]));
  }
  return value;
};

const longestString = (value: unknown): number => {
  if (typeof value === 'string') return value.length;
  const children = Array.isArray(value) ? value : value !== null && typeof value === 'object' ? Object.values(value) : [];
  return children.reduce((max: number, v) => Math.max(max, longestString(v)), 0);
};

const arraysOf = (value: unknown, out: unknown[][] = []): unknown[][] => {
  if (Array.isArray(value)) {
    out.push(value);
    for (const v of value) arraysOf(v, out);
  } else if (value !== null && typeof value === 'object') {
    for (const v of Object.values(value)) arraysOf(v, out);
  }
  return out;
};

/**
 * Shrinks a JSON value until `serialize(value)` fits in `maxBytes` bytes of UTF-8, without
 * ever cutting the serialized text (which would break the document):
 *
 * 1. every string longer than a common cap is cut to it (whole graphemes, ending in `…`); the
 *    cap is the largest that fits, found by bisection, so one huge value (a log line in the
 *    evidence) is cut and the ordinary ones are left alone;
 * 2. if every string at 64 characters is still too much, entries are dropped from the end of
 *    the largest array (evidence beyond the first few hundred items, say).
 *
 * `markTruncated` is applied to the copy before it is measured, so a flag it sets (the JSON
 * document's `truncated`) is counted in the budget.
 */
export const fitJson = <T>(value: T, maxBytes: number, serialize: (value: T) => string, markTruncated: (value: T) => T = (v) => v): FitResult<T> => {
  const body = serialize(value);
  if (utf8Length(body) <= maxBytes) return { value, body, truncated: false };

  const marked = markTruncated(value);
  const capped = (cap: number): T => mapStrings(marked, cap) as T;
  const fits = (v: T) => utf8Length(serialize(v)) <= maxBytes;

  let low = MIN_STRING_LENGTH;
  let high = Math.max(low, longestString(marked));
  if (fits(capped(low))) {
    // Invariant: capped(low) fits; find the largest cap that does.
    while (high - low > 1) {
      const mid = Math.floor((low + high) / 2);
      if (fits(capped(mid))) low = mid;
      else high = mid;
    }
    const result = fits(capped(high)) ? capped(high) : capped(low);
    return { value: result, body: serialize(result), truncated: true };
  }

  const result = capped(MIN_STRING_LENGTH);
  for (;;) {
    const text = serialize(result);
    const excess = utf8Length(text) - maxBytes;
    if (excess <= 0) return { value: result, body: text, truncated: true };
    const largest = arraysOf(result)
      .filter((a) => a.length > 0)
      .map((array) => ({ array, bytes: utf8Length(JSON.stringify(array)) }))
      .sort((a, b) => b.bytes - a.bytes)[0];
    if (largest === undefined) throw new RangeError(`a document of ${utf8Length(text)} bytes cannot be shrunk to ${maxBytes}`);
    const perItem = largest.bytes / largest.array.length;
    largest.array.splice(Math.max(0, largest.array.length - Math.ceil(excess / perItem) - 1));
  }
};

/**
 * Line and paragraph separators and bidi controls, which JSON allows raw in strings but which
 * can reorder or split what a log viewer or a `<script>` shows; written as `\uXXXX` escapes,
 * the document parses to the same value.
 */
const UNSAFE_IN_JSON_TEXT = /[\u2028\u2029\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** A document as pretty-printed JSON (2 spaces), with invisible reordering characters escaped. */
export const stringifyDocument = (value: unknown): string =>
  JSON.stringify(value, null, 2).replace(UNSAFE_IN_JSON_TEXT, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
