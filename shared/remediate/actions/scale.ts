import { describeTarget } from '../target';
import type { ActionParams } from '../types';
import { primaryOf } from './service-state';
import type { ActionDefinition } from './types';

type ScaleParams = Extract<ActionParams, { type: 'scale' }>;

/** The desired count the action asks for, from the current one, within its bounds. */
export const scaledCount = (params: ScaleParams, current: number): number =>
  Math.min(params.max, Math.max(params.min, params.to ?? current + (params.by ?? 0)));

const change = (params: ScaleParams): string =>
  params.to !== undefined ? `to ${params.to}` : `by ${(params.by ?? 0) > 0 ? '+' : ''}${params.by ?? 0}`;

/**
 * `scale`: sets (`to`) or changes (`by`) the service's desired count, never outside
 * `min`..`max`. Nothing to do when the count is already there (a bound reached is said so).
 * @see https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_UpdateService.html#ECS-UpdateService-request-desiredCount
 */
export const scale: ActionDefinition = {
  acts: 'service',
  describe: (action, { target }) => {
    const params = action.params as ScaleParams;
    return `scale ${describeTarget(target, 'service')} ${change(params)} (within ${params.min}..${params.max})`;
  },
  async prepare({ action, request, service, ecs }) {
    const params = action.params as ScaleParams;
    const { cluster = '', service: name = '' } = request.target;
    if (service === undefined || ecs === undefined) {
      const does = `UpdateService ${cluster}/${name} desiredCount ${change(params)} within ${params.min}..${params.max}`;
      return { does, run: async () => does };
    }
    const current = service.desiredCount ?? 0;
    const wanted = scaledCount(params, current);
    if (wanted === current) {
      const bound = wanted === params.max ? ` (its maximum, ${params.max})` : wanted === params.min ? ` (its minimum, ${params.min})` : '';
      return { skip: `the desired count is already ${current}${bound}` };
    }
    return {
      does: `UpdateService ${cluster}/${name} desiredCount ${current} -> ${wanted}`,
      // Once per deployment and starting count: 3 -> 5 is not asked twice, 5 -> 7 is a new decision.
      deploymentId: `${primaryOf(service)?.id ?? 'service'}@${current}`,
      run: async () => {
        await ecs.updateService({ cluster, service: name, desiredCount: wanted });
        return `scaled ${cluster}/${name} from ${current} to ${wanted} tasks`;
      },
    };
  },
};
