import type { AsyncInvocationResult, LogLine } from '../support/lambda';
import type { AwsJsonRequest } from '../support/local-ecs';
import type { SqsSentMessage } from '../support/local-sqs';
import type { SqsDelivery, SqsDrainOptions } from '../support/sqs-event-source';
import { loadRawFixture } from '../support/fixtures';
import type { RawEvent } from './events';
import type { Figures } from './figures';
import type { PublishedMessage } from './messages';
import type { World } from './world';

// The remediation scenarios' steps: the router handles the recorded failed deployment of
// prod/payments-api (and queues its route's decision), then the remediator's SQS trigger
// delivers what was queued. Each step reports what it did to ECS, SNS and the queues.

/** The recorded SERVICE_DEPLOYMENT_FAILED of prod/payments-api (revision 42; 41 completed before it). */
export const failedDeployment = (): RawEvent => loadRawFixture('ecs-deployment/failed');
/** The fixture's `time`: the scenarios' clocks start a few seconds after it. */
export const FAILED_AT = Date.parse('2026-05-12T12:21:56Z');
/** The task definition the local catalog's last completed deployment runs: the rollback target. */
export const ROLLBACK_TARGET = 'arn:aws:ecs:us-west-2:111122223333:task-definition/payments-api:41';

/** What the router did with the event. */
export interface RouterStep {
  result: AsyncInvocationResult;
  /** The ECS operations it called, in order. */
  ecsOperations: string[];
  /** What SNS accepted meanwhile: the triggering alert's message. */
  messages: PublishedMessage[];
  /** The decisions it queued. */
  decisions: SqsSentMessage[];
}

/** What the remediator's trigger delivered, and what came of it. */
export interface RemediatorStep {
  deliveries: SqsDelivery[];
  /** The ECS requests made meanwhile, in order. */
  ecsRequests: AwsJsonRequest[];
  /** What SNS accepted meanwhile: the audit alerts. */
  messages: PublishedMessage[];
  /** Publishes SNS was sent meanwhile, accepted or not. */
  publishAttempts: number;
}

/** An ECS operation that changes nothing: Describe*, List*, Get*. */
export const isRead = (operation: string): boolean => /^(Describe|List|Get)[A-Z]/.test(operation);

/** Runs the router on `event` as EventBridge does (retries included). */
export const routeEvent = async (world: World, event: RawEvent): Promise<RouterStep> => {
  const [ecsFrom, snsFrom, queueFrom] = [world.ecs.requests.length, world.sns.requests.length, world.remediationQueue.messages.length];
  const result = await world.router.invokeAsync(event);
  return {
    result,
    ecsOperations: world.ecs.requests.slice(ecsFrom).map((r) => r.operation),
    messages: world.messages().filter((m) => world.sns.requests.indexOf(m.request) >= snsFrom),
    decisions: world.remediationQueue.messages.slice(queueFrom),
  };
};

/** Delivers the queued decisions to the remediator (and again, as SQS does, those it reports failed). */
export const remediate = async (world: World, options: SqsDrainOptions = {}): Promise<RemediatorStep> => {
  const [ecsFrom, snsFrom] = [world.ecs.requests.length, world.sns.requests.length];
  const deliveries = await world.remediationEvents.drain(options);
  return {
    deliveries,
    ecsRequests: world.ecs.requests.slice(ecsFrom),
    messages: world.messages().filter((m) => world.sns.requests.indexOf(m.request) >= snsFrom),
    publishAttempts: world.sns.requests.length - snsFrom,
  };
};

/** An email as its subscriber reads it: the subject, a blank line, the body. */
export const emailText = (message: PublishedMessage): string => `Subject: ${message.subject}\n\n${message.body}`;

/** The `route` message attribute of a message. */
export const routeOf = (message: PublishedMessage): string | undefined => message.request.attributes.route?.stringValue;

/** The log lines the remediator wrote for its decisions (`remediation decided`). */
export const decidedLines = (lines: readonly LogLine[]): LogLine[] => lines.filter((l) => l.message === 'remediation decided');

/** What every remediation scenario reports. */
export const remediationFigures = (world: World, router: RouterStep, remediator: RemediatorStep): Figures => {
  const updates = remediator.ecsRequests.filter((r) => r.operation === 'UpdateService');
  return {
    decisionsQueued: router.decisions.length,
    routerEcsOperations: router.ecsOperations.join(','),
    routerMutatingCalls: router.ecsOperations.filter((op) => !isRead(op)).length,
    deliveries: remediator.deliveries.length,
    receiveCounts: remediator.deliveries.map((d) => d.receiveCount),
    batchItemFailures: remediator.deliveries.filter((d) => d.failed).length,
    deadLettered: world.remediationEvents.deadLettered.length,
    remediatorEcsOperations: remediator.ecsRequests.map((r) => `${r.operation}:${String(r.outcome)}`).join(','),
    updateServiceCalls: updates.length,
    updateServiceAccepted: updates.filter((r) => r.outcome === 200).length,
    auditPublishAttempts: remediator.publishAttempts,
    auditMessages: remediator.messages.length,
    auditSubjects: remediator.messages.map((m) => m.subject).join(' || '),
    outcomes: decidedLines(world.logLines).map((l) => String(l.outcome)).join(','),
  };
};
