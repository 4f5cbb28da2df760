import { type EcsTaskEvent, parseEcsArn, parseTaskDefinitionArn } from '../events';
import { buildAlert, evidenceOf, identifiers } from './alert';
import { classifyStoppedTask, containerEvidence, STOP_CODES } from './classify-task';
import { memoryLimitEvidence } from './task-memory';
import type { Alert } from './types';

const SERVICE_GROUP_PREFIX = 'service:';

/** The service name of a task, from its `group` (`service:<name>`). */
export const serviceOfGroup = (group: string | undefined): string | undefined =>
  group?.startsWith(SERVICE_GROUP_PREFIX) === true ? group.slice(SERVICE_GROUP_PREFIX.length) : undefined;

/**
 * Normalizes an `ECS Task State Change`. Only STOPPED tasks are classified as failures or
 * stops; every earlier transition (PROVISIONING, PENDING, RUNNING, DEACTIVATING, STOPPING)
 * is `task-lifecycle`, so the stop is reported once, on its final event.
 * @see https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs_task_events.html
 */
export const normalizeTaskEvent = (event: EcsTaskEvent): Alert => {
  const task = event.detail;
  const taskArn = parseEcsArn(task.taskArn);
  const cluster = parseEcsArn(task.clusterArn)?.name ?? taskArn?.cluster;
  const service = serviceOfGroup(task.group);
  const taskDefinition = parseTaskDefinitionArn(task.taskDefinitionArn);
  const scope = `${cluster ?? 'unknown-cluster'}/${service ?? task.group ?? taskDefinition?.family ?? 'task'}`;
  const base = {
    cluster,
    service,
    group: task.group,
    taskDefinitionFamily: taskDefinition?.family,
    taskDefinitionRevision: taskDefinition?.revision,
    taskId: taskArn?.name,
    launchType: task.launchType,
    capacityProvider: task.capacityProviderName,
    availabilityZone: task.availabilityZone,
    lastStatus: task.lastStatus,
    stopCode: task.stopCode,
    startedBy: task.startedBy,
    containerInstance: parseEcsArn(task.containerInstanceArn)?.name,
  };
  const ids = identifiers({
    task: task.taskArn,
    cluster: task.clusterArn,
    taskDefinition: task.taskDefinitionArn,
    containerInstance: task.containerInstanceArn,
    startedBy: task.startedBy,
  });
  const times = evidenceOf({ createdAt: task.createdAt, startedAt: task.startedAt, stoppedAt: task.stoppedAt });

  // The two-minute Spot warning arrives as a RUNNING task with desiredStatus STOPPED and
  // the stop code already set.
  // https://docs.aws.amazon.com/AmazonECS/latest/developerguide/fargate-capacity-providers.html
  if (task.lastStatus !== 'STOPPED' && task.stopCode === STOP_CODES.spotInterruption) {
    return buildAlert(event, {
      category: 'spot',
      severity: 'info',
      summary: `${scope}: Spot interruption notice, task ${taskArn?.name ?? ''} stops in about two minutes`,
      hint: 'AWS is reclaiming the Spot capacity. The task receives SIGTERM now and SIGKILL after its stopTimeout; the service scheduler starts a replacement.',
      labels: base,
      evidence: [...evidenceOf({ lastStatus: task.lastStatus, desiredStatus: task.desiredStatus, stopCode: task.stopCode, stoppedReason: task.stoppedReason }), ...times],
      identifiers: ids,
      fingerprintParts: ['spot-notice', cluster, task.group],
    });
  }

  if (task.lastStatus !== 'STOPPED') {
    const desired = task.desiredStatus !== undefined && task.desiredStatus !== task.lastStatus ? ` (desired ${task.desiredStatus})` : '';
    const what = taskArn === undefined ? 'task' : `task ${taskArn.name}`;
    return buildAlert(event, {
      category: 'task-lifecycle',
      summary: `${scope}: ${what} is ${task.lastStatus}${desired}`,
      hint: 'Routine task transition; a stop is reported when the task reaches STOPPED.',
      labels: base,
      evidence: [...evidenceOf({ lastStatus: task.lastStatus, desiredStatus: task.desiredStatus }), ...times],
      identifiers: ids,
      fingerprintParts: ['task-lifecycle', cluster, task.group, task.lastStatus],
    });
  }

  const verdict = classifyStoppedTask(task, service !== undefined);
  const culprit = verdict.culprit;
  return buildAlert(event, {
    category: verdict.category,
    severity: verdict.severity,
    summary: `${scope}: ${verdict.headline}`,
    hint: verdict.hint,
    labels: {
      ...base,
      container: culprit?.name,
      exitCode: culprit?.exitCode === undefined ? undefined : String(culprit.exitCode),
    },
    evidence: [
      ...evidenceOf({ stopCode: task.stopCode, stoppedReason: task.stoppedReason }),
      ...containerEvidence(task.containers, culprit),
      ...memoryLimitEvidence(task, culprit, verdict.category),
      ...verdict.notes,
      ...times,
    ],
    identifiers: [...ids, ...identifiers({ image: culprit?.image, imageDigest: culprit?.imageDigest })],
    // Scope is the service (or standalone task family), not the task: a crash loop of
    // replacement tasks is one incident.
    fingerprintParts: [verdict.category, cluster, task.group ?? taskDefinition?.family, verdict.signature],
  });
};
