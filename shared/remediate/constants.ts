/**
 * The version of the decision message between the router and the remediator. It changes
 * only when a field is removed, renamed or changes meaning; docs/remediation.md documents it.
 */
export const REMEDIATION_CONTRACT_VERSION = 1;

/** The `schema` of every decision message: what the JSON is. */
export const REMEDIATION_CONTRACT_SCHEMA = 'ecs-herald.remediation-request';

/** What became of a decision. */
export const REMEDIATION_OUTCOMES = ['executed', 'dry-run', 'skipped', 'failed'] as const;

/** One of {@link REMEDIATION_OUTCOMES}. */
export type RemediationOutcome = (typeof REMEDIATION_OUTCOMES)[number];

/**
 * The guards, in the order the remediator runs them. Each stops a decision with its own
 * reason; the audit alert and `herald test` name the guard.
 * - `action`: the action is no longer in herald.yml, or the alert names nothing it can act on;
 * - `allow-list`: the cluster, service name or tags are not among the action's;
 * - `target`: the service (task, instance) re-read before acting: gone, or the trigger no longer holds;
 * - `deployment`: ECS is rolling the service back, or a deployment is in progress;
 * - `idempotency`: this decision, or another on the same deployment, was already carried out;
 * - `cooldown`: the action ran on this service less than `cooldown` ago;
 * - `attempts`: `max_attempts` runs on this service within `window`;
 * - `rate`: the account-wide cap of mutating calls per minute.
 */
export const GUARDS = ['action', 'allow-list', 'target', 'deployment', 'idempotency', 'cooldown', 'attempts', 'rate'] as const;

/** One of {@link GUARDS}. */
export type GuardName = (typeof GUARDS)[number];

/** Guard defaults, for actions that do not set them. */
export const ACTION_DEFAULTS = {
  dryRun: true,
  cooldownMs: 30 * 60_000,
  maxAttempts: 3,
  windowMs: 24 * 3_600_000,
  duringDeployment: false,
} as const;

/**
 * The account-wide cap on mutating ECS calls the remediator makes, per minute. ECS refills
 * the "service modify actions" bucket (CreateService, UpdateService, DeleteService) at 5
 * requests per second per account and Region, bucket 50; StopTask and
 * UpdateContainerInstancesState share a bucket of 100 refilled at 40 per second. Ten a minute
 * is 1/30 of the UpdateService refill: remediation never starves the deploy pipelines that
 * share the quota, and a storm across many services is a case for a human, not for mass
 * restarts.
 * @see https://docs.aws.amazon.com/AmazonECS/latest/APIReference/request-throttling.html
 */
export const MAX_ACTIONS_PER_MINUTE = 10;

/** How a remediation's own audit event is recognised (it is never forwarded by a rule). */
export const REMEDIATION_EVENT = {
  source: 'ecs-herald',
  detailType: 'ECS Herald Remediation Decision',
} as const;

/**
 * Deliveries of one decision before its queue moves it to the remediation dead-letter queue
 * (the queue's `maxReceiveCount` in serverless.yml). A throttled or timed-out call is retried
 * by redelivery; on the last delivery the remediator reports the decision `failed` instead.
 */
export const REMEDIATION_MAX_RECEIVES = 5;
