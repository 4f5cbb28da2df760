import type { ActionType } from '../config';
import type { AlertDocument } from '../deliver';
import type { GuardName, RemediationOutcome, REMEDIATION_CONTRACT_SCHEMA, REMEDIATION_CONTRACT_VERSION } from './constants';

/** What an action acts on, from the alert's labels. Absent fields do not apply. */
export interface RemediationTarget {
  account?: string;
  region?: string;
  cluster?: string;
  service?: string;
  /** A task id or ARN (stop-task). */
  task?: string;
  /** A container instance id or ARN (drain-instance). */
  containerInstance?: string;
  /** The deployment the alert is about, when it names one. */
  deploymentId?: string;
  /** The alert's service and cluster tags (the allow-list reads them). */
  tags: Readonly<Record<string, string>>;
}

/**
 * A decision, as the router writes it to the remediation queue: version 1 of the contract
 * (docs/remediation.md). The remediator re-checks everything in it before acting.
 */
export interface RemediationRequest {
  schema: typeof REMEDIATION_CONTRACT_SCHEMA;
  version: typeof REMEDIATION_CONTRACT_VERSION;
  /** Unique per decision: the event id, route and action. A redelivered message carries the same id. */
  id: string;
  /** The action's name in herald.yml. */
  action: string;
  /** Its type when the decision was made; the remediator refuses a decision whose action changed type. */
  type: ActionType;
  /** The route whose `remediate` named the action. */
  route: string;
  /** ISO 8601: when the router decided. */
  decidedAt: string;
  target: RemediationTarget;
  /** The alert that triggered it, as the documented alert document (the `json` topic format). */
  alert: AlertDocument;
}

/** What became of one decision: the audit record. */
export interface RemediationResult {
  request: RemediationRequest;
  outcome: RemediationOutcome;
  /** The guard that stopped it (outcome `skipped`). */
  guard?: GuardName;
  /** Why: the guard's reason, the failure, or what was done. */
  reason: string;
  /** What was (or would be) done, in words: "UpdateService prod/web forceNewDeployment". */
  did?: string;
  /** ISO 8601: when the remediator decided. */
  at: string;
  /** A redelivered decision: this is the outcome recorded when it was first carried out. */
  repeated?: boolean;
}

/** An action of herald.yml, compiled: its guards with defaults applied. */
export interface CompiledAction {
  name: string;
  type: ActionType;
  dryRun: boolean;
  /** Allowed clusters; undefined: every cluster. */
  clusters?: readonly string[];
  /**
   * Central mode: the only account it acts in, the central one (the remediator's role is there);
   * an alert from a member account is refused, never acted on a same-named service here.
   * Undefined: single-account mode.
   */
  account?: string;
  /** Allowed service names, compiled from patterns; undefined: every service. */
  services?: readonly RegExp[];
  /** The patterns as written (IAM resources use them). */
  servicePatterns?: readonly string[];
  tags: Readonly<Record<string, string>>;
  cooldownMs: number;
  maxAttempts: number;
  windowMs: number;
  duringDeployment: boolean;
  /** The type's own parameters, as validated. */
  params: ActionParams;
}

/** The parameters of each action type. */
export type ActionParams =
  | { type: 'force-new-deployment' }
  | { type: 'rollback' }
  | { type: 'scale'; to?: number; by?: number; min: number; max: number }
  | { type: 'stop-task'; reason?: string }
  | { type: 'drain-instance' }
  | { type: 'invoke'; function?: string; document?: string; parameters: Readonly<Record<string, readonly string[]>> };

/** A deployment of a service, as re-read before acting. */
export interface DeploymentSnapshot {
  id: string;
  /** PRIMARY, ACTIVE or INACTIVE. */
  status?: string;
  /** IN_PROGRESS, COMPLETED or FAILED. */
  rolloutState?: string;
  rolloutStateReason?: string;
  taskDefinition?: string;
  createdAt?: string;
}

/** A service, as re-read before acting. */
export interface ServiceSnapshot {
  arn: string;
  cluster: string;
  name: string;
  /** ACTIVE, DRAINING or INACTIVE. */
  status?: string;
  desiredCount?: number;
  runningCount?: number;
  taskDefinition?: string;
  deployments: readonly DeploymentSnapshot[];
  /** The deployment circuit breaker rolls back failed deployments by itself. */
  circuitBreakerRollback: boolean;
  /** CloudWatch alarms roll back deployments by themselves. */
  alarmsRollback: boolean;
}

/** A task, as re-read before stopping it. */
export interface TaskSnapshot {
  arn: string;
  lastStatus?: string;
  desiredStatus?: string;
  /** `service:<name>` for a service's task. */
  group?: string;
}

/** A container instance, as re-read before draining it. */
export interface InstanceSnapshot {
  arn: string;
  /** ACTIVE, DRAINING, REGISTERING... */
  status?: string;
  agentConnected?: boolean;
  runningTasksCount?: number;
}

/** The changes ECS is asked for. */
export interface ServiceUpdate {
  cluster: string;
  service: string;
  forceNewDeployment?: boolean;
  taskDefinition?: string;
  desiredCount?: number;
}

/**
 * What the remediator reads and changes in ECS. Adapters: the AWS SDK (`aws-ecs.ts`), and a
 * local one for the CLI and tests. Reads answer undefined for a resource that does not exist.
 */
export interface EcsRemediationPort {
  describeService(cluster: string, service: string): Promise<ServiceSnapshot | undefined>;
  /** The task definition of the service's last successful deployment, when ECS still lists it. */
  lastCompletedTaskDefinition(cluster: string, service: string): Promise<string | undefined>;
  describeTask(cluster: string, task: string): Promise<TaskSnapshot | undefined>;
  describeContainerInstance(cluster: string, instance: string): Promise<InstanceSnapshot | undefined>;
  /** Returns the id of the deployment the update started, when ECS says. */
  updateService(update: ServiceUpdate): Promise<{ deploymentId?: string }>;
  stopTask(cluster: string, task: string, reason: string): Promise<void>;
  drainInstance(cluster: string, instance: string): Promise<void>;
}

/** What `invoke` calls: a Lambda function or an SSM Automation runbook. */
export interface InvokePort {
  /** Invokes synchronously; returns the function's error type when it failed. */
  invokeFunction(name: string, payload: string): Promise<{ functionError?: string }>;
  startAutomation(document: string, parameters: Readonly<Record<string, readonly string[]>>): Promise<{ executionId?: string }>;
}

/** Where the router sends decisions. Adapters: SQS (`aws-queue.ts`), and in-process for the CLI. */
export interface RemediationQueue {
  /** Queues the decision; an in-process queue decides at once and returns the outcome. */
  submit(request: RemediationRequest): Promise<RemediationResult | undefined>;
}

/** What an action found on re-reading its target: nothing to do (and why), or a change to make. */
export type PreparedAction =
  | { skip: string }
  | {
      /** What it will do, in words, for the audit: "UpdateService prod/web taskDefinition web:41". */
      does: string;
      /** The deployment the change concerns (idempotency key), when there is one. */
      deploymentId?: string;
      /** Makes the change; returns what was done, in words. */
      run(): Promise<string>;
    };
