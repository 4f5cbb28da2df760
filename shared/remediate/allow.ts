import type { CompiledAction, RemediationTarget } from './types';

/**
 * The allow-list guard: the target's cluster, service name and tags must be among the
 * action's. It needs no AWS call, so the router reads it too (the alert's email says an
 * action was refused) and the remediator reads it again before acting.
 * @returns undefined when allowed, else why not
 */
export const refusedByAllowList = (action: CompiledAction, target: RemediationTarget): string | undefined => {
  // Central mode: the remediator's role acts in the central account; a member's service of the
  // same name is not this account's.
  if (action.account !== undefined && target.account !== action.account) {
    return `the alert comes from account ${target.account ?? '(none)'}; action ${action.name} acts only in the central account ${action.account}`;
  }
  if (action.clusters !== undefined) {
    if (target.cluster === undefined) return `the alert names no cluster; action ${action.name} acts only on ${action.clusters.join(', ')}`;
    if (!action.clusters.includes(target.cluster)) return `cluster ${target.cluster} is not among the clusters of action ${action.name} (${action.clusters.join(', ')})`;
  }
  if (action.services !== undefined) {
    const patterns = (action.servicePatterns ?? []).join(', ');
    if (target.service === undefined) return `the alert names no service; action ${action.name} acts only on ${patterns}`;
    if (!action.services.some((pattern) => pattern.test(target.service ?? ''))) return `service ${target.service} matches none of the services of action ${action.name} (${patterns})`;
  }
  for (const [key, value] of Object.entries(action.tags)) {
    const found = target.tags[key];
    if (found !== value) return `tag ${key}=${value} is required by action ${action.name}; the service has ${found === undefined ? 'no such tag' : `${key}=${found}`}`;
  }
  return undefined;
};
