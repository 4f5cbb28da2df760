import { clusterArnOf, parseEcsArn, taskArnOfContainerArn } from './arn';
import { MalformedEventError } from './errors';
import { describeJsonValue, type FieldReader } from './reader';
import type { EcsContainer, EcsTaskDetail, EventEnvelope } from './types';

const readContainer = (c: FieldReader): EcsContainer => ({
  name: c.optionalString('name') ?? '(unnamed)',
  containerArn: c.optionalString('containerArn'),
  lastStatus: c.optionalString('lastStatus'),
  exitCode: c.optionalNumber('exitCode'),
  reason: c.optionalString('reason'),
  image: c.optionalString('image'),
  imageDigest: c.optionalString('imageDigest'),
  runtimeId: c.optionalString('runtimeId'),
  cpu: c.optionalString('cpu'),
  memory: c.optionalString('memory'),
  memoryReservation: c.optionalString('memoryReservation'),
  healthStatus: c.optionalString('healthStatus'),
});

/** An identifier recovered from elsewhere in the event, and where it was found (for the warning). */
interface Recovered {
  value: string;
  from: string;
}

/** Prefix of the warnings about a trimmed event, so an alert built from one says so. */
const PARTIAL = 'partial event';

const isTaskArn = (arn: string | undefined): arn is string => parseEcsArn(arn)?.resourceType === 'task';

/**
 * The task ARN, when `detail.taskArn` is missing, from the rest of the event: ECS lists the
 * task ARN in the envelope's `resources`, repeats it in each container's `taskArn`, and embeds
 * the task id in long-format container ARNs.
 * @see https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs_task_events.html
 */
const recoverTaskArn = (envelope: EventEnvelope, containers: readonly FieldReader[]): Recovered | undefined => {
  for (const [index, resource] of envelope.resources.entries()) {
    if (isTaskArn(resource)) return { value: resource, from: `resources[${index}]` };
  }
  for (const container of containers) {
    const taskArn = container.optionalNonEmptyString('taskArn');
    if (isTaskArn(taskArn)) return { value: taskArn, from: container.pathTo('taskArn') };
  }
  for (const container of containers) {
    const taskArn = taskArnOfContainerArn(container.optionalString('containerArn'));
    if (taskArn !== undefined) return { value: taskArn, from: container.pathTo('containerArn') };
  }
  return undefined;
};

/** The cluster ARN, when `detail.clusterArn` is missing, from the long-format ARNs that name the cluster. */
const recoverClusterArn = (
  taskArn: string | undefined,
  containerInstanceArn: string | undefined,
  containers: readonly EcsContainer[],
): Recovered | undefined => {
  const fromTask = clusterArnOf(parseEcsArn(taskArn));
  if (fromTask !== undefined) return { value: fromTask, from: 'the task ARN' };
  const fromInstance = clusterArnOf(parseEcsArn(containerInstanceArn));
  if (fromInstance !== undefined) return { value: fromInstance, from: 'detail.containerInstanceArn' };
  for (const container of containers) {
    const fromContainer = clusterArnOf(parseEcsArn(container.containerArn));
    if (fromContainer !== undefined) return { value: fromContainer, from: `the ARN of container ${container.name}` };
  }
  return undefined;
};

const absence = (d: FieldReader, key: string): string => {
  const value = d.raw(key);
  return value === undefined || value === null ? 'missing' : 'unusable';
};

/**
 * Reads `ECS Task State Change` detail. A trimmed event (a forwarding rule's input transformer,
 * a copy that lost fields) still becomes an alert: a missing task ARN is taken from
 * `resources` or the containers, a missing cluster ARN from the task ARN, a missing
 * `lastStatus` is STOPPED when `stoppedAt` is set, and each recovery is recorded as a
 * "partial event" warning shown with the alert. The event is skipped as malformed only when
 * nothing in it says which task this is (no task ARN anywhere, no cluster, group or task
 * definition), or when its status cannot be told. A task that never started has no
 * `startedAt`, a stopped container may have no `exitCode`, and Fargate tasks have no
 * container instance.
 * @see https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs_task_events.html
 */
export const readEcsTaskDetail = (d: FieldReader, envelope: EventEnvelope): EcsTaskDetail => {
  const containerReaders = d.objectArray('containers');
  const containers = containerReaders.map(readContainer);
  const group = d.optionalString('group');
  const taskDefinitionArn = d.optionalString('taskDefinitionArn');
  const containerInstanceArn = d.optionalString('containerInstanceArn');
  const stoppedAt = d.optionalString('stoppedAt');

  let taskArn = d.optionalNonEmptyString('taskArn');
  const recoveredTask = taskArn === undefined ? recoverTaskArn(envelope, containerReaders) : undefined;
  taskArn ??= recoveredTask?.value;

  let clusterArn = d.optionalNonEmptyString('clusterArn');
  const recoveredCluster = clusterArn === undefined ? recoverClusterArn(taskArn, containerInstanceArn, containers) : undefined;
  clusterArn ??= recoveredCluster?.value;

  if (taskArn === undefined && clusterArn === undefined && group === undefined && taskDefinitionArn === undefined) {
    const value = d.raw('taskArn');
    const got = value === '' ? 'an empty string' : describeJsonValue(value);
    const path = d.pathTo('taskArn');
    throw new MalformedEventError(
      `${path}: expected a non-empty string, got ${got}, and nothing else in the event says which task stopped (no task ARN in resources or containers, no cluster, group or task definition)`,
      { path },
    );
  }

  let lastStatus = d.optionalNonEmptyString('lastStatus');
  if (lastStatus === undefined) {
    // stoppedAt is only set once the task is STOPPED (API_Task.html); without it the status cannot be told.
    if (stoppedAt === undefined) lastStatus = d.requiredString('lastStatus');
    else {
      d.addWarning(`${PARTIAL}: ${d.pathTo('lastStatus')} is ${absence(d, 'lastStatus')}; taken as STOPPED since ${d.pathTo('stoppedAt')} is set`);
      lastStatus = 'STOPPED';
    }
  }

  if (recoveredTask !== undefined) {
    d.addWarning(`${PARTIAL}: ${d.pathTo('taskArn')} is ${absence(d, 'taskArn')}; the task ARN was taken from ${recoveredTask.from}`);
  } else if (taskArn === undefined) {
    d.addWarning(`${PARTIAL}: no task ARN in ${d.pathTo('taskArn')}, resources or the containers; the alert names no task`);
  }
  if (recoveredCluster !== undefined) {
    d.addWarning(`${PARTIAL}: ${d.pathTo('clusterArn')} is ${absence(d, 'clusterArn')}; the cluster was taken from ${recoveredCluster.from}`);
  } else if (clusterArn === undefined) {
    d.addWarning(`${PARTIAL}: no cluster in ${d.pathTo('clusterArn')} or any ARN of the event; the alert names no cluster`);
  }

  return {
    taskArn,
    clusterArn,
    lastStatus,
    desiredStatus: d.optionalString('desiredStatus'),
    taskDefinitionArn,
    group,
    startedBy: d.optionalString('startedBy'),
    launchType: d.optionalString('launchType'),
    capacityProviderName: d.optionalString('capacityProviderName'),
    availabilityZone: d.optionalString('availabilityZone'),
    containerInstanceArn,
    platformVersion: d.optionalString('platformVersion'),
    stopCode: d.optionalString('stopCode'),
    stoppedReason: d.optionalString('stoppedReason'),
    connectivity: d.optionalString('connectivity'),
    healthStatus: d.optionalString('healthStatus'),
    cpu: d.optionalString('cpu'),
    memory: d.optionalString('memory'),
    createdAt: d.optionalString('createdAt'),
    startedAt: d.optionalString('startedAt'),
    stoppingAt: d.optionalString('stoppingAt'),
    stoppedAt,
    executionStoppedAt: d.optionalString('executionStoppedAt'),
    pullStartedAt: d.optionalString('pullStartedAt'),
    pullStoppedAt: d.optionalString('pullStoppedAt'),
    updatedAt: d.optionalString('updatedAt'),
    version: d.optionalNumber('version'),
    containers,
  };
};
