import { readCloudTrailEcsDetail } from './cloudtrail';
import { readCloudWatchAlarmDetail } from './cloudwatch-alarm';
import { DETAIL_TYPES, ECS_EVENT_SOURCE, EVENT_KINDS, type EventKind, RULE_GROUPS, type RuleGroup, SOURCES } from './constants';
import { readEcsContainerInstanceDetail } from './ecs-container-instance';
import { readEcsContainerInstanceHealthDetail } from './ecs-container-instance-health';
import { readEcsDaemonDeploymentDetail, readEcsDaemonServiceActionDetail } from './ecs-daemon';
import { readEcsHookDetail } from './ecs-hook';
import { readEcsDeploymentDetail, readEcsServiceActionDetail } from './ecs-service';
import { readEcsTaskDetail } from './ecs-task';
import { readTrustedAdvisorCheckDetail } from './trusted-advisor';
import { readRemediationDecisionDetail } from './herald-remediation';
import type { FieldReader } from './reader';
import type { EventDetails, EventEnvelope } from './types';

/**
 * What ecs-herald knows about one kind of event: how to recognise it, how to read it and
 * which EventBridge rule forwards it. How to normalize it lives one stage up, in
 * `normalize/`, in a table keyed by the same kinds.
 */
export interface EventKindSpec<K extends EventKind> {
  /** The `kind` of the parsed event. */
  readonly kind: K;
  /** EventBridge `source`; with `detailType`, what identifies the kind. */
  readonly source: string;
  /** EventBridge `detail-type`. */
  readonly detailType: string;
  /**
   * Reads `detail`: throws `MalformedEventError` for a missing or wrongly typed
   * required field, drops a wrongly typed optional one with a warning. The envelope (already
   * read) is there for identifiers a trimmed detail lost but `resources` still carries.
   */
  readonly read: (detail: FieldReader, envelope: EventEnvelope) => EventDetails[K];
  /**
   * The EventBridge rule that forwards this kind. Kinds of one group share `source` and
   * `eventSource`: the group's rule has one of each. None for herald's own events (remediation
   * decisions), which the remediator feeds to its pipeline directly.
   */
  readonly ruleGroup: RuleGroup | undefined;
  /**
   * CloudTrail kinds only: the `detail.eventSource` (the AWS service whose API was called)
   * this kind covers. The rule filters on it, and the parser skips a call with another
   * `eventSource` as unsupported rather than normalizing it as an ECS call.
   * @see https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-record-contents.html
   */
  readonly eventSource?: string;
}

/** One {@link EventKindSpec} per {@link EventKind}; the compiler rejects a missing kind. */
export type EventKindRegistry = { readonly [K in EventKind]: EventKindSpec<K> };

/**
 * Every kind of event ecs-herald handles. Adding a kind: its detail type and reader, an
 * entry here, and a normalizer (the compiler asks for the last two once the kind is in
 * {@link EVENT_KINDS} and `EventDetails`). The parser, the normalizer table and the derived
 * EventBridge rules all read this registry.
 *
 * Order matters where it shows: a rule lists its detail-types in this order.
 *
 * @example
 * ```ts
 * const { source, detailType } = EVENT_KIND_REGISTRY['ecs-task'];
 * // 'aws.ecs', 'ECS Task State Change'
 * ```
 */
export const EVENT_KIND_REGISTRY: EventKindRegistry = {
  [EVENT_KINDS.ecsTask]: {
    kind: EVENT_KINDS.ecsTask,
    source: SOURCES.ecs,
    detailType: DETAIL_TYPES.ecsTask,
    read: readEcsTaskDetail,
    ruleGroup: RULE_GROUPS.ecs,
  },
  [EVENT_KINDS.ecsServiceAction]: {
    kind: EVENT_KINDS.ecsServiceAction,
    source: SOURCES.ecs,
    detailType: DETAIL_TYPES.ecsServiceAction,
    read: readEcsServiceActionDetail,
    ruleGroup: RULE_GROUPS.ecs,
  },
  [EVENT_KINDS.ecsDeployment]: {
    kind: EVENT_KINDS.ecsDeployment,
    source: SOURCES.ecs,
    detailType: DETAIL_TYPES.ecsDeployment,
    read: readEcsDeploymentDetail,
    ruleGroup: RULE_GROUPS.ecs,
  },
  [EVENT_KINDS.ecsContainerInstance]: {
    kind: EVENT_KINDS.ecsContainerInstance,
    source: SOURCES.ecs,
    detailType: DETAIL_TYPES.ecsContainerInstance,
    read: readEcsContainerInstanceDetail,
    ruleGroup: RULE_GROUPS.ecs,
  },
  [EVENT_KINDS.ecsContainerInstanceHealth]: {
    kind: EVENT_KINDS.ecsContainerInstanceHealth,
    source: SOURCES.ecs,
    detailType: DETAIL_TYPES.ecsContainerInstanceHealth,
    read: readEcsContainerInstanceHealthDetail,
    ruleGroup: RULE_GROUPS.ecs,
  },
  [EVENT_KINDS.ecsHook]: {
    kind: EVENT_KINDS.ecsHook,
    source: SOURCES.ecs,
    detailType: DETAIL_TYPES.ecsHook,
    read: readEcsHookDetail,
    ruleGroup: RULE_GROUPS.ecs,
  },
  [EVENT_KINDS.ecsDaemonDeployment]: {
    kind: EVENT_KINDS.ecsDaemonDeployment,
    source: SOURCES.ecs,
    detailType: DETAIL_TYPES.ecsDaemonDeployment,
    read: readEcsDaemonDeploymentDetail,
    ruleGroup: RULE_GROUPS.ecs,
  },
  [EVENT_KINDS.ecsDaemonServiceAction]: {
    kind: EVENT_KINDS.ecsDaemonServiceAction,
    source: SOURCES.ecs,
    detailType: DETAIL_TYPES.ecsDaemonServiceAction,
    read: readEcsDaemonServiceActionDetail,
    ruleGroup: RULE_GROUPS.ecs,
  },
  [EVENT_KINDS.cloudwatchAlarm]: {
    kind: EVENT_KINDS.cloudwatchAlarm,
    source: SOURCES.cloudwatch,
    detailType: DETAIL_TYPES.cloudwatchAlarm,
    read: readCloudWatchAlarmDetail,
    ruleGroup: RULE_GROUPS.cloudwatch,
  },
  [EVENT_KINDS.cloudTrail]: {
    kind: EVENT_KINDS.cloudTrail,
    source: SOURCES.ecs,
    detailType: DETAIL_TYPES.cloudTrail,
    read: readCloudTrailEcsDetail,
    ruleGroup: RULE_GROUPS.cloudTrail,
    eventSource: ECS_EVENT_SOURCE,
  },
  // Trusted Advisor is a global service that emits its events in us-east-1 only: this rule
  // sees them only where herald is deployed in (or forwarded to) us-east-1.
  [EVENT_KINDS.trustedAdvisor]: {
    kind: EVENT_KINDS.trustedAdvisor,
    source: SOURCES.trustedAdvisor,
    detailType: DETAIL_TYPES.trustedAdvisorCheck,
    read: readTrustedAdvisorCheckDetail,
    ruleGroup: RULE_GROUPS.trustedAdvisor,
  },
  [EVENT_KINDS.remediationDecision]: {
    kind: EVENT_KINDS.remediationDecision,
    source: SOURCES.herald,
    detailType: DETAIL_TYPES.remediationDecision,
    read: readRemediationDecisionDetail,
    ruleGroup: undefined,
  },
};

/** Any one entry of {@link EVENT_KIND_REGISTRY}. */
export type AnyEventKindSpec = EventKindRegistry[EventKind];

/** The registry's entries, in its order. */
export const EVENT_KIND_SPECS: readonly AnyEventKindSpec[] = Object.values(EVENT_KIND_REGISTRY);
