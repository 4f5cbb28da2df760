/**
 * The time one event may take, and how it is shared out among the AWS calls it makes. Every
 * AWS client herald builds takes its connect and request timeouts from here, so a service that
 * hangs (accepts the connection, never answers) costs a bounded share of the event's time and
 * the alert still goes out: noise control fails open, enrichment degrades, delivery is retried
 * by Lambda. The worst case of the shares adds up to at most {@link EVENT_BUDGET_MS}
 * ({@link worstCaseEventMs}), well inside the router's Lambda timeout (serverless.yml).
 *
 * @example
 * ```ts
 * new DynamoDBClient({ maxAttempts: TIME_BUDGET.state.attempts, requestHandler: clientTimeouts(TIME_BUDGET.state) });
 * ```
 */

/** What one event may take end to end, every dependency at its worst. */
export const EVENT_BUDGET_MS = 40_000;

/** Connect and request timeouts of one kind of call, and how many attempts it gets. */
export interface CallBudget {
  /** TCP (and TLS) connection set-up. */
  connectMs: number;
  /** One request, from sending to the last byte of the answer. */
  requestMs: number;
  /** Attempts, the first included (the SDK's own retries, or herald's). */
  attempts: number;
}

/**
 * The shares. DynamoDB answers single-item requests in milliseconds: a second without an answer
 * is an outage, and after one timed-out call the state table is treated as unavailable for
 * `state.outageMs` (every later call fails at once), so a hung table costs one call's time per
 * event, not one per call. SNS publishes in tens of milliseconds; its request timeout is long
 * enough for a slow SNS to answer (a publish that timed out may still have been delivered, so it
 * is never retried within the invocation: Lambda's retry resends it, at most three copies in
 * all). ECS and CloudWatch Logs share the enrichment budget from herald.yml (`enrich.budget`),
 * at most 20 s (herald check refuses more). A remediation decision goes to its queue like a dead
 * letter goes to its own: one SQS call, two attempts (`remediationQueue`).
 *
 * The remediator function is not part of an event's time: it acts on one decision at a time
 * and its Lambda timeout covers its own calls. ECS answers UpdateService, StopTask and
 * UpdateContainerInstancesState in well under a second; five seconds is an outage, and the SDK's
 * three attempts ride out a throttled burst (`remediation`; a repeated mutation is harmless: see
 * `remediate/aws-ecs.ts`). A synchronous Lambda invoke lasts as long as the user's function
 * runs, so `invoke` waits longer and makes one attempt: a retry after a timeout would run the
 * function twice (`remediate/aws-invoke.ts`).
 * @see https://docs.aws.amazon.com/sdkref/latest/guide/feature-retry-behavior.html
 */
export const TIME_BUDGET = {
  state: { connectMs: 500, requestMs: 1_000, attempts: 2, outageMs: 30_000 },
  enrich: { connectMs: 500, requestMs: 2_000, attempts: 2, maxBudgetMs: 20_000 },
  publish: { connectMs: 1_000, requestMs: 6_000, attempts: 4, totalMs: 8_000 },
  deadLetter: { connectMs: 500, requestMs: 1_500, attempts: 2 },
  remediationQueue: { connectMs: 500, requestMs: 1_500, attempts: 2 },
  remediation: { connectMs: 1_000, requestMs: 5_000, attempts: 3 },
  invoke: { connectMs: 1_000, requestMs: 30_000, attempts: 1 },
  /** `herald replay --archive`'s own calls (EventBridge, the router's log), from a terminal. */
  cli: { connectMs: 3_000, requestMs: 15_000, attempts: 3 },
} as const;

/** The SDK request-handler options of a call budget (`throwOnRequestTimeout`: a timeout is an error, not a warning). */
export const clientTimeouts = (budget: CallBudget) => ({
  connectionTimeout: budget.connectMs,
  requestTimeout: budget.requestMs,
  throwOnRequestTimeout: true,
});

/**
 * The longest one event can take with every dependency hung: one state call (then the table
 * counts as unavailable), the enrichment budget, each topic's publish bound (topics are
 * published in parallel), a dead letter and the event's remediation decisions (sent in
 * parallel, like topics).
 */
export const worstCaseEventMs = (): number => {
  const { state, enrich, publish, deadLetter, remediationQueue } = TIME_BUDGET;
  const oneCall = (b: CallBudget) => b.attempts * (b.connectMs + b.requestMs);
  return oneCall(state) + enrich.maxBudgetMs + publish.totalMs + oneCall(deadLetter) + oneCall(remediationQueue);
};
