import { describeTarget } from '../target';
import type { ActionDefinition } from './types';

/**
 * `drain-instance`: sets the alert's container instance to DRAINING, so ECS moves its service
 * tasks elsewhere. Nothing to do when it is already draining or gone.
 * @see https://docs.aws.amazon.com/AmazonECS/latest/developerguide/container-instance-draining.html
 */
export const drainInstance: ActionDefinition = {
  acts: 'instance',
  describe: (_action, { target }) => `drain ${describeTarget(target, 'instance')}`,
  async prepare({ request, ecs }) {
    const { cluster = '', containerInstance = '' } = request.target;
    const does = `UpdateContainerInstancesState ${cluster} ${containerInstance} DRAINING`;
    if (ecs === undefined) return { does, run: async () => does };
    const found = await ecs.describeContainerInstance(cluster, containerInstance);
    if (found === undefined) return { skip: `container instance ${containerInstance} is no longer registered in ${cluster}` };
    if (found.status !== 'ACTIVE') return { skip: `container instance ${containerInstance} is ${found.status ?? 'not active'} already` };
    return {
      does,
      deploymentId: `instance/${containerInstance}`,
      run: async () => {
        await ecs.drainInstance(cluster, containerInstance);
        return `set container instance ${containerInstance} in ${cluster} to DRAINING`;
      },
    };
  },
};
