import { ExpiringCache } from '../../shared/enrich/cache';
import { sleepUnlessAborted, TokenBucket } from '../../shared/enrich/rate-limit';

/** A bucket on a fake clock whose sleeps advance the clock and are recorded. */
const fakeBucket = (ratePerSecond: number, burst?: number, { sleepAdvancesClock = true } = {}) => {
  let time = 0;
  const sleeps: number[] = [];
  const bucket = new TokenBucket({
    ratePerSecond,
    burst,
    now: () => time,
    sleep: (ms, signal) => {
      sleeps.push(ms);
      if (signal?.aborted === true) return Promise.resolve(false);
      if (sleepAdvancesClock) time += ms;
      return Promise.resolve(true);
    },
  });
  return { bucket, sleeps, advance: (ms: number) => (time += ms) };
};

describe('TokenBucket', () => {
  it.each([
    { case: 'within the burst: no wait', rate: 10, burst: undefined, calls: 10, sleeps: [] },
    { case: 'one past the burst waits one refill', rate: 10, burst: undefined, calls: 11, sleeps: [100] },
    { case: 'sequential calls past the burst wait one refill each', rate: 10, burst: undefined, calls: 13, sleeps: [100, 100, 100] },
    { case: 'a burst smaller than the rate', rate: 20, burst: 2, calls: 4, sleeps: [50, 50] },
  ])('paces sequential calls: $case', async ({ rate, burst, calls, sleeps }) => {
    const fake = fakeBucket(rate, burst);
    for (let i = 0; i < calls; i += 1) expect(await fake.bucket.acquire()).toBe(true);
    expect(fake.sleeps).toEqual(sleeps);
  });

  it('queues concurrent callers in arrival order, each one refill later', async () => {
    // Concurrent: all reserve before any sleep ends, so the clock stands still meanwhile.
    const fake = fakeBucket(10, 2, { sleepAdvancesClock: false });
    const granted = await Promise.all(Array.from({ length: 5 }, () => fake.bucket.acquire()));
    expect(granted).toEqual([true, true, true, true, true]);
    expect(fake.sleeps).toEqual([100, 200, 300]);
  });

  it('refills over time, up to the burst', async () => {
    const fake = fakeBucket(10, 5);
    for (let i = 0; i < 5; i += 1) await fake.bucket.acquire();
    fake.advance(60_000);
    for (let i = 0; i < 6; i += 1) await fake.bucket.acquire();
    expect(fake.sleeps).toEqual([100]);
  });

  it('returns false for an aborted signal and hands the token back', async () => {
    const fake = fakeBucket(10, 1);
    await fake.bucket.acquire();
    expect(await fake.bucket.acquire(AbortSignal.abort())).toBe(false);
    const waiting = new AbortController();
    const pending = fake.bucket.acquire(waiting.signal);
    waiting.abort();
    expect(await pending).toBe(true); // the fake sleep ran synchronously, before the abort
    expect(fake.sleeps).toEqual([100]);
  });

  it.each([
    { case: 'zero', rate: 0 },
    { case: 'negative', rate: -1 },
    { case: 'NaN', rate: Number.NaN },
  ])('rejects a rate that is $case', ({ rate }) => {
    expect(() => new TokenBucket({ ratePerSecond: rate })).toThrow(`ratePerSecond must be > 0, got ${rate}`);
  });
});

describe('sleepUnlessAborted', () => {
  it.each([
    { case: 'no signal', signal: () => undefined, expected: true },
    { case: 'a signal that stays', signal: () => new AbortController().signal, expected: true },
    { case: 'an aborted signal', signal: () => AbortSignal.abort(), expected: false },
    { case: 'a signal aborting first', signal: () => AbortSignal.timeout(5), expected: false },
  ])('resolves $expected with $case', async ({ signal, expected }) => {
    expect(await sleepUnlessAborted(30, signal())).toBe(expected);
  });
});

describe('ExpiringCache', () => {
  it('evicts the least recently used entry when full', () => {
    const cache = new ExpiringCache<number>({ maxEntries: 2, now: () => 0 });
    cache.set('a', 1, Infinity);
    cache.set('b', 2, Infinity);
    expect(cache.get('a')).toBe(1);
    cache.set('c', 3, Infinity);
    expect([cache.get('a'), cache.get('b'), cache.get('c'), cache.size]).toEqual([1, undefined, 3, 2]);
  });

  it('expires each entry after its own ttl', () => {
    let time = 0;
    const cache = new ExpiringCache<string>({ maxEntries: 10, now: () => time });
    cache.set('short', 's', 10);
    cache.set('long', 'l', 100);
    time = 10;
    expect([cache.get('short'), cache.get('long')]).toEqual([undefined, 'l']);
  });
});
