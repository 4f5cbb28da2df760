import { describeTarget } from '../target';
import { isSteady, primaryOf, runningText, taskDefinitionName } from './service-state';
import type { ActionDefinition } from './types';

/**
 * `force-new-deployment`: replaces the service's tasks with new ones of the same task
 * definition (a stuck service, a secret or image tag that changed under it). Only while the
 * service is short of tasks or its deployment failed: once ECS has it steady again the trigger
 * no longer holds, and restarting a healthy service would only cause the next alert.
 * @see https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_UpdateService.html#ECS-UpdateService-request-forceNewDeployment
 */
export const forceNewDeployment: ActionDefinition = {
  acts: 'service',
  describe: (_action, { target }) => `force a new deployment of ${describeTarget(target, 'service')}`,
  async prepare({ request, service, ecs }) {
    const { cluster = '', service: name = '' } = request.target;
    const does = `UpdateService ${cluster}/${name} forceNewDeployment`;
    if (service === undefined || ecs === undefined) return { does, run: async () => does };
    if (isSteady(service)) return { skip: `the service is steady again (${runningText(service)} on ${taskDefinitionName(service.taskDefinition)}): nothing to restart` };
    return {
      does: `${does} (${runningText(service)} on ${taskDefinitionName(service.taskDefinition)})`,
      deploymentId: primaryOf(service)?.id,
      run: async () => {
        const { deploymentId } = await ecs.updateService({ cluster, service: name, forceNewDeployment: true });
        return `forced a new deployment of ${cluster}/${name}${deploymentId === undefined ? '' : ` (${deploymentId})`}`;
      },
    };
  },
};
