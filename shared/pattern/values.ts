/** JSON values as patterns and events hold them: their kinds, and how messages quote them. */
import { LIMITS } from './constants';

/** Whether `value` is a JSON object: not null, not an array. */
export const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** `text` quoted as JSON, cut to `max` characters with an ellipsis. */
export const quote = (text: string, max: number = LIMITS.explainValueChars): string => {
  const quoted = JSON.stringify(text);
  return quoted.length <= max ? quoted : `${quoted.slice(0, max - 2)}…"`;
};

/**
 * A value as messages show it: strings quoted, numbers, booleans and null as JSON, and
 * containers by kind (`an array`, `an object`), never their content.
 */
export const describeValue = (value: unknown): string => {
  if (typeof value === 'string') return quote(value, 40);
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return String(value);
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  return typeof value === 'undefined' ? 'undefined' : `a ${typeof value}`;
};
