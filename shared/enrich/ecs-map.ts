import type { Cluster, ContainerDefinition, Deployment, Service, ServiceEvent, Tag, Task, TaskDefinition } from '@aws-sdk/client-ecs';
import type { ClusterContext, ContainerDefinitionContext, DeploymentContext, ServiceContext, StoppedTaskContext, TaskDefinitionContext } from './types';

/**
 * Service events kept per alert. DescribeServices returns up to the last 100 events, newest
 * first; the alert only needs the few that explain the current state.
 * @see https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_Service.html#ECS-Type-Service-events
 */
export const MAX_SERVICE_EVENTS = 5;

/** The log driver whose options name a CloudWatch Logs group and stream prefix. */
const AWSLOGS = 'awslogs';

// The SDK deserializes timestamps to Date; accept epoch seconds and strings too, so a response
// from another source (a recorded fixture, a proxy) still maps. Dates are recognised by tag, not
// `instanceof`, which fails for a Date made in another realm (a structured clone, a vm context).
const isDate = (value: unknown): value is Date => Object.prototype.toString.call(value) === '[object Date]';

const isoDate = (value: unknown): string | undefined => {
  const date = isDate(value) ? new Date(value.getTime()) : typeof value === 'number' ? new Date(value * 1000) : typeof value === 'string' ? new Date(value) : undefined;
  return date === undefined || Number.isNaN(date.getTime()) ? undefined : date.toISOString();
};

const timeOf = (value: unknown): number => {
  const iso = isoDate(value);
  return iso === undefined ? Number.NEGATIVE_INFINITY : Date.parse(iso);
};

/** ECS resource tags (`key`/`value`, lower case) as a record; tags without a key are skipped. */
export const tagsToRecord = (tags: readonly Tag[] | undefined): Record<string, string> => {
  const record: Record<string, string> = {};
  for (const tag of tags ?? []) if (tag.key !== undefined && tag.key !== '') record[tag.key] = tag.value ?? '';
  return record;
};

const toDeploymentContext = (deployment: Deployment): DeploymentContext => ({
  id: deployment.id ?? '',
  status: deployment.status,
  rolloutState: deployment.rolloutState,
  rolloutStateReason: deployment.rolloutStateReason,
  taskDefinition: deployment.taskDefinition,
  desiredCount: deployment.desiredCount,
  runningCount: deployment.runningCount,
  pendingCount: deployment.pendingCount,
  failedTasks: deployment.failedTasks,
  createdAt: isoDate(deployment.createdAt),
  updatedAt: isoDate(deployment.updatedAt),
});

// `events` is documented newest first; sorting (stable) guards the "most recent" promise
// should the order ever differ, at no cost for five of at most 100 entries.
const recentEvents = (events: readonly ServiceEvent[] | undefined): ServiceContext['events'] =>
  [...(events ?? [])]
    .sort((a, b) => timeOf(b.createdAt) - timeOf(a.createdAt))
    .slice(0, MAX_SERVICE_EVENTS)
    .map((event) => ({ createdAt: isoDate(event.createdAt), message: event.message ?? '' }));

/**
 * The parts of a DescribeServices `Service` an alert shows.
 * @see https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_Service.html
 */
export const toServiceContext = (service: Service): ServiceContext => {
  const breaker = service.deploymentConfiguration?.deploymentCircuitBreaker;
  return {
    arn: service.serviceArn ?? '',
    status: service.status,
    desiredCount: service.desiredCount,
    runningCount: service.runningCount,
    pendingCount: service.pendingCount,
    launchType: service.launchType,
    capacityProviderStrategy: (service.capacityProviderStrategy ?? []).map((item) => ({
      provider: item.capacityProvider ?? '',
      weight: item.weight,
      base: item.base,
    })),
    circuitBreaker: breaker === undefined ? undefined : { enable: breaker.enable === true, rollback: breaker.rollback === true },
    deployments: (service.deployments ?? []).map(toDeploymentContext),
    events: recentEvents(service.events),
  };
};

/**
 * awslogs options of a container, when it logs to CloudWatch Logs with the awslogs driver.
 * @see https://docs.aws.amazon.com/AmazonECS/latest/developerguide/using_awslogs.html
 */
const awslogsOf = (container: ContainerDefinition): ContainerDefinitionContext['awslogs'] => {
  const config = container.logConfiguration;
  const group = config?.options?.['awslogs-group'];
  if (config?.logDriver !== AWSLOGS || group === undefined || group === '') return undefined;
  return { group, region: config.options?.['awslogs-region'], streamPrefix: config.options?.['awslogs-stream-prefix'] };
};

/** A container definition; environment variable names only, never their values. */
const toContainerContext = (container: ContainerDefinition): ContainerDefinitionContext => ({
  name: container.name ?? '',
  image: container.image,
  cpu: container.cpu,
  memory: container.memory,
  memoryReservation: container.memoryReservation,
  essential: container.essential,
  environmentNames: (container.environment ?? []).flatMap((variable) => (variable.name === undefined ? [] : [variable.name])),
  awslogs: awslogsOf(container),
});

/**
 * The parts of a task definition an alert and a deployment diff need.
 * @see https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_TaskDefinition.html
 */
export const toTaskDefinitionContext = (taskDefinition: TaskDefinition): TaskDefinitionContext => ({
  arn: taskDefinition.taskDefinitionArn ?? '',
  family: taskDefinition.family,
  revision: taskDefinition.revision,
  cpu: taskDefinition.cpu,
  memory: taskDefinition.memory,
  containers: (taskDefinition.containerDefinitions ?? []).map(toContainerContext),
});

/**
 * The counts of a DescribeClusters `Cluster` (present without the STATISTICS include, which
 * only adds per-launch-type breakdowns the alert does not show).
 * @see https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_Cluster.html
 */
export const toClusterContext = (cluster: Cluster): ClusterContext => ({
  arn: cluster.clusterArn ?? '',
  status: cluster.status,
  registeredContainerInstances: cluster.registeredContainerInstancesCount,
  runningTasks: cluster.runningTasksCount,
  pendingTasks: cluster.pendingTasksCount,
  activeServices: cluster.activeServicesCount,
});

/** Stopped tasks kept for a failed deployment: enough to see the pattern, short enough to read. */
export const MAX_STOPPED_TASKS = 5;

/** A stopped task as the alert shows it: stop code, reason, and each container's exit. */
export const toStoppedTaskContext = (task: Task): StoppedTaskContext => ({
  taskId: task.taskArn?.split('/').pop() ?? '',
  stopCode: task.stopCode,
  stoppedReason: task.stoppedReason,
  stoppedAt: task.stoppedAt?.toISOString(),
  containers: (task.containers ?? []).map((c) => ({ name: c.name ?? '', exitCode: c.exitCode, reason: c.reason })),
});
