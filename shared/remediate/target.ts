import type { EnrichedAlert } from '../enrich';
import type { RemediationTarget } from './types';

/** What an alert names that an action can act on: its labels, and the tags enrichment found. */
export const targetOf = (alert: EnrichedAlert): RemediationTarget => {
  const { account, region, cluster, service, taskId, containerInstance, deploymentId } = alert.labels;
  const target: RemediationTarget = { tags: { ...(alert.context?.tags ?? {}) } };
  const set = <K extends Exclude<keyof RemediationTarget, 'tags'>>(key: K, value: string | undefined) => {
    if (value !== undefined && value !== '') target[key] = value;
  };
  set('account', account);
  set('region', region);
  set('cluster', cluster);
  set('service', service);
  set('task', taskId);
  set('containerInstance', containerInstance);
  set('deploymentId', deploymentId);
  return target;
};

/** `prod/web`, `prod/task 0a1b...`, `prod/instance 9f8e...`: what a target is, for people. */
export const describeTarget = (target: RemediationTarget, kind: 'service' | 'task' | 'instance' | 'any'): string => {
  const cluster = target.cluster ?? '?';
  if (kind === 'task') return `task ${target.task ?? '?'} in ${cluster}`;
  if (kind === 'instance') return `container instance ${target.containerInstance ?? '?'} in ${cluster}`;
  if (target.service === undefined) return kind === 'any' ? cluster : `a service of ${cluster}`;
  return `${cluster}/${target.service}`;
};
