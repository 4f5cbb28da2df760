import type { FieldReader } from './reader';
import type { EcsDeploymentDetail, EcsServiceActionDetail } from './types';

/**
 * Reads `ECS Service Action` detail. The service ARN is in the envelope's `resources`.
 * @see https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs_service_events.html
 */
export const readEcsServiceActionDetail = (d: FieldReader): EcsServiceActionDetail => ({
  eventType: d.requiredString('eventType'),
  eventName: d.requiredString('eventName'),
  clusterArn: d.optionalString('clusterArn'),
  createdAt: d.optionalString('createdAt'),
  reason: d.optionalString('reason'),
  desiredCount: d.optionalNumber('desiredCount'),
  capacityProviderArns: d.stringArray('capacityProviderArns'),
  containerInstanceArns: d.stringArray('containerInstanceArns'),
  taskArns: d.stringArray('taskArns'),
  taskSetArns: d.stringArray('taskSetArns'),
  serviceRegistryArns: d.stringArray('serviceRegistryArns'),
  targets: d.stringArray('targets'),
});

/**
 * Reads `ECS Deployment State Change` detail.
 * @see https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs_service_deployment_events.html
 */
export const readEcsDeploymentDetail = (d: FieldReader): EcsDeploymentDetail => ({
  eventType: d.requiredString('eventType'),
  eventName: d.requiredString('eventName'),
  deploymentId: d.requiredString('deploymentId'),
  updatedAt: d.optionalString('updatedAt'),
  reason: d.optionalString('reason'),
  clusterArn: d.optionalString('clusterArn'),
});
