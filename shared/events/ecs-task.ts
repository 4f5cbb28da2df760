import type { FieldReader } from './reader';
import type { EcsContainer, EcsTaskDetail } from './types';

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

/**
 * Reads `ECS Task State Change` detail. Only the task ARN, cluster ARN and last status are
 * required: a task that never started has no `startedAt`, a stopped container may have no
 * `exitCode`, and Fargate tasks have no container instance.
 * @see https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs_task_events.html
 */
export const readEcsTaskDetail = (d: FieldReader): EcsTaskDetail => ({
  taskArn: d.requiredString('taskArn'),
  clusterArn: d.requiredString('clusterArn'),
  lastStatus: d.requiredString('lastStatus'),
  desiredStatus: d.optionalString('desiredStatus'),
  taskDefinitionArn: d.optionalString('taskDefinitionArn'),
  group: d.optionalString('group'),
  startedBy: d.optionalString('startedBy'),
  launchType: d.optionalString('launchType'),
  capacityProviderName: d.optionalString('capacityProviderName'),
  availabilityZone: d.optionalString('availabilityZone'),
  containerInstanceArn: d.optionalString('containerInstanceArn'),
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
  stoppedAt: d.optionalString('stoppedAt'),
  executionStoppedAt: d.optionalString('executionStoppedAt'),
  pullStartedAt: d.optionalString('pullStartedAt'),
  pullStoppedAt: d.optionalString('pullStoppedAt'),
  updatedAt: d.optionalString('updatedAt'),
  version: d.optionalNumber('version'),
  containers: d.objectArray('containers').map(readContainer),
});
