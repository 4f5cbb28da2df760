import type { EcsContainer, EcsTaskDetail } from '../events';
import type { Category } from './constants';
import type { Evidence } from './types';

/** A memory size from the event (a string of MiB), or undefined when absent or not a positive number. */
const mebibytes = (value: string | undefined): number | undefined => {
  const n = value === undefined ? Number.NaN : Number(value);
  return Number.isFinite(n) && n > 0 ? n : undefined;
};

/**
 * The memory limit a container was killed at, as the task state change reports it, for an OOM
 * kill and for a bare SIGKILL (exit 137, memory the first suspect): the container's hard limit
 * (`memory`), else the task's (`memory`, the whole task's limit on Fargate), with the soft limit
 * (`memoryReservation`) when set. `memory limit: 896 MiB, container payments-api (task 1024 MiB)`.
 * None when the event carries no size, or the container was not killed.
 * @see https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_Container.html (memory, memoryReservation)
 * @see https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_definition_parameters.html#container_definition_memory
 */
export const memoryLimitEvidence = (task: EcsTaskDetail, culprit: EcsContainer | undefined, category: Category): Evidence[] => {
  if (culprit === undefined || (category !== 'oom' && culprit.exitCode !== 137)) return [];
  const container = mebibytes(culprit.memory);
  const reservation = mebibytes(culprit.memoryReservation);
  const whole = mebibytes(task.memory);
  const soft = reservation === undefined ? '' : `, reservation ${reservation} MiB`;
  if (container !== undefined) {
    return [{ name: 'memory limit', value: `${container} MiB, container ${culprit.name}${soft}${whole === undefined ? '' : ` (task ${whole} MiB)`}` }];
  }
  if (whole !== undefined) {
    return [{ name: 'memory limit', value: `${whole} MiB, the task's (container ${culprit.name} has no limit of its own${soft})` }];
  }
  return reservation === undefined ? [] : [{ name: 'memory limit', value: `none set (container ${culprit.name}${soft}): it can use the instance's free memory` }];
};
