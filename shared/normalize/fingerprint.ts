import { createHash } from 'node:crypto';

/**
 * Stable 16-hex-digit identity of an incident, from the parts that define it (scope,
 * category, culprit, failure signature), never from event or task ids, so redeliveries and
 * replacement tasks of the same failure share it.
 */
export const computeFingerprint = (parts: readonly (string | undefined)[]): string =>
  createHash('sha256').update(parts.map((part) => part ?? '').join('\u001f')).digest('hex').slice(0, 16);

const VOLATILE: readonly [RegExp, string][] = [
  [/arn:aws[\w-]*:[^\s"')]+/g, '<arn>'],
  [/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi, '<uuid>'],
  [/\b(?:\d{1,3}\.){3}\d{1,3}(?::\d+)?\b/g, '<ip>'],
  [/\b(?:i|eni|vol|fs|fsap|subnet|sg|vpc)-[0-9a-f]{8,17}\b/g, '<id>'],
  [/\bsha256:[0-9a-f]{64}\b/g, '<digest>'],
  [/\b[0-9a-f]{12,}\b/gi, '<hex>'],
  [/\d+/g, '#'],
];

/**
 * The failure signature of a free-text ECS reason: ids, ARNs, addresses and numbers replaced
 * by placeholders, so "failed to resolve ref ... (request id 1234)" from two tasks compares equal.
 */
export const signatureOf = (text: string | undefined): string => {
  if (text === undefined) return '';
  let signature = text.toLowerCase();
  for (const [pattern, placeholder] of VOLATILE) signature = signature.replace(pattern, placeholder);
  return signature.replace(/\s+/g, ' ').trim().slice(0, 200);
};
