import type { FieldReader } from './reader';
import type { EcsContainerInstanceDetail } from './types';

/**
 * Reads `ECS Container Instance State Change` detail.
 * @see https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs_container_instance_events.html
 */
export const readEcsContainerInstanceDetail = (d: FieldReader): EcsContainerInstanceDetail => ({
  containerInstanceArn: d.requiredString('containerInstanceArn'),
  clusterArn: d.requiredString('clusterArn'),
  status: d.requiredString('status'),
  statusReason: d.optionalString('statusReason'),
  agentConnected: d.optionalBoolean('agentConnected'),
  agentUpdateStatus: d.optionalString('agentUpdateStatus'),
  ec2InstanceId: d.optionalString('ec2InstanceId'),
  attributes: d.objectArray('attributes').map((a) => ({ name: a.optionalString('name') ?? '', value: a.optionalString('value') })),
  version: d.optionalNumber('version'),
  updatedAt: d.optionalString('updatedAt'),
  healthStatus: d.optionalObject('healthStatus')?.optionalString('overallStatus'),
});
