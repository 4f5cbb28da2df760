const UNITS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
const DURATION = /^(?:\d+(?:ms|s|m|h|d))+$/;
const PART = /(\d+)(ms|s|m|h|d)/g;

/** Longest accepted duration: a repeat interval beyond a month is a mistake, not a policy. */
export const MAX_DURATION_MS = 31 * 86_400_000;

/**
 * Parses a Go-style duration (`30s`, `15m`, `1h30m`, `7d`, `500ms`) into milliseconds;
 * returns undefined when the text is not one.
 */
export const parseDuration = (text: string): number | undefined => {
  if (!DURATION.test(text)) return undefined;
  let total = 0;
  for (const [, amount, unit] of text.matchAll(PART)) total += Number(amount) * (UNITS[unit ?? ''] ?? 0);
  return total;
};

/** Renders milliseconds back as the shortest duration text (`90m` -> `1h30m`). */
export const formatDuration = (ms: number): string => {
  if (ms === 0) return '0s';
  let rest = ms;
  let out = '';
  for (const [unit, size] of [['d', 86_400_000], ['h', 3_600_000], ['m', 60_000], ['s', 1000], ['ms', 1]] as const) {
    if (rest >= size) {
      out += `${Math.floor(rest / size)}${unit}`;
      rest %= size;
    }
  }
  return out;
};
