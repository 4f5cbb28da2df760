import type { CompiledAction, EcsRemediationPort, InvokePort, PreparedAction, RemediationRequest, ServiceSnapshot } from '../types';

/** What an action acts on: a service, a task, a container instance, or whatever the alert names. */
export type ActionTargetKind = 'service' | 'task' | 'instance' | 'any';

/** What {@link ActionDefinition.prepare} works with. */
export interface PrepareContext {
  action: CompiledAction;
  request: RemediationRequest;
  /** The service as re-read now (service actions, and `invoke` on a service). */
  service?: ServiceSnapshot;
  /** ECS, to re-read what the action needs and to make the change. Absent offline (the CLI): nothing is re-read. */
  ecs?: EcsRemediationPort;
  invoke?: InvokePort;
}

/**
 * One action type: what it acts on, what it does in words, and how it re-reads its target
 * to decide whether the trigger still holds before it changes anything.
 */
export interface ActionDefinition {
  acts: ActionTargetKind;
  /** "force a new deployment of prod/web": for the alert's email and the audit. */
  describe(action: CompiledAction, request: Pick<RemediationRequest, 'target'>): string;
  /** Re-reads what it needs and returns what to do, or why there is nothing to do. */
  prepare(context: PrepareContext): Promise<PreparedAction>;
}
