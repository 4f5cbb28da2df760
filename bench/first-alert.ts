// DynamoDB requests of one incident from the start, on a fresh table: the first OOM kill of a
// service (nothing known yet: every lookup misses, every claim is new), then its recovery (the
// steady state, and the digest run that sends the resolved message once the hold is over).
// The router's composition with default herald.yml, counted as the noise storm counts.
import configText from '../herald.yml';
import { compileConfigText } from '../shared/compile';
import { MemoryDeadLetters } from '../shared/deliver';
import { EventOnlyContextProvider } from '../shared/enrich';
import { createHeraldPipeline } from '../shared/pipeline';
import { createDynamoDbIdempotencyStore, DynamoDbStateStore } from '../shared/state';
import steadyStateEvent from '../test/fixtures/events/ecs-service-action/steady-state.json';
import oomEvent from '../test/fixtures/events/ecs-task/stopped-oom.json';
import { countingDynamoClient, DynamoUsage } from './dynamo-usage';
import type { DynamoProcess } from './local-dynamo';
import { CountingPublisher } from './publisher';

/** What {@link benchFirstAlert} adds to the `--json` figures. */
export interface FirstAlertFigures {
  /** Requests (state store and idempotency) for the first alert of a fresh table. */
  firstAlertDynamoRequests: number;
  /** Requests to resolve it: the steady-state event, and the digest run that sends the resolved message. */
  resolutionDynamoRequests: number;
}

const TABLE = 'herald-state-first-alert';
const MINUTE_MS = 60_000;
/** EventBridge's `time`: whole seconds. */
const eventTime = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** Runs the incident on `dynamo` and prints each step's requests by operation. */
export const benchFirstAlert = async (dynamo: DynamoProcess): Promise<FirstAlertFigures> => {
  await dynamo.createStateTable(TABLE);
  const usage = new DynamoUsage();
  const client = countingDynamoClient(dynamo.endpoint, usage);
  const config = compileConfigText(configText, 'herald.yml');
  const publisher = new CountingPublisher(config);
  let clock = Date.parse(oomEvent.time);
  const now = (): number => clock;
  const { pipeline, processDue } = createHeraldPipeline({
    config,
    store: new DynamoDbStateStore({ tableName: TABLE, client, now }),
    idempotency: createDynamoDbIdempotencyStore({ tableName: TABLE, client }),
    publisher,
    deadLetters: new MemoryDeadLetters(),
    enrich: new EventOnlyContextProvider(),
    now,
  });
  /** Runs `step` at `at` on the simulated clock; what it cost. */
  const measure = async <T>(at: number, step: () => Promise<T>): Promise<{ cost: DynamoUsage; result: T }> => {
    clock = at;
    const before = usage.snapshot();
    const result = await step();
    return { cost: usage.since(before), result };
  };

  try {
    const start = clock;
    const { cost: first, result: report } = await measure(start, () => pipeline.processEvent(structuredClone(oomEvent)));
    const sentFirst = publisher.byKind.alert;
    const holdMs = report?.outcome === 'alert' ? (report.routes[0]?.options.resolveHoldMs ?? 0) : 0;
    // The first alert's group window (group_interval, 5 minutes) ends with nothing counted.
    const { cost: window } = await measure(start + 6 * MINUTE_MS, () => processDue(clock));
    const steadyAt = start + 7 * MINUTE_MS;
    const steady = structuredClone(steadyStateEvent);
    steady.id = 'first-alert-steady';
    steady.time = eventTime(steadyAt);
    steady.detail.createdAt = new Date(steadyAt).toISOString();
    const { cost: recovery } = await measure(steadyAt, () => pipeline.processEvent(steady));
    const { cost: idle } = await measure(steadyAt + holdMs - MINUTE_MS, () => processDue(clock));
    const { cost: resolving } = await measure(steadyAt + holdMs + MINUTE_MS, () => processDue(clock));
    const figures: FirstAlertFigures = {
      firstAlertDynamoRequests: first.totalRequests(),
      resolutionDynamoRequests: recovery.totalRequests() + resolving.totalRequests(),
    };
    console.log('\nfirst incident on a fresh table (default herald.yml; requests by the state store and idempotency)');
    console.log(`  first alert (OOM kill, ${sentFirst} sent): ${first.totalRequests()} requests (${first.describeRequests()}), ${first.totalWriteUnits()} WRU + ${first.totalReadUnits()} RRU`);
    console.log(`  its group window closing, nothing more counted: ${window.totalRequests()} (${window.describeRequests()})`);
    console.log(`  resolution: ${figures.resolutionDynamoRequests} requests = steady state ${recovery.totalRequests()} (${recovery.describeRequests()}) + digest run sending the resolved message (${publisher.byKind.resolved} sent) ${resolving.totalRequests()} (${resolving.describeRequests()}); an idle digest run: ${idle.totalRequests()}`);
    if (sentFirst !== 1 || publisher.byKind.resolved !== 1) console.log(`  WARNING: expected 1 first alert and 1 resolved message, got ${sentFirst} and ${publisher.byKind.resolved}`);
    return figures;
  } finally {
    client.destroy();
  }
};
