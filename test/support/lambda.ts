import type { Context } from 'aws-lambda';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadEnvironment } from './bundle-environment';

/** The Lambda functions of the stack (functions/*.ts). */
export type FunctionName = 'router' | 'digest' | 'remediator';

/**
 * Which herald.yml a set of bundles embeds: the repository's (`shipped`, its actions dry runs)
 * or test/fixtures/config/remediation-live.yml (`live`, actions that change ECS), or
 * test/fixtures/config/central-scenario.yml (`central`, central mode).
 */
export type BundleSet = 'shipped' | 'live' | 'central';

const bundlesIn = (snapshot: string): Readonly<Record<FunctionName, string>> => ({
  router: join(__dirname, '..', '..', 'dist', snapshot, 'router', 'index.js'),
  digest: join(__dirname, '..', '..', 'dist', snapshot, 'digest', 'index.js'),
  remediator: join(__dirname, '..', '..', 'dist', snapshot, 'remediator', 'index.js'),
});

/**
 * The Lambda bundles as deployed: what `scripts/build.mjs` writes to dist/<function>/ (index.js
 * and its chunks), copied aside by the jest global setup (test/support/build-bundles.js) so that other tests
 * rebuilding dist/ meanwhile cannot swap them. One set per configuration embedded.
 */
export const BUNDLE_SETS: Readonly<Record<BundleSet, Readonly<Record<FunctionName, string>>>> = {
  shipped: bundlesIn('.scenarios'),
  live: bundlesIn('.scenarios-live'),
  central: bundlesIn('.scenarios-central'),
};

/** The bundles of the repository's herald.yml. */
export const BUNDLES = BUNDLE_SETS.shipped;

/** A Lambda handler as the runtime calls it. */
export type LambdaHandler = (event: unknown, context: Context) => Promise<unknown>;

/**
 * Loads a bundle the way a new execution environment does: its module scope runs again (SDK
 * clients, caches, the compiled herald.yml), sharing nothing with other environments. Read
 * the environment variables and install fake timers first: module scope reads both.
 */
export const coldStart = (bundle: string): LambdaHandler => {
  let handler: unknown;
  // The chunks it requires later, when an event needs them, belong to it too (see there).
  loadEnvironment(() =>
    jest.isolateModules(() => {
      // A built bundle, not a module of this repository: nothing to type-check it against.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      handler = (require(bundle) as { handler?: unknown }).handler;
    }),
  );
  if (typeof handler !== 'function') throw new Error(`${bundle} exports no handler function (jest's global setup builds it)`);
  return handler as LambdaHandler;
};

/** A Lambda context as the runtime passes it; Powertools idempotency reads the remaining time. */
export const lambdaContext = (functionName: string, awsRequestId: string, deadline: number): Context => ({
  callbackWaitsForEmptyEventLoop: true,
  functionName,
  functionVersion: '$LATEST',
  invokedFunctionArn: `arn:aws:lambda:us-west-2:111122223333:function:${functionName}`,
  memoryLimitInMB: '256',
  awsRequestId,
  logGroupName: `/aws/lambda/${functionName}`,
  logStreamName: '2026/05/12/[$LATEST]0f1e2d3c4b5a69788796a5b4c3d2e1f0',
  getRemainingTimeInMillis: () => Math.max(0, Math.round(deadline - performance.now())),
  done: () => undefined,
  fail: () => undefined,
  succeed: () => undefined,
});

/** One call of a handler. */
export interface InvocationResult {
  requestId: string;
  /** The EventBridge event's `id`, when it has one. */
  eventId: string | undefined;
  /** 1 for the first delivery of an event, 2 and 3 for Lambda's retries. */
  attempt: number;
  /** Which execution environment ran it (1 = the first cold start). */
  environment: number;
  /** `performance.now()` when the handler was called (after any cold start). */
  startedAt: number;
  elapsedMs: number;
  /** What the handler threw: the invocation failed. */
  error?: unknown;
  /** What the handler returned (an SQS handler's `batchItemFailures`). */
  response?: unknown;
}

/** An asynchronous invocation (EventBridge to Lambda) with Lambda's retries. */
export interface AsyncInvocationResult {
  attempts: InvocationResult[];
  /** Every attempt threw: Lambda hands the event to the function's on-failure destination. */
  onFailureDestination: boolean;
}

/** Options of {@link LambdaFunction}. */
export interface LambdaFunctionOptions {
  name: string;
  /** The bundle each execution environment loads. */
  bundle: string;
  /** The function's timeout (serverless.yml), for `getRemainingTimeInMillis`. */
  timeoutMs: number;
  /** At most this many environments; more invocations wait for one (Lambda throttles and queues them). @default no limit */
  maxConcurrency?: number;
  /**
   * Which idle environment takes the next invocation: the one used last (what Lambda tends
   * to do), or the one idle longest, which spreads a sequence of invocations over all the
   * environments started (see {@link LambdaFunction.prewarm}). @default 'last-used'
   */
  reuse?: 'last-used' | 'least-recently-used';
}

/**
 * Attempts per asynchronous event: the first and Lambda's two retries (`maximumRetryAttempts:
 * 2` in serverless.yml, also the default). Lambda waits a minute, then two, between them; here
 * they follow at once and the simulated clock does not move.
 * @see https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-error-handling.html
 */
export const ASYNC_ATTEMPTS = 3;

/**
 * A Lambda function as the service runs it, in this process: execution environments that each
 * load the bundle once and run one invocation at a time; a new one is cold-started when all
 * are busy, so concurrent invocations never share module state. Asynchronous invocations are
 * retried as Lambda retries them.
 * @example
 * const router = new LambdaFunction({ name: 'ecs-herald-router', bundle: BUNDLES.router, timeoutMs: 120_000 });
 * const { onFailureDestination } = await router.invokeAsync(event);
 */
export class LambdaFunction {
  private readonly idle: Array<{ id: number; handler: LambdaHandler }> = [];
  private readonly waiting: Array<() => void> = [];
  private busy = 0;
  private requests = 0;
  /** Environments started so far. */
  public coldStarts = 0;
  /** Every invocation so far, in the order they started. */
  public readonly invocations: InvocationResult[] = [];

  public constructor(private readonly options: LambdaFunctionOptions) {}

  /** One synchronous invocation; what the handler threw is in `error`, not thrown. */
  public async invoke(event: unknown, attempt = 1): Promise<InvocationResult> {
    const environment = await this.acquire();
    const requestId = `${this.options.name}-${String(++this.requests).padStart(6, '0')}`;
    const startedAt = performance.now();
    const id = typeof event === 'object' && event !== null ? (event as { id?: unknown }).id : undefined;
    const result: InvocationResult = { requestId, eventId: typeof id === 'string' ? id : undefined, attempt, environment: environment.id, startedAt, elapsedMs: 0 };
    this.invocations.push(result);
    try {
      result.response = await environment.handler(event, lambdaContext(this.options.name, requestId, startedAt + this.options.timeoutMs));
    } catch (error) {
      result.error = error;
    } finally {
      result.elapsedMs = performance.now() - startedAt;
      this.release(environment);
    }
    return result;
  }

  /** An event delivered asynchronously: retried while the handler throws, {@link ASYNC_ATTEMPTS} attempts in all. */
  public async invokeAsync(event: unknown): Promise<AsyncInvocationResult> {
    const attempts: InvocationResult[] = [];
    for (let attempt = 1; attempt <= ASYNC_ATTEMPTS; attempt++) {
      const result = await this.invoke(event, attempt);
      attempts.push(result);
      if (result.error === undefined) return { attempts, onFailureDestination: false };
    }
    return { attempts, onFailureDestination: true };
  }

  /** The first attempt at an event, once it started. */
  public firstAttempt(eventId: string): InvocationResult | undefined {
    return this.invocations.find((i) => i.eventId === eventId && i.attempt === 1);
  }

  /** Starts `count` environments ahead of the invocations (init time is not invocation time). */
  public prewarm(count: number): void {
    while (this.coldStarts < count) this.idle.push({ id: ++this.coldStarts, handler: coldStart(this.options.bundle) });
  }

  private async acquire(): Promise<{ id: number; handler: LambdaHandler }> {
    for (;;) {
      const ready = this.options.reuse === 'least-recently-used' ? this.idle.shift() : this.idle.pop();
      if (ready !== undefined) {
        this.busy += 1;
        return ready;
      }
      if (this.options.maxConcurrency === undefined || this.busy < this.options.maxConcurrency) {
        this.busy += 1;
        return { id: ++this.coldStarts, handler: coldStart(this.options.bundle) };
      }
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    }
  }

  private release(environment: { id: number; handler: LambdaHandler }): void {
    this.busy -= 1;
    this.idle.push(environment);
    this.waiting.shift()?.();
  }
}

/** A JSON line the handlers' Powertools Logger wrote (EMF metric lines are left out). */
export interface LogLine {
  level?: string;
  message?: string;
  [field: string]: unknown;
}

/** What the functions logged while the capture ran; {@link LogCapture.stop} puts the streams back. */
export interface LogCapture {
  /** The JSON log lines (Powertools Logger), parsed. */
  readonly lines: LogLine[];
  /** Everything else written meanwhile (warnings, EMF metric lines), as text. */
  readonly other: string[];
  stop(): void;
}

/**
 * Captures everything written to stdout and stderr (Powertools writes JSON lines there, as
 * CloudWatch Logs would receive them) and to the console (the SDK warns there), so it can be
 * read back and does not flood the test output. Nothing goes through until
 * {@link LogCapture.stop}: report after it.
 */
export const captureLogs = (): LogCapture => {
  const lines: LogLine[] = [];
  const other: string[] = [];
  const partial = { stdout: '', stderr: '' };
  const capture = (stream: 'stdout' | 'stderr') =>
    jest.spyOn(process[stream], 'write').mockImplementation((chunk: unknown) => {
      const complete = (partial[stream] + String(chunk)).split('\n');
      partial[stream] = complete.pop() ?? '';
      for (const line of complete) {
        let parsed: unknown;
        try {
          parsed = line.startsWith('{') ? JSON.parse(line) : undefined;
        } catch {
          parsed = undefined;
        }
        if (typeof parsed === 'object' && parsed !== null && typeof (parsed as LogLine).message === 'string') lines.push(parsed as LogLine);
        else if (line !== '') other.push(line);
      }
      return true;
    });
  const consoleMethods = ['log', 'info', 'warn', 'error', 'debug'] as const;
  const spies = [
    capture('stdout'),
    capture('stderr'),
    ...consoleMethods.map((method) => jest.spyOn(console, method).mockImplementation((...args: unknown[]) => void other.push(args.map(String).join(' ')))),
  ];
  return {
    lines,
    other,
    stop() {
      for (const spy of spies) spy.mockRestore();
    },
  };
};
