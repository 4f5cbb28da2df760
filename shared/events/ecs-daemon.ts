import type { FieldReader } from './reader';
import type { EcsDaemonDeploymentDetail, EcsDaemonServiceActionDetail } from './types';

/**
 * Reads `ECS Daemon Deployment State Change` detail.
 * @see https://docs.aws.amazon.com/AmazonECS/latest/developerguide/managed-daemons-events.html
 */
export const readEcsDaemonDeploymentDetail = (d: FieldReader): EcsDaemonDeploymentDetail => ({
  eventType: d.optionalString('eventType'),
  eventName: d.requiredString('eventName'),
  clusterArn: d.optionalString('clusterArn'),
  daemonArn: d.optionalString('daemonArn'),
  daemonDeploymentArn: d.optionalString('daemonDeploymentArn'),
  targetDaemonRevisionArn: d.optionalString('targetDaemonRevisionArn'),
  updatedAt: d.optionalString('updatedAt'),
  reason: d.optionalString('reason'),
});

/**
 * Reads `ECS Daemon Service Action` detail.
 * @see https://docs.aws.amazon.com/AmazonECS/latest/developerguide/managed-daemons-events.html
 */
export const readEcsDaemonServiceActionDetail = (d: FieldReader): EcsDaemonServiceActionDetail => ({
  eventType: d.optionalString('eventType'),
  eventName: d.requiredString('eventName'),
  clusterArn: d.optionalString('clusterArn'),
  containerInstanceArn: d.optionalString('containerInstanceArn'),
  taskArn: d.optionalString('taskArn'),
  daemonArn: d.optionalString('daemonArn'),
  daemonRevisionArn: d.optionalString('daemonRevisionArn'),
  daemonTaskDefinitionArn: d.optionalString('daemonTaskDefinitionArn'),
  capacityProviderName: d.optionalString('capacityProviderName'),
  failureType: d.optionalString('failureType'),
  createdAt: d.optionalString('createdAt'),
  reason: d.optionalString('reason'),
});
