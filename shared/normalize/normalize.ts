import type { HeraldEvent } from '../events';
import { normalizeAlarmEvent } from './alarm';
import { normalizeCloudTrailEvent } from './cloudtrail';
import { normalizeContainerInstanceEvent, normalizeContainerInstanceHealthEvent } from './container-instance';
import { normalizeDaemonDeploymentEvent, normalizeDaemonServiceActionEvent } from './daemon';
import { normalizeDeploymentEvent, normalizeHookEvent, normalizeServiceActionEvent } from './service';
import { normalizeTaskEvent } from './task';
import type { Alert } from './types';

/**
 * Turns a parsed event into an {@link Alert}: category, severity, summary, hint, labels and
 * a stable fingerprint. Total over {@link HeraldEvent}: every kind yields an alert.
 *
 * @example
 * ```ts
 * const parsed = parseEvent(raw);
 * if (parsed.ok) {
 *   const alert = normalizeEvent(parsed.event);
 *   console.log(alert.severity, alert.category, alert.summary);
 * }
 * ```
 */
export const normalizeEvent = (event: HeraldEvent): Alert => {
  switch (event.kind) {
    case 'ecs-task': return normalizeTaskEvent(event);
    case 'ecs-service-action': return normalizeServiceActionEvent(event);
    case 'ecs-deployment': return normalizeDeploymentEvent(event);
    case 'ecs-hook': return normalizeHookEvent(event);
    case 'ecs-container-instance': return normalizeContainerInstanceEvent(event);
    case 'ecs-container-instance-health': return normalizeContainerInstanceHealthEvent(event);
    case 'ecs-daemon-deployment': return normalizeDaemonDeploymentEvent(event);
    case 'ecs-daemon-service-action': return normalizeDaemonServiceActionEvent(event);
    case 'cloudwatch-alarm': return normalizeAlarmEvent(event);
    case 'cloudtrail': return normalizeCloudTrailEvent(event);
  }
};
