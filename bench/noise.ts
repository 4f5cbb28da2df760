// A crash-loop storm through the router pipeline as the Lambda composes it (default herald.yml,
// the noise-control gate and Powertools idempotency on one DynamoDB table, here dynalite in a
// process of its own), on a simulated 30-minute clock with the digest function run every
// minute: how many notifications reach the topics, how many DynamoDB requests and request
// units each event costs, and what each invocation takes and logs (the router's handler
// wiring: Powertools logger and metrics, one report line per event). Counts and ratios, not a
// timed test.
import { performance } from 'node:perf_hooks';
import configText from '../herald.yml';
import { compileConfigText } from '../shared/compile';
import { MemoryDeadLetters } from '../shared/deliver';
import { EventOnlyContextProvider } from '../shared/enrich';
import { GATE_OUTCOMES } from '../shared/gate';
import { createObservability } from '../shared/observability';
import { createHeraldPipeline, type EventReport, recordReport } from '../shared/pipeline';
import type { RouteMatch } from '../shared/route';
import { createDynamoDbIdempotencyStore, DynamoDbStateStore } from '../shared/state';
import steadyStateEvent from '../test/fixtures/events/ecs-service-action/steady-state.json';
import oomEvent from '../test/fixtures/events/ecs-task/stopped-oom.json';
import { lambdaContext } from '../test/support/lambda';
import type { StormUsage } from './costs';
import { countingDynamoClient, DynamoUsage } from './dynamo-usage';
import type { DynamoProcess } from './local-dynamo';
import { captureOutput, lambdaPlatformLogBytes } from './log-capture';
import { CountingPublisher, type NotificationKind } from './publisher';
import { rounded } from './stats';

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
  /** DynamoDB write and read request units (as billed on demand) per event in. */
  stormWriteUnitsPerEvent: number;
  stormReadUnitsPerEvent: number;
  /** Mean wall time of one router invocation (the handler's work: pipeline, report line, metrics), warm. */
  stormRouterMsPerInvocation: number;
  /** Bytes the router writes to its log per event: the report line and the metrics (EMF) documents. */
  stormLogBytesPerEvent: number;
  /** Of which EMF metric documents. */
  stormEmfBytesPerEvent: number;
}

/** Options of {@link benchNoiseStorm}. */
export interface NoiseStormOptions {
  /** The local DynamoDB the state table is created in. */
  dynamo: DynamoProcess;
  /** The router's memory size (serverless.yml): Lambda's REPORT line prints it. */
  memoryMb: number;
}

/** What {@link benchNoiseStorm} measured: its figures, and the usage the cost is worked from. */
export interface NoiseStormResult {
  figures: NoiseStormFigures;
  usage: StormUsage;
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
const TABLE = 'herald-state-noise-storm';
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

const gateOutcomeOf = (report: EventReport): string => (report.outcome === 'alert' ? report.gate : 'skipped');

const minutes = (ms: number): string => (ms % MINUTE_MS === 0 ? `${ms / MINUTE_MS}m` : `${ms / 1000}s`);

/**
 * Runs the storm and prints its figures. Events are processed one at a time, as one warm
 * router instance would, each wrapped as the router's handler wraps it (Lambda context on the
 * logger, one report line, metrics flushed at the end); the gate, the state store and the
 * digest runs share the simulated clock, so throttles and windows expire as they would over
 * the real half hour.
 */
export const benchNoiseStorm = async ({ dynamo, memoryMb }: NoiseStormOptions): Promise<NoiseStormResult> => {
  const inputs = stormInputs();
  await dynamo.createStateTable(TABLE);
  const stateUsage = new DynamoUsage();
  const idempotencyUsage = new DynamoUsage();
  const stateClient = countingDynamoClient(dynamo.endpoint, stateUsage);
  const idempotencyClient = countingDynamoClient(dynamo.endpoint, idempotencyUsage);

  let clock = STORM_START;
  const now = (): number => clock;
  let failOpen = 0;
  const config = compileConfigText(configText, 'herald.yml');
  const observe = createObservability('ecs-herald');
  const store = new DynamoDbStateStore({ tableName: TABLE, client: stateClient, now });
  const publisher = new CountingPublisher(config);
  // The router's own composition (functions/router.ts), with local adapters.
  const { pipeline, processDue } = createHeraldPipeline({
    config,
    store,
    idempotency: createDynamoDbIdempotencyStore({ tableName: TABLE, client: idempotencyClient }),
    publisher,
    deadLetters: new MemoryDeadLetters(),
    enrich: new EventOnlyContextProvider(),
    now,
    onFailOpen: (stage, error) => {
      failOpen += 1;
      observe.failOpen(stage, error);
    },
  });

  const outcomes = new Map<InputKind, Map<string, number>>(INPUT_KINDS.map((kind) => [kind, new Map()]));
  let stormRoute: RouteMatch | undefined;
  let digestRuns = 0;
  let digestRunRequests = 0;
  let digestsAtEnd = 0;
  /** The scheduled digest function, run at `upTo` on the simulated clock. */
  const runDigests = async (upTo: number): Promise<number> => {
    if (Number.isFinite(upTo)) clock = upTo;
    const before = stateUsage.totalRequests();
    const reports = (await processDue(upTo)).filter((r) => r.kind === 'digest');
    digestRuns += 1;
    digestRunRequests += stateUsage.totalRequests() - before;
    return reports.length;
  };
  /** One invocation of the router's handler (functions/router.ts), timed as Lambda bills it. */
  let invocationMs = 0;
  let billedMs = 0;
  let platformLogBytes = 0;
  const invokeRouter = async (input: StormInput): Promise<EventReport> => {
    const context = lambdaContext('ecs-herald-router', `bench-${input.event.id}`, performance.now() + ROUTER_TIMEOUT_MS);
    const started = performance.now();
    const report = await observe.invoke(context, async () => {
      pipeline.registerLambdaContext(context);
      const processed = await pipeline.processEvent(input.event);
      recordReport(processed, observe.logger, observe, now);
      return processed;
    });
    const ms = performance.now() - started;
    invocationMs += ms;
    billedMs += Math.ceil(ms);
    platformLogBytes += lambdaPlatformLogBytes(ms, memoryMb);
    return report;
  };

  const started = performance.now();
  const output = captureOutput();
  try {
    let nextRun = STORM_START + MINUTE_MS;
    for (const input of inputs) {
      for (; nextRun <= input.at; nextRun += MINUTE_MS) await runDigests(nextRun);
      clock = input.at;
      const report = await invokeRouter(input);
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
    output.stop();
    stateClient.destroy();
    idempotencyClient.destroy();
  }
  const elapsedMs = performance.now() - started;

  const eventsIn = inputs.length;
  const notifications = publisher.messages;
  const groupIntervalMs = stormRoute?.options.groupIntervalMs ?? 300_000;
  const windows = Math.ceil(STORM_MS / groupIntervalMs);
  const goal = SERVICES * (1 + windows) + SERVICES;
  const usage = stateUsage.snapshot();
  usage.add(idempotencyUsage);
  const requests = usage.totalRequests();
  const gateOutcomes: Record<string, number> = {};
  for (const counts of outcomes.values()) for (const [outcome, n] of counts) gateOutcomes[outcome] = (gateOutcomes[outcome] ?? 0) + n;
  const { tally } = output;
  const figures: NoiseStormFigures = {
    stormNotifications: notifications,
    stormNotificationsByKind: { ...publisher.byKind },
    stormNotificationsGoal: goal,
    stormDynamoRequestsPerEvent: rounded(requests / eventsIn, 3),
    stormIdempotencyRequestsPerEvent: rounded(idempotencyUsage.totalRequests() / eventsIn, 3),
    stormGateOutcomes: gateOutcomes,
    stormDigestsAfterResolved: publisher.digestsAfterResolved,
    stormResolvedAlertsCounted: publisher.resolvedAlerts,
    stormFailOpen: failOpen,
    stormGateMsPerEvent: rounded(elapsedMs / eventsIn, 3),
    stormWriteUnitsPerEvent: rounded(usage.totalWriteUnits() / eventsIn, 3),
    stormReadUnitsPerEvent: rounded(usage.totalReadUnits() / eventsIn, 3),
    stormRouterMsPerInvocation: rounded(invocationMs / eventsIn, 3),
    stormLogBytesPerEvent: Math.round(tally.bytes / eventsIn),
    stormEmfBytesPerEvent: Math.round(tally.emfBytes / eventsIn),
  };

  const count = (kind: InputKind): number => inputs.filter((i) => i.kind === kind).length;
  const listOutcomes = (counts: ReadonlyMap<string, number> | undefined): string =>
    [...GATE_OUTCOMES, 'skipped'].filter((o) => (counts?.get(o) ?? 0) > 0).map((o) => `${o} ${counts?.get(o) ?? 0}`).join(', ');
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
  console.log(`  DynamoDB requests ${requests}: ${figures.stormDynamoRequestsPerEvent} per event (goal <= 1.5)`);
  console.log(`    state store ${stateUsage.totalRequests()} (${stateUsage.describeRequests()}; ${digestRuns} digest runs ${digestRunRequests})`);
  console.log(`    idempotency ${idempotencyUsage.totalRequests()} (${idempotencyUsage.describeRequests()})`);
  console.log(`    billed: ${usage.totalWriteUnits()} write units, ${usage.totalReadUnits()} read units: ${figures.stormWriteUnitsPerEvent} WRU + ${figures.stormReadUnitsPerEvent} RRU per event`);
  console.log(`  router invocation ${figures.stormRouterMsPerInvocation} ms mean (warm, loopback DynamoDB in another process); ${figures.stormGateMsPerEvent} ms per event with the digest runs, ${(elapsedMs / 1000).toFixed(1)} s in all`);
  console.log(`  router log ${figures.stormLogBytesPerEvent} bytes per event (${tally.lines} lines, EMF ${figures.stormEmfBytesPerEvent} bytes per event), + Lambda's START/END/REPORT ${Math.round(platformLogBytes / eventsIn)}`);
  const usageForCost: StormUsage = {
    events: eventsIn,
    invocations: eventsIn,
    billedMs,
    memoryMb,
    writeUnits: usage.totalWriteUnits(),
    readUnits: usage.totalReadUnits(),
    snsRequests: publisher.snsRequests,
    emailNotifications: publisher.emailNotifications,
    logBytes: tally.bytes + platformLogBytes,
  };
  return { figures, usage: usageForCost };
};
