import type { EVENT_KINDS, EventKind } from './constants';

/**
 * The EventBridge envelope common to every event.
 * @see https://docs.aws.amazon.com/eventbridge/latest/ref/events-structure.html
 */
export interface EventEnvelope {
  id: string;
  version: string;
  detailType: string;
  source: string;
  account: string;
  /** ISO-8601 time the event was emitted. */
  time: string;
  region: string;
  resources: string[];
}

/**
 * A container inside an ECS task state change.
 * @see https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs_task_events.html
 */
export interface EcsContainer {
  name: string;
  containerArn?: string;
  lastStatus?: string;
  /** Absent when the container never ran or the agent could not read it. */
  exitCode?: number;
  /** Why the container stopped, e.g. `OutOfMemoryError: Container killed due to memory usage`. */
  reason?: string;
  image?: string;
  imageDigest?: string;
  runtimeId?: string;
  cpu?: string;
  memory?: string;
  memoryReservation?: string;
  healthStatus?: string;
}

/**
 * `detail` of `ECS Task State Change`.
 * @see https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs_task_events.html
 */
export interface EcsTaskDetail {
  /**
   * From `detail.taskArn`, else recovered from `resources` or the containers. Absent only in a
   * trimmed event where nothing carries it; the event's warnings then say so.
   */
  taskArn?: string;
  /** From `detail.clusterArn`, else derived from a long-format ARN; absent only when no ARN names the cluster. */
  clusterArn?: string;
  /** From `detail.lastStatus`; `STOPPED` when it is missing and `stoppedAt` is set (with a warning). */
  lastStatus: string;
  desiredStatus?: string;
  taskDefinitionArn?: string;
  /** `service:<name>` for service tasks, `family:<name>` for standalone tasks. */
  group?: string;
  /** `ecs-svc/<id>` when started by the service scheduler; a user-supplied tag otherwise. */
  startedBy?: string;
  launchType?: string;
  capacityProviderName?: string;
  availabilityZone?: string;
  containerInstanceArn?: string;
  platformVersion?: string;
  /** Why the task stopped; see the stopped tasks error codes page. */
  stopCode?: string;
  stoppedReason?: string;
  connectivity?: string;
  healthStatus?: string;
  cpu?: string;
  memory?: string;
  createdAt?: string;
  /** Absent for a task that never started. */
  startedAt?: string;
  stoppingAt?: string;
  stoppedAt?: string;
  executionStoppedAt?: string;
  pullStartedAt?: string;
  pullStoppedAt?: string;
  updatedAt?: string;
  /** Per-task version: ECS events are at-least-once and unordered; higher is newer. */
  version?: number;
  containers: EcsContainer[];
}

/**
 * `detail` of `ECS Service Action`.
 * @see https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs_service_events.html
 */
export interface EcsServiceActionDetail {
  /** `INFO`, `WARN` or `ERROR`. */
  eventType: string;
  eventName: string;
  clusterArn?: string;
  createdAt?: string;
  /** For placement failures: the constraint or resource that failed, e.g. `RESOURCE:MEMORY`. */
  reason?: string;
  desiredCount?: number;
  capacityProviderArns: string[];
  containerInstanceArns: string[];
  taskArns: string[];
  taskSetArns: string[];
  serviceRegistryArns: string[];
  targets: string[];
}

/**
 * `detail` of `ECS Deployment State Change`.
 * @see https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs_service_deployment_events.html
 */
export interface EcsDeploymentDetail {
  eventType: string;
  eventName: string;
  deploymentId: string;
  updatedAt?: string;
  /** Human text; says whether this is an initial deployment or a circuit-breaker rollback. */
  reason?: string;
  clusterArn?: string;
}

/** A container instance attribute, e.g. `ecs.availability-zone`. */
export interface EcsAttribute {
  name: string;
  value?: string;
}

/**
 * `detail` of `ECS Container Instance State Change`.
 * @see https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs_container_instance_events.html
 */
export interface EcsContainerInstanceDetail {
  containerInstanceArn: string;
  clusterArn: string;
  /** `ACTIVE`, `DRAINING`, `INACTIVE`, `REGISTERING`, `DEREGISTERING`, ... */
  status: string;
  statusReason?: string;
  agentConnected?: boolean;
  agentUpdateStatus?: string;
  ec2InstanceId?: string;
  attributes: EcsAttribute[];
  version?: number;
  updatedAt?: string;
  /** Container instance health (`OK`, `IMPAIRED`, `INSUFFICIENT_DATA`, `INITIALIZING`), when reported. */
  healthStatus?: string;
}

/** One health check of a container instance. */
export interface EcsInstanceHealthCheck {
  /** `CONTAINER_RUNTIME`, `ACCELERATED_COMPUTE`, `DAEMON`, `AGENT_CONNECTIVITY`, ... */
  type: string;
  status?: string;
  statusReason?: string;
  lastStatusChange?: string;
}

/**
 * `detail` of `ECS Container Instance Health Change`.
 * @see https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs_container_instance_health_events.html
 */
export interface EcsContainerInstanceHealthDetail {
  containerInstanceArn: string;
  clusterArn: string;
  /** `OK`, `IMPAIRED`, `INSUFFICIENT_DATA`, `INITIALIZING`. */
  overallStatus: string;
  /** Null on plain EC2 instances; a managed capacity provider repairs impaired instances itself. */
  capacityProviderName?: string;
  ec2InstanceId?: string;
  healthChecks: EcsInstanceHealthCheck[];
}

/**
 * `detail` of `ECS Hook State Change`: a deployment lifecycle hook (e.g. a pause hook of a
 * blue/green deployment) changed status.
 * @see https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs_hook_state_change_events.html
 */
export interface EcsHookDetail {
  eventType?: string;
  /** `HOOK_IN_PROGRESS`, `HOOK_AWAITING_ACTION`, `HOOK_SUCCEEDED`, `HOOK_FAILED`, `HOOK_TIMED_OUT`. */
  eventName: string;
  hookId?: string;
  hookType?: string;
  lifecycleStage?: string;
  /** Deadline of a pause hook; its timeout action (default ROLLBACK) is taken then. */
  expiresAt?: string;
  clusterArn?: string;
  serviceArn?: string;
  serviceDeploymentArn?: string;
  updatedAt?: string;
  reason?: string;
}

/**
 * `detail` of `ECS Daemon Deployment State Change` (ECS managed daemons).
 * @see https://docs.aws.amazon.com/AmazonECS/latest/developerguide/managed-daemons-events.html
 */
export interface EcsDaemonDeploymentDetail {
  eventType?: string;
  eventName: string;
  clusterArn?: string;
  daemonArn?: string;
  daemonDeploymentArn?: string;
  targetDaemonRevisionArn?: string;
  updatedAt?: string;
  reason?: string;
}

/**
 * `detail` of `ECS Daemon Service Action` (ECS managed daemons). Note `eventType` is
 * `WARNING` here where service actions say `WARN`.
 * @see https://docs.aws.amazon.com/AmazonECS/latest/developerguide/managed-daemons-events.html
 */
export interface EcsDaemonServiceActionDetail {
  eventType?: string;
  eventName: string;
  clusterArn?: string;
  containerInstanceArn?: string;
  /** Absent when the task could not be created (`TASK_CREATION_FAILED`). */
  taskArn?: string;
  daemonArn?: string;
  daemonRevisionArn?: string;
  daemonTaskDefinitionArn?: string;
  capacityProviderName?: string;
  /** `TASK_FAILED_TO_RUN` or `TASK_CREATION_FAILED`. */
  failureType?: string;
  createdAt?: string;
  reason?: string;
}

/** One side of an alarm transition. */
export interface AlarmState {
  /** `OK`, `ALARM` or `INSUFFICIENT_DATA`. */
  value: string;
  reason?: string;
  /** Composite alarms: why actions are suppressed (e.g. `WaitPeriod`), when they are. */
  actionsSuppressedBy?: string;
  timestamp?: string;
}

/** A metric an alarm watches, flattened for labels. */
export interface AlarmMetric {
  namespace?: string;
  name?: string;
  dimensions: Record<string, string>;
}

/**
 * `detail` of `CloudWatch Alarm State Change`.
 * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/cloudwatch-and-eventbridge.html
 */
export interface CloudWatchAlarmDetail {
  alarmName: string;
  state: AlarmState;
  previousState?: AlarmState;
  description?: string;
  metrics: AlarmMetric[];
}

/**
 * How a caller was identified from CloudTrail's `userIdentity`, most specific first.
 * @see https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-user-identity.html
 */
export type CloudTrailActorKind = 'source-identity' | 'sso-user' | 'role-session' | 'iam-user' | 'root' | 'federated-user' | 'aws-service' | 'unknown';

/** Who made an API call, read from `userIdentity`: the person or automation, with the role as context. */
export interface CloudTrailActor {
  /** The person or automation: SSO user name (often an email), session name, IAM user name, `root`, `scheduler.amazonaws.com`. */
  name: string;
  kind: CloudTrailActorKind;
  /** The IAM role of an assumed-role session (for SSO, the `AWSReservedSSO_...` role). */
  role?: string;
  /** The IAM Identity Center permission set, from an `AWSReservedSSO_<PermissionSet>_<id>` role. */
  permissionSet?: string;
  /** The role session name, when it is not already `name`. */
  session?: string;
}

/** One entry of a RunTask or StartTask `responseElements.failures`: a task ECS could not place. */
export interface EcsApiFailure {
  /** The container instance (or other resource) the failure is about. */
  arn?: string;
  /** `RESOURCE:MEMORY`, `RESOURCE:CPU`, `RESOURCE:PORTS`, `AGENT`, `ATTRIBUTE`, `LOCATION`, `MISSING`, or a sentence. */
  reason?: string;
  detail?: string;
}

/**
 * The ECS resources an API call names, from `requestParameters` and `responseElements`:
 * requests name clusters and services by short name or ARN, responses by ARN.
 */
export interface CloudTrailEcsResources {
  cluster?: string;
  service?: string;
  taskId?: string;
  /** As given: `family`, `family:revision` or a task definition ARN. */
  taskDefinition?: string;
  /** `family:<name>`, `service:<name>` or a user-supplied task group (RunTask, StartTask). */
  group?: string;
  startedBy?: string;
  launchType?: string;
  /** Tasks requested (`count`, RunTask; default 1). */
  requestedCount?: number;
}

/**
 * `detail` of `AWS API Call via CloudTrail` for `eventSource: ecs.amazonaws.com`.
 * @see https://docs.aws.amazon.com/AmazonECS/latest/developerguide/logging-using-cloudtrail.html
 */
export interface CloudTrailEcsDetail {
  eventSource: string;
  eventName: string;
  eventTime?: string;
  awsRegion?: string;
  userIdentityType?: string;
  /** The caller's IAM principal: the role that issued a session, else the caller's ARN (IAM user, AWS service). */
  principalArn?: string;
  /** Who made the call; absent when `userIdentity` says nothing usable. */
  actor?: CloudTrailActor;
  invokedBy?: string;
  sourceIPAddress?: string;
  userAgent?: string;
  errorCode?: string;
  errorMessage?: string;
  /** The resources the call names (short names and ARNs both read). */
  resources: CloudTrailEcsResources;
  /** RunTask and StartTask: the tasks ECS could not place. */
  failures: EcsApiFailure[];
  /** RunTask and StartTask: how many tasks the response returns (placed). */
  tasksReturned?: number;
  /** Verbatim; shapes vary by API. */
  requestParameters: unknown;
  responseElements: unknown;
}

/**
 * `detail` of `Trusted Advisor Check Item Refresh Notification`: one resource of one check
 * changed status.
 * @see https://docs.aws.amazon.com/awssupport/latest/user/cloudwatch-events-ta.html
 */
export interface TrustedAdvisorCheckDetail {
  /** `check-name`, e.g. `Amazon EBS Snapshots`. */
  checkName: string;
  /** `OK`, `WARN` or `ERROR`. */
  status: string;
  /** `resource_id`: the flagged resource's ARN; absent (AWS sends "") for checks about no single resource. */
  resourceId?: string;
  uuid?: string;
  /** `check-item-detail`: the check's own columns (`Region`, `Volume ID`, `Reason`...); keys vary by check. */
  checkItemDetail: Record<string, string>;
}

interface EventOf<K extends string, D> {
  kind: K;
  envelope: EventEnvelope;
  detail: D;
  /** Wrongly typed optional fields that were dropped while parsing (never fatal). */
  warnings: string[];
  /** The event as received, for `event:` route matchers. */
  raw: Record<string, unknown>;
}

/**
 * The `detail` type of each event kind. A kind missing here fails to compile wherever kinds
 * are mapped to their events (the registry in `kinds.ts`, the normalizer table).
 */
export interface EventDetails {
  [EVENT_KINDS.ecsTask]: EcsTaskDetail;
  [EVENT_KINDS.ecsServiceAction]: EcsServiceActionDetail;
  [EVENT_KINDS.ecsDeployment]: EcsDeploymentDetail;
  [EVENT_KINDS.ecsContainerInstance]: EcsContainerInstanceDetail;
  [EVENT_KINDS.ecsContainerInstanceHealth]: EcsContainerInstanceHealthDetail;
  [EVENT_KINDS.ecsHook]: EcsHookDetail;
  [EVENT_KINDS.ecsDaemonDeployment]: EcsDaemonDeploymentDetail;
  [EVENT_KINDS.ecsDaemonServiceAction]: EcsDaemonServiceActionDetail;
  [EVENT_KINDS.cloudwatchAlarm]: CloudWatchAlarmDetail;
  [EVENT_KINDS.cloudTrail]: CloudTrailEcsDetail;
  [EVENT_KINDS.trustedAdvisor]: TrustedAdvisorCheckDetail;
}

/**
 * The event of one kind, e.g. `EventOfKind<'ecs-task'>` is {@link EcsTaskEvent}.
 *
 * Written as a mapped type over K indexed by K (rather than `Extract<HeraldEvent, { kind: K }>`)
 * so that, in a function generic in K, TypeScript resolves it to `EventOf<K, EventDetails[K]>`
 * and lets one kind's event be built or dispatched without a cast (microsoft/TypeScript#47109).
 */
export type EventOfKind<K extends EventKind> = { [P in K]: EventOf<P, EventDetails[P]> }[K];

export type EcsTaskEvent = EventOfKind<typeof EVENT_KINDS.ecsTask>;
export type EcsServiceActionEvent = EventOfKind<typeof EVENT_KINDS.ecsServiceAction>;
export type EcsDeploymentEvent = EventOfKind<typeof EVENT_KINDS.ecsDeployment>;
export type EcsContainerInstanceEvent = EventOfKind<typeof EVENT_KINDS.ecsContainerInstance>;
export type EcsContainerInstanceHealthEvent = EventOfKind<typeof EVENT_KINDS.ecsContainerInstanceHealth>;
export type EcsHookEvent = EventOfKind<typeof EVENT_KINDS.ecsHook>;
export type EcsDaemonDeploymentEvent = EventOfKind<typeof EVENT_KINDS.ecsDaemonDeployment>;
export type EcsDaemonServiceActionEvent = EventOfKind<typeof EVENT_KINDS.ecsDaemonServiceAction>;
export type CloudWatchAlarmEvent = EventOfKind<typeof EVENT_KINDS.cloudwatchAlarm>;
export type CloudTrailEcsEvent = EventOfKind<typeof EVENT_KINDS.cloudTrail>;
export type TrustedAdvisorEvent = EventOfKind<typeof EVENT_KINDS.trustedAdvisor>;

/** Every event ecs-herald understands, discriminated by `kind`. */
export type HeraldEvent = EventOfKind<EventKind>;

/** Outcome of {@link parseEvent}: an event, or the typed reason it was skipped. */
export type ParseResult =
  | { ok: true; event: HeraldEvent }
  | { ok: false; error: import('./errors').EventParseError };
