import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { ECSClient } from '@aws-sdk/client-ecs';
import { ConfiguredRetryStrategy } from '@smithy/core/retry';
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { compileConfigText } from '../../shared/compile';
import { createDelivery, MemoryDeadLetters, type Publisher, type RenderedMessage } from '../../shared/deliver';
import { AwsContextProvider, type AlertContext, type EnrichmentFailure } from '../../shared/enrich';
import { EcsContextReader } from '../../shared/enrich/ecs';
import { LogTailReader } from '../../shared/enrich/logs';
import { createRedactor } from '../../shared/enrich/redact';
import type { EnrichedAlert } from '../../shared/enrich';
import { createPipeline, type EventReport, routeWith } from '../../shared/pipeline';
import { MemoryStateStore } from '../../shared/state';
import { loadRawFixture } from '../support/fixtures';
import { type AwsJsonFault, FAULTS, type LocalEcs, startLocalEcs } from '../support/local-ecs';
import { type LocalLogs, RECORDED_STREAM, startLocalLogs } from '../support/local-logs';

// Real ECSClient and CloudWatchLogsClient against loopback servers speaking AWS JSON 1.1: what
// the SDK serializes, how it reads the errors, what its retries do, and what the enrich stage
// makes of it all, through the whole pipeline to the rendered email.

const REGION = 'us-west-2';
const CREDENTIALS = { accessKeyId: 'x', secretAccessKey: 'x' };
/** The provider's budget in the fault runs, and how far past it an alert may come out. */
const BUDGET_MS = 300;
const BUDGET_SLACK_MS = 500;
/** Far longer than the budget: the answer that never comes in time. */
const SLOW_MS = 2_000;
/** The secrets the recorded crash printed (test/fixtures/ecs-api/int-get-log-events.json). */
const FAKE_ACCESS_KEY = 'AKIAIOSFODNN7EXAMPLE';
const FAKE_PASSWORD = 'hunter2-prod-Xy9';
/** Where the rendered emails are saved for a human to read (never printed). */
const OUTPUT_DIR = join(tmpdir(), 'ecs-herald-enrich-test');

const CONFIG = compileConfigText(
  [
    'topics: { oncall: { emails: [oncall@example.com] }, payments: { emails: [payments@example.com] } }',
    'default: { notify: [oncall] }',
    'routes:',
    '  - { name: routine, match: { severity: [info] }, notify: [] }',
    // `team` is a service tag: it is a label only once the enrich stage ran.
    '  - { name: payments-team, match: { team: [payments] }, notify: [payments] }',
    '  - { name: critical, match: { severity: [critical] } }',
  ].join('\n'),
  'enrich-test.yml',
);

/** Keeps each message as the delivery rendered it (renderMessage(alert, format, { route, topic })). */
class RecordingPublisher implements Publisher {
  public readonly sent: { topic: string; message: RenderedMessage }[] = [];
  public async publish(topic: { name: string }, message: RenderedMessage): Promise<string> {
    this.sent.push({ topic: topic.name, message });
    return `mem://${topic.name}/${this.sent.length}`;
  }
}

/**
 * `sdk`: the SDK's standard strategy as the brief's clients have it (maxAttempts 2; a throttled
 * retry waits a random 0-1 s). `fast`: the same two attempts with a fixed 20 ms backoff, so a
 * fault outlasts the retry well inside the budget and the failure reason is deterministic.
 */
type RetryMode = 'sdk' | 'fast';

let ecsServer: LocalEcs;
let logsServer: LocalLogs;
const clients: Array<{ destroy(): void }> = [];

beforeAll(async () => {
  [ecsServer, logsServer] = await Promise.all([startLocalEcs(), startLocalLogs()]);
  mkdirSync(OUTPUT_DIR, { recursive: true });
});
afterEach(() => {
  for (const client of clients.splice(0)) client.destroy();
  ecsServer.reset();
  logsServer.reset();
});
afterAll(async () => {
  await Promise.all([ecsServer.close(), logsServer.close()]);
});

/** A pipeline with fresh readers (their caches would hide the next test's faults) and fresh clients. */
const setup = (options: { budgetMs?: number; retry?: RetryMode } = {}) => {
  const retry = options.retry === 'fast' ? { retryStrategy: new ConfiguredRetryStrategy(2, () => 20) } : {};
  const ecsClient = new ECSClient({ endpoint: ecsServer.endpoint, region: REGION, credentials: CREDENTIALS, maxAttempts: 2, ...retry });
  const logsClient = new CloudWatchLogsClient({ endpoint: logsServer.endpoint, region: REGION, credentials: CREDENTIALS, maxAttempts: 2, ...retry });
  clients.push(ecsClient, logsClient);
  const provider = new AwsContextProvider({
    ecs: new EcsContextReader({ client: ecsClient }),
    logs: new LogTailReader({ client: logsClient, redactor: createRedactor() }),
    budgetMs: options.budgetMs,
  });
  const publisher = new RecordingPublisher();
  const delivery = createDelivery({ topics: CONFIG.targets, publisher, log: new MemoryStateStore(), deadLetters: new MemoryDeadLetters() });
  const pipeline = createPipeline({ delivery, route: routeWith(CONFIG.routes), enrich: provider });
  return { pipeline, publisher };
};

/** Runs one fixture through the pipeline; the alert, its context, the emails sent, and how long it took. */
const run = async (fixture: string, options: { budgetMs?: number; retry?: RetryMode } = {}) => {
  const { pipeline, publisher } = setup(options);
  const started = performance.now();
  const report: EventReport = await pipeline.processEvent(loadRawFixture(fixture));
  const elapsedMs = performance.now() - started;
  if (report.outcome !== 'alert') throw new Error(`${fixture}: expected an alert, got ${report.outcome}: ${report.message}`);
  const context: AlertContext | undefined = report.alert.context;
  if (context === undefined) throw new Error(`${fixture}: the alert has no context`);
  return { report, alert: report.alert as EnrichedAlert, context, sent: publisher.sent, elapsedMs };
};

/** The email with prose re-joined: the renderer wraps paragraphs at 80 columns. */
const unwrapped = (message: RenderedMessage): string => message.body.replace(/\s+/g, ' ');

const saveEmail = (name: string, message: RenderedMessage): void => {
  writeFileSync(join(OUTPUT_DIR, name), `Subject: ${message.subject ?? ''}\n\n${message.body}`);
};

describe('enrichment with real SDK clients over AWS JSON 1.1', () => {
  describe('a task killed for memory (ecs-task/stopped-oom)', () => {
    let result: Awaited<ReturnType<typeof run>>;

    beforeAll(async () => {
      result = await run('ecs-task/stopped-oom');
    });

    it('sends the AWS JSON 1.1 requests the reader means: services with tags, the task definition, the cluster, the log tail', () => {
      const ecsTargets = ecsServer.requests.map((r) => r.target).sort();
      expect(ecsTargets).toEqual([
        'AmazonEC2ContainerServiceV20141113.DescribeClusters',
        'AmazonEC2ContainerServiceV20141113.DescribeServices',
        'AmazonEC2ContainerServiceV20141113.DescribeTaskDefinition',
      ]);
      expect(ecsServer.requests.every((r) => r.contentType === 'application/x-amz-json-1.1')).toBe(true);
      expect(ecsServer.requestsFor('DescribeServices')[0]?.body).toEqual({ cluster: 'prod', services: ['payments-api'], include: ['TAGS'] });
      expect(ecsServer.requestsFor('DescribeTaskDefinition')[0]?.body).toMatchObject({ taskDefinition: 'arn:aws:ecs:us-west-2:111122223333:task-definition/payments-api:41' });
      expect(logsServer.requests.map((r) => [r.target, r.body])).toEqual([
        ['Logs_20140328.GetLogEvents', { logGroupName: RECORDED_STREAM.group, logStreamName: RECORDED_STREAM.stream, startFromHead: false, limit: 20 }],
      ]);
    });

    it('has the service health, its tags, the cluster and the task definition, and is complete', () => {
      const { context } = result;
      expect(context.failures).toEqual([]);
      expect(context.service).toMatchObject({
        arn: 'arn:aws:ecs:us-west-2:111122223333:service/prod/payments-api',
        desiredCount: 4,
        runningCount: 2,
        circuitBreaker: { enable: true, rollback: false },
        capacityProviderStrategy: [{ provider: 'FARGATE', weight: 1, base: 2 }, { provider: 'FARGATE_SPOT', weight: 3, base: 0 }],
      });
      expect(context.service?.deployments.map((d) => [d.status, d.rolloutState, d.failedTasks])).toEqual([['PRIMARY', 'FAILED', 3], ['ACTIVE', 'COMPLETED', 0]]);
      expect(context.service?.events[0]?.message).toContain('has stopped 1 running tasks: (task cbc32545b881445133440842bacf91ce)');
      expect(context.cluster).toMatchObject({ runningTasks: 57, activeServices: 14 });
      expect(context.tags).toEqual({ team: 'payments', env: 'prod', 'cost-center': 'cc-4410' });
      expect(context.taskDefinition?.arn).toBe('arn:aws:ecs:us-west-2:111122223333:task-definition/payments-api:41');
      expect(context.taskDefinition?.containers[0]).toMatchObject({ name: 'payments-api', memory: 896, environmentNames: ['NODE_ENV', 'PORT'] });
    });

    it('has the crashed container\'s last lines, the fake access key and password redacted', () => {
      const tail = result.context.logTail;
      expect(tail).toMatchObject({ group: RECORDED_STREAM.group, stream: RECORDED_STREAM.stream, redactions: 2 });
      const text = tail?.lines.join('\n') ?? '';
      expect(text).toContain('FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory');
      expect(text).toContain('[REDACTED:aws-access-key-id]');
      expect(text).toContain('password=[REDACTED:password]');
      expect(text).not.toContain(FAKE_ACCESS_KEY);
      expect(text).not.toContain(FAKE_PASSWORD);
    });

    it('has console links, the log stream among them', () => {
      expect(result.context.links.map((l) => l.label)).toEqual(
        expect.arrayContaining(['task', 'service deployments', 'service events', 'task definition', 'cluster', 'log stream']),
      );
      expect(result.context.links.find((l) => l.label === 'log stream')?.url).toBe(
        'https://us-west-2.console.aws.amazon.com/cloudwatch/home?region=us-west-2#logsV2:log-groups/log-group/$252Fecs$252Fpayments-api/log-events/ecs$252Fpayments-api$252Fcbc32545b881445133440842bacf91ce',
      );
    });

    it('is routed on a service tag, and its emails show the service line, the log tail and the links, no secret', () => {
      expect(result.report.routes.map((r) => r.route)).toEqual(['payments-team']);
      expect(result.alert.labels.team).toBe('payments');
      const email = result.sent.find((s) => s.topic === 'payments')?.message;
      if (email === undefined) throw new Error('no email sent to payments');
      saveEmail('stopped-oom.email.txt', email);
      expect(unwrapped(email)).toContain('2/4 running, 1 pending; deployment ecs-svc/2203718402285017365 FAILED (3 failed tasks); circuit breaker on');
      expect(email.body).toContain('Last 17 log lines');
      expect(email.body).toContain('FATAL ERROR: Reached heap limit');
      expect(email.body).toContain('log stream: https://us-west-2.console.aws.amazon.com/cloudwatch/home?region=us-west-2#logsV2:');
      expect(email.body).toContain('task: https://us-west-2.console.aws.amazon.com/ecs/v2/clusters/prod/tasks/cbc32545b881445133440842bacf91ce/configuration');
      expect(email.body).not.toContain(FAKE_ACCESS_KEY);
      expect(email.body).not.toContain(FAKE_PASSWORD);
      expect(email.body).not.toContain('Partially enriched');
    });
  });

  describe('a failed deployment (ecs-deployment/failed)', () => {
    let result: Awaited<ReturnType<typeof run>>;

    beforeAll(async () => {
      result = await run('ecs-deployment/failed');
    });

    it('says what changed from the ACTIVE revision to the PRIMARY one: image tag, memory, environment names', () => {
      expect(result.context.failures).toEqual([]);
      expect(result.context.deploymentChange).toEqual({
        from: 'arn:aws:ecs:us-west-2:111122223333:task-definition/payments-api:41',
        to: 'arn:aws:ecs:us-west-2:111122223333:task-definition/payments-api:42',
        changes: [
          'memory: 1024 -> 2048',
          'image payments-api: 111122223333.dkr.ecr.us-west-2.amazonaws.com/payments-api:v2.14.0 -> 111122223333.dkr.ecr.us-west-2.amazonaws.com/payments-api:v2.15.0',
          'memory payments-api: 896 -> 1792',
          'env added payments-api: FEATURE_LEDGER_V2',
        ],
      });
      expect(result.context.taskDefinition?.revision).toBe(42);
      // The new deployment's stopped tasks, newest first; the old deployment's are not its.
      expect(result.context.stoppedTasks).toEqual([
        { taskId: '8b2c3d4e5f60718293a4b5c6d7e8f90a', stopCode: 'EssentialContainerExited', stoppedReason: 'Essential container in task exited', stoppedAt: new Date(1778588800000).toISOString(), containers: [{ name: 'payments-api', exitCode: 1, reason: 'Error: LEDGER_V2_ENDPOINT is not set' }] },
        { taskId: '7a1b2c3d4e5f60718293a4b5c6d7e8f9', stopCode: 'EssentialContainerExited', stoppedReason: 'Essential container in task exited', stoppedAt: new Date(1778588500000).toISOString(), containers: [{ name: 'payments-api', exitCode: 1 }, { name: 'aws-otel-collector', exitCode: 0 }] },
      ]);
      // A deployment alert has no container to tail.
      expect(logsServer.requests).toHaveLength(0);
    });

    it('renders the change and the service line in the email', () => {
      const email = result.sent.find((s) => s.topic === 'payments')?.message;
      if (email === undefined) throw new Error('no email sent to payments');
      saveEmail('deployment-failed.email.txt', email);
      expect(email.body).toContain('What changed');
      expect(unwrapped(email)).toContain(
        'image payments-api: 111122223333.dkr.ecr.us-west-2.amazonaws.com/payments-api:v2.14.0 -> 111122223333.dkr.ecr.us-west-2.amazonaws.com/payments-api:v2.15.0',
      );
      expect(unwrapped(email)).toContain('memory: 1024 -> 2048');
      expect(unwrapped(email)).toContain('2/4 running, 1 pending; deployment ecs-svc/2203718402285017365 FAILED (3 failed tasks)');
      expect(email.body).toContain('Why the new tasks stopped');
      expect(unwrapped(email)).toContain('container payments-api exit 1: Error: LEDGER_V2_ENDPOINT is not set');
    });
  });

  describe(`degraded, never blocking: faults on the OOM alert, ${BUDGET_MS} ms budget`, () => {
    const failure = (source: string, reason: string | RegExp): EnrichmentFailure => ({ source, reason: expect.stringMatching(reason) as unknown as string });

    it.each<{ case: string; ecs?: AwsJsonFault[]; logs?: AwsJsonFault[]; retry: RetryMode; failures: EnrichmentFailure[]; present: (keyof AlertContext)[] }>([
      {
        case: 'ECS throttles every attempt (more than the client retries)',
        ecs: [FAULTS.throttle(Number.POSITIVE_INFINITY)],
        retry: 'fast',
        failures: [
          failure('ecs:DescribeServices', /^throttled: ThrottlingException$/),
          failure('ecs:DescribeClusters', /^throttled: ThrottlingException$/),
          failure('ecs:DescribeTaskDefinition', /^throttled: ThrottlingException$/),
        ],
        present: ['links'],
      },
      {
        case: 'ECS throttles every attempt, SDK default backoff (a throttled retry waits up to 1 s)',
        ecs: [FAULTS.throttle(Number.POSITIVE_INFINITY)],
        retry: 'sdk',
        failures: [
          failure('ecs:DescribeServices', /^(throttled: ThrottlingException|timeout)$/),
          failure('ecs:DescribeClusters', /^(throttled: ThrottlingException|timeout)$/),
        ],
        present: ['links'],
      },
      {
        case: 'DescribeServices answers 500 on both attempts',
        ecs: [FAULTS.serverError(2, 'DescribeServices')],
        retry: 'fast',
        failures: [failure('ecs:DescribeServices', /^error: ServerException$/)],
        present: ['cluster', 'taskDefinition', 'logTail'],
      },
      {
        case: 'the role may not call GetLogEvents',
        logs: [FAULTS.accessDenied('GetLogEvents')],
        retry: 'fast',
        failures: [failure('logs:GetLogEvents', /^access-denied: AccessDeniedException$/)],
        present: ['service', 'cluster', 'taskDefinition'],
      },
      {
        case: `DescribeTaskDefinition answers after ${SLOW_MS} ms`,
        ecs: [FAULTS.delay(SLOW_MS, 'DescribeTaskDefinition')],
        retry: 'fast',
        failures: [failure('ecs:DescribeTaskDefinition', /^timeout$/)],
        present: ['service', 'cluster'],
      },
      {
        case: `GetLogEvents answers after ${SLOW_MS} ms`,
        logs: [FAULTS.delay(SLOW_MS, 'GetLogEvents')],
        retry: 'fast',
        failures: [failure('logs:GetLogEvents', /^timeout$/)],
        present: ['service', 'cluster', 'taskDefinition'],
      },
    ])('$case: the alert goes out within the budget, marked partial', async ({ ecs = [], logs = [], retry, failures, present }) => {
      for (const fault of ecs) ecsServer.inject(fault);
      for (const fault of logs) logsServer.inject(fault);
      const { context, sent, elapsedMs } = await run('ecs-task/stopped-oom', { budgetMs: BUDGET_MS, retry });

      expect(elapsedMs).toBeLessThan(BUDGET_MS + BUDGET_SLACK_MS);
      expect(context.failures).toEqual(expect.arrayContaining(failures));
      for (const key of present) expect(context[key]).toBeDefined();
      // Delivered all the same, and the email says what is missing.
      expect(sent.length).toBeGreaterThan(0);
      for (const { message } of sent) {
        expect(message.body).toContain('Partially enriched');
        for (const f of context.failures) expect(unwrapped(message)).toContain(`${f.source}: ${f.reason}`);
      }
    });

    it('retries a throttled call once (maxAttempts 2), then reports it', async () => {
      ecsServer.inject(FAULTS.throttle(Number.POSITIVE_INFINITY, 'DescribeServices'));
      await run('ecs-task/stopped-oom', { budgetMs: BUDGET_MS, retry: 'fast' });
      expect(ecsServer.requestsFor('DescribeServices').map((r) => [r.outcome, r.error])).toEqual([
        [400, 'ThrottlingException'],
        [400, 'ThrottlingException'],
      ]);
    });

    it('recovers from one 500 with the client\'s retry: complete, no failure', async () => {
      ecsServer.inject(FAULTS.serverError(1, 'DescribeServices'));
      logsServer.inject(FAULTS.serverError(1));
      const { context } = await run('ecs-task/stopped-oom', { budgetMs: BUDGET_MS, retry: 'fast' });
      expect(context.failures).toEqual([]);
      expect(context.service).toBeDefined();
      expect(context.logTail?.redactions).toBe(2);
      expect(ecsServer.requestsFor('DescribeServices').map((r) => r.outcome)).toEqual([500, 200]);
      expect(logsServer.requests.map((r) => r.outcome)).toEqual([500, 200]);
    });

    it('does not retry AccessDeniedException', async () => {
      logsServer.inject(FAULTS.accessDenied('GetLogEvents'));
      await run('ecs-task/stopped-oom', { budgetMs: BUDGET_MS, retry: 'fast' });
      expect(logsServer.requests.map((r) => [r.outcome, r.error])).toEqual([[400, 'AccessDeniedException']]);
    });
  });
});
