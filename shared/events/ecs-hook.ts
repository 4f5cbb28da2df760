import type { FieldReader } from './reader';
import type { EcsHookDetail } from './types';

/**
 * Reads `ECS Hook State Change` detail.
 * @see https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs_hook_state_change_events.html
 * @see https://docs.aws.amazon.com/AmazonECS/latest/developerguide/pause-lifecycle-hooks.html
 */
export const readEcsHookDetail = (d: FieldReader): EcsHookDetail => ({
  eventType: d.optionalString('eventType'),
  eventName: d.requiredString('eventName'),
  hookId: d.optionalString('hookId'),
  hookType: d.optionalString('hookType'),
  lifecycleStage: d.optionalString('lifecycleStage'),
  expiresAt: d.optionalString('expiresAt'),
  clusterArn: d.optionalString('clusterArn'),
  serviceArn: d.optionalString('serviceArn'),
  serviceDeploymentArn: d.optionalString('serviceDeploymentArn'),
  updatedAt: d.optionalString('updatedAt'),
  reason: d.optionalString('reason'),
});
