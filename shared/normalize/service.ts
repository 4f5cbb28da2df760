import {
  type EcsDeploymentEvent,
  type EcsHookEvent,
  type EcsServiceActionEvent,
  findServiceArn,
  parseEcsArn,
} from '../events';
import { buildAlert, evidenceOf, identifiers } from './alert';
import { type EventNameRule, ruleFor, unknownEventName } from './event-names';
import { signatureOf } from './fingerprint';
import { headlineOf, matchStartFailureReason } from './task-reasons';
import type { Alert } from './types';

/**
 * Service action eventNames. Severity comes from the eventName, not `eventType`: throttling
 * and daemon constraint events are `ERROR` but not outages.
 * @see https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs_service_events.html
 */
const SERVICE_ACTIONS: Readonly<Record<string, EventNameRule>> = {
  SERVICE_STEADY_STATE: { category: 'steady-state', headline: 'service reached steady state', hint: 'Routine: the service is healthy and at its desired count. ECS repeats this event periodically.' },
  TASKSET_STEADY_STATE: { category: 'steady-state', headline: 'task set reached steady state', hint: 'Routine: the task set is healthy and at its desired count.' },
  CAPACITY_PROVIDER_STEADY_STATE: { category: 'steady-state', headline: 'capacity provider reached steady state', hint: 'Routine: a capacity provider of the service reached steady state.' },
  SERVICE_DESIRED_COUNT_UPDATED: { category: 'service-scaled', headline: 'desired count updated by the scheduler', hint: 'Routine: the scheduler updated the computed desired count (Application Auto Scaling or a deployment).' },
  TASKS_STOPPED: { category: 'scale-in-or-deploy-replace', headline: 'service stopped running tasks', hint: 'Routine when scaling in or replacing tasks; check the service events if unexpected.' },
  SERVICE_TASK_START_IMPAIRED: { category: 'task-start-impaired', headline: 'unable to consistently start tasks', hint: 'The service cannot keep tasks running: its most recently stopped tasks say why (their stop code, stopped reason and exit codes name the cause: image pull, crash, OOM, health checks), as do the service events. ECS backs off task launches while this lasts.' },
  SERVICE_DISCOVERY_INSTANCE_UNHEALTHY: { category: 'health-check', headline: 'Cloud Map instance unhealthy', hint: 'A task registered in Cloud Map is failing its health check. Check the task, its container health check and the Cloud Map health check settings.' },
  VPC_LATTICE_TARGET_UNHEALTHY: { category: 'health-check', headline: 'VPC Lattice target unhealthy', hint: 'A VPC Lattice target of the service failed its health checks. Check the target group health check and the task listening port.' },
  SERVICE_DAEMON_PLACEMENT_CONSTRAINT_VIOLATED: { category: 'placement', headline: 'daemon task violates placement constraints', hint: 'A DAEMON-strategy task no longer meets the service placement constraints (an attribute or instance changed). ECS stops and replaces it.' },
  ECS_OPERATION_THROTTLED: { category: 'throttled', headline: 'ECS throttled the service scheduler', hint: 'The scheduler hit ECS API rate limits; deployments and scaling slow down. Look for automation calling ECS APIs in a tight loop (CloudTrail) and spread large deployments.' },
  SERVICE_DISCOVERY_OPERATION_THROTTLED: { category: 'throttled', headline: 'Cloud Map throttled the service scheduler', hint: 'Cloud Map API rate limits were hit while registering tasks. Spread deployments or request a quota increase.' },
  SERVICE_TASK_PLACEMENT_FAILURE: { category: 'placement', severity: 'critical', headline: 'unable to place tasks', hint: 'No capacity meets the task requirements. For RESOURCE:CPU/MEMORY add capacity or lower the task size; for RESOURCE:FARGATE (or FARGATE_SPOT) Fargate capacity is short in the AZ, add subnets in other AZs or an on-demand provider; check constraints, attributes and disconnected agents.' },
  SERVICE_TASK_CONFIGURATION_FAILURE: { category: 'config-error', headline: 'task configuration failure', hint: 'ECS cannot launch the task as configured. Typical causes: tags requested without the long ARN format opted in, or ECS unable to assume the task IAM role (check its trust policy). The reason field says which.' },
  SERVICE_HEALTH_UNKNOWN: { category: 'other', severity: 'warning', headline: 'service health data unavailable', hint: 'ECS could not describe health data for the service tasks. Check the load balancer and target group, and retry later; if it persists open an AWS support case.' },
};

/**
 * Deployment eventNames, shared by `ECS Deployment State Change` and (newer) `ECS Service
 * Action`. A rollback is only visible in `reason` ("circuit breaker: rolling back to ...").
 * @see https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs_service_deployment_events.html
 */
const DEPLOYMENT_EVENTS: Readonly<Record<string, EventNameRule>> = {
  SERVICE_DEPLOYMENT_IN_PROGRESS: { category: 'deployment-progress', headline: 'deployment in progress', hint: 'Routine: a deployment started. A rollback or a failure is reported separately.' },
  SERVICE_DEPLOYMENT_COMPLETED: { category: 'deployment-completed', headline: 'deployment completed', hint: 'Routine: the deployment completed and the service reached steady state.' },
  SERVICE_DEPLOYMENT_FAILED: { category: 'deployment-failed', headline: 'deployment failed', hint: 'The deployment circuit breaker (or a CloudWatch alarm) stopped the deployment; ECS rolls back when rollback is enabled. Its new tasks\' stop codes and exit codes say why they failed: shown in this alert when ecs-herald saw them, and in the service\'s stopped tasks in the console for about an hour. Fix the new revision before deploying again.' },
};

const ROLLBACK = /rolling back|roll(ed)? back|rollback/i;

/**
 * SERVICE_TASK_START_IMPAIRED whose reason names the cause (an image pull, secrets, a command
 * that cannot start): the alert takes the cause's category, so an image pull is an
 * `image-pull` alert whether a stopped task or the service reports it, and keeps the
 * impairment's severity (the service cannot run: critical, whatever the cause's usual one).
 */
const startImpairedRule = (eventName: string, reason: string | undefined): EventNameRule | undefined => {
  if (eventName !== 'SERVICE_TASK_START_IMPAIRED') return undefined;
  const cause = matchStartFailureReason(reason);
  if (cause === undefined) return undefined;
  return {
    category: cause.rule.category,
    severity: 'critical',
    headline: `unable to consistently start tasks (${headlineOf(cause.rule, cause.text)})`,
    hint: `${cause.rule.hint} ECS backs off task launches while this lasts; the stopped task alerts of the service carry each task's detail.`,
  };
};

const serviceScope = (resources: readonly string[], clusterArn: string | undefined) => {
  const serviceArn = findServiceArn(resources);
  const cluster = serviceArn?.cluster ?? parseEcsArn(clusterArn)?.name;
  return { serviceArn, cluster, service: serviceArn?.name, scope: `${cluster ?? 'unknown-cluster'}/${serviceArn?.name ?? 'unknown-service'}` };
};


const deploymentRule = (eventName: string, reason: string | undefined): EventNameRule | undefined => {
  const rule = ruleFor(DEPLOYMENT_EVENTS, eventName);
  if (rule?.category === 'deployment-progress' && reason !== undefined && ROLLBACK.test(reason)) {
    return { category: 'deployment-rollback', headline: 'deployment rolling back', hint: 'The deployment circuit breaker (or an alarm) triggered a rollback to the last steady deployment. The failed deployment\'s stopped tasks say why (their stop codes and exit codes; the console keeps stopped tasks for about an hour); fix the new revision before deploying again.' };
  }
  return rule;
};

/** Normalizes an `ECS Service Action`. */
export const normalizeServiceActionEvent = (event: EcsServiceActionEvent): Alert => {
  const d = event.detail;
  const { serviceArn, cluster, service, scope } = serviceScope(event.envelope.resources, d.clusterArn);
  const rule = startImpairedRule(d.eventName, d.reason) ?? ruleFor(SERVICE_ACTIONS, d.eventName) ?? deploymentRule(d.eventName, d.reason) ?? unknownEventName(d.eventName, d.eventType);
  const reason = d.reason === undefined ? '' : `: ${d.reason}`;
  return buildAlert(event, {
    category: rule.category,
    severity: rule.severity,
    summary: `${scope}: ${rule.headline}${reason}`,
    hint: rule.hint,
    labels: { cluster, service, eventName: d.eventName, eventType: d.eventType },
    evidence: evidenceOf({
      eventName: d.eventName,
      eventType: d.eventType,
      reason: d.reason,
      desiredCount: d.desiredCount,
      capacityProviders: d.capacityProviderArns.map((arn) => parseEcsArn(arn)?.name ?? arn).join(', '),
      containerInstances: d.containerInstanceArns.length > 0 ? String(d.containerInstanceArns.length) : undefined,
      createdAt: d.createdAt,
    }),
    identifiers: identifiers({ service: serviceArn === undefined ? undefined : event.envelope.resources[0], cluster: d.clusterArn }),
    // Deployment eventNames arrive under both detail-types: the same parts as
    // normalizeDeploymentEvent, so both copies share one fingerprint.
    fingerprintParts: [rule.category, cluster, service, Object.hasOwn(DEPLOYMENT_EVENTS, d.eventName) ? '' : `${d.eventName}:${signatureOf(d.reason)}`],
  });
};

/** Normalizes an `ECS Deployment State Change`. */
export const normalizeDeploymentEvent = (event: EcsDeploymentEvent): Alert => {
  const d = event.detail;
  const { serviceArn, cluster, service, scope } = serviceScope(event.envelope.resources, d.clusterArn);
  const rule = deploymentRule(d.eventName, d.reason) ?? unknownEventName(d.eventName, d.eventType);
  return buildAlert(event, {
    category: rule.category,
    severity: rule.severity,
    summary: `${scope}: ${rule.headline} (${d.deploymentId})`,
    hint: rule.hint,
    labels: { cluster, service, eventName: d.eventName, eventType: d.eventType, deploymentId: d.deploymentId },
    evidence: evidenceOf({ eventName: d.eventName, eventType: d.eventType, reason: d.reason, updatedAt: d.updatedAt }),
    identifiers: identifiers({ service: serviceArn === undefined ? undefined : event.envelope.resources[0], deploymentId: d.deploymentId }),
    fingerprintParts: [rule.category, cluster, service, Object.hasOwn(DEPLOYMENT_EVENTS, d.eventName) ? '' : `${d.eventName}:${signatureOf(d.reason)}`],
  });
};

/**
 * Hook eventNames. A pause hook awaiting action needs a person before `expiresAt`.
 * @see https://docs.aws.amazon.com/AmazonECS/latest/developerguide/pause-lifecycle-hooks.html
 */
const HOOK_EVENTS: Readonly<Record<string, EventNameRule>> = {
  HOOK_IN_PROGRESS: { category: 'deployment-progress', headline: 'deployment hook in progress', hint: 'Routine: a deployment lifecycle hook is running.' },
  HOOK_SUCCEEDED: { category: 'deployment-progress', headline: 'deployment hook succeeded', hint: 'Routine: the lifecycle hook completed (for a pause hook, CONTINUE was chosen).' },
  HOOK_AWAITING_ACTION: { category: 'deployment-hook', headline: 'deployment paused, awaiting a decision', hint: 'A pause hook is waiting: call ContinueServiceDeployment with CONTINUE or ROLLBACK before it expires, or its timeout action (ROLLBACK by default) is taken.' },
  HOOK_FAILED: { category: 'deployment-hook', headline: 'deployment hook failed', hint: 'The lifecycle hook failed (for a pause hook, ROLLBACK was chosen); the deployment rolls back. Check the hook Lambda logs or who chose ROLLBACK (CloudTrail).' },
  HOOK_TIMED_OUT: { category: 'deployment-hook', headline: 'deployment hook timed out', hint: 'Nobody answered the pause hook in time; its timeout action was taken (ROLLBACK by default). Check the deployment outcome.' },
};

/** Normalizes an `ECS Hook State Change`. */
export const normalizeHookEvent = (event: EcsHookEvent): Alert => {
  const d = event.detail;
  const serviceArn = parseEcsArn(d.serviceArn) ?? findServiceArn(event.envelope.resources);
  const cluster = serviceArn?.cluster ?? parseEcsArn(d.clusterArn)?.name;
  const service = serviceArn?.name;
  const rule = ruleFor(HOOK_EVENTS, d.eventName) ?? unknownEventName(d.eventName, d.eventType);
  const stage = d.lifecycleStage === undefined ? '' : ` at ${d.lifecycleStage}`;
  const expires = d.eventName === 'HOOK_AWAITING_ACTION' && d.expiresAt !== undefined ? ` (expires ${d.expiresAt})` : '';
  return buildAlert(event, {
    category: rule.category,
    severity: rule.severity,
    summary: `${cluster ?? 'unknown-cluster'}/${service ?? 'unknown-service'}: ${rule.headline}${stage}${expires}`,
    hint: rule.hint,
    labels: { cluster, service, eventName: d.eventName, eventType: d.eventType, hookType: d.hookType, lifecycleStage: d.lifecycleStage },
    evidence: evidenceOf({ eventName: d.eventName, hookType: d.hookType, lifecycleStage: d.lifecycleStage, hookId: d.hookId, expiresAt: d.expiresAt, reason: d.reason }),
    identifiers: identifiers({ service: d.serviceArn, serviceDeployment: d.serviceDeploymentArn, hookId: d.hookId }),
    fingerprintParts: [rule.category, cluster, service, d.lifecycleStage, d.eventName],
  });
};

