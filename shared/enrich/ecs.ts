import type { ECSClient, Failure, Service } from '@aws-sdk/client-ecs';
import { clientTimeouts, TIME_BUDGET } from '../budget';
import { parseEcsArn } from '../events/arn';
import { ABORTED, createDeferred, type Deferred, ExpiringCache, raceAbort, SharedAbort } from './cache';
import { ECS_SOURCES, ecsFailure, type EcsSource, isCacheableFailure, toEnrichmentFailure } from './ecs-failures';
import { MAX_STOPPED_TASKS, tagsToRecord, toClusterContext, toServiceContext, toStoppedTaskContext, toTaskDefinitionContext } from './ecs-map';
import { TokenBucket } from './rate-limit';
import type { ClusterContext, EnrichClientConfig, EnrichmentCallObserver, EnrichmentFailure, ServiceContext, StoppedTaskContext, TaskDefinitionContext } from './types';

export { diffTaskDefinitions } from './ecs-diff';

/**
 * Services per DescribeServices call: "You may specify up to 10 services to describe."
 * @see https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DescribeServices.html#ECS-DescribeServices-request-services
 */
export const DESCRIBE_SERVICES_MAX = 10;

/**
 * Default client-side pace, calls per second (burst: one second's worth). ECS throttles per
 * account and Region with a token bucket: service read actions (DescribeServices) and
 * cluster read actions (DescribeClusters) refill at a sustained 20 requests per second, the
 * latter with a bucket of 50. One instance takes half the sustained rate, leaving the rest to
 * the console, deploy pipelines and autoscaling that share the account's quota; the router's
 * reserved concurrency (two, serverless.yml) caps the whole deployment at the sustained rate.
 * @see https://docs.aws.amazon.com/AmazonECS/latest/APIReference/request-throttling.html
 */
export const ECS_DEFAULT_RATE_PER_SECOND = 10;

/** How long failures (throttled, access denied, not found) are remembered: see {@link isCacheableFailure}. */
export const ECS_FAILURE_TTL_MS = 5_000;

/** Task definitions kept; they are immutable, so entries never expire, they only age out. */
export const TASK_DEFINITION_CACHE_SIZE = 500;

const SERVICE_CACHE_SIZE = 1_000;
const CLUSTER_CACHE_SIZE = 100;
/** DescribeTasks takes at most 100 tasks per call; ListTasks returns at most 100 per page. */
const DESCRIBE_TASKS_MAX = 100;

/** The ECS SDK module (shared/enrich/ecs-sdk.ts) and the client made with it. */
interface EcsApi {
  sdk: typeof import('./ecs-sdk');
  client: ECSClient;
}

/** Options of {@link EcsContextReader}. */
export interface EcsContextOptions {
  /** @default an ECS client with one SDK retry and the enrichment timeouts of the event budget; then the failure degrades the alert */
  client?: ECSClient;
  /** Clock for cache expiry, in milliseconds. @default Date.now */
  now?: () => number;
  /** Time to live of cached services, clusters and their tags, across warm invocations. @default 30_000 */
  serviceTtlMs?: number;
  /** Client-side token bucket rate (and burst) for all ECS calls. @default 10 ({@link ECS_DEFAULT_RATE_PER_SECOND}) */
  rateLimitPerSecond?: number;
  /** Told of every call made and its failure (metrics). */
  onCall?: EnrichmentCallObserver;
  /**
   * Region, credentials (and endpoint) of the default client: another account's and Region's, in
   * central mode. @default the SDK's own: the function's Region and role
   */
  clientConfig?: EnrichClientConfig;
}

/** The stopped tasks of a deployment, or why they could not be read. */
export interface StoppedTasksLookupResult {
  tasks: StoppedTaskContext[];
  failure?: EnrichmentFailure;
}

/** A service lookup: the service and its tags, or why there is none. */
export interface ServiceLookupResult {
  service?: ServiceContext;
  tags: Record<string, string>;
  failure?: EnrichmentFailure;
}

/** A task definition lookup. */
export interface TaskDefinitionLookupResult {
  taskDefinition?: TaskDefinitionContext;
  failure?: EnrichmentFailure;
}

/** A cluster lookup: the cluster and its tags, or why there is none. */
export interface ClusterLookupResult {
  cluster?: ClusterContext;
  tags: Record<string, string>;
  failure?: EnrichmentFailure;
}

interface Flight<R> {
  abort: SharedAbort;
  promise: Promise<R>;
}

interface ServiceBatch {
  /** The cluster as the first caller named it (ARN or name); the API takes either. */
  cluster: string;
  abort: SharedAbort;
  waiters: Map<string, Deferred<ServiceLookupResult>>;
}

/** The name in a cluster or service ARN, or the argument itself when it is already a name. */
const nameOf = (arnOrName: string): string => parseEcsArn(arnOrName)?.name ?? arnOrName;

/**
 * Reads ECS context for alerts (the AWS adapter behind the enrich stage's ECS lookups),
 * built once at module scope so its caches live across warm invocations.
 *
 * - Never throws: every SDK error becomes an {@link EnrichmentFailure}.
 * - Concurrent lookups of one key share one request; service lookups for one cluster made
 *   in the same tick go out as one DescribeServices of up to 10 names.
 * - Services and clusters are cached for `serviceTtlMs`; task definitions by ARN for good
 *   (bounded LRU); throttled / access-denied / not-found answers for 5 s, so a storm does not
 *   hammer an API that just said no. Timeouts and unknown errors are not cached.
 * - Each call is paced by a token bucket and abandoned when the caller's signal aborts
 *   (reason `timeout`); a shared request is aborted only when all its callers gave up.
 *
 * Batching waits for `setImmediate`: tests with fake timers must advance them.
 * @example
 * const ecs = new EcsContextReader();
 * const { service, tags, failure } = await ecs.service('prod', 'payments-api', AbortSignal.timeout(2_000));
 */
export class EcsContextReader {
  private readonly client: ECSClient | undefined;
  private readonly clientConfig: EnrichClientConfig;
  private api: Promise<EcsApi> | undefined;
  private readonly serviceTtlMs: number;
  private readonly bucket: TokenBucket;
  private readonly counts: Record<string, number> = {};
  private readonly onCall: EnrichmentCallObserver | undefined;
  private readonly services: ExpiringCache<ServiceLookupResult>;
  private readonly clusters: ExpiringCache<ClusterLookupResult>;
  private readonly taskDefinitions: ExpiringCache<TaskDefinitionLookupResult>;
  private readonly serviceFlights = new Map<string, Flight<ServiceLookupResult>>();
  private readonly clusterFlights = new Map<string, Flight<ClusterLookupResult>>();
  private readonly taskDefinitionFlights = new Map<string, Flight<TaskDefinitionLookupResult>>();
  private readonly stopped: ExpiringCache<StoppedTasksLookupResult>;
  private readonly stoppedFlights = new Map<string, Flight<StoppedTasksLookupResult>>();
  private readonly pendingBatches = new Map<string, ServiceBatch>();

  public constructor(options: EcsContextOptions = {}) {
    this.client = options.client;
    this.clientConfig = options.clientConfig ?? {};
    this.serviceTtlMs = options.serviceTtlMs ?? 30_000;
    this.bucket = new TokenBucket({ ratePerSecond: options.rateLimitPerSecond ?? ECS_DEFAULT_RATE_PER_SECOND });
    this.onCall = options.onCall;
    const now = options.now ?? Date.now;
    this.services = new ExpiringCache({ maxEntries: SERVICE_CACHE_SIZE, now });
    this.clusters = new ExpiringCache({ maxEntries: CLUSTER_CACHE_SIZE, now });
    this.taskDefinitions = new ExpiringCache({ maxEntries: TASK_DEFINITION_CACHE_SIZE, now });
    this.stopped = new ExpiringCache({ maxEntries: SERVICE_CACHE_SIZE, now });
  }

  /** API calls made so far, by command name (`DescribeServices`...), for benchmarks. */
  public get calls(): Readonly<Record<string, number>> {
    return { ...this.counts };
  }

  /**
   * A service with its deployments, last 5 events, capacity provider strategy, circuit
   * breaker and tags (DescribeServices with `include: ['TAGS']`).
   */
  public async service(clusterArnOrName: string, serviceName: string, signal?: AbortSignal): Promise<ServiceLookupResult> {
    const source = ECS_SOURCES.describeServices;
    if (signal?.aborted === true) return { tags: {}, failure: ecsFailure(source, 'timeout') };
    const cluster = nameOf(clusterArnOrName);
    const name = nameOf(serviceName);
    const key = `${cluster}/${name}`;
    const cached = this.services.get(key);
    if (cached !== undefined) return cached;
    let flight = this.serviceFlights.get(key);
    if (flight === undefined) {
      const batch = this.batchFor(cluster, clusterArnOrName);
      const waiter = createDeferred<ServiceLookupResult>();
      batch.waiters.set(name, waiter);
      flight = this.track(this.serviceFlights, key, { abort: batch.abort, promise: waiter.promise });
    }
    return this.await(flight, signal, { tags: {}, failure: ecsFailure(source, 'timeout') });
  }

  /** A task definition by ARN (or `family:revision`), cached for good: task definitions are immutable. */
  public async taskDefinition(arn: string, signal?: AbortSignal): Promise<TaskDefinitionLookupResult> {
    const source = ECS_SOURCES.describeTaskDefinition;
    return this.lookup(source, this.taskDefinitions, this.taskDefinitionFlights, arn, signal, { failure: ecsFailure(source, 'timeout') }, async (shared) => {
      const response = await this.send(source, shared, (ecs, abortSignal) =>
        ecs.client.send(new ecs.sdk.DescribeTaskDefinitionCommand({ taskDefinition: arn }), { abortSignal }),
      );
      if ('failure' in response) return { failure: response.failure };
      const taskDefinition = response.ok.taskDefinition;
      if (taskDefinition === undefined) return { failure: ecsFailure(source, 'not-found') };
      return { taskDefinition: toTaskDefinitionContext(taskDefinition) };
    }, Number.POSITIVE_INFINITY);
  }

  /**
   * The tasks a deployment started that have stopped, newest first: ListTasks (STOPPED, of the
   * service) then one DescribeTasks (at most 100 tasks per call), keeping those whose
   * `startedBy` is the deployment. ECS keeps stopped tasks for about an hour. Cached like
   * services.
   * @see https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ListTasks.html
   * @see https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DescribeTasks.html
   */
  public async stoppedTasks(clusterArnOrName: string, serviceName: string, deploymentId: string, signal?: AbortSignal): Promise<StoppedTasksLookupResult> {
    const key = `${nameOf(clusterArnOrName)}/${serviceName}/${deploymentId}`;
    const timedOut: StoppedTasksLookupResult = { tasks: [], failure: ecsFailure(ECS_SOURCES.listTasks, 'timeout') };
    return this.lookup(ECS_SOURCES.listTasks, this.stopped, this.stoppedFlights, key, signal, timedOut, async (shared) => {
      const listed = await this.send(ECS_SOURCES.listTasks, shared, (ecs, abortSignal) =>
        ecs.client.send(new ecs.sdk.ListTasksCommand({ cluster: clusterArnOrName, serviceName, desiredStatus: 'STOPPED', maxResults: DESCRIBE_TASKS_MAX }), { abortSignal }),
      );
      if ('failure' in listed) return { tasks: [], failure: listed.failure };
      const arns = listed.ok.taskArns ?? [];
      if (arns.length === 0) return { tasks: [] };
      const described = await this.send(ECS_SOURCES.describeTasks, shared, (ecs, abortSignal) =>
        ecs.client.send(new ecs.sdk.DescribeTasksCommand({ cluster: clusterArnOrName, tasks: arns }), { abortSignal }),
      );
      if ('failure' in described) return { tasks: [], failure: described.failure };
      const tasks = (described.ok.tasks ?? [])
        .filter((task) => task.startedBy === deploymentId)
        .sort((a, b) => (b.stoppedAt?.getTime() ?? 0) - (a.stoppedAt?.getTime() ?? 0))
        .slice(0, MAX_STOPPED_TASKS)
        .map(toStoppedTaskContext);
      return { tasks };
    }, this.serviceTtlMs);
  }

  /** A cluster with its counts and tags (DescribeClusters with `include: ['TAGS']`). */
  public async cluster(clusterArnOrName: string, signal?: AbortSignal): Promise<ClusterLookupResult> {
    const source = ECS_SOURCES.describeClusters;
    const key = nameOf(clusterArnOrName);
    return this.lookup(source, this.clusters, this.clusterFlights, key, signal, { tags: {}, failure: ecsFailure(source, 'timeout') }, async (shared) => {
      const response = await this.send(source, shared, (ecs, abortSignal) =>
        ecs.client.send(new ecs.sdk.DescribeClustersCommand({ clusters: [clusterArnOrName], include: ['TAGS'] }), { abortSignal }),
      );
      if ('failure' in response) return { tags: {}, failure: response.failure };
      const found = response.ok.clusters?.[0];
      if (found === undefined) return { tags: {}, failure: failureEntry(source, response.ok.failures?.[0]) };
      return { cluster: toClusterContext(found), tags: tagsToRecord(found.tags) };
    }, this.serviceTtlMs);
  }

  /** The batch still filling for `cluster`, or a new one flushed on the next turn of the event loop. */
  private batchFor(cluster: string, clusterArg: string): ServiceBatch {
    const pending = this.pendingBatches.get(cluster);
    if (pending !== undefined && pending.waiters.size < DESCRIBE_SERVICES_MAX) return pending;
    const batch: ServiceBatch = { cluster: clusterArg, abort: new SharedAbort(), waiters: new Map() };
    this.pendingBatches.set(cluster, batch);
    setImmediate(() => {
      if (this.pendingBatches.get(cluster) === batch) this.pendingBatches.delete(cluster);
      void this.flushServices(cluster, batch);
    });
    return batch;
  }

  private async flushServices(cluster: string, batch: ServiceBatch): Promise<void> {
    const source = ECS_SOURCES.describeServices;
    const names = [...batch.waiters.keys()];
    const response = await this.send(source, batch.abort.signal, (ecs, abortSignal) =>
      ecs.client.send(new ecs.sdk.DescribeServicesCommand({ cluster: batch.cluster, services: names, include: ['TAGS'] }), { abortSignal }),
    );
    try {
      const found = new Map<string, Service>();
      const missing = new Map<string, Failure>();
      if ('ok' in response) {
        for (const service of response.ok.services ?? []) if (service.serviceName !== undefined) found.set(service.serviceName, service);
        for (const failure of response.ok.failures ?? []) if (failure.arn !== undefined) missing.set(nameOf(failure.arn), failure);
      }
      for (const [name, waiter] of batch.waiters) {
        const service = found.get(name);
        const result: ServiceLookupResult =
          'failure' in response
            ? { tags: {}, failure: response.failure }
            : service === undefined
              ? { tags: {}, failure: failureEntry(source, missing.get(name)) }
              : { service: toServiceContext(service), tags: tagsToRecord(service.tags) };
        this.remember(this.services, `${cluster}/${name}`, result, this.serviceTtlMs);
        waiter.resolve(result);
      }
    } catch (error: unknown) {
      // A response shape we could not map must not leave callers waiting (resolving twice is a no-op).
      for (const waiter of batch.waiters.values()) waiter.resolve({ tags: {}, failure: toEnrichmentFailure(source, error) });
    }
  }

  /** Cache, else join the in-flight request for `key`, else start one. */
  private async lookup<R extends { failure?: EnrichmentFailure }>(
    source: EcsSource,
    cache: ExpiringCache<R>,
    flights: Map<string, Flight<R>>,
    key: string,
    signal: AbortSignal | undefined,
    timedOut: R,
    load: (shared: AbortSignal) => Promise<R>,
    ttlMs: number,
  ): Promise<R> {
    if (signal?.aborted === true) return timedOut;
    const cached = cache.get(key);
    if (cached !== undefined) return cached;
    let flight = flights.get(key);
    if (flight === undefined) {
      const abort = new SharedAbort();
      const promise = load(abort.signal)
        // A response shape we could not map degrades like any other failure.
        .catch((error: unknown): R => ({ ...timedOut, failure: toEnrichmentFailure(source, error) }))
        .then((result) => {
          this.remember(cache, key, result, ttlMs);
          return result;
        });
      flight = this.track(flights, key, { abort, promise });
    }
    return this.await(flight, signal, timedOut);
  }

  /**
   * Registers `flight` under `key` until it settles or every caller has given up: a request
   * abandoned by all its callers must not hold later callers, even if the SDK were to ignore
   * the abort.
   */
  private track<R>(flights: Map<string, Flight<R>>, key: string, flight: Flight<R>): Flight<R> {
    const forget = (): void => {
      if (flights.get(key) === flight) flights.delete(key);
    };
    flights.set(key, flight);
    flight.abort.signal.addEventListener('abort', forget, { once: true });
    void flight.promise.finally(forget);
    return flight;
  }

  private async await<R>(flight: Flight<R>, signal: AbortSignal | undefined, timedOut: R): Promise<R> {
    flight.abort.join(signal);
    const result = await raceAbort(flight.promise, signal);
    return result === ABORTED ? timedOut : result;
  }

  private remember<R extends { failure?: EnrichmentFailure }>(cache: ExpiringCache<R>, key: string, result: R, ttlMs: number): void {
    if (result.failure === undefined) cache.set(key, result, ttlMs);
    else if (isCacheableFailure(result.failure)) cache.set(key, result, Math.min(ECS_FAILURE_TTL_MS, ttlMs));
  }

  /**
   * The SDK module and the client, on the first call: a Lambda bundle reads ECS's SDK code when
   * an event first needs it. The default client has one SDK retry and the enrichment timeouts
   * of the event budget.
   */
  private loadApi(): Promise<EcsApi> {
    this.api ??= import('./ecs-sdk').then((sdk) => ({
      sdk,
      client: this.client ?? new sdk.ECSClient({ ...this.clientConfig, maxAttempts: TIME_BUDGET.enrich.attempts, requestHandler: clientTimeouts(TIME_BUDGET.enrich) }),
    }));
    return this.api;
  }

  /** One paced, counted, abortable API call; never throws. */
  private async send<O>(source: EcsSource, signal: AbortSignal, call: (ecs: EcsApi, abortSignal: AbortSignal) => Promise<O>): Promise<{ ok: O } | { failure: EnrichmentFailure }> {
    if (!(await this.bucket.acquire(signal))) return { failure: ecsFailure(source, 'timeout') };
    const commandName = source.slice('ecs:'.length);
    this.counts[commandName] = (this.counts[commandName] ?? 0) + 1;
    try {
      const ok = await call(await this.loadApi(), signal);
      this.onCall?.({ source });
      return { ok };
    } catch (error: unknown) {
      const failure = toEnrichmentFailure(source, error, signal);
      this.onCall?.({ source, failure: failureKind(failure) });
      return { failure };
    }
  }
}

/** `throttled: ThrottlingException` -> `throttled`. */
const failureKind = (failure: EnrichmentFailure): string => failure.reason.split(':')[0] ?? failure.reason;

/**
 * A `failures[]` entry of a Describe* response: `MISSING` (the usual one) is `not-found`;
 * anything else is an error named by its reason. No entry at all also means not found.
 * @see https://docs.aws.amazon.com/AmazonECS/latest/APIReference/api_failures_messages.html
 */
const failureEntry = (source: EcsSource, failure: Failure | undefined): EnrichmentFailure =>
  failure?.reason === undefined || failure.reason === 'MISSING' ? ecsFailure(source, 'not-found') : ecsFailure(source, 'error', failure.reason);
