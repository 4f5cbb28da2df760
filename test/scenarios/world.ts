import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type LocalDynamo, startDynalite } from '../support/dynalite';
import { BUNDLE_SETS, type BundleSet, captureLogs, LambdaFunction, type LogLine } from '../support/lambda';
import { type EcsCatalog, type LocalEcs, recordedEcsCatalog, startLocalEcs, type WireObject } from '../support/local-ecs';
import { type LocalLogs, type LogStreams, startLocalLogs } from '../support/local-logs';
import { type LocalSns, startLocalSns } from '../support/local-sns';
import { type LocalSqs, startLocalSqs } from '../support/local-sqs';
import { createLoopbackCertificate, trustCertificate } from '../support/loopback-tls';
import { SqsEventSource } from '../support/sqs-event-source';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy';
import { type PublishedMessage, readMessages } from './messages';

// One loopback AWS per scenario, and the built Lambda bundles running against it: DynamoDB
// (dynalite, behind a TCP proxy that can hang), SNS, ECS and CloudWatch Logs (the scripted
// servers of test/support), and the dead-letter and remediation queues (https SQS endpoints
// with a certificate made for the run). Nothing leaves 127.0.0.1.

const REGION = 'us-west-2';
const ACCOUNT = '111122223333';
const ONCALL_ARN = `arn:aws:sns:${REGION}:${ACCOUNT}:ecs-herald-oncall`;
const STATE_TABLE = 'ecs-herald-state';
const CREDENTIALS = { AWS_ACCESS_KEY_ID: 'AKIDSCENARIOS', AWS_SECRET_ACCESS_KEY: 'scenarios-secret' };
/** serverless.yml: the router's timeout (provider default), the digest function's and the remediator's. */
const TIMEOUTS = { router: 120_000, digest: 60_000, remediator: 60_000 } as const;
/**
 * serverless.yml's RemediationQueue and its event source: `maxReceiveCount` (REMEDIATION_MAX_RECEIVES),
 * `VisibilityTimeout` (the wait before a failed decision is delivered again), `maximumConcurrency`.
 */
const REMEDIATION_QUEUE = { maxReceiveCount: 5, visibilityTimeoutMs: 360_000, maximumConcurrency: 2 } as const;

/**
 * Every timer API stays real (network timeouts, backoff, the servers' delays): only `Date` is
 * faked, so noise control's clock can jump hours ahead between two invocations.
 */
const REAL_TIMER_APIS = [
  'hrtime', 'nextTick', 'performance', 'queueMicrotask', 'requestAnimationFrame', 'cancelAnimationFrame', 'requestIdleCallback',
  'cancelIdleCallback', 'setImmediate', 'clearImmediate', 'setInterval', 'clearInterval', 'setTimeout', 'clearTimeout',
] as const;

/**
 * Waits for `promise`, but at most `ms` (real time); true when it settled in time. The timer is
 * cleared either way, so nothing is left to keep the process up.
 */
export const waitAtMost = async (promise: Promise<unknown>, ms: number): Promise<boolean> => {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    return await Promise.race([promise.then(() => true), expired]);
  } finally {
    clearTimeout(timer);
  }
};

/** Options of {@link startWorld}. */
export interface WorldOptions {
  /** Where the simulated clock starts (epoch ms). */
  startAt: number;
  /** What the local ECS knows. @default the recorded catalog (cluster prod, service payments-api) */
  ecsCatalog?: EcsCatalog;
  /** At most this many router environments at once. @default no limit */
  routerConcurrency?: number;
  /**
   * Start this many router environments and use them in turn. A simulated hour passes in a
   * second or so of real time, and the router's client-side ECS pacing (a token bucket on
   * the real clock, 10 calls a second) would slow a single environment to a crawl that no
   * real hour of one call a minute ever sees; Lambda may run any warm environment anyway.
   * @default one environment reused while it is idle
   */
  spreadRouterOver?: number;
  /** Which herald.yml the bundles embed. @default 'shipped' (the repository's: its actions are dry runs) */
  bundles?: BundleSet;
  /** What the local CloudWatch Logs holds. @default the recorded crash of payments-api alone */
  logStreams?: LogStreams;
  /** Environment variables set on top of serverless.yml's (endpoints of more loopback services). @default none */
  environment?: Readonly<Record<string, string>>;
}

/** A scenario's loopback AWS and the functions running on it. */
export interface World {
  dynamo: LocalDynamo;
  /** Between the functions and dynalite: `hang()` stalls every DynamoDB request. */
  dynamoProxy: TcpProxy;
  sns: LocalSns;
  ecs: LocalEcs;
  cloudWatchLogs: LocalLogs;
  /** The dead-letter queue (https). */
  deadLetterQueue: LocalSqs;
  /** The remediation queue (https): the router's decisions, as serverless.yml gives it `HERALD_REMEDIATION_QUEUE_URL`. */
  remediationQueue: LocalSqs;
  router: LambdaFunction;
  digest: LambdaFunction;
  /** Not loaded until a decision is delivered to it. */
  remediator: LambdaFunction;
  /**
   * The remediator's SQS trigger: `drain()` delivers the decisions queued so far, and again
   * those it reports failed (the clock moves on by the visibility timeout each time) until they
   * succeed or reach the dead-letter queue.
   */
  remediationEvents: SqsEventSource;
  /** What the functions logged (captured until `close()`: report figures after it). */
  logLines: readonly LogLine[];
  /** Every message SNS accepted so far. */
  messages(): PublishedMessage[];
  /** Sets the simulated clock (`Date`) to `ms`. */
  setClock(ms: number): void;
  /** Runs the digest function once (the scheduled rule fires), failing the test if it throws. */
  runDigest(): Promise<void>;
  /** Stops everything and puts the process back as it was; a second call does nothing. */
  close(): Promise<void>;
}

/** The recorded catalog plus copies of its service under other names, so lookups of them succeed. */
export const catalogWithServices = (names: readonly string[]): EcsCatalog => {
  const catalog = recordedEcsCatalog();
  const [template] = catalog.services;
  if (template === undefined) throw new Error('the recorded ECS catalog has no service');
  const copies: WireObject[] = names.map((name) => ({
    ...structuredClone(template),
    serviceName: name,
    serviceArn: `arn:aws:ecs:${REGION}:${ACCOUNT}:service/prod/${name}`,
  }));
  return { ...catalog, services: [...catalog.services, ...copies] };
};

/**
 * Starts a scenario's world: servers, environment variables (as serverless.yml sets them),
 * fake `Date` at `startAt`, the router and digest functions (not loaded until first invoked),
 * and log capture. `close()` undoes all of it.
 */
export const startWorld = async (options: WorldOptions): Promise<World> => {
  jest.useFakeTimers({ doNotFake: [...REAL_TIMER_APIS], now: options.startAt });
  const certificate = createLoopbackCertificate();
  const [dynamo, sns, ecs, logs, deadLetterQueue, remediationQueue] = await Promise.all([
    startDynalite(),
    startLocalSns(),
    startLocalEcs(options.ecsCatalog),
    startLocalLogs(options.logStreams),
    startLocalSqs({ tls: certificate }),
    startLocalSqs({ tls: certificate }),
  ]);
  const remediationQueueUrl = remediationQueue.queueUrl('ecs-herald-remediation');
  await dynamo.createStateTable(STATE_TABLE);
  const dynamoProxy = await startTcpProxy(dynamo.endpoint);
  const untrust = trustCertificate(certificate.cert);

  const saved = new Map<string, string | undefined>();
  const noAwsFiles = join(tmpdir(), 'ecs-herald-scenarios-no-aws-config');
  const env: Record<string, string | undefined> = {
    AWS_REGION: REGION,
    ...CREDENTIALS,
    AWS_SESSION_TOKEN: undefined,
    AWS_PROFILE: undefined,
    // A developer's ~/.aws files must not change the clients' region, credentials or endpoints.
    AWS_CONFIG_FILE: noAwsFiles,
    AWS_SHARED_CREDENTIALS_FILE: noAwsFiles,
    AWS_ENDPOINT_URL: undefined,
    AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: undefined,
    AWS_ENDPOINT_URL_DYNAMODB: dynamoProxy.endpoint,
    AWS_ENDPOINT_URL_SNS: sns.endpoint,
    AWS_ENDPOINT_URL_ECS: ecs.endpoint,
    AWS_ENDPOINT_URL_CLOUDWATCH_LOGS: logs.endpoint,
    // The SQS client sends to the queue URL's host (herald's settings require https).
    AWS_ENDPOINT_URL_SQS: undefined,
    HERALD_TOPICS: JSON.stringify({ oncall: ONCALL_ARN }),
    HERALD_STATE_TABLE: STATE_TABLE,
    HERALD_DEAD_LETTER_QUEUE_URL: deadLetterQueue.queueUrl('ecs-herald-dead-letters'),
    // Read by the router only (the remediator's environment has the other three).
    HERALD_REMEDIATION_QUEUE_URL: remediationQueueUrl,
    POWERTOOLS_DEV: undefined,
    ...options.environment,
  };
  for (const [name, value] of Object.entries(env)) {
    saved.set(name, process.env[name]);
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }

  const bundles = BUNDLE_SETS[options.bundles ?? 'shipped'];
  const router = new LambdaFunction({
    name: 'ecs-herald-router',
    bundle: bundles.router,
    timeoutMs: TIMEOUTS.router,
    maxConcurrency: options.routerConcurrency,
    reuse: options.spreadRouterOver === undefined ? 'last-used' : 'least-recently-used',
  });
  router.prewarm(options.spreadRouterOver ?? 0);
  // reservedConcurrency: 1 in serverless.yml.
  const digest = new LambdaFunction({ name: 'ecs-herald-digest', bundle: bundles.digest, timeoutMs: TIMEOUTS.digest, maxConcurrency: 1 });
  const remediator = new LambdaFunction({ name: 'ecs-herald-remediator', bundle: bundles.remediator, timeoutMs: TIMEOUTS.remediator, maxConcurrency: REMEDIATION_QUEUE.maximumConcurrency });
  const remediationEvents = new SqsEventSource({
    queue: remediationQueue,
    queueUrl: remediationQueueUrl,
    target: remediator,
    maxReceiveCount: REMEDIATION_QUEUE.maxReceiveCount,
    onVisibilityTimeout: () => jest.setSystemTime(Date.now() + REMEDIATION_QUEUE.visibilityTimeoutMs),
  });
  const capture = captureLogs();
  let closed = false;

  return {
    dynamo,
    dynamoProxy,
    sns,
    ecs,
    cloudWatchLogs: logs,
    deadLetterQueue,
    remediationQueue,
    router,
    digest,
    remediator,
    remediationEvents,
    logLines: capture.lines,
    messages: () => readMessages(sns.requests),
    setClock: (ms) => jest.setSystemTime(ms),
    async runDigest() {
      const run = await digest.invoke({ source: 'aws.events', 'detail-type': 'Scheduled Event' });
      if (run.error !== undefined) throw run.error;
    },
    async close() {
      if (closed) return;
      closed = true;
      capture.stop();
      untrust();
      for (const [name, value] of saved) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
      jest.useRealTimers();
      await Promise.all([dynamoProxy.close(), sns.close(), ecs.close(), logs.close(), deadLetterQueue.close(), remediationQueue.close()]);
      await dynamo.close();
    },
  };
};
