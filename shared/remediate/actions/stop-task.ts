import { describeTarget } from '../target';
import type { ActionParams } from '../types';
import type { ActionDefinition } from './types';

type StopTaskParams = Extract<ActionParams, { type: 'stop-task' }>;

/**
 * `stop-task`: stops the alert's task (a service's scheduler starts a replacement). Nothing to
 * do when the task is already stopped or stopping.
 * @see https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_StopTask.html
 */
export const stopTask: ActionDefinition = {
  acts: 'task',
  describe: (_action, { target }) => `stop ${describeTarget(target, 'task')}`,
  async prepare({ action, request, ecs }) {
    const { cluster = '', task = '' } = request.target;
    const reason = (action.params as StopTaskParams).reason ?? `Stopped by ecs-herald remediation ${action.name}`;
    const does = `StopTask ${cluster} ${task}`;
    if (ecs === undefined) return { does, run: async () => does };
    const found = await ecs.describeTask(cluster, task);
    if (found === undefined) return { skip: `task ${task} no longer exists in ${cluster}` };
    if (found.lastStatus === 'STOPPED' || found.desiredStatus === 'STOPPED') return { skip: `task ${task} is already ${found.lastStatus === 'STOPPED' ? 'stopped' : 'stopping'}` };
    return {
      does,
      deploymentId: `task/${task}`,
      run: async () => {
        await ecs.stopTask(cluster, task, reason);
        return `stopped task ${task} in ${cluster}`;
      },
    };
  },
};
