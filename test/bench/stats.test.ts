import { formatSpread, pairedRatios, quantile, summarize } from '../../bench/stats';

describe('bench statistics', () => {
  it.each([
    { case: 'odd count: the middle value', values: [5, 1, 3], median: 3, p25: 2, p75: 4 },
    { case: 'even count: halfway between the middle two', values: [4, 1, 3, 2], median: 2.5, p25: 1.75, p75: 3.25 },
    { case: 'one sample: every quantile is it', values: [7], median: 7, p25: 7, p75: 7 },
    { case: 'an outlier moves the range, not the median', values: [10, 10, 11, 10, 400], median: 10, p25: 10, p75: 11 },
  ])('$case', ({ values, median, p25, p75 }) => {
    const spread = summarize(values);
    expect(spread).toEqual({ median, p25, p75, min: Math.min(...values), max: Math.max(...values), samples: values.length });
  });

  it('has no quantile of nothing', () => {
    expect(quantile([], 0.5)).toBeNaN();
    expect(summarize([]).samples).toBe(0);
  });

  it('clamps the quantile to the range', () => {
    expect(quantile([1, 2, 3], -1)).toBe(1);
    expect(quantile([1, 2, 3], 2)).toBe(3);
  });

  it('pairs samples of the same round, ignoring the longer list\'s extra ones', () => {
    expect(pairedRatios([10, 30, 8], [5, 10])).toEqual([2, 3]);
  });

  it('prints the median with its quartiles and range', () => {
    expect(formatSpread(summarize([1, 2, 3, 4, 5]), 1)).toBe('3.0 (p25-p75 2.0-4.0, min-max 1.0-5.0, n=5)');
  });
});
