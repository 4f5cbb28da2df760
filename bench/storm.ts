// A storm of stopped tasks through parse + normalize + the live context provider, against
// loopback ECS and CloudWatch Logs endpoints started here: how many AWS calls the enrich
// stage makes per event when 20 services crash-loop at once. Ratios, not a timed test.
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { ECSClient } from '@aws-sdk/client-ecs';
import { performance } from 'node:perf_hooks';
import { parseEvent } from '../shared/events';
import { AwsContextProvider } from '../shared/enrich';
import { EcsContextReader } from '../shared/enrich/ecs';
import { LogTailReader } from '../shared/enrich/logs';
import { createRedactor } from '../shared/enrich/redact';
import { normalizeEvent } from '../shared/normalize';
import oomEvent from '../test/fixtures/events/ecs-task/stopped-oom.json';
import { type EcsCatalog, recordedEcsCatalog, startLocalEcs } from '../test/support/local-ecs';
import { RECORDED_CRASH_LINES, startLocalLogs } from '../test/support/local-logs';

/** What {@link benchStorm} adds to the `--json` figures. */
export interface StormFigures {
  stormServices: number;
  /** ECS API requests (retries included) per event; goal <= 0.01. */
  stormEcsCallsPerEvent: number;
  /** GetLogEvents requests per alert that asked for a log tail; goal <= 1. */
  stormLogFetchesPerAlert: number;
  /** Wall time per event, parse to enriched alert, one warm instance. */
  stormMsPerEvent: number;
}

const EVENTS = 10_000;
const SERVICES = 20;
/**
 * Events in flight at once. The router Lambda handles one event per invocation; a few warm
 * invocations overlapping on one instance's module-scope readers is the case the caches and
 * request batching are for.
 */
const CONCURRENCY = 8;
/** The names the templates use, replaced per service and per task. */
const TEMPLATE_SERVICE = 'payments-api';
const TEMPLATE_TASK_ID = 'cbc32545b881445133440842bacf91ce';
const REGION = 'us-west-2';

const serviceName = (n: number): string => `svc-${n}`;
/** A 32-hex task id, unique per event. */
const taskIdOf = (n: number): string => `${n.toString(16).padStart(8, '0')}b881445133440842bacf91ce`;

/** The recorded payments-api service, task definitions and cluster, copied once per storm service. */
const stormCatalog = (): EcsCatalog => {
  const recorded = recordedEcsCatalog();
  const copies = <T>(item: T): T[] =>
    Array.from({ length: SERVICES }, (_, n) => JSON.parse(JSON.stringify(item).replaceAll(TEMPLATE_SERVICE, serviceName(n))) as T);
  return {
    ...recorded,
    services: recorded.services.flatMap(copies),
    taskDefinitions: recorded.taskDefinitions.flatMap(copies),
    tasks: [],
  };
};

/** Event `n`: the OOM fixture for service `svc-(n % 20)`, with its own task and event id. */
const stormEvents = (): unknown[] => {
  const template = JSON.stringify(oomEvent);
  return Array.from({ length: EVENTS }, (_, n) => {
    const event = JSON.parse(
      template.replaceAll(TEMPLATE_SERVICE, serviceName(n % SERVICES)).replaceAll(TEMPLATE_TASK_ID, taskIdOf(n)),
    ) as Record<string, unknown>;
    event.id = `storm-${n}`;
    return event;
  });
};

/**
 * Runs the storm and prints its figures. The log reader's pace is lifted: at the default five
 * GetLogEvents calls per second, 10,000 alerts would take over half an hour; the figure that
 * matters here is how many calls each alert costs, not how long the quota makes them wait.
 */
export const benchStorm = async (): Promise<StormFigures> => {
  const events = stormEvents();
  const [ecsServer, logsServer] = await Promise.all([
    startLocalEcs(stormCatalog()),
    startLocalLogs((group, stream) => (/^\/ecs\/svc-\d+$/.test(group) && stream.startsWith(`ecs${group.slice('/ecs'.length)}/`) ? RECORDED_CRASH_LINES : undefined)),
  ]);
  const credentials = { accessKeyId: 'x', secretAccessKey: 'x' };
  const ecsClient = new ECSClient({ endpoint: ecsServer.endpoint, region: REGION, credentials, maxAttempts: 2 });
  const logsClient = new CloudWatchLogsClient({ endpoint: logsServer.endpoint, region: REGION, credentials, maxAttempts: 2 });
  const provider = new AwsContextProvider({
    ecs: new EcsContextReader({ client: ecsClient }),
    logs: new LogTailReader({ client: logsClient, redactor: createRedactor(), rateLimitPerSecond: 1e9 }),
  });

  let alerts = 0;
  let wantedTail = 0;
  let gotTail = 0;
  let partial = 0;
  const enrichOne = async (raw: unknown): Promise<void> => {
    const parsed = parseEvent(raw);
    if (!parsed.ok) return;
    const alert = normalizeEvent(parsed.event);
    const context = await provider.enrich(alert);
    alerts += 1;
    if (alert.severity !== 'info' && alert.labels.taskId !== undefined) wantedTail += 1;
    if (context.logTail !== undefined) gotTail += 1;
    if (context.failures.length > 0) partial += 1;
  };

  const started = performance.now();
  try {
    let next = 0;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < events.length) {
          const event = events[next];
          next += 1;
          await enrichOne(event);
        }
      }),
    );
  } finally {
    ecsClient.destroy();
    logsClient.destroy();
    await Promise.all([ecsServer.close(), logsServer.close()]);
  }
  const elapsedMs = performance.now() - started;

  const ecsCalls = ecsServer.requests.length;
  const logFetches = logsServer.requestsFor('GetLogEvents').length;
  const figures: StormFigures = {
    stormServices: SERVICES,
    stormEcsCallsPerEvent: Number((ecsCalls / EVENTS).toFixed(4)),
    stormLogFetchesPerAlert: Number((logFetches / Math.max(1, wantedTail)).toFixed(3)),
    stormMsPerEvent: Number((elapsedMs / EVENTS).toFixed(3)),
  };
  const byOperation = [...new Set(ecsServer.requests.map((r) => r.operation))].map((op) => `${op} ${ecsServer.requestsFor(op).length}`).join(', ');
  console.log(`\nstorm: ${EVENTS} stopped tasks across ${SERVICES} services, ${CONCURRENCY} in flight, parse + normalize + enrich (loopback ECS and Logs)`);
  console.log(`  alerts ${alerts}, with a log tail ${gotTail}, partially enriched ${partial}`);
  console.log(`  ECS calls ${ecsCalls} (${byOperation}): ${figures.stormEcsCallsPerEvent} per event (goal <= 0.01)`);
  console.log(`  GetLogEvents ${logFetches}: ${figures.stormLogFetchesPerAlert} per alert (goal <= 1; one per crashed task, each its own stream)`);
  console.log(`  ${figures.stormMsPerEvent} ms per event (GetLogEvents pace lifted from 5/s)`);
  return figures;
};
