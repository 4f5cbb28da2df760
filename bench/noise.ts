// A crash-loop storm through the router pipeline as the Lambda composes it (default herald.yml,
// the noise-control gate and Powertools idempotency on one DynamoDB table, here a local
// dynalite), on a simulated 30-minute clock with the digest function run every minute: how many
// notifications reach the topics, and how many DynamoDB requests each event costs. Counts and
// ratios, not a timed test.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { Context } from 'aws-lambda';
import { performance } from 'node:perf_hooks';
import configText from '../herald.yml';
import { compileConfigText } from '../shared/compile';
import { MemoryDeadLetters, type MessageAttributes, type Notification, type Publisher, type RenderedMessage, type TopicTarget } from '../shared/deliver';
import { EventOnlyContextProvider } from '../shared/enrich';
import { GATE_OUTCOMES } from '../shared/gate';
import { createHeraldPipeline, type EventReport } from '../shared/pipeline';
import type { RouteMatch } from '../shared/route';
import { createDynamoDbIdempotencyStore, DynamoDbStateStore } from '../shared/state';
import steadyStateEvent from '../test/fixtures/events/ecs-service-action/steady-state.json';
import oomEvent from '../test/fixtures/events/ecs-task/stopped-oom.json';
import { startDynalite } from '../test/support/dynalite';

/** What a topic received: a first alert, a storm digest, or a resolved message. */
export type NotificationKind = 'alert' | 'digest' | 'resolved';

/** What {@link benchNoiseStorm} adds to the `--json` figures. */
export interface NoiseStormFigures {
  /** Messages published to topics: first alerts, digests and resolved messages. */
  stormNotifications: number;
  stormNotificationsByKind: Record<NotificationKind, number>;
  /** The goal: per service, one first alert and one digest per `group_interval` window, then one resolved message. */
  stormNotificationsGoal: number;
  /** Requests sent by the state store's and the idempotency layer's DynamoDB clients (retries and digest runs included), per event in. */
  stormDynamoRequestsPerEvent: number;
  /** The same, idempotency layer only. */
  stormIdempotencyRequestsPerEvent: number;
  /** Events in per gate outcome (a redelivered event id reports `duplicate`). */
  stormGateOutcomes: Record<string, number>;
  /** Digests a topic received after the resolved message of their service. */
  stormDigestsAfterResolved: number;
  /** Alerts the resolved messages say their incidents counted (the storm has 10,000). */
  stormResolvedAlertsCounted: number;
  /** Times the gate, idempotency or delivery log could not reach the table and let an alert through. */
  stormFailOpen: number;
  /** Wall time per event in, digest runs included; one warm instance, events in sequence. */
  stormGateMsPerEvent: number;
}

const EVENTS = 10_000;
const SERVICES = 5;
const STORM_MS = 30 * 60_000;
/** A whole minute, so the digest runs fall on minute marks as `rate(1 minute)` would. */
const STORM_START = Date.parse('2026-05-12T13:00:00Z');
const MINUTE_MS = 60_000;
/** After this many storm events, one is redelivered by EventBridge (same id): 2%. */
const REDELIVERY_EVERY = 50;
/** After this many, ECS emits one task state twice under two event ids: 1%. */
const ECS_DUPLICATE_EVERY = 100;
/** The services are steady again half a minute after their last crash. */
const STEADY_AFTER_MS = 30_000;
/** The router's timeout (serverless.yml): Powertools sets the in-progress expiry from it. */
const ROUTER_TIMEOUT_MS = 120_000;
const TABLE = 'herald-state-bench';
const REGION = 'us-west-2';
const CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };
/** The names the fixtures use, replaced per service and per task. */
const TEMPLATE_SERVICE = 'payments-api';
const TEMPLATE_TASK_ID = 'cbc32545b881445133440842bacf91ce';

type InputKind = 'task' | 'redelivered' | 'ecs-duplicate' | 'steady-state';
const INPUT_KINDS = ['task', 'redelivered', 'ecs-duplicate', 'steady-state'] as const satisfies readonly InputKind[];

/** A fixture made into a storm event: the fields rewritten here, the rest as recorded. */
interface StormEvent {
  id: string;
  time: string;
  detail: Record<string, unknown>;
  [field: string]: unknown;
}

/** One event in, at its simulated arrival time. */
interface StormInput {
  kind: InputKind;
  at: number;
  event: StormEvent;
}

const serviceName = (n: number): string => `svc-${n}`;
/** A 32-hex task id, unique per event. */
const taskIdOf = (n: number): string => `${n.toString(16).padStart(8, '0')}b881445133440842bacf91ce`;
/** EventBridge's `time`: whole seconds. */
const eventTime = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

/**
 * The storm in arrival order: 10,000 OOM-killed tasks, one every 180 ms, services taking turns
 * (each one crash loop, one failure signature); interleaved, a redelivery of an event seen a
 * second earlier (same id) and an ECS duplicate (same task and version, new id); at the end,
 * each service reaching steady state.
 */
const stormInputs = (): StormInput[] => {
  const template = JSON.stringify(oomEvent);
  const tasks: StormInput[] = [];
  const inputs: StormInput[] = [];
  for (let n = 0; n < EVENTS; n++) {
    const at = STORM_START + Math.floor((n * STORM_MS) / EVENTS);
    const event = JSON.parse(template.replaceAll(TEMPLATE_SERVICE, serviceName(n % SERVICES)).replaceAll(TEMPLATE_TASK_ID, taskIdOf(n))) as StormEvent;
    event.id = `storm-${n}`;
    event.time = eventTime(at);
    // A stopped task's version counts its transitions, so it varies from task to task.
    event.detail.version = 6 + (n % 4);
    event.detail.stoppedAt = new Date(at).toISOString();
    const input: StormInput = { kind: 'task', at, event };
    tasks.push(input);
    inputs.push(input);
    const redelivered = n % REDELIVERY_EVERY === REDELIVERY_EVERY - 1 ? tasks[n - 7] : undefined;
    if (redelivered !== undefined) inputs.push({ kind: 'redelivered', at, event: structuredClone(redelivered.event) });
    const duplicated = n % ECS_DUPLICATE_EVERY === ECS_DUPLICATE_EVERY - 1 ? tasks[n - 3] : undefined;
    if (duplicated !== undefined) inputs.push({ kind: 'ecs-duplicate', at, event: { ...structuredClone(duplicated.event), id: `storm-${n}-ecs-duplicate` } });
  }
  const steadyTemplate = JSON.stringify(steadyStateEvent);
  for (let s = 0; s < SERVICES; s++) {
    const at = STORM_START + STORM_MS + STEADY_AFTER_MS + s * 1000;
    const event = JSON.parse(steadyTemplate.replaceAll(TEMPLATE_SERVICE, serviceName(s))) as StormEvent;
    event.id = `steady-${s}`;
    event.time = eventTime(at);
    event.detail.createdAt = new Date(at).toISOString();
    inputs.push({ kind: 'steady-state', at, event });
  }
  return inputs;
};

/**
 * A client that counts the requests it sends, per operation. The deserialize step runs once
 * per HTTP attempt (the retry middleware sits before it), so retries count too.
 */
const countingClient = (endpoint: string, counts: Map<string, number>): DynamoDBClient => {
  const client = new DynamoDBClient({ endpoint, region: REGION, credentials: CREDENTIALS });
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const operation = context.commandName ?? 'unknown';
      counts.set(operation, (counts.get(operation) ?? 0) + 1);
      return next(args);
    },
    { step: 'deserialize', name: 'benchCountRequests' },
  );
  return client;
};

const total = (counts: ReadonlyMap<string, number>): number => [...counts.values()].reduce((sum, n) => sum + n, 0);

const kindOf = (alert: Notification): NotificationKind => (alert.resolves !== undefined ? 'resolved' : alert.digest !== undefined ? 'digest' : 'alert');

/** The Publisher port, counting: per kind, per topic, and digests that follow their service's resolved message. */
class CountingPublisher implements Publisher {
  public readonly byKind: Record<NotificationKind, number> = { alert: 0, digest: 0, resolved: 0 };
  public readonly byTopic = new Map<string, number>();
  public digestsAfterResolved = 0;
  /** Sum of the alerts each resolved message says its incident counted. */
  public resolvedAlerts = 0;
  private readonly resolvedServices = new Set<string>();

  public async publish(topic: TopicTarget, _message: RenderedMessage, _attributes: MessageAttributes, alert: Notification): Promise<string> {
    const kind = kindOf(alert);
    const service = alert.labels.service ?? '';
    if (kind === 'resolved') {
      this.resolvedServices.add(service);
      this.resolvedAlerts += alert.resolves?.alerts ?? 0;
    }
    if (kind === 'digest' && this.resolvedServices.has(service)) this.digestsAfterResolved += 1;
    this.byKind[kind] += 1;
    this.byTopic.set(topic.name, (this.byTopic.get(topic.name) ?? 0) + 1);
    return `bench-${total(this.byTopic)}`;
  }
}

/** The context Lambda passes the router on each invocation: Powertools reads its deadline. */
const invocationContext = (eventId: string): Context => {
  const deadline = Date.now() + ROUTER_TIMEOUT_MS;
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: 'ecs-herald-router',
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:${REGION}:111122223333:function:ecs-herald-router`,
    memoryLimitInMB: '256',
    awsRequestId: `bench-${eventId}`,
    logGroupName: '/aws/lambda/ecs-herald-router',
    logStreamName: 'bench',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
};

const gateOutcomeOf = (report: EventReport): string => (report.outcome === 'alert' ? report.gate : 'skipped');

const minutes = (ms: number): string => (ms % MINUTE_MS === 0 ? `${ms / MINUTE_MS}m` : `${ms / 1000}s`);

/**
 * Runs the storm and prints its figures. Events are processed one at a time, as one warm
 * router instance would; the gate, the state store and the digest runs share the simulated
 * clock, so throttles and windows expire as they would over the real half hour.
 */
export const benchNoiseStorm = async (): Promise<NoiseStormFigures> => {
  const inputs = stormInputs();
  // A real local DynamoDB with the state table as serverless.yml declares it.
  const dynamo = await startDynalite();
  await dynamo.createStateTable(TABLE);
  const stateRequests = new Map<string, number>();
  const idempotencyRequests = new Map<string, number>();
  const stateClient = countingClient(dynamo.endpoint, stateRequests);
  const idempotencyClient = countingClient(dynamo.endpoint, idempotencyRequests);

  let clock = STORM_START;
  const now = (): number => clock;
  let failOpen = 0;
  const countFailOpen = (): void => {
    failOpen += 1;
  };
  const config = compileConfigText(configText, 'herald.yml');
  const store = new DynamoDbStateStore({ tableName: TABLE, client: stateClient, now });
  const publisher = new CountingPublisher();
  // The router's own composition (functions/router.ts), with local adapters.
  const { pipeline, processDue } = createHeraldPipeline({
    config,
    store,
    idempotency: createDynamoDbIdempotencyStore({ tableName: TABLE, client: idempotencyClient }),
    publisher,
    deadLetters: new MemoryDeadLetters(),
    enrich: new EventOnlyContextProvider(),
    now,
    onFailOpen: countFailOpen,
  });

  const outcomes = new Map<InputKind, Map<string, number>>(INPUT_KINDS.map((kind) => [kind, new Map()]));
  let stormRoute: RouteMatch | undefined;
  let digestRuns = 0;
  let digestRunRequests = 0;
  let digestsAtEnd = 0;
  /** The scheduled digest function, run at `upTo` on the simulated clock. */
  const runDigests = async (upTo: number): Promise<number> => {
    if (Number.isFinite(upTo)) clock = upTo;
    const before = total(stateRequests);
    const reports = (await processDue(upTo)).filter((r) => r.kind === 'digest');
    digestRuns += 1;
    digestRunRequests += total(stateRequests) - before;
    return reports.length;
  };

  const started = performance.now();
  try {
    let nextRun = STORM_START + MINUTE_MS;
    for (const input of inputs) {
      for (; nextRun <= input.at; nextRun += MINUTE_MS) await runDigests(nextRun);
      clock = input.at;
      pipeline.registerLambdaContext(invocationContext(input.event.id));
      const report = await pipeline.processEvent(input.event);
      const counts = outcomes.get(input.kind);
      const outcome = gateOutcomeOf(report);
      counts?.set(outcome, (counts.get(outcome) ?? 0) + 1);
      if (stormRoute === undefined && input.kind === 'task' && report.outcome === 'alert') stormRoute = report.routes[0];
    }
    // The digest function keeps running until every window of the storm has ended, then once
    // more for whatever is still due.
    const lastAt = inputs.at(-1)?.at ?? STORM_START;
    const windowMs = stormRoute?.options.groupIntervalMs ?? 0;
    for (; nextRun <= lastAt + windowMs; nextRun += MINUTE_MS) await runDigests(nextRun);
    digestsAtEnd = await runDigests(Number.POSITIVE_INFINITY);
  } finally {
    stateClient.destroy();
    idempotencyClient.destroy();
    await dynamo.close();
  }
  const elapsedMs = performance.now() - started;

  const eventsIn = inputs.length;
  const notifications = publisher.byKind.alert + publisher.byKind.digest + publisher.byKind.resolved;
  const groupIntervalMs = stormRoute?.options.groupIntervalMs ?? 300_000;
  const windows = Math.ceil(STORM_MS / groupIntervalMs);
  const goal = SERVICES * (1 + windows) + SERVICES;
  const requests = total(stateRequests) + total(idempotencyRequests);
  const gateOutcomes: Record<string, number> = {};
  for (const counts of outcomes.values()) for (const [outcome, n] of counts) gateOutcomes[outcome] = (gateOutcomes[outcome] ?? 0) + n;
  const figures: NoiseStormFigures = {
    stormNotifications: notifications,
    stormNotificationsByKind: { ...publisher.byKind },
    stormNotificationsGoal: goal,
    stormDynamoRequestsPerEvent: Number((requests / eventsIn).toFixed(3)),
    stormIdempotencyRequestsPerEvent: Number((total(idempotencyRequests) / eventsIn).toFixed(3)),
    stormGateOutcomes: gateOutcomes,
    stormDigestsAfterResolved: publisher.digestsAfterResolved,
    stormResolvedAlertsCounted: publisher.resolvedAlerts,
    stormFailOpen: failOpen,
    stormGateMsPerEvent: Number((elapsedMs / eventsIn).toFixed(3)),
  };

  const count = (kind: InputKind): number => inputs.filter((i) => i.kind === kind).length;
  const listOutcomes = (counts: ReadonlyMap<string, number> | undefined): string =>
    [...GATE_OUTCOMES, 'skipped'].filter((o) => (counts?.get(o) ?? 0) > 0).map((o) => `${o} ${counts?.get(o) ?? 0}`).join(', ');
  const byOperation = (counts: ReadonlyMap<string, number>): string => [...counts].map(([op, n]) => `${op.replace(/Command$/, '')} ${n}`).join(', ');
  const route = stormRoute === undefined ? 'no route' : `route ${stormRoute.route}: group_interval ${minutes(groupIntervalMs)}${stormRoute.options.throttleMs === undefined ? '' : `, throttle ${minutes(stormRoute.options.throttleMs)}`}`;
  console.log(
    `\nnoise storm: ${count('task')} OOM-killed tasks, ${SERVICES} services, ${STORM_MS / MINUTE_MS} simulated minutes, + ${count('redelivered')} redelivered, ${count('ecs-duplicate')} ECS duplicates, ${count('steady-state')} steady states (default herald.yml, gate and idempotency on local DynamoDB)`,
  );
  console.log(
    `  notifications ${notifications} (first alerts ${publisher.byKind.alert}, digests ${publisher.byKind.digest}, resolved ${publisher.byKind.resolved}): goal <= ${goal} (${SERVICES} services x (1 first alert + ${windows} digests, ${route}) + ${SERVICES} resolved)`,
  );
  console.log(`  digests after their service's resolved message ${publisher.digestsAfterResolved}; alerts the resolved messages counted ${publisher.resolvedAlerts} of ${count('task')}`);
  console.log(`  digests left for the last digest run ${digestsAtEnd}; fail-open ${failOpen}`);
  for (const kind of INPUT_KINDS) console.log(`  gate, ${kind.padEnd(13)} ${listOutcomes(outcomes.get(kind))}`);
  console.log(`  DynamoDB requests ${requests}: ${figures.stormDynamoRequestsPerEvent} per event`);
  console.log(`    state store ${total(stateRequests)} (${byOperation(stateRequests)}; ${digestRuns} digest runs ${digestRunRequests})`);
  console.log(`    idempotency ${total(idempotencyRequests)} (${byOperation(idempotencyRequests)})`);
  console.log(`  ${figures.stormGateMsPerEvent} ms per event, ${(elapsedMs / 1000).toFixed(1)} s in all (one instance, events in sequence, local dynalite)`);
  return figures;
};
