import { compileConfigText } from '../../shared/compile';
import type { EnrichedAlert } from '../../shared/enrich';
import { normalizeEvent } from '../../shared/normalize';
import { type CompiledAction, MemoryEcs, remediationRequestFor, type RemediationRequest, type ServiceSnapshot } from '../../shared/remediate';
import { loadFixture } from '../support/fixtures';

export const TD = (revision: number): string => `arn:aws:ecs:us-west-2:111122223333:task-definition/payments-api:${revision}`;

/** The recorded shape: prod/payments-api, deployment of revision 42 FAILED as PRIMARY, 41 COMPLETED and ACTIVE. */
export const failedDeploymentService = (change: Partial<ServiceSnapshot> = {}): ServiceSnapshot => ({
  arn: 'arn:aws:ecs:us-west-2:111122223333:service/prod/payments-api',
  cluster: 'prod',
  name: 'payments-api',
  status: 'ACTIVE',
  desiredCount: 3,
  runningCount: 1,
  taskDefinition: TD(42),
  deployments: [
    { id: 'ecs-svc/2203718402285017365', status: 'PRIMARY', rolloutState: 'FAILED', rolloutStateReason: 'ECS deployment circuit breaker: task failed to start.', taskDefinition: TD(42) },
    { id: 'ecs-svc/6094725312907543671', status: 'ACTIVE', rolloutState: 'COMPLETED', taskDefinition: TD(41) },
  ],
  circuitBreakerRollback: false,
  alarmsRollback: false,
  ...change,
});

/** A local ECS holding the recorded service, one running task and one active container instance. */
export const localEcs = (service: ServiceSnapshot = failedDeploymentService()): MemoryEcs => {
  const ecs = new MemoryEcs();
  ecs.state.services.set('prod/payments-api', service);
  ecs.state.completed.set('prod/payments-api', [TD(40), TD(41)]);
  ecs.state.tasks.set('cbc32545b881445133440842bacf91ce', { arn: 'arn:aws:ecs:us-west-2:111122223333:task/prod/cbc32545b881445133440842bacf91ce', lastStatus: 'RUNNING', desiredStatus: 'RUNNING', group: 'service:payments-api' });
  ecs.state.instances.set('b54a2a04046f43319d743f6d7f6ca315', { arn: 'arn:aws:ecs:us-west-2:111122223333:container-instance/prod/b54a2a04046f43319d743f6d7f6ca315', status: 'ACTIVE', agentConnected: true });
  return ecs;
};

/** herald.yml text with these actions (YAML mapping lines under `actions:`), compiled. */
export const actionsOf = (yaml: string): ReadonlyMap<string, CompiledAction> =>
  compileConfigText(`topics: { oncall: {} }\nactions:\n${yaml}`, 'herald.yml').remediation.actions;

/** An alert from a real event fixture, with tags as enrichment finds them. */
export const alertOf = (fixture: string, tags: Record<string, string> = {}): EnrichedAlert => {
  const alert = normalizeEvent(loadFixture(fixture));
  return { ...alert, labels: { ...alert.labels, ...tags }, context: { tags, links: [], failures: [] } };
};

/** The decision a route would queue for `fixture` and `action`. */
export const requestFor = (actions: ReadonlyMap<string, CompiledAction>, action: string, fixture: string, options: { eventId?: string; tags?: Record<string, string>; at?: number } = {}): RemediationRequest => {
  const compiled = actions.get(action);
  if (compiled === undefined) throw new Error(`no action ${action}`);
  const alert = alertOf(fixture, options.tags);
  return remediationRequestFor({ ...alert, event: { ...alert.event, id: options.eventId ?? alert.event.id } }, compiled, 'critical', options.eventId ?? alert.event.id, options.at ?? Date.parse('2026-05-12T12:30:00Z'));
};
