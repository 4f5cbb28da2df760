import type { CompiledAction, ServiceSnapshot } from '../types';
import { primaryOf } from '../actions';

/** A rollback ECS started or states: a rollout reason that says so. */
const ROLLING_BACK = /roll(?:ing|ed)?[\s-]?back/i;

/**
 * The deployment guard: never act while ECS itself rolls the service back (its circuit
 * breaker or its deployment alarms), nor, unless the action says `during_deployment: true`,
 * while a deployment is in progress: two controllers acting on one service is how ad-hoc
 * remediation loops start. A `rollback` also stands down when the failed deployment will be
 * rolled back by ECS (the circuit breaker or alarms have `rollback: true`).
 * @see https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-circuit-breaker.html
 * @see https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-alarm-failure.html
 * @returns undefined when the action may go on, else why not
 */
export const refusedByDeployment = (action: CompiledAction, service: ServiceSnapshot): string | undefined => {
  const primary = primaryOf(service);
  const inProgress = service.deployments.filter((d) => d.rolloutState === 'IN_PROGRESS');
  const failed = service.deployments.filter((d) => d.rolloutState === 'FAILED');
  const rollingBack = service.deployments.find((d) => d.rolloutState === 'IN_PROGRESS' && ROLLING_BACK.test(d.rolloutStateReason ?? ''));
  if (rollingBack !== undefined) return `ECS is rolling the service back (deployment ${rollingBack.id}: ${rollingBack.rolloutStateReason ?? ''})`;
  // A failed deployment beside one in progress: ECS's rollback is under way.
  if (inProgress.length > 0 && failed.length > 0) return `ECS is rolling the service back (deployment ${failed[0]?.id ?? '?'} failed, ${inProgress[0]?.id ?? '?'} in progress)`;
  if (action.type === 'rollback' && primary?.rolloutState === 'FAILED' && (service.circuitBreakerRollback || service.alarmsRollback)) {
    return `ECS rolls this failed deployment back by itself (${service.circuitBreakerRollback ? 'deployment circuit breaker' : 'deployment alarms'} with rollback on)`;
  }
  if (inProgress.length > 0 && !action.duringDeployment) {
    return `a deployment is in progress (${inProgress.map((d) => d.id).join(', ')}); the action says nothing of acting during deployments (during_deployment: true)`;
  }
  return undefined;
};
