/**
 * EventBridge `source` values ecs-herald consumes.
 * @see https://docs.aws.amazon.com/eventbridge/latest/ref/events-ref-ecs.html
 * @see https://docs.aws.amazon.com/eventbridge/latest/ref/events-ref-trustedadvisor.html
 */
export const SOURCES = {
  ecs: 'aws.ecs',
  cloudwatch: 'aws.cloudwatch',
  trustedAdvisor: 'aws.trustedadvisor',
  /** herald's own events (remediation decisions): never forwarded by a rule. */
  herald: 'ecs-herald',
} as const;

/**
 * The `detail-type` values ecs-herald parses.
 *
 * The ECS ones are every type the ECS developer guide documents
 * (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs_cwe_events.html).
 * AWS says it "might add other event types": an unknown `aws.ecs` detail-type is skipped
 * with the reason `unknown-ecs-detail-type`, never guessed at.
 */
export const DETAIL_TYPES = {
  ecsTask: 'ECS Task State Change',
  ecsServiceAction: 'ECS Service Action',
  ecsDeployment: 'ECS Deployment State Change',
  ecsContainerInstance: 'ECS Container Instance State Change',
  ecsContainerInstanceHealth: 'ECS Container Instance Health Change',
  ecsHook: 'ECS Hook State Change',
  ecsDaemonDeployment: 'ECS Daemon Deployment State Change',
  ecsDaemonServiceAction: 'ECS Daemon Service Action',
  cloudwatchAlarm: 'CloudWatch Alarm State Change',
  cloudTrail: 'AWS API Call via CloudTrail',
  /**
   * One Trusted Advisor check item (a flagged resource) changed status. Trusted Advisor emits
   * it in us-east-1 only; its other detail-types (the Pursuit digests) are not handled.
   * @see https://docs.aws.amazon.com/awssupport/latest/user/cloudwatch-events-ta.html
   */
  trustedAdvisorCheck: 'Trusted Advisor Check Item Refresh Notification',
  /** What became of a remediation decision: the remediator's audit, routed like any alert. */
  remediationDecision: 'ECS Herald Remediation Decision',
} as const;

/**
 * Discriminant of the {@link HeraldEvent} union: one value per parsed event kind. Each has an
 * entry in the registry (`kinds.ts`) and a normalizer; the compiler asks for both.
 */
export const EVENT_KINDS = {
  ecsTask: 'ecs-task',
  ecsServiceAction: 'ecs-service-action',
  ecsDeployment: 'ecs-deployment',
  ecsContainerInstance: 'ecs-container-instance',
  ecsContainerInstanceHealth: 'ecs-container-instance-health',
  ecsHook: 'ecs-hook',
  ecsDaemonDeployment: 'ecs-daemon-deployment',
  ecsDaemonServiceAction: 'ecs-daemon-service-action',
  cloudwatchAlarm: 'cloudwatch-alarm',
  cloudTrail: 'cloudtrail',
  trustedAdvisor: 'trusted-advisor',
  remediationDecision: 'remediation-decision',
} as const;

/** One of {@link EVENT_KINDS}. */
export type EventKind = (typeof EVENT_KINDS)[keyof typeof EVENT_KINDS];

/** CloudTrail `eventSource` of ECS API calls. */
export const ECS_EVENT_SOURCE = 'ecs.amazonaws.com';

/**
 * The EventBridge rules events are forwarded by: one rule per group, and groups are disjoint
 * by source and detail-type (CloudTrail calls share `aws.ecs` with ECS events but have their
 * own detail-type and an `eventSource` condition), so no event invokes the router twice.
 * Trusted Advisor has a rule of its own: its events only reach the event bus of us-east-1.
 * @see https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-rules.html
 */
export const RULE_GROUPS = {
  ecs: 'ecs',
  cloudTrail: 'cloudtrail',
  cloudwatch: 'cloudwatch',
  trustedAdvisor: 'trusted-advisor',
} as const;

/** One of {@link RULE_GROUPS}. */
export type RuleGroup = (typeof RULE_GROUPS)[keyof typeof RULE_GROUPS];
