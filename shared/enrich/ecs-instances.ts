import type { ECSClient } from '@aws-sdk/client-ecs';
import { clientTimeouts, TIME_BUDGET } from '../budget';
import { ExpiringCache } from './cache';
import { ECS_SOURCES, ecsFailure, toEnrichmentFailure } from './ecs-failures';
import { TokenBucket } from './rate-limit';
import type { EnrichClientConfig, EnrichmentCallObserver, EnrichmentFailure } from './types';

/** The EC2 instance of a container instance, or why it is not known. */
export interface Ec2InstanceLookupResult {
  ec2InstanceId?: string;
  failure?: EnrichmentFailure;
}

/** The port instance logs use when an event does not carry the EC2 instance id. */
export interface Ec2InstanceIdLookup {
  ec2InstanceId(cluster: string, containerInstance: string, signal?: AbortSignal): Promise<Ec2InstanceLookupResult>;
}

/** Options of {@link ContainerInstanceReader}. */
export interface ContainerInstanceReaderOptions {
  /** @default an ECS client with the enrichment timeouts, made on the first lookup */
  client?: ECSClient;
  /** Calls per second at most (a fallback: container instance events carry the id). @default 2 */
  rateLimitPerSecond?: number;
  onCall?: EnrichmentCallObserver;
  /** Region and credentials of the client it makes: a member account's, in central mode. @default the SDK's own */
  clientConfig?: EnrichClientConfig;
}

/** Container instances remembered: an instance's EC2 id never changes. */
const CACHE_SIZE = 500;

/**
 * The EC2 instance id of a container instance (DescribeContainerInstances), for the instance
 * logs of an alert whose event did not carry it. Cached for good (a container instance keeps
 * its EC2 instance); never throws.
 * @see https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DescribeContainerInstances.html
 */
export class ContainerInstanceReader implements Ec2InstanceIdLookup {
  private api: Promise<{ sdk: typeof import('./ecs-sdk'); client: ECSClient }> | undefined;
  private readonly bucket: TokenBucket;
  private readonly cache = new ExpiringCache<string>({ maxEntries: CACHE_SIZE });

  public constructor(private readonly options: ContainerInstanceReaderOptions = {}) {
    this.bucket = new TokenBucket({ ratePerSecond: options.rateLimitPerSecond ?? 2 });
  }

  public async ec2InstanceId(cluster: string, containerInstance: string, signal?: AbortSignal): Promise<Ec2InstanceLookupResult> {
    const source = ECS_SOURCES.describeContainerInstances;
    const key = `${cluster}/${containerInstance}`;
    const cached = this.cache.get(key);
    if (cached !== undefined) return { ec2InstanceId: cached };
    if (!(await this.bucket.acquire(signal))) return { failure: ecsFailure(source, 'timeout') };
    try {
      this.api ??= import('./ecs-sdk').then((sdk) => ({
        sdk,
        client: this.options.client ?? new sdk.ECSClient({ ...this.options.clientConfig, maxAttempts: TIME_BUDGET.enrich.attempts, requestHandler: clientTimeouts(TIME_BUDGET.enrich) }),
      }));
      const { sdk, client } = await this.api;
      const response = await client.send(new sdk.DescribeContainerInstancesCommand({ cluster, containerInstances: [containerInstance] }), signal === undefined ? {} : { abortSignal: signal });
      this.options.onCall?.({ source });
      const id = response.containerInstances?.[0]?.ec2InstanceId;
      if (id === undefined) return { failure: ecsFailure(source, 'not-found') };
      this.cache.set(key, id, Number.POSITIVE_INFINITY);
      return { ec2InstanceId: id };
    } catch (error) {
      const failure = toEnrichmentFailure(source, error, signal);
      this.options.onCall?.({ source, failure: failure.reason.split(':')[0] ?? failure.reason });
      return { failure };
    }
  }
}
