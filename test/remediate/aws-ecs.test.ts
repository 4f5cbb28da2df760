import { ConfiguredRetryStrategy } from '@smithy/core/retry';
import { performance } from 'node:perf_hooks';
import type { CallBudget } from '../../shared/budget';
import { AwsEcsRemediation, RetryableRemediationError, STOP_TASK_REASON_MAX } from '../../shared/remediate';
import { type AwsJsonFault, type EcsCatalog, FAULTS, type LocalEcs, recordedEcsCatalog, startLocalEcs, type WireObject } from '../support/local-ecs';

// The real ECSClient, as the remediator builds it (its timeouts and attempts from a call budget),
// against the loopback ECS: what it sends, what it makes of the answers, how the catalog changes,
// and which failures come back retryable.

const REGION = 'us-west-2';
const CREDENTIALS = { accessKeyId: 'x', secretAccessKey: 'x' };
const ACCOUNT_ARN = 'arn:aws:ecs:us-west-2:111122223333';
const SERVICE_ARN = `${ACCOUNT_ARN}:service/prod/payments-api`;
const taskDefinition = (revision: number): string => `${ACCOUNT_ARN}:task-definition/payments-api:${revision}`;
/** The failed deployment (revision 42, PRIMARY) and the completed one it did not replace (41, ACTIVE). */
const FAILED_DEPLOYMENT = 'ecs-svc/2203718402285017365';
const COMPLETED_DEPLOYMENT = 'ecs-svc/6094725312907543671';
/** Revision 41's running task (test/fixtures/events/ecs-task/running.json). */
const RUNNING_TASK = 'f6015c95bc36ceb76fab53c793f416e0';
/** The EC2 container instance of the container instance events. */
const INSTANCE = 'b54a2a04046f43319d743f6d7f6ca315';
const INSTANCE_ARN = `${ACCOUNT_ARN}:container-instance/prod/${INSTANCE}`;
/** A short request timeout, so a hung endpoint costs a second, not the production 3 x 5 s. */
const BUDGET: CallBudget = { connectMs: 200, requestMs: 300, attempts: 3 };
const BACKOFF_MS = 10;

let server: LocalEcs | undefined;
let catalog: EcsCatalog;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** Serves `variant` of the recorded catalog; returns the adapter with the test budget and a fixed short backoff. */
const start = async (variant: (c: EcsCatalog) => EcsCatalog = (c) => c): Promise<AwsEcsRemediation> => {
  catalog = variant(recordedEcsCatalog());
  server = await startLocalEcs(catalog);
  return new AwsEcsRemediation({
    config: { endpoint: server.endpoint, region: REGION, credentials: CREDENTIALS, retryStrategy: new ConfiguredRetryStrategy(BUDGET.attempts, () => BACKOFF_MS) },
    budget: BUDGET,
  });
};

const requests = (operation: string): WireObject[] => server?.requestsFor(operation).map((r) => r.body) ?? [];
const operations = (): string[] => server?.requests.map((r) => r.operation) ?? [];

const service = (): WireObject => {
  const [found] = catalog.services;
  if (found === undefined) throw new Error('the catalog has no service');
  return found;
};
const deploymentsOf = (s: WireObject): WireObject[] => (s.deployments as WireObject[] | undefined) ?? [];

/** The recorded service with only its PRIMARY deployment: ECS has dropped the completed one. */
const withoutActiveDeployment = (c: EcsCatalog): EcsCatalog => {
  for (const s of c.services) s.deployments = deploymentsOf(s).filter((d) => d.status === 'PRIMARY');
  return c;
};

/** Revision 42 completed after all, then went bad: its deployment is the newest SUCCESSFUL one. */
const completedThenBad = (c: EcsCatalog): EcsCatalog => {
  const primary = deploymentsOf(withoutActiveDeployment(c).services[0] ?? {})[0];
  if (primary !== undefined) Object.assign(primary, { rolloutState: 'COMPLETED', rolloutStateReason: `ECS deployment ${FAILED_DEPLOYMENT} completed.` });
  const history = c.serviceDeployments.map((d) => (String(d.targetServiceRevisionArn).endsWith('2203718402285017365') ? { ...d, status: 'SUCCESSFUL' } : d));
  return { ...c, serviceDeployments: history };
};

describe('AwsEcsRemediation reads, over AWS JSON 1.1', () => {
  it.each<{ case: string; variant?: (c: EcsCatalog) => EcsCatalog; read: (ecs: AwsEcsRemediation) => Promise<unknown>; expected: unknown; calls: string[] }>([
    {
      case: 'describeService: the recorded service, its two deployments, no automatic rollback',
      read: (ecs) => ecs.describeService('prod', 'payments-api'),
      expected: {
        arn: SERVICE_ARN,
        cluster: 'prod',
        name: 'payments-api',
        status: 'ACTIVE',
        desiredCount: 4,
        runningCount: 2,
        taskDefinition: taskDefinition(42),
        deployments: [
          { id: FAILED_DEPLOYMENT, status: 'PRIMARY', rolloutState: 'FAILED', rolloutStateReason: 'ECS deployment circuit breaker: task failed to start.', taskDefinition: taskDefinition(42), createdAt: '2026-05-12T12:10:00.512Z' },
          { id: COMPLETED_DEPLOYMENT, status: 'ACTIVE', rolloutState: 'COMPLETED', rolloutStateReason: `ECS deployment ${COMPLETED_DEPLOYMENT} completed.`, taskDefinition: taskDefinition(41), createdAt: '2026-05-12T09:02:00.000Z' },
        ],
        circuitBreakerRollback: false,
        alarmsRollback: false,
      },
      calls: ['DescribeServices'],
    },
    {
      case: 'describeService: the circuit breaker and the alarms roll back by themselves',
      variant: (c) => {
        Object.assign(c.services[0] ?? {}, {
          deploymentConfiguration: { deploymentCircuitBreaker: { enable: true, rollback: true }, alarms: { alarmNames: ['payments-5xx'], enable: true, rollback: true } },
        });
        return c;
      },
      read: async (ecs) => {
        const s = await ecs.describeService('prod', `${ACCOUNT_ARN}:service/prod/payments-api`);
        return [s?.circuitBreakerRollback, s?.alarmsRollback];
      },
      expected: [true, true],
      calls: ['DescribeServices'],
    },
    { case: 'describeService: a service ECS reports MISSING', read: (ecs) => ecs.describeService('prod', 'ledger'), expected: undefined, calls: ['DescribeServices'] },
    {
      case: 'describeTask: the running task',
      read: (ecs) => ecs.describeTask('prod', RUNNING_TASK),
      expected: { arn: `${ACCOUNT_ARN}:task/prod/${RUNNING_TASK}`, lastStatus: 'RUNNING', desiredStatus: 'RUNNING', group: 'service:payments-api' },
      calls: ['DescribeTasks'],
    },
    { case: 'describeTask: a task ECS reports MISSING', read: (ecs) => ecs.describeTask('prod', '0123456789abcdef0123456789abcdef'), expected: undefined, calls: ['DescribeTasks'] },
    {
      case: 'describeContainerInstance: the EC2 instance',
      read: (ecs) => ecs.describeContainerInstance('prod', INSTANCE),
      expected: { arn: INSTANCE_ARN, status: 'ACTIVE', agentConnected: true, runningTasksCount: 3 },
      calls: ['DescribeContainerInstances'],
    },
    { case: 'describeContainerInstance: an instance ECS reports MISSING', read: (ecs) => ecs.describeContainerInstance('prod', 'ffffffffffffffffffffffffffffffff'), expected: undefined, calls: ['DescribeContainerInstances'] },
    {
      case: 'lastCompletedTaskDefinition: the failed deployment leaves revision 41 ACTIVE and COMPLETED',
      read: (ecs) => ecs.lastCompletedTaskDefinition('prod', 'payments-api'),
      expected: taskDefinition(41),
      calls: ['DescribeServices'],
    },
    {
      case: 'lastCompletedTaskDefinition: the completed deployment is gone: the newest SUCCESSFUL one of the history, whatever the order',
      variant: withoutActiveDeployment,
      read: (ecs) => ecs.lastCompletedTaskDefinition('prod', 'payments-api'),
      expected: taskDefinition(41),
      calls: ['DescribeServices', 'ListServiceDeployments', 'DescribeServiceRevisions'],
    },
    {
      case: 'lastCompletedTaskDefinition: revision 42 completed then went bad: rolled back past it, to 41',
      variant: completedThenBad,
      read: (ecs) => ecs.lastCompletedTaskDefinition('prod', 'payments-api'),
      expected: taskDefinition(41),
      calls: ['DescribeServices', 'ListServiceDeployments', 'DescribeServiceRevisions'],
    },
    {
      case: 'lastCompletedTaskDefinition: no successful deployment on record',
      variant: (c) => ({ ...withoutActiveDeployment(c), serviceDeployments: [] }),
      read: (ecs) => ecs.lastCompletedTaskDefinition('prod', 'payments-api'),
      expected: undefined,
      calls: ['DescribeServices', 'ListServiceDeployments'],
    },
    { case: 'lastCompletedTaskDefinition: a missing service', read: (ecs) => ecs.lastCompletedTaskDefinition('prod', 'ledger'), expected: undefined, calls: ['DescribeServices'] },
  ])('$case', async ({ variant, read, expected, calls }) => {
    const ecs = await start(variant);
    expect(await read(ecs)).toEqual(expected);
    expect(operations()).toEqual(calls);
  });

  it('asks ListServiceDeployments for SUCCESSFUL deployments, 100 a page, and describes their revisions in one call', async () => {
    const ecs = await start(withoutActiveDeployment);
    await ecs.lastCompletedTaskDefinition('prod', 'payments-api');
    expect(requests('ListServiceDeployments')).toEqual([{ cluster: 'prod', service: 'payments-api', status: ['SUCCESSFUL'], maxResults: 100 }]);
    expect(requests('DescribeServiceRevisions')).toEqual([
      { serviceRevisionArns: [`${ACCOUNT_ARN}:service-revision/prod/payments-api/6094725312907543671`, `${ACCOUNT_ARN}:service-revision/prod/payments-api/4113928270417736203`] },
    ]);
  });
});

describe('AwsEcsRemediation changes, over AWS JSON 1.1', () => {
  it('rolls the failed deployment back: a PRIMARY deployment of revision 41, IN_PROGRESS, and 42 demoted to ACTIVE', async () => {
    const ecs = await start();
    const result = await ecs.updateService({ cluster: 'prod', service: 'payments-api', taskDefinition: taskDefinition(41) });
    expect(requests('UpdateService')).toEqual([{ cluster: 'prod', service: 'payments-api', taskDefinition: taskDefinition(41) }]);
    const [primary, ...others] = deploymentsOf(service());
    expect(result).toEqual({ deploymentId: primary?.id });
    expect(result.deploymentId).toMatch(/^ecs-svc\/\d{19}$/);
    expect(primary).toMatchObject({ status: 'PRIMARY', rolloutState: 'IN_PROGRESS', taskDefinition: taskDefinition(41) });
    expect(others.map((d) => [d.id, d.status])).toEqual([[FAILED_DEPLOYMENT, 'ACTIVE'], [COMPLETED_DEPLOYMENT, 'ACTIVE']]);
    expect(service().taskDefinition).toBe(taskDefinition(41));
    // What the remediator reads back is the catalog's new state.
    expect((await ecs.describeService('prod', 'payments-api'))?.deployments[0]).toMatchObject({ id: result.deploymentId, status: 'PRIMARY', taskDefinition: taskDefinition(41) });
  });

  it.each<{ case: string; run: (ecs: AwsEcsRemediation) => Promise<unknown>; operation: string; body: WireObject; result?: unknown; after: () => unknown; expected: unknown }>([
    {
      case: 'updateService forceNewDeployment: a new PRIMARY on the same revision',
      run: (ecs) => ecs.updateService({ cluster: 'prod', service: 'payments-api', forceNewDeployment: true }),
      operation: 'UpdateService',
      body: { cluster: 'prod', service: 'payments-api', forceNewDeployment: true },
      after: () => deploymentsOf(service()).map((d) => [d.status, d.taskDefinition]),
      expected: [['PRIMARY', taskDefinition(42)], ['ACTIVE', taskDefinition(42)], ['ACTIVE', taskDefinition(41)]],
    },
    {
      case: 'updateService desiredCount: the count only, no deployment started',
      run: (ecs) => ecs.updateService({ cluster: 'prod', service: 'payments-api', desiredCount: 6 }),
      operation: 'UpdateService',
      body: { cluster: 'prod', service: 'payments-api', desiredCount: 6 },
      result: {},
      after: () => [service().desiredCount, deploymentsOf(service()).length],
      expected: [6, 2],
    },
    {
      case: 'stopTask: the running task stops, with the reason',
      run: (ecs) => ecs.stopTask('prod', RUNNING_TASK, 'ecs-herald: action restart-task for alert 3f2a'),
      operation: 'StopTask',
      body: { cluster: 'prod', task: RUNNING_TASK, reason: 'ecs-herald: action restart-task for alert 3f2a' },
      after: () => catalog.tasks.filter((t) => String(t.taskArn).endsWith(RUNNING_TASK)).map((t) => [t.desiredStatus, t.lastStatus, t.stoppedReason]),
      expected: [['STOPPED', 'STOPPED', 'ecs-herald: action restart-task for alert 3f2a']],
    },
    {
      case: 'stopTask: a reason over 255 characters is cut to what ECS takes',
      run: (ecs) => ecs.stopTask('prod', RUNNING_TASK, 'x'.repeat(300)),
      operation: 'StopTask',
      body: { cluster: 'prod', task: RUNNING_TASK, reason: `${'x'.repeat(STOP_TASK_REASON_MAX - 1)}…` },
      after: () => catalog.tasks.find((t) => String(t.taskArn).endsWith(RUNNING_TASK))?.desiredStatus,
      expected: 'STOPPED',
    },
    {
      case: 'drainInstance: the instance is DRAINING',
      run: (ecs) => ecs.drainInstance('prod', INSTANCE_ARN),
      operation: 'UpdateContainerInstancesState',
      body: { cluster: 'prod', containerInstances: [INSTANCE_ARN], status: 'DRAINING' },
      after: () => catalog.containerInstances[0]?.status,
      expected: 'DRAINING',
    },
  ])('$case', async ({ run, operation, body, result, after, expected }) => {
    const ecs = await start();
    const answer = await run(ecs);
    if (result !== undefined) expect(answer).toEqual(result);
    expect(requests(operation)).toEqual([body]);
    expect(after()).toEqual(expected);
  });
});

describe('AwsEcsRemediation failures', () => {
  it.each<{ case: string; variant?: (c: EcsCatalog) => EcsCatalog; faults?: AwsJsonFault[]; run: (ecs: AwsEcsRemediation) => Promise<unknown>; error: object; attempts: number }>([
    {
      case: 'UpdateService of a service that does not exist',
      run: (ecs) => ecs.updateService({ cluster: 'prod', service: 'ledger', forceNewDeployment: true }),
      error: { name: 'RemediationCallError', call: 'ecs:UpdateService', code: 'ServiceNotFoundException', message: 'ecs:UpdateService: ServiceNotFoundException: Service not found.' },
      attempts: 1,
    },
    {
      case: 'UpdateService of a service being deleted (DRAINING)',
      variant: (c) => {
        Object.assign(c.services[0] ?? {}, { status: 'DRAINING' });
        return c;
      },
      run: (ecs) => ecs.updateService({ cluster: 'prod', service: 'payments-api', forceNewDeployment: true }),
      error: { name: 'RemediationCallError', code: 'ServiceNotActiveException' },
      attempts: 1,
    },
    {
      case: 'StopTask of a task that does not exist',
      run: (ecs) => ecs.stopTask('prod', '0123456789abcdef0123456789abcdef', 'restart'),
      error: { name: 'RemediationCallError', call: 'ecs:StopTask', code: 'InvalidParameterException' },
      attempts: 1,
    },
    {
      case: 'drainInstance of an instance ECS reports MISSING (a failures entry, not an error)',
      run: (ecs) => ecs.drainInstance('prod', 'ffffffffffffffffffffffffffffffff'),
      error: { name: 'RemediationCallError', call: 'ecs:UpdateContainerInstancesState', code: 'MISSING' },
      attempts: 1,
    },
    {
      case: 'the role lacks ecs:UpdateService: not retried',
      faults: [FAULTS.accessDenied('UpdateService')],
      run: (ecs) => ecs.updateService({ cluster: 'prod', service: 'payments-api', forceNewDeployment: true }),
      error: { name: 'RemediationCallError', call: 'ecs:UpdateService', code: 'AccessDeniedException' },
      attempts: 1,
    },
    {
      case: 'throttled on every attempt',
      faults: [FAULTS.throttle(BUDGET.attempts, 'UpdateService')],
      run: (ecs) => ecs.updateService({ cluster: 'prod', service: 'payments-api', forceNewDeployment: true }),
      error: { name: 'RetryableRemediationError', call: 'ecs:UpdateService', message: 'ecs:UpdateService: ThrottlingException: Rate exceeded' },
      attempts: BUDGET.attempts,
    },
    {
      case: 'a server error on every attempt',
      faults: [FAULTS.serverError(BUDGET.attempts, 'StopTask')],
      run: (ecs) => ecs.stopTask('prod', RUNNING_TASK, 'restart'),
      error: { name: 'RetryableRemediationError', call: 'ecs:StopTask', message: 'ecs:StopTask: ServerException: ServerException' },
      attempts: BUDGET.attempts,
    },
    {
      case: 'a read throttled on every attempt',
      faults: [FAULTS.throttle(BUDGET.attempts, 'DescribeServices')],
      run: (ecs) => ecs.describeService('prod', 'payments-api'),
      error: { name: 'RetryableRemediationError', call: 'ecs:DescribeServices' },
      attempts: BUDGET.attempts,
    },
  ])('$case', async ({ variant, faults = [], run, error, attempts }) => {
    const ecs = await start(variant);
    for (const fault of faults) server?.inject(fault);
    await expect(run(ecs)).rejects.toMatchObject(error);
    expect(server?.requests).toHaveLength(attempts);
  });

  it('rides out throttling within its attempts: the SDK retries, the third attempt changes the service', async () => {
    const ecs = await start();
    server?.inject(FAULTS.throttle(BUDGET.attempts - 1, 'UpdateService'));
    const result = await ecs.updateService({ cluster: 'prod', service: 'payments-api', taskDefinition: taskDefinition(41) });
    expect(result.deploymentId).toBe(deploymentsOf(service())[0]?.id);
    expect(server?.requestsFor('UpdateService').map((r) => r.outcome)).toEqual([400, 400, 200]);
  });

  it('gives up on a hung ECS within attempts x request timeout, retryable', async () => {
    const ecs = await start();
    server?.inject(FAULTS.delay(5_000, 'DescribeServices'));
    const started = performance.now();
    const failure = await ecs.describeService('prod', 'payments-api').catch((error: unknown) => error);
    const elapsedMs = performance.now() - started;
    expect(failure).toBeInstanceOf(RetryableRemediationError);
    expect(failure).toMatchObject({ call: 'ecs:DescribeServices', message: expect.stringContaining('TimeoutError') });
    expect(server?.requests).toHaveLength(BUDGET.attempts);
    expect(elapsedMs).toBeGreaterThanOrEqual(BUDGET.attempts * BUDGET.requestMs - 50);
    expect(elapsedMs).toBeLessThan(BUDGET.attempts * (BUDGET.requestMs + BACKOFF_MS) + 1_000);
  });

  it('reports an endpoint that refuses connections as retryable', async () => {
    await start();
    const endpoint = server?.endpoint ?? '';
    await server?.close();
    server = undefined;
    const ecs = new AwsEcsRemediation({ config: { endpoint, region: REGION, credentials: CREDENTIALS, retryStrategy: new ConfiguredRetryStrategy(1) }, budget: BUDGET });
    await expect(ecs.stopTask('prod', RUNNING_TASK, 'restart')).rejects.toMatchObject({
      name: 'RetryableRemediationError',
      call: 'ecs:StopTask',
      message: expect.stringContaining('ECONNREFUSED'),
    });
  });
});
