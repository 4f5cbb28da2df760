/**
 * The parts of an ECS resource ARN that alerts and links need.
 * Both ARN formats are accepted: the long one that embeds the cluster name
 * (`service/<cluster>/<name>`, `task/<cluster>/<id>`) and the old short one.
 * @see https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs-account-settings.html#ecs-resource-ids
 */
export interface EcsArn {
  partition: string;
  region: string;
  account: string;
  /** `cluster`, `service`, `task`, `task-definition`, `container-instance`, `container`, `task-set`, ... */
  resourceType: string;
  /** The cluster name, when the ARN names one. */
  cluster?: string;
  /** The last path segment: service name, task id, container instance id, `family:revision`. */
  name: string;
}

// The same few ARNs (a cluster, its services, their task definitions) recur in every event of
// a storm, so parsed ARNs are memoized; the cache is bounded and simply cleared when full.
const MAX_CACHED_ARNS = 4096;
const cache = new Map<string, EcsArn | undefined>();

/** Splits an ECS ARN; returns undefined for anything that is not one. */
export const parseEcsArn = (arn: string | undefined): EcsArn | undefined => {
  if (arn === undefined) return undefined;
  if (cache.has(arn)) return cache.get(arn);
  if (cache.size >= MAX_CACHED_ARNS) cache.clear();
  const parsed = splitEcsArn(arn);
  cache.set(arn, parsed);
  return parsed;
};

const splitEcsArn = (arn: string): EcsArn | undefined => {
  const parts = arn.split(':');
  if (parts.length < 6 || parts[0] !== 'arn' || parts[2] !== 'ecs') return undefined;
  const [, partition = '', , region = '', account = ''] = parts;
  const resource = parts.slice(5).join(':');
  const segments = resource.split('/');
  const resourceType = segments[0] ?? '';
  const name = segments[segments.length - 1] ?? '';
  if (segments.length < 2 || name === '') return undefined;
  const cluster = resourceType === 'cluster' ? name : segments.length >= 3 ? segments[1] : undefined;
  return Object.freeze({ partition, region, account, resourceType, cluster, name });
};

/** `family` and `revision` of a task (or daemon task) definition ARN (`task-definition/web:42`). */
export const parseTaskDefinitionArn = (arn: string | undefined): { family: string; revision?: string } | undefined => {
  const parsed = parseEcsArn(arn);
  if (parsed?.resourceType !== 'task-definition' && parsed?.resourceType !== 'daemon-task-definition') return undefined;
  const [family = '', revision] = parsed.name.split(':');
  return family === '' ? undefined : { family, revision };
};

/** The first ARN of `resources` that is an ECS service, e.g. for service action events. */
export const findServiceArn = (resources: readonly string[]): EcsArn | undefined => {
  for (const resource of resources) {
    const parsed = parseEcsArn(resource);
    if (parsed?.resourceType === 'service') return parsed;
  }
  return undefined;
};

/** The ARN of the cluster an ECS ARN names (long ARN format only), e.g. of a task or container instance. */
export const clusterArnOf = (arn: EcsArn | undefined): string | undefined =>
  arn?.cluster === undefined || arn.cluster === ''
    ? undefined
    : `arn:${arn.partition}:ecs:${arn.region}:${arn.account}:cluster/${arn.cluster}`;

/**
 * The task ARN a container ARN embeds. Only the long format has it
 * (`container/<cluster>/<task id>/<container id>`); the old `container/<id>` does not.
 */
export const taskArnOfContainerArn = (arn: string | undefined): string | undefined => {
  const parsed = parseEcsArn(arn);
  if (parsed?.resourceType !== 'container' || arn === undefined) return undefined;
  const segments = arn.split(':').slice(5).join(':').split('/');
  const [, cluster, taskId] = segments;
  if (segments.length !== 4 || cluster === undefined || cluster === '' || taskId === undefined || taskId === '') return undefined;
  return `arn:${parsed.partition}:ecs:${parsed.region}:${parsed.account}:task/${cluster}/${taskId}`;
};
