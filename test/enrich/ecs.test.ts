import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  AccessDeniedException,
  ClientException,
  DescribeClustersCommand,
  type DescribeClustersCommandOutput,
  DescribeServicesCommand,
  type DescribeServicesCommandOutput,
  DescribeTaskDefinitionCommand,
  type DescribeTaskDefinitionCommandOutput,
  ECSClient,
  type Service,
} from '@aws-sdk/client-ecs';
import { mockClient } from 'aws-sdk-client-mock';
import { EcsContextReader, type EcsContextOptions } from '../../shared/enrich/ecs';

const ecs = mockClient(ECSClient);

// Timestamps as the SDK hands them over: the wire's epoch seconds deserialized to Date.
const DATE_FIELDS = new Set(['createdAt', 'updatedAt', 'registeredAt', 'deregisteredAt']);
const loadApiFixture = <T>(name: string): T =>
  JSON.parse(readFileSync(join(__dirname, '..', 'fixtures', 'ecs-api', `${name}.json`), 'utf8'), (key, value: unknown) =>
    DATE_FIELDS.has(key) && typeof value === 'number' ? new Date(value * 1000) : value,
  ) as T;

const SERVICES = loadApiFixture<DescribeServicesCommandOutput>('describe-services');
const TASK_DEFINITION = loadApiFixture<DescribeTaskDefinitionCommandOutput>('describe-task-definition');
const CLUSTERS = loadApiFixture<DescribeClustersCommandOutput>('describe-clusters');
const TD_ARN = 'arn:aws:ecs:us-west-2:111122223333:task-definition/payments-api:42';
const CLUSTER_ARN = 'arn:aws:ecs:us-west-2:111122223333:cluster/prod';

const baseService = (): Service => {
  const [service] = structuredClone(SERVICES.services ?? []);
  if (service === undefined) throw new Error('fixture has no service');
  return service;
};

/** Answers DescribeServices with a copy of the fixture service per requested name, MISSING for names starting `ghost`. */
const serveServices = (): void => {
  ecs.on(DescribeServicesCommand).callsFake((input: { cluster: string; services: string[] }) => ({
    services: input.services.filter((name) => !name.startsWith('ghost')).map((name) => ({ ...baseService(), serviceName: name, serviceArn: `arn:aws:ecs:us-west-2:111122223333:service/prod/${name}` })),
    failures: input.services.filter((name) => name.startsWith('ghost')).map((name) => ({ arn: `arn:aws:ecs:us-west-2:111122223333:service/prod/${name}`, reason: 'MISSING' })),
  }));
};

const setup = (options: Omit<EcsContextOptions, 'client'> = {}) => {
  let time = 1_000_000;
  const reader = new EcsContextReader({ client: new ECSClient({ region: 'us-west-2' }), now: () => time, rateLimitPerSecond: 1_000, ...options });
  return { reader, advance: (ms: number) => (time += ms) };
};

const named = (name: string, message: string, Base: new (message: string) => Error = Error): Error => Object.assign(new Base(message), { name });

/** Lookups under test, each through the method that makes one kind of call. */
const LOOKUPS = [
  { case: 'service', command: 'DescribeServices', lookup: (r: EcsContextReader, s?: AbortSignal) => r.service('prod', 'payments-api', s) },
  { case: 'cluster', command: 'DescribeClusters', lookup: (r: EcsContextReader, s?: AbortSignal) => r.cluster('prod', s) },
  { case: 'taskDefinition', command: 'DescribeTaskDefinition', lookup: (r: EcsContextReader, s?: AbortSignal) => r.taskDefinition(TD_ARN, s) },
] as const;

const serveAll = (): void => {
  serveServices();
  ecs.on(DescribeClustersCommand).resolves(structuredClone(CLUSTERS));
  ecs.on(DescribeTaskDefinitionCommand).resolves(structuredClone(TASK_DEFINITION));
};

describe('EcsContextReader', () => {
  beforeEach(() => ecs.reset());

  it('maps a DescribeServices service: deployments, last 5 events newest first, strategy, breaker, tags', async () => {
    serveServices();
    const { reader } = setup();
    const { service, tags, failure } = await reader.service(CLUSTER_ARN, 'payments-api');
    expect(failure).toBeUndefined();
    expect(tags).toEqual({ team: 'payments', env: 'prod' });
    expect(service).toMatchObject({
      arn: 'arn:aws:ecs:us-west-2:111122223333:service/prod/payments-api',
      status: 'ACTIVE',
      desiredCount: 3,
      runningCount: 2,
      pendingCount: 1,
      capacityProviderStrategy: [{ provider: 'FARGATE', weight: 1, base: 2 }, { provider: 'FARGATE_SPOT', weight: 3, base: 0 }],
      circuitBreaker: { enable: true, rollback: true },
    });
    expect(service?.deployments[0]).toEqual({
      id: 'ecs-svc/1234567890123456789',
      status: 'PRIMARY',
      rolloutState: 'IN_PROGRESS',
      rolloutStateReason: 'ECS deployment ecs-svc/1234567890123456789 in progress.',
      taskDefinition: TD_ARN,
      desiredCount: 3,
      runningCount: 0,
      pendingCount: 1,
      failedTasks: 2,
      createdAt: '2024-06-03T16:00:00.123Z',
      updatedAt: '2024-06-03T16:05:00.456Z',
    });
    expect(service?.events.map((e) => e.message.slice(0, 60))).toHaveLength(5);
    expect(service?.events[0]).toEqual({ createdAt: '2024-06-03T16:04:50.000Z', message: '(service payments-api) has started 1 tasks: (task 0a1b2c3d4e5f60718293a4b5c6d7e8f9).' });
    expect(service?.events[4]?.message).toContain('registered 1 targets');
    expect(ecs.commandCalls(DescribeServicesCommand)[0]?.args[0].input).toEqual({ cluster: CLUSTER_ARN, services: ['payments-api'], include: ['TAGS'] });
  });

  it('maps a task definition: env names never values, awslogs options', async () => {
    ecs.on(DescribeTaskDefinitionCommand).resolves(structuredClone(TASK_DEFINITION));
    const { reader } = setup();
    const { taskDefinition } = await reader.taskDefinition(TD_ARN);
    expect(taskDefinition).toEqual({
      arn: TD_ARN,
      family: 'payments-api',
      revision: 42,
      cpu: '512',
      memory: '1024',
      containers: [
        {
          name: 'payments-api',
          image: '111122223333.dkr.ecr.us-west-2.amazonaws.com/payments-api:1.5.0',
          cpu: 256,
          memory: 512,
          memoryReservation: 256,
          essential: true,
          environmentNames: ['PORT', 'DB_PASSWORD', 'FEATURE_X'],
          awslogs: { group: '/ecs/payments-api', region: 'us-west-2', streamPrefix: 'ecs' },
        },
        {
          name: 'log-router',
          image: 'public.ecr.aws/aws-observability/aws-for-fluent-bit@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef',
          cpu: 0,
          memory: undefined,
          memoryReservation: 50,
          essential: false,
          environmentNames: [],
          awslogs: undefined,
        },
      ],
    });
    expect(JSON.stringify(taskDefinition)).not.toContain('hunter2');
  });

  it('maps a cluster with its tags', async () => {
    ecs.on(DescribeClustersCommand).resolves(structuredClone(CLUSTERS));
    const { reader } = setup();
    expect(await reader.cluster(CLUSTER_ARN)).toEqual({
      cluster: { arn: CLUSTER_ARN, status: 'ACTIVE', registeredContainerInstances: 0, runningTasks: 42, pendingTasks: 3, activeServices: 12 },
      tags: { env: 'production', 'cost-center': 'cc-1234' },
    });
    expect(ecs.commandCalls(DescribeClustersCommand)[0]?.args[0].input).toEqual({ clusters: [CLUSTER_ARN], include: ['TAGS'] });
  });

  it.each([
    { case: '1 service', names: 1, calls: [1] },
    { case: '10 services: one full call', names: 10, calls: [10] },
    { case: '10 services + 1: two calls', names: 11, calls: [10, 1] },
    { case: '25 services: three calls', names: 25, calls: [10, 10, 5] },
  ])('batches concurrent service lookups of a cluster: $case', async ({ names, calls }) => {
    serveServices();
    const { reader } = setup();
    const results = await Promise.all(Array.from({ length: names }, (_, i) => reader.service('prod', `svc-${i}`)));
    expect(results.map((r) => r.service?.arn)).toEqual(Array.from({ length: names }, (_, i) => `arn:aws:ecs:us-west-2:111122223333:service/prod/svc-${i}`));
    expect(ecs.commandCalls(DescribeServicesCommand).map((c) => c.args[0].input.services?.length)).toEqual(calls);
    expect(reader.calls).toEqual({ DescribeServices: calls.length });
  });

  it('batches per cluster, and accepts a cluster ARN and name as the same cluster', async () => {
    serveServices();
    const { reader } = setup();
    await Promise.all([reader.service(CLUSTER_ARN, 'a'), reader.service('prod', 'b'), reader.service('staging', 'c')]);
    expect(ecs.commandCalls(DescribeServicesCommand).map((c) => c.args[0].input)).toEqual([
      { cluster: CLUSTER_ARN, services: ['a', 'b'], include: ['TAGS'] },
      { cluster: 'staging', services: ['c'], include: ['TAGS'] },
    ]);
  });

  it('maps failures[] of DescribeServices to not-found for that service only', async () => {
    serveServices();
    const { reader } = setup();
    const [ghost, real] = await Promise.all([reader.service('prod', 'ghost-svc'), reader.service('prod', 'payments-api')]);
    expect(ghost).toEqual({ tags: {}, failure: { source: 'ecs:DescribeServices', reason: 'not-found' } });
    expect(real?.service?.arn).toContain('payments-api');
    expect(reader.calls).toEqual({ DescribeServices: 1 });
  });

  it('maps a DescribeClusters MISSING failure to not-found', async () => {
    ecs.on(DescribeClustersCommand).resolves({ clusters: [], failures: [{ arn: 'arn:aws:ecs:us-west-2:111122223333:cluster/gone', reason: 'MISSING' }] });
    const { reader } = setup();
    expect(await reader.cluster('gone')).toEqual({ tags: {}, failure: { source: 'ecs:DescribeClusters', reason: 'not-found' } });
  });

  it.each(LOOKUPS)('shares one in-flight request among concurrent lookups: $case', async ({ command, lookup }) => {
    serveAll();
    const { reader } = setup();
    const results = await Promise.all(Array.from({ length: 20 }, () => lookup(reader)));
    expect(new Set(results.map((r) => JSON.stringify(r))).size).toBe(1);
    expect(results[0]?.failure).toBeUndefined();
    expect(reader.calls).toEqual({ [command]: 1 });
  });

  it.each([
    { ...LOOKUPS[0], ttl: 30_000, expired: true },
    { ...LOOKUPS[1], ttl: 30_000, expired: true },
    { ...LOOKUPS[2], ttl: 365 * 24 * 3600_000, expired: false },
  ])('caches $case lookups (after $ttl ms, expired: $expired)', async ({ command, lookup, ttl, expired }) => {
    serveAll();
    const { reader, advance } = setup();
    await lookup(reader);
    advance(ttl - 1);
    await lookup(reader);
    expect(reader.calls).toEqual({ [command]: 1 });
    advance(1);
    expect((await lookup(reader)).failure).toBeUndefined();
    expect(reader.calls).toEqual({ [command]: expired ? 2 : 1 });
  });

  it('honours serviceTtlMs', async () => {
    serveServices();
    const { reader, advance } = setup({ serviceTtlMs: 1_000 });
    await reader.service('prod', 'payments-api');
    advance(1_000);
    await reader.service('prod', 'payments-api');
    expect(reader.calls).toEqual({ DescribeServices: 2 });
  });

  const ERRORS = [
    { case: 'throttling', error: named('ThrottlingException', 'Rate exceeded'), reason: 'throttled: ThrottlingException', cachedFor5s: true },
    { case: 'access denied', error: new AccessDeniedException({ message: 'not authorized', $metadata: {} }), reason: 'access-denied: AccessDeniedException', cachedFor5s: true },
    { case: 'cluster not found', error: named('ClusterNotFoundException', 'Cluster not found.'), reason: 'not-found', cachedFor5s: true },
    { case: 'unknown task definition', error: new ClientException({ message: 'Unable to describe task definition.', $metadata: {} }), reason: 'not-found', cachedFor5s: true },
    { case: 'invalid parameter', error: named('InvalidParameterException', 'bad'), reason: 'error: InvalidParameterException', cachedFor5s: false },
    { case: 'server error', error: named('ServerException', 'oops'), reason: 'error: ServerException', cachedFor5s: false },
    { case: 'SDK timeout', error: named('TimeoutError', 'socket timed out'), reason: 'timeout', cachedFor5s: false },
    { case: 'plain Error', error: new Error('socket hang up'), reason: 'error: Error', cachedFor5s: false },
    { case: 'no credentials at all', error: named('CredentialsProviderError', 'Could not load credentials from any providers'), reason: 'no-credentials: no AWS credentials found (set AWS_PROFILE, run aws sso login, or export AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY)', cachedFor5s: true },
    { case: 'expired credentials', error: named('ExpiredTokenException', 'The security token included in the request is expired'), reason: 'no-credentials: ExpiredTokenException (the credentials expired or are not known to AWS; refresh them)', cachedFor5s: true },
  ];

  it.each(LOOKUPS.flatMap((lookup) => ERRORS.map((error) => ({ ...lookup, ...error, case: `${lookup.case} / ${error.case}` }))))(
    'maps an SDK error to a failure, never throws: $case',
    async ({ command, lookup, error, reason, cachedFor5s }) => {
      ecs.onAnyCommand().rejects(error);
      const { reader, advance } = setup();
      const result = await lookup(reader);
      expect(result.failure).toEqual({ source: `ecs:${command}`, reason });
      expect(result).not.toHaveProperty('service');
      advance(4_999);
      await lookup(reader);
      expect(reader.calls).toEqual({ [command]: cachedFor5s ? 1 : 2 });
      advance(1);
      await lookup(reader);
      expect(reader.calls).toEqual({ [command]: cachedFor5s ? 2 : 3 });
    },
  );

  it('maps an error to every service of the batch', async () => {
    ecs.on(DescribeServicesCommand).rejects(named('ThrottlingException', 'Rate exceeded'));
    const { reader } = setup();
    const results = await Promise.all([reader.service('prod', 'a'), reader.service('prod', 'b')]);
    expect(results.map((r) => r.failure?.reason)).toEqual(['throttled: ThrottlingException', 'throttled: ThrottlingException']);
  });

  it.each([
    { ...LOOKUPS[0], serve: () => ecs.on(DescribeServicesCommand).resolves({ services: [{ ...baseService(), deployments: 'oops' as never }] }) },
    { ...LOOKUPS[1], serve: () => ecs.on(DescribeClustersCommand).callsFake(() => Promise.reject('not even an Error')) },
    { ...LOOKUPS[2], serve: () => ecs.on(DescribeTaskDefinitionCommand).resolves({ taskDefinition: { containerDefinitions: 42 as never } }) },
  ])('degrades, never throws, on a response it cannot read: $case', async ({ command, lookup, serve }) => {
    serve();
    const { reader } = setup();
    const { failure } = await lookup(reader);
    expect(failure?.source).toBe(`ecs:${command}`);
    expect(failure?.reason).toMatch(/^error: (TypeError|UnknownError)$/);
  });

  describe('time budget', () => {
    const hang = () => new Promise<never>(() => undefined);

    it.each(LOOKUPS)('returns timeout when the signal aborts mid-call, and does not cache it: $case', async ({ command, lookup }) => {
      ecs.onAnyCommand().callsFake(hang);
      const { reader } = setup();
      expect((await lookup(reader, AbortSignal.timeout(20))).failure).toEqual({ source: `ecs:${command}`, reason: 'timeout' });
      serveAll();
      expect((await lookup(reader)).failure).toBeUndefined();
    });

    it.each(LOOKUPS)('makes no call for an already aborted signal: $case', async ({ command, lookup }) => {
      serveAll();
      const { reader } = setup();
      expect((await lookup(reader, AbortSignal.abort())).failure).toEqual({ source: `ecs:${command}`, reason: 'timeout' });
      expect(reader.calls).toEqual({});
    });

    it('passes an abort signal to client.send, aborted once every caller gave up', async () => {
      let sent: AbortSignal | undefined;
      const client = new ECSClient({ region: 'us-west-2' });
      jest.spyOn(client, 'send').mockImplementation(((_command: unknown, options?: { abortSignal?: AbortSignal }) => {
        sent = options?.abortSignal;
        return hang();
      }) as never);
      const reader = new EcsContextReader({ client });
      const first = new AbortController();
      const second = new AbortController();
      const results = [reader.cluster('prod', first.signal), reader.cluster('prod', second.signal)];
      await new Promise((resolve) => setImmediate(resolve));
      expect(sent?.aborted).toBe(false);
      first.abort();
      expect((await results[0])?.failure?.reason).toBe('timeout');
      expect(sent?.aborted).toBe(false);
      second.abort();
      expect((await results[1])?.failure?.reason).toBe('timeout');
      expect(sent?.aborted).toBe(true);
    });

    it('lets a caller without a deadline keep the shared request when another times out', async () => {
      ecs.on(DescribeTaskDefinitionCommand).callsFake(() => new Promise((resolve) => setTimeout(() => resolve(structuredClone(TASK_DEFINITION)), 50)));
      const { reader } = setup();
      const [hurried, patient] = await Promise.all([reader.taskDefinition(TD_ARN, AbortSignal.timeout(10)), reader.taskDefinition(TD_ARN)]);
      expect(hurried.failure?.reason).toBe('timeout');
      expect(patient.taskDefinition?.arn).toBe(TD_ARN);
      expect(reader.calls).toEqual({ DescribeTaskDefinition: 1 });
    });
  });

  describe('rate limit', () => {
    it('paces calls beyond the burst instead of failing them', async () => {
      ecs.on(DescribeTaskDefinitionCommand).callsFake((input: { taskDefinition: string }) => ({ taskDefinition: { ...TASK_DEFINITION.taskDefinition, taskDefinitionArn: input.taskDefinition } }));
      const { reader } = setup({ rateLimitPerSecond: 50 });
      const started = performance.now();
      // 50 from the burst, then 5 more at 50/s: the last one about 100 ms later.
      const results = await Promise.all(Array.from({ length: 55 }, (_, i) => reader.taskDefinition(`payments-api:${i + 1}`)));
      expect(results.every((r) => r.failure === undefined)).toBe(true);
      expect(performance.now() - started).toBeGreaterThanOrEqual(90);
      expect(reader.calls).toEqual({ DescribeTaskDefinition: 55 });
    });

    it('gives up waiting for a token when the signal aborts, without calling', async () => {
      serveAll();
      const { reader } = setup({ rateLimitPerSecond: 1 });
      expect((await reader.cluster('prod')).failure).toBeUndefined();
      expect(await reader.taskDefinition(TD_ARN, AbortSignal.timeout(30))).toEqual({ failure: { source: 'ecs:DescribeTaskDefinition', reason: 'timeout' } });
      expect(reader.calls).toEqual({ DescribeClusters: 1 });
    });
  });
});

describe('EcsContextReader onCall: what the enrichment metrics count', () => {
  beforeEach(() => ecs.reset());

  it('reports each call made, with the kind of failure; not a lookup served from the cache', async () => {
    serveAll();
    ecs.on(DescribeClustersCommand).rejects(named('ThrottlingException', 'Rate exceeded'));
    const calls: { source: string; failure?: string }[] = [];
    const { reader } = setup({ onCall: (call) => calls.push(call) });
    await reader.service('prod', 'payments-api');
    await reader.service('prod', 'payments-api');
    await reader.cluster('prod');
    await reader.taskDefinition(TD_ARN);
    expect(calls).toEqual([{ source: 'ecs:DescribeServices' }, { source: 'ecs:DescribeClusters', failure: 'throttled' }, { source: 'ecs:DescribeTaskDefinition' }]);
  });

  it('reports no call for a lookup that ran out of time before it was made', async () => {
    const calls: unknown[] = [];
    const { reader } = setup({ onCall: (call) => calls.push(call) });
    await reader.cluster('prod', AbortSignal.abort());
    expect(calls).toEqual([]);
  });
});
