/** One 32-bit lane of the fingerprint hash (MurmurHash3-style mixing over UTF-16 units). */
const lane = (text: string, seed: number): number => {
  let h = seed >>> 0;
  for (let i = 0; i < text.length; i++) {
    h = Math.imul(h ^ text.charCodeAt(i), 0x5bd1e995);
    h ^= h >>> 15;
  }
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
};

/**
 * Stable 16-hex-digit identity of an incident, from the parts that define it (scope,
 * category, culprit, failure signature), never from event or task ids, so redeliveries and
 * replacement tasks of the same failure share it. A fast 64-bit non-cryptographic hash (two
 * independently seeded lanes): fingerprints name incidents, they protect nothing, and this
 * runs for every event.
 */
export const computeFingerprint = (parts: readonly (string | undefined)[]): string => {
  let text = '';
  for (const part of parts) text += `${part ?? ''}\u001f`;
  return lane(text, 0x9747b28c).toString(16).padStart(8, '0') + lane(text, 0x1b873593).toString(16).padStart(8, '0');
};

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
