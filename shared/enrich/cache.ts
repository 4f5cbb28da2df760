/** Options of {@link ExpiringCache}. */
export interface ExpiringCacheOptions {
  /** Entries kept; the least recently used goes first when full. */
  maxEntries: number;
  /** Clock for expiry, in milliseconds. @default Date.now */
  now?: () => number;
}

/**
 * A bounded LRU map whose entries each carry their own time to live (`Infinity` for
 * immutable things such as task definitions). Module-scope instances survive across warm
 * Lambda invocations, which is the point: a storm re-describes nothing it saw seconds ago.
 */
export class ExpiringCache<V> {
  private readonly entries = new Map<string, { value: V; expiresAt: number }>();
  private readonly now: () => number;

  public constructor(private readonly options: ExpiringCacheOptions) {
    this.now = options.now ?? Date.now;
  }

  /** The live value under `key`, marked most recently used; undefined when absent or expired. */
  public get(key: string): V | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    this.entries.delete(key);
    if (entry.expiresAt <= this.now()) return undefined;
    this.entries.set(key, entry);
    return entry.value;
  }

  /** Stores `value` for `ttlMs` milliseconds, evicting the least recently used entry when full. */
  public set(key: string, value: V, ttlMs: number): void {
    this.entries.delete(key);
    if (this.entries.size >= this.options.maxEntries) {
      const oldest = this.entries.keys().next();
      if (oldest.done !== true) this.entries.delete(oldest.value);
    }
    this.entries.set(key, { value, expiresAt: this.now() + ttlMs });
  }

  /** How many entries are held (expired ones included until read or evicted). */
  public get size(): number {
    return this.entries.size;
  }
}

/** A promise with its resolve function outside (`Promise.withResolvers` is Node.js 22+). */
export interface Deferred<T> {
  promise: Promise<T>;
  resolve: (value: T) => void;
}

/** Creates a {@link Deferred}. */
export const createDeferred = <T>(): Deferred<T> => {
  let resolve: (value: T) => void = () => undefined;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
};

/**
 * The abort signal of a request that several callers share (one in-flight lookup, one
 * DescribeServices batch). Each caller has its own time budget: the request is aborted only
 * once every caller that joined has given up, and never if one joined without a signal.
 */
export class SharedAbort {
  private readonly controller = new AbortController();
  private waiting = 0;
  private unbounded = false;

  /** The signal to hand to the shared request. */
  public get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** Registers a caller; its `signal` aborting counts it out. */
  public join(signal?: AbortSignal): void {
    if (signal === undefined) {
      this.unbounded = true;
      return;
    }
    this.waiting += 1;
    signal.addEventListener(
      'abort',
      () => {
        this.waiting -= 1;
        if (this.waiting === 0 && !this.unbounded) this.controller.abort(signal.reason);
      },
      { once: true },
    );
  }
}

/** What {@link raceAbort} resolves to when the signal wins. */
export const ABORTED: unique symbol = Symbol('aborted');

/** `promise`'s value, or {@link ABORTED} as soon as `signal` aborts (the promise runs on). */
export const raceAbort = <T>(promise: Promise<T>, signal?: AbortSignal): Promise<T | typeof ABORTED> => {
  if (signal === undefined) return promise;
  if (signal.aborted) return Promise.resolve(ABORTED);
  return new Promise((resolve, reject) => {
    const onAbort = (): void => resolve(ABORTED);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
};
