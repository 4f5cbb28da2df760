import { DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import { performance } from 'node:perf_hooks';
import { clientTimeouts, TIME_BUDGET } from '../budget';
import { StateUnavailableError } from './errors';

/** Options of {@link createStateClient}. */
export interface StateClientOptions {
  /** How long the table counts as unavailable after a call that got no answer. @default TIME_BUDGET.state.outageMs */
  outageMs?: number;
  /** A monotonic clock in milliseconds. @default performance.now */
  clock?: () => number;
  /** Client settings besides the timeouts (an endpoint, a Region, credentials). @default the function's own */
  config?: Omit<DynamoDBClientConfig, 'requestHandler' | 'maxAttempts'>;
}

/** An error with no HTTP status never got an answer: a timeout, a refused or reset connection. */
const gotNoAnswer = (error: unknown): boolean => {
  const e = error as { $metadata?: { httpStatusCode?: unknown } } | undefined;
  return typeof e?.$metadata?.httpStatusCode !== 'number';
};

/**
 * The DynamoDB client of the state table, shared by the state store and Powertools
 * idempotency: connect and request timeouts from the event's time budget, and a breaker. A
 * call that got no answer (the table hangs, the connection is refused) opens the breaker:
 * every call in the next `outageMs` fails at once with {@link StateUnavailableError}, so noise
 * control fails open after one call's timeout instead of one per call, and a storm does not
 * queue behind a dead endpoint. Answers, even errors (a failed condition, throttling), keep
 * it closed.
 *
 * @example
 * ```ts
 * const client = createStateClient();
 * const store = new DynamoDbStateStore({ tableName, client });
 * const idempotency = createDynamoDbIdempotencyStore({ tableName, client });
 * ```
 */
export const createStateClient = (options: StateClientOptions = {}): DynamoDBClient => {
  const outageMs = options.outageMs ?? TIME_BUDGET.state.outageMs;
  const clock = options.clock ?? (() => performance.now());
  const client = new DynamoDBClient({ ...options.config, maxAttempts: TIME_BUDGET.state.attempts, requestHandler: clientTimeouts(TIME_BUDGET.state) });
  let unavailableUntil = Number.NEGATIVE_INFINITY;
  let cause = '';
  client.middlewareStack.add(
    (next) => async (args) => {
      if (clock() < unavailableUntil) throw new StateUnavailableError(`state table unavailable (${cause}); retrying in ${Math.ceil((unavailableUntil - clock()) / 1000)}s`);
      try {
        return await next(args);
      } catch (error) {
        if (gotNoAnswer(error)) {
          unavailableUntil = clock() + outageMs;
          cause = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
        }
        throw error;
      }
    },
    // Before the retry middleware: the breaker sees the call's final outcome, after the SDK's own attempts.
    { step: 'initialize', name: 'heraldStateBreaker' },
  );
  return client;
};
