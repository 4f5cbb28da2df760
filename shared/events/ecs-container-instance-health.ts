import type { FieldReader } from './reader';
import type { EcsContainerInstanceHealthDetail } from './types';

/**
 * Reads `ECS Container Instance Health Change` detail. `capacityProviderName` is JSON null
 * on plain EC2 instances.
 * @see https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs_container_instance_health_events.html
 */
export const readEcsContainerInstanceHealthDetail = (d: FieldReader): EcsContainerInstanceHealthDetail => ({
  containerInstanceArn: d.requiredString('containerInstanceArn'),
  clusterArn: d.requiredString('clusterArn'),
  overallStatus: d.requiredString('overallStatus'),
  capacityProviderName: d.optionalString('capacityProviderName'),
  ec2InstanceId: d.optionalString('ec2InstanceId'),
  healthChecks: d.objectArray('healthChecks').map((h) => ({
    type: h.optionalString('type') ?? 'UNKNOWN',
    status: h.optionalString('status'),
    statusReason: h.optionalString('statusReason'),
    lastStatusChange: h.optionalString('lastStatusChange'),
  })),
});
