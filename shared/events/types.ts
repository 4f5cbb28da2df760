import type { EVENT_KINDS, EventKind } from './constants';
import type { CloudTrailEcsDetail, CloudWatchAlarmDetail, TrustedAdvisorCheckDetail } from './details-aws';
import type { RemediationDecisionDetail } from './details-herald';
import type { EcsContainerInstanceDetail, EcsContainerInstanceHealthDetail, EcsDaemonDeploymentDetail, EcsDaemonServiceActionDetail, EcsDeploymentDetail, EcsHookDetail, EcsServiceActionDetail, EcsTaskDetail } from './details-ecs';

export type { AlarmState, AlarmMetric, CloudWatchAlarmDetail, CloudTrailActorKind, CloudTrailActor, EcsApiFailure, CloudTrailEcsResources, CloudTrailEcsDetail, TrustedAdvisorCheckDetail } from './details-aws';
export type { RemediationDecisionDetail } from './details-herald';
export type { EcsContainer, EcsTaskDetail, EcsServiceActionDetail, EcsDeploymentDetail, EcsAttribute, EcsContainerInstanceDetail, EcsInstanceHealthCheck, EcsContainerInstanceHealthDetail, EcsHookDetail, EcsDaemonDeploymentDetail, EcsDaemonServiceActionDetail } from './details-ecs';

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
  /**
   * The EventBridge replay that delivered this copy (`replay-name`): an archived event sent
   * again by StartReplay. Absent on live events.
   * @see https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-replay-archived-event.html
   */
  replayName?: string;
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
  [EVENT_KINDS.remediationDecision]: RemediationDecisionDetail;
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
export type RemediationDecisionEvent = EventOfKind<typeof EVENT_KINDS.remediationDecision>;

/** Every event ecs-herald understands, discriminated by `kind`. */
export type HeraldEvent = EventOfKind<EventKind>;

/** Outcome of {@link parseEvent}: an event, or the typed reason it was skipped. */
export type ParseResult =
  | { ok: true; event: HeraldEvent }
  | { ok: false; error: import('./errors').EventParseError };
