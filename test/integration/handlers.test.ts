import type { Context, EventBridgeEvent } from 'aws-lambda';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { RetryableDeliveryError, SNS_MAX_ATTEMPTS } from '../../shared/deliver';
import { type LocalDynamo, startDynalite } from '../support/dynalite';
import { loadRawFixture } from '../support/fixtures';
import { type LocalEcs, startLocalEcs } from '../support/local-ecs';
import { type LocalLogs, startLocalLogs } from '../support/local-logs';
import { type LocalSns, type SnsRequest, startLocalSns } from '../support/local-sns';

// The Lambda entry points as deployed (functions/router.ts, functions/digest.ts): the repository's
// herald.yml, settings and SDK clients built at module scope from the environment, and every
// AWS API they call answered on loopback: DynamoDB by dynalite (idempotency and noise control),
// SNS, ECS and CloudWatch Logs by the scripted servers in test/support. Nothing leaves 127.0.0.1.
//
// Not covered here: a dead letter. HERALD_DEAD_LETTER_QUEUE_URL must be an https URL, and the
// SQS client sends to the QueueUrl's host rather than to AWS_ENDPOINT_URL_SQS (its
// queueUrlMiddleware only defers to an `endpoint` given to the constructor), so the plain-http
// local SQS cannot receive one; test/integration/sns-delivery.test.ts covers SqsDeadLetters.

const REGION = 'us-west-2';
const ACCOUNT = '111122223333';
const ONCALL_ARN = `arn:aws:sns:${REGION}:${ACCOUNT}:ecs-herald-oncall`;
const STATE_TABLE = 'ecs-herald-state';
const CREDENTIALS = { AWS_ACCESS_KEY_ID: 'AKIDHANDLERSTEST', AWS_SECRET_ACCESS_KEY: 'handlers-test-secret' };
/** herald.yml groups a service's alerts into 5-minute windows; the digest function runs after one ended. */
const PAST_THE_WINDOW_MS = 6 * 60_000;
/** The task of the OOM fixture, replaced to make another crash of the same service. */
const OOM_TASK_ID = 'cbc32545b881445133440842bacf91ce';

/** Every timer API real: only `Date` is faked, so the noise-control clock can jump past a window. */
const REAL_TIMER_APIS = [
  'hrtime', 'nextTick', 'performance', 'queueMicrotask', 'requestAnimationFrame', 'cancelAnimationFrame', 'requestIdleCallback',
  'cancelIdleCallback', 'setImmediate', 'clearImmediate', 'setInterval', 'clearInterval', 'setTimeout', 'clearTimeout',
] as const;

/** A JSON line the handlers' Powertools Logger wrote (EMF metric lines are left out). */
interface LogLine {
  level?: string;
  message?: string;
  [field: string]: unknown;
}

/** One handler invocation: what SNS received meanwhile, what was logged, what it threw. */
interface Invocation {
  published: SnsRequest[];
  logs: LogLine[];
  error?: unknown;
  elapsedMs: number;
}

let dynamo: LocalDynamo;
let sns: LocalSns;
let ecs: LocalEcs;
let logs: LocalLogs;
let router: typeof import('../../functions/router');
let digest: typeof import('../../functions/digest');
let startedAt: number;
const savedEnv = new Map<string, string | undefined>();

/** Sets (or, with undefined, removes) environment variables, keeping the old values for {@link restoreEnv}. */
const setEnv = (vars: Record<string, string | undefined>): void => {
  for (const [name, value] of Object.entries(vars)) {
    if (!savedEnv.has(name)) savedEnv.set(name, process.env[name]);
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
};
const restoreEnv = (): void => {
  for (const [name, value] of savedEnv) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  savedEnv.clear();
};

beforeAll(async () => {
  // Before the import: the gate captures Date.now when the module builds it.
  jest.useFakeTimers({ doNotFake: [...REAL_TIMER_APIS] });
  startedAt = Date.now();
  [dynamo, sns, ecs, logs] = await Promise.all([startDynalite(), startLocalSns(), startLocalEcs(), startLocalLogs()]);
  await dynamo.createStateTable(STATE_TABLE);
  const noAwsFiles = join(tmpdir(), 'ecs-herald-handlers-test-no-aws-config');
  setEnv({
    AWS_REGION: REGION,
    ...CREDENTIALS,
    AWS_SESSION_TOKEN: undefined,
    AWS_PROFILE: undefined,
    // A developer's ~/.aws files must not change the clients' region, credentials or endpoints.
    AWS_CONFIG_FILE: noAwsFiles,
    AWS_SHARED_CREDENTIALS_FILE: noAwsFiles,
    AWS_ENDPOINT_URL: undefined,
    AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: undefined,
    AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
    AWS_ENDPOINT_URL_SNS: sns.endpoint,
    AWS_ENDPOINT_URL_ECS: ecs.endpoint,
    AWS_ENDPOINT_URL_CLOUDWATCH_LOGS: logs.endpoint,
    HERALD_TOPICS: JSON.stringify({ oncall: ONCALL_ARN }),
    HERALD_STATE_TABLE: STATE_TABLE,
    // Nothing listens on port 9 of loopback: a dead letter would fail here, not reach AWS.
    HERALD_DEAD_LETTER_QUEUE_URL: `https://127.0.0.1:9/${ACCOUNT}/ecs-herald-dead-letters`,
  });
  // Module scope reads the environment: import only now.
  router = await import('../../functions/router');
  digest = await import('../../functions/digest');
});

afterAll(async () => {
  restoreEnv();
  jest.useRealTimers();
  await Promise.all([dynamo?.close(), sns?.close(), ecs?.close(), logs?.close()]);
});

/** A Lambda context as the runtime passes it; Powertools idempotency reads the remaining time. */
const lambdaContext = (functionName: string, awsRequestId: string): Context => ({
  callbackWaitsForEmptyEventLoop: true,
  functionName,
  functionVersion: '$LATEST',
  invokedFunctionArn: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${functionName}`,
  memoryLimitInMB: '256',
  awsRequestId,
  logGroupName: `/aws/lambda/${functionName}`,
  logStreamName: '2026/05/12/[$LATEST]0f1e2d3c4b5a69788796a5b4c3d2e1f0',
  getRemainingTimeInMillis: () => 25_000,
  done: () => undefined,
  fail: () => undefined,
  succeed: () => undefined,
});

const parseLogLines = (written: readonly string[]): LogLine[] =>
  written
    .join('')
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as LogLine)
    .filter((line) => typeof line.message === 'string');

/** Runs one invocation with the handlers' log output captured (Powertools writes to stdout and stderr). */
const invoke = async (call: () => Promise<void>): Promise<Invocation> => {
  const from = sns.requests.length;
  const written: string[] = [];
  const keep = (chunk: unknown): boolean => {
    written.push(String(chunk));
    return true;
  };
  const stdout = jest.spyOn(process.stdout, 'write').mockImplementation(keep);
  const stderr = jest.spyOn(process.stderr, 'write').mockImplementation(keep);
  const started = performance.now();
  let error: unknown;
  try {
    await call();
  } catch (thrown) {
    error = thrown;
  } finally {
    stdout.mockRestore();
    stderr.mockRestore();
  }
  return { published: sns.requests.slice(from), logs: parseLogLines(written), error, elapsedMs: performance.now() - started };
};

let requests = 0;
/** The router handler on an event; events are plain JSON as EventBridge delivers them, malformed ones included. */
const route = (event: object): Promise<Invocation> =>
  invoke(() => router.handler(event as EventBridgeEvent<string, unknown>, lambdaContext('ecs-herald-router', `router-request-${++requests}`)));
/** The scheduled digest handler (it takes no event). */
const flush = (): Promise<Invocation> => invoke(() => digest.handler());

/** The `event processed` line of an invocation, which must be all it logged: one line per event, no warnings. */
const processedLine = (invocation: Invocation): LogLine => {
  expect(invocation.logs.map((l) => l.message)).toEqual(['event processed']);
  return invocation.logs[0] ?? {};
};

/** The OOM fixture as another crash: another task (of `service`), under event id `id`. */
const anotherOom = (id: string, taskId: string, service = 'payments-api'): Record<string, unknown> => {
  const event = loadRawFixture('ecs-task/stopped-oom');
  // The task id is in the resources, the task and container ARNs and the runtime ids.
  const moved = JSON.parse(JSON.stringify(event).replaceAll(OOM_TASK_ID, taskId)) as Record<string, unknown>;
  const detail = moved.detail as Record<string, unknown>;
  return { ...moved, id, detail: { ...detail, group: `service:${service}` } };
};

const attribute = (stringValue: string) => ({ dataType: 'String', stringValue });
const scopeAttributes = { cluster: attribute('prod'), service: attribute('payments-api'), account: attribute(ACCOUNT), region: attribute(REGION) };

describe('the router and digest handlers, end to end on loopback AWS', () => {
  describe('an OOM storm on prod/payments-api, its digest and its recovery', () => {
    const oom = loadRawFixture('ecs-task/stopped-oom');

    it('publishes the first OOM kill once to oncall, enriched from ECS and CloudWatch Logs', async () => {
      const first = await route(oom);

      expect(first.error).toBeUndefined();
      expect(first.published).toHaveLength(1);
      const [publish] = first.published;
      expect(publish).toMatchObject({
        action: 'Publish',
        topicArn: ONCALL_ARN,
        outcome: 200,
        subject: '[CRITICAL] oom: container payments-api killed: out of memory (exit 137) | prod/payments-api',
      });
      expect(publish?.headers.authorization).toMatch(new RegExp(`^AWS4-HMAC-SHA256 Credential=${CREDENTIALS.AWS_ACCESS_KEY_ID}/\\d{8}/${REGION}/sns/aws4_request, `));
      expect(publish?.attributes).toEqual({
        severity: attribute('critical'),
        category: attribute('oom'),
        status: attribute('firing'),
        route: attribute('critical'),
        ...scopeAttributes,
      });
      // The module-scope ECS and Logs clients found their loopback endpoints through the environment.
      expect(ecs.requests.map((r) => r.operation).sort()).toEqual(['DescribeClusters', 'DescribeServices', 'DescribeTaskDefinition']);
      expect(logs.requestsFor('GetLogEvents')).toHaveLength(1);
      expect(publish?.message).toContain('FATAL ERROR: Reached heap limit');
      expect(publish?.message).not.toContain('Partially enriched');
      expect(processedLine(first)).toMatchObject({
        level: 'INFO',
        eventId: oom.id,
        outcome: 'delivered',
        gate: 'sent',
        cluster: 'prod',
        ecsService: 'payments-api',
        deliveries: ['oncall:sent'],
        // The Lambda context on the line, as Powertools' injectLambdaContext puts it.
        function_name: 'ecs-herald-router',
        function_request_id: expect.stringMatching(/^router-request-\d+$/),
        cold_start: expect.any(Boolean),
      });
    });

    it('does not publish the same event again (the version record of its task, on the state table, holds its id)', async () => {
      const again = await route(oom);

      expect(again.error).toBeUndefined();
      expect(again.published).toEqual([]);
      expect(processedLine(again)).toMatchObject({ eventId: oom.id, outcome: 'duplicate', gate: 'duplicate', mutedBy: expect.stringContaining(`event ${String(oom.id)} already received`) });
    });

    it('does not publish a second OOM kill of the service (another task, another event id): throttled', async () => {
      const second = anotherOom('5b0e6a3c-0d7e-4c52-9a51-2f6c1c6e0b01', '0a4e6f8b2c3d4e5f6a7b8c9d0e1f2a3b');
      const throttled = await route(second);

      expect(throttled.error).toBeUndefined();
      expect(throttled.published).toEqual([]);
      expect(processedLine(throttled)).toMatchObject({ eventId: second.id, outcome: 'throttled', gate: 'throttled', mutedBy: 'same alert sent on route critical within throttle' });
    });

    it('publishes one digest of the throttled alert once the 5-minute window is over, and only once', async () => {
      jest.setSystemTime(startedAt + PAST_THE_WINDOW_MS);
      const run = await flush();

      expect(run.error).toBeUndefined();
      expect(run.published).toHaveLength(1);
      const [publish] = run.published;
      expect(publish).toMatchObject({ topicArn: ONCALL_ARN, outcome: 200, subject: expect.stringMatching(/^\[CRITICAL DIGEST\] 1 more alert in 5m \(oom 1\) \| prod\/payments-api$/) });
      expect(publish?.message).toContain('DIGEST: 1 alert of one group');
      expect(publish?.attributes).toMatchObject({ category: attribute('oom'), route: attribute('critical'), ...scopeAttributes });
      expect(run.logs.filter((l) => l.message === 'digest sent')).toEqual([expect.objectContaining({ route: 'critical', group: 'cluster=prod, service=payments-api', count: 1, deliveries: ['oncall:sent'] })]);

      const next = await flush();
      expect(next.published).toEqual([]);
      expect(next.logs.filter((l) => l.message === 'digest sent')).toEqual([]);
    });

    it('publishes one resolved message when the service has stayed steady for resolve_hold (30m)', async () => {
      // After the OOM kills (13:15:06): a recovery older than the incident's last alert would not end it.
      const steady = { ...loadRawFixture('ecs-service-action/steady-state'), id: '9d2f4c1e-7a3b-4e8d-b6c5-1f0a2e3d4c5b', time: '2026-05-12T13:21:06Z' };
      const recovered = await route(steady);

      expect(recovered.error).toBeUndefined();
      // Steady state is routine (route `routine`, no topics); the incident waits out its hold.
      expect(recovered.published).toEqual([]);
      expect(processedLine(recovered)).toMatchObject({ eventId: steady.id, routes: ['routine'] });

      jest.setSystemTime(startedAt + PAST_THE_WINDOW_MS + 29 * 60_000);
      expect((await flush()).published).toEqual([]);
      jest.setSystemTime(startedAt + PAST_THE_WINDOW_MS + 31 * 60_000);
      const run = await flush();
      expect(run.error).toBeUndefined();
      expect(run.published).toHaveLength(1);
      const [publish] = run.published;
      expect(publish).toMatchObject({ topicArn: ONCALL_ARN, outcome: 200, subject: expect.stringMatching(/^\[RESOLVED\] container payments-api killed: out of memory \(exit 137\) after 6m.* \| prod\/payments-api$/) });
      expect(publish?.message).toContain('RESOLVED: the oom incident');
      expect(publish?.attributes).toMatchObject({ status: attribute('resolved'), route: attribute('critical'), ...scopeAttributes });
      expect(run.logs.filter((l) => l.message === 'resolved sent')).toEqual([expect.objectContaining({ route: 'critical', deliveries: ['oncall:sent'] })]);
      expect((await flush()).published).toEqual([]);
    });
  });

  describe('an event that is not a supported ECS event', () => {
    const oom = loadRawFixture('ecs-task/stopped-oom');
    it.each([
      { case: 'an empty object', event: {}, reason: 'not-eventbridge' },
      { case: 'an EC2 event', event: { ...oom, id: '1c8e2f4a-3b5d-4e6f-8a9b-0c1d2e3f4a5b', source: 'aws.ec2', 'detail-type': 'EC2 Instance State-change Notification' }, reason: 'unsupported-event' },
      // A task ARN missing from detail is recovered from resources or the containers; only an
      // event where nothing names the task is skipped.
      { case: 'an ECS task event that names no task', event: { ...oom, id: '2d9f3a5b-4c6e-4f7a-9b0c-1d2e3f4a5b6c', resources: [], detail: { lastStatus: 'STOPPED', stopCode: 'EssentialContainerExited', taskArn: 42 } }, reason: 'malformed-detail' },
    ])('$case is logged as skipped ($reason), not thrown, and nothing is published', async ({ event, reason }) => {
      const skipped = await route(event);

      expect(skipped.error).toBeUndefined();
      expect(skipped.published).toEqual([]);
      expect(skipped.logs.filter((l) => l.message === 'event skipped')).toEqual([expect.objectContaining({ level: 'WARN', reason })]);
    });
  });

  describe('SNS failing every attempt, ECS denying every lookup', () => {
    const event = anotherOom('7e3a5c9d-1b2f-4a6e-8c0d-3e4f5a6b7c8d', '1f2e3d4c5b6a79881f2e3d4c5b6a7988', 'ledger');
    let failed: Invocation;
    let retried: Invocation;
    let lookups: LocalEcs['requests'];

    beforeAll(async () => {
      const ecsFrom = ecs.requests.length;
      ecs.inject({ error: 'AccessDeniedException', message: `User: arn:aws:sts::${ACCOUNT}:assumed-role/ecs-herald-router/router is not authorized to perform this action` });
      sns.inject({ error: 'InternalError', times: SNS_MAX_ATTEMPTS });
      failed = await route(event);
      // Lambda's retry of the same event, once SNS is back.
      retried = await route(event);
      lookups = ecs.requests.slice(ecsFrom);
    });
    afterAll(() => {
      ecs.reset();
      sns.reset();
    });

    it(`throws after ${SNS_MAX_ATTEMPTS} attempts, so Lambda retries the event`, () => {
      expect(failed.error).toBeInstanceOf(RetryableDeliveryError);
      expect(failed.published.map((r) => [r.topicArn, r.outcome])).toEqual(Array.from({ length: SNS_MAX_ATTEMPTS }, () => [ONCALL_ARN, 500]));
      expect(failed.logs.filter((l) => l.message === 'event will be retried')).toEqual([expect.objectContaining({ level: 'ERROR', eventId: event.id })]);
      expect(failed.logs.filter((l) => l.message === 'event processed')).toEqual([]);
      // The SDK's backoff between the five attempts (50 ms base, doubling, full jitter) stays short.
      expect(failed.elapsedMs).toBeLessThan(5_000);
    });

    it('publishes once on the retry: neither a duplicate nor throttled by its own first attempt', () => {
      expect(retried.error).toBeUndefined();
      expect(retried.published.map((r) => [r.topicArn, r.outcome])).toEqual([[ONCALL_ARN, 200]]);
      expect(retried.published[0]?.attributes).toMatchObject({ severity: attribute('critical'), service: attribute('ledger') });
      expect(processedLine(retried)).toMatchObject({ eventId: event.id, outcome: 'delivered', gate: 'sent', deliveries: ['oncall:sent'] });
    });

    it('is sent without its ECS context rather than not at all, and says why', () => {
      expect(lookups.length).toBeGreaterThan(0);
      expect(lookups.every((r) => r.error === 'AccessDeniedException')).toBe(true);
      expect(retried.published[0]?.message).toContain('Partially enriched');
      expect(retried.published[0]?.message).toContain('AccessDenied');
    });
  });
});
