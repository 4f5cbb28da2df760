import { describeTarget } from '../target';
import { isSteady, primaryOf, taskDefinitionName } from './service-state';
import type { ActionDefinition } from './types';

/**
 * `rollback`: updates the service to the task definition of its last COMPLETED deployment,
 * for services whose circuit breaker does not roll back by itself (the deployment guard stops
 * it where ECS does). Nothing to do when the service already runs that task definition, or
 * when its current deployment completed (the failure was superseded).
 * @see https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-circuit-breaker.html
 */
export const rollback: ActionDefinition = {
  acts: 'service',
  describe: (_action, { target }) => `roll ${describeTarget(target, 'service')} back to the task definition of its last completed deployment`,
  async prepare({ request, service, ecs }) {
    const { cluster = '', service: name = '' } = request.target;
    if (service === undefined || ecs === undefined) {
      const does = `UpdateService ${cluster}/${name} taskDefinition <last completed>`;
      return { does, run: async () => does };
    }
    const primary = primaryOf(service);
    if (isSteady(service)) return { skip: `the current deployment (${taskDefinitionName(primary?.taskDefinition ?? service.taskDefinition)}) completed: nothing to roll back` };
    const previous = await ecs.lastCompletedTaskDefinition(cluster, name);
    if (previous === undefined) return { skip: 'ECS lists no completed deployment of the service to roll back to' };
    if (primary?.taskDefinition === previous) return { skip: `the service already deploys ${taskDefinitionName(previous)}, its last completed task definition` };
    const does = `UpdateService ${cluster}/${name} taskDefinition ${taskDefinitionName(primary?.taskDefinition)} -> ${taskDefinitionName(previous)}`;
    return {
      does,
      deploymentId: primary?.id,
      run: async () => {
        const { deploymentId } = await ecs.updateService({ cluster, service: name, taskDefinition: previous });
        return `rolled ${cluster}/${name} back from ${taskDefinitionName(primary?.taskDefinition)} to ${taskDefinitionName(previous)}${deploymentId === undefined ? '' : ` (${deploymentId})`}`;
      },
    };
  },
};
