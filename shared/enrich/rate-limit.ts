/** Options of {@link TokenBucket}. */
export interface TokenBucketOptions {
  /** Tokens added per second (the sustained rate). */
  ratePerSecond: number;
  /**
   * Most tokens the bucket holds (the burst).
   * @default ratePerSecond (one second's worth)
   */
  burst?: number;
  /** @default `performance.now` (monotonic milliseconds) */
  now?: () => number;
  /**
   * Waits `ms`; resolves false when `signal` aborts first.
   * @default a `setTimeout` that the signal cancels
   */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<boolean>;
}

/** Waits `ms` milliseconds; resolves false as soon as `signal` aborts (and clears the timer). */
export const sleepUnlessAborted = (ms: number, signal?: AbortSignal): Promise<boolean> =>
  new Promise((resolve) => {
    if (signal?.aborted === true) {
      resolve(false);
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });

/**
 * A client-side token bucket, the same algorithm ECS applies server-side: it delays calls
 * rather than failing them, and gives up only when the caller's signal aborts (its time
 * budget), so a storm of alerts is paced below the account's quota instead of tripping
 * `ThrottlingException` for every other ECS client in the account.
 * Waiters are served in arrival order: each one reserves a token (the balance may go
 * negative) and sleeps until the refill covers it; an aborted waiter hands its token back.
 * @see https://docs.aws.amazon.com/AmazonECS/latest/APIReference/request-throttling.html
 */
export class TokenBucket {
  private readonly rate: number;
  private readonly burst: number;
  private readonly now: () => number;
  private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<boolean>;
  private tokens: number;
  private updatedAt: number;

  public constructor(options: TokenBucketOptions) {
    if (!(options.ratePerSecond > 0)) throw new RangeError(`ratePerSecond must be > 0, got ${options.ratePerSecond}`);
    this.rate = options.ratePerSecond / 1000;
    this.burst = Math.max(1, options.burst ?? options.ratePerSecond);
    this.now = options.now ?? (() => performance.now());
    this.sleep = options.sleep ?? sleepUnlessAborted;
    this.tokens = this.burst;
    this.updatedAt = this.now();
  }

  /**
   * Takes one token, waiting for it if need be.
   * @returns true when the caller may go ahead; false when `signal` aborted first.
   */
  public async acquire(signal?: AbortSignal): Promise<boolean> {
    if (signal?.aborted === true) return false;
    this.refill();
    this.tokens -= 1;
    if (this.tokens >= 0) return true;
    const waitMs = Math.ceil(-this.tokens / this.rate);
    const granted = await this.sleep(waitMs, signal);
    if (!granted) this.tokens += 1;
    return granted;
  }

  private refill(): void {
    const now = this.now();
    this.tokens = Math.min(this.burst, this.tokens + (now - this.updatedAt) * this.rate);
    this.updatedAt = now;
  }
}
