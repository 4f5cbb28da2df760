import { type EcsDaemonDeploymentEvent, type EcsDaemonServiceActionEvent, parseEcsArn, parseTaskDefinitionArn } from '../events';
import { buildAlert, evidenceOf, identifiers } from './alert';
import { type EventNameRule, ruleFor, unknownEventName } from './event-names';
import type { Category, Severity } from './constants';
import { signatureOf } from './fingerprint';
import { headlineOf, matchStartFailureReason } from './task-reasons';
import type { Alert } from './types';

/**
 * Daemon deployment eventNames. Every failure signal but ROLLBACK_FAILED has eventType INFO,
 * so severity comes from the eventName.
 * @see https://docs.aws.amazon.com/AmazonECS/latest/developerguide/managed-daemons-events.html
 */
const DAEMON_DEPLOYMENTS: Readonly<Record<string, EventNameRule>> = {
  DAEMON_DEPLOYMENT_PENDING: { category: 'deployment-progress', headline: 'daemon deployment pending', hint: 'Routine: a daemon deployment was initiated.' },
  DAEMON_DEPLOYMENT_IN_PROGRESS: { category: 'deployment-progress', headline: 'daemon deployment in progress', hint: 'Routine: daemon tasks are being replaced.' },
  DAEMON_DEPLOYMENT_SUCCESSFUL: { category: 'deployment-completed', headline: 'daemon deployment successful', hint: 'Routine: all daemon tasks run the new revision and are healthy.' },
  DAEMON_DEPLOYMENT_STOP_REQUESTED: { category: 'deployment-rollback', headline: 'daemon deployment stopped, rollback next', hint: 'Forward progress of the daemon deployment stopped and a rollback follows. The daemon task alerts say why tasks of the new revision failed.' },
  DAEMON_DEPLOYMENT_ROLLBACK_IN_PROGRESS: { category: 'deployment-rollback', headline: 'daemon deployment rolling back', hint: 'The daemon deployment failed (or tripped the circuit breaker) and is rolling back to the previous revision.' },
  DAEMON_DEPLOYMENT_ROLLBACK_SUCCESSFUL: { category: 'deployment-rollback', headline: 'daemon deployment rolled back', hint: 'The rollback completed: the previous daemon revision runs again. The new revision still needs fixing.' },
  DAEMON_DEPLOYMENT_ROLLBACK_FAILED: { category: 'deployment-failed', headline: 'daemon deployment rollback failed', hint: 'The daemon could not be rolled back: instances may run a mix of revisions or no daemon at all. Check the daemon tasks and start a deployment of a known-good revision.' },
  DAEMON_DEPLOYMENT_STOPPED: { category: 'other', headline: 'daemon deployment stopped', hint: 'The daemon deployment stopped: it either failed or was replaced by a newer deployment. Check the daemon deployments list.' },
};

const daemonScope = (daemonArn: string | undefined, clusterArn: string | undefined) => {
  const daemon = parseEcsArn(daemonArn);
  const cluster = daemon?.cluster ?? parseEcsArn(clusterArn)?.name;
  return { cluster, daemon: daemon?.name, scope: `${cluster ?? 'unknown-cluster'}/daemon:${daemon?.name ?? 'unknown'}` };
};

/** Normalizes an `ECS Daemon Deployment State Change`. */
export const normalizeDaemonDeploymentEvent = (event: EcsDaemonDeploymentEvent): Alert => {
  const d = event.detail;
  const { cluster, daemon, scope } = daemonScope(d.daemonArn ?? event.envelope.resources[0], d.clusterArn);
  const rule = ruleFor(DAEMON_DEPLOYMENTS, d.eventName) ?? unknownEventName(d.eventName, d.eventType);
  return buildAlert(event, {
    category: rule.category,
    severity: rule.severity,
    summary: `${scope}: ${rule.headline}`,
    hint: rule.hint,
    labels: { cluster, daemon, eventName: d.eventName, eventType: d.eventType },
    evidence: evidenceOf({ eventName: d.eventName, eventType: d.eventType, reason: d.reason, updatedAt: d.updatedAt }),
    identifiers: identifiers({ daemon: d.daemonArn, daemonDeployment: d.daemonDeploymentArn, targetRevision: d.targetDaemonRevisionArn }),
    fingerprintParts: [rule.category, cluster, `daemon:${daemon ?? ''}`, rule.category === 'other' ? d.eventName : ''],
  });
};

/**
 * Normalizes an `ECS Daemon Service Action`: a daemon task failed to run (image pull, health
 * check, crash: the reason says which) or could not be created (no room on the instance).
 * A task that failed to run takes the category of the cause its reason names (an image pull
 * is `image-pull`, as for a service's task), `task-start-impaired` when it names none.
 */
export const normalizeDaemonServiceActionEvent = (event: EcsDaemonServiceActionEvent): Alert => {
  const d = event.detail;
  const { cluster, daemon, scope } = daemonScope(d.daemonArn, d.clusterArn);
  const creationFailed = d.failureType === 'TASK_CREATION_FAILED';
  const match = matchStartFailureReason(d.reason);
  const cause = match?.rule;
  const category: Category = creationFailed ? 'placement' : (cause?.category ?? 'task-start-impaired');
  const severity: Severity = d.eventName === 'DAEMON_TASK_START_IMPAIRED' || d.eventType === 'WARNING' ? 'warning' : 'info';
  const headline = creationFailed ? 'daemon task could not be created' : `daemon task failed to run${match === undefined ? '' : `: ${headlineOf(match.rule, match.text)}`}`;
  const family = parseTaskDefinitionArn(d.daemonTaskDefinitionArn);
  return buildAlert(event, {
    category,
    severity,
    summary: `${scope}: ${headline}`,
    hint: cause?.hint ?? (creationFailed
      ? 'The daemon task does not fit on the instance (the reason names the resource). Leave room for daemons on each instance type, or lower the daemon task size.'
      : 'A daemon task did not reach RUNNING. The reason names the failure; the instance may lack its daemon until this is fixed.'),
    labels: {
      cluster,
      daemon,
      eventName: d.eventName,
      eventType: d.eventType,
      failureType: d.failureType,
      capacityProvider: d.capacityProviderName,
      containerInstance: parseEcsArn(d.containerInstanceArn)?.name,
      taskDefinitionFamily: family?.family,
      taskDefinitionRevision: family?.revision,
    },
    evidence: evidenceOf({ eventName: d.eventName, failureType: d.failureType, reason: d.reason, createdAt: d.createdAt }),
    identifiers: identifiers({ daemon: d.daemonArn, task: d.taskArn, containerInstance: d.containerInstanceArn, daemonRevision: d.daemonRevisionArn }),
    fingerprintParts: [category, cluster, `daemon:${daemon ?? ''}`, d.failureType, signatureOf(d.reason)],
  });
};
