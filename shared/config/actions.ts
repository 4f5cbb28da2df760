/**
 * Remediation action types. What each does is defined by the remediation stage
 * (`shared/remediate/actions/`); what its parameters must look like, by `actions-schema.ts`.
 * This file has no zod: the Lambda bundles import these types and names at run time.
 */
export const ACTION_TYPES = ['force-new-deployment', 'rollback', 'scale', 'stop-task', 'drain-instance', 'invoke'] as const;

/** One of {@link ACTION_TYPES}. */
export type ActionType = (typeof ACTION_TYPES)[number];

/** The guard rails every action has, whatever its type. */
export interface ActionGuardsConfig {
  /**
   * Report what would be done, change nothing. Acting needs `dry_run: false`, written out,
   * per action. @default true
   */
  dry_run?: boolean;
  /** Clusters it may act on. @default the top-level `clusters`, else every cluster */
  clusters?: string[];
  /** Service names it may act on: exact names or patterns with `*` (`web-*`). @default every service */
  services?: string[];
  /** Resource tags the service (or cluster) must carry, all of them, e.g. `{ remediation: enabled }`. */
  tags?: Record<string, string>;
  /** The least time between two runs on one service (or task, or instance). @default 30m */
  cooldown?: string;
  /** At most this many runs on one service within `window`. @default 3 */
  max_attempts?: number;
  /** The window of `max_attempts`. @default 24h */
  window?: string;
  /**
   * Act while a deployment of the service is in progress. Never while ECS rolls one back.
   * @default false
   */
  during_deployment?: boolean;
}

/** `force-new-deployment`: replace the service's tasks with new ones of the same task definition. */
export interface ForceNewDeploymentActionConfig extends ActionGuardsConfig {
  type: 'force-new-deployment';
}

/** `rollback`: update the service to the task definition of its last completed deployment. */
export interface RollbackActionConfig extends ActionGuardsConfig {
  type: 'rollback';
}

/** `scale`: set (`to`) or change (`by`, signed) the desired count, kept within `min`..`max`. */
export interface ScaleActionConfig extends ActionGuardsConfig {
  type: 'scale';
  to?: number;
  by?: number;
  min: number;
  max: number;
}

/** `stop-task`: stop the alert's task (the service scheduler starts a replacement). */
export interface StopTaskActionConfig extends ActionGuardsConfig {
  type: 'stop-task';
  /** The stop reason ECS records. @default "Stopped by ecs-herald remediation <action>" */
  reason?: string;
}

/** `drain-instance`: set the alert's container instance to DRAINING. */
export interface DrainInstanceActionConfig extends ActionGuardsConfig {
  type: 'drain-instance';
}

/**
 * `invoke`: call a Lambda function (`function`) or start an SSM Automation runbook
 * (`document`), with the alert as input.
 */
export interface InvokeActionConfig extends ActionGuardsConfig {
  type: 'invoke';
  /** A Lambda function ARN (or name, in this account and Region). */
  function?: string;
  /** An SSM Automation document name or ARN. */
  document?: string;
  /** Extra Automation parameters (the alert is passed as `Alert`, JSON). */
  parameters?: Record<string, string[]>;
}

/** A remediation action of `herald.yml`'s `actions:`. */
export type ActionConfig =
  | ForceNewDeploymentActionConfig
  | RollbackActionConfig
  | ScaleActionConfig
  | StopTaskActionConfig
  | DrainInstanceActionConfig
  | InvokeActionConfig;
