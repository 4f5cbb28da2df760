/**
 * Remediation: what a route's `remediate:` does. The router plans a decision per action and
 * writes it to the remediation queue (a versioned contract, docs/remediation.md); the
 * remediator function re-reads the target, runs the guards (allow-list, deployment state,
 * idempotency, cooldown, attempts, an account-wide rate cap), acts or reports what it would
 * do (dry run, the default), and turns every decision into an audit alert of category
 * `remediation`, routed like any other.
 *
 * @example
 * ```ts
 * const { actions } = compileRemediationSettings(config);
 * const remediator = createRemediator({ actions, store, ecs: new AwsEcsRemediation(), invoke: new AwsInvoker() });
 * const result = await remediator.handle(request); // result.outcome: executed | dry-run | skipped | failed
 * ```
 */
export { ACTION_DEFAULTS, GUARDS, MAX_ACTIONS_PER_MINUTE, REMEDIATION_MAX_RECEIVES, REMEDIATION_CONTRACT_SCHEMA, REMEDIATION_CONTRACT_VERSION, REMEDIATION_EVENT, REMEDIATION_OUTCOMES } from './constants';
export type { GuardName, RemediationOutcome } from './constants';
export { RemediationCallError, RemediationError, RetryableRemediationError } from './errors';
export { compileAction, compileRemediationSettings, compileServicePattern } from './settings';
export type { RemediationSettings } from './settings';
export { refusedByAllowList } from './allow';
export { ACTION_DEFINITIONS, scaledCount } from './actions';
export type { ActionDefinition, ActionTargetKind } from './actions';
export { auditEventOf } from './audit';
export type { RemediationAuditEvent } from './audit';
export { refusedByDeployment } from './guards/deployment';
export { createGuardReservations } from './guards/reservations';
export type { GuardReservation, GuardReservations, ReservationRequest, ReservationResult } from './guards/reservations';
export { MemoryEcs } from './local-ecs';
export type { MemoryEcsState } from './local-ecs';
export { createRemediator } from './remediator';
export type { Remediator, RemediatorOptions } from './remediator';
export { createRemediationSubmitter, remediationRequestFor } from './submit';
export type { RemediationSubmitter, RemediationSubmitterOptions } from './submit';
export { remediatorPolicy } from './permissions';
export type { PolicyStatement, RemediatorPolicyOptions } from './permissions';
export { readRemediationRequest } from './contract';
export type { RemediationRequestReadResult } from './contract';
export { AWS_FAILURE_KINDS, classifyAwsError, toRemediationError } from './aws-errors';
export type { AwsFailure, AwsFailureKind, RemediationErrorOptions } from './aws-errors';
export { AwsEcsRemediation, STOP_TASK_REASON_MAX } from './aws-ecs';
export type { AwsEcsRemediationOptions } from './aws-ecs';
export { AwsInvoker } from './aws-invoke';
export type { AwsInvokerOptions } from './aws-invoke';
export { MAX_REQUEST_BYTES, remediationRequestBody, SqsRemediationQueue } from './aws-queue';
export type { SqsRemediationQueueOptions } from './aws-queue';
export { describeTarget, targetOf } from './target';
export type {
  ActionParams,
  CompiledAction,
  DeploymentSnapshot,
  EcsRemediationPort,
  InstanceSnapshot,
  InvokePort,
  PreparedAction,
  RemediationQueue,
  RemediationRequest,
  RemediationResult,
  RemediationTarget,
  ServiceSnapshot,
  ServiceUpdate,
  TaskSnapshot,
} from './types';
