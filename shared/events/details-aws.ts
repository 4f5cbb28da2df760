/* The `detail` of the other AWS events herald reads: CloudWatch alarms, CloudTrail calls to ECS, Trusted Advisor checks. */

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
