// Summaries of repeated samples: a median and the spread around it, so one slow sample (a GC
// pause, the other core busy) moves neither the figure nor hides behind it.

/** A figure measured several times. */
export interface Spread {
  median: number;
  /** First quartile (linear interpolation between the samples). */
  p25: number;
  /** Third quartile. */
  p75: number;
  min: number;
  max: number;
  samples: number;
}

/** The `q` quantile (0 to 1) of ascending `sorted` values, interpolated linearly between the two nearest; NaN for none. */
export const quantile = (sorted: readonly number[], q: number): number => {
  if (sorted.length === 0) return Number.NaN;
  const position = (sorted.length - 1) * Math.min(1, Math.max(0, q));
  const below = Math.floor(position);
  const lower = sorted[below] ?? Number.NaN;
  const upper = sorted[Math.min(below + 1, sorted.length - 1)] ?? lower;
  return lower + (upper - lower) * (position - below);
};

/** Median, quartiles and range of `values` (in any order). */
export const summarize = (values: readonly number[]): Spread => {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    median: quantile(sorted, 0.5),
    p25: quantile(sorted, 0.25),
    p75: quantile(sorted, 0.75),
    min: sorted[0] ?? Number.NaN,
    max: sorted.at(-1) ?? Number.NaN,
    samples: sorted.length,
  };
};

/** Element-wise `a[i] / b[i]`: the ratio of two figures sampled in the same rounds. */
export const pairedRatios = (a: readonly number[], b: readonly number[]): number[] =>
  a.slice(0, Math.min(a.length, b.length)).map((value, i) => value / (b[i] ?? Number.NaN));

/** `12.3 (p25-p75 11.9-12.8, min-max 11.2-14.0, n=15)`, with `digits` decimals. */
export const formatSpread = (spread: Spread, digits = 2): string => {
  const f = (n: number): string => n.toFixed(digits);
  return `${f(spread.median)} (p25-p75 ${f(spread.p25)}-${f(spread.p75)}, min-max ${f(spread.min)}-${f(spread.max)}, n=${spread.samples})`;
};

/** A figure for the `--json` object: `digits` decimals, as a number. */
export const rounded = (n: number, digits: number): number => Number(n.toFixed(digits));
