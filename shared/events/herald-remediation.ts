import type { RemediationDecisionDetail } from './details-herald';
import type { FieldReader } from './reader';

/**
 * Reads herald's own `ECS Herald Remediation Decision` detail (see
 * {@link RemediationDecisionDetail}): written by the remediator, read back by the same
 * pipeline, checked like any other event so that a hand-fed one cannot break it.
 */
export const readRemediationDecisionDetail = (d: FieldReader): RemediationDecisionDetail => {
  const trigger = d.requiredObject('trigger');
  return {
    requestId: d.requiredString('requestId'),
    action: d.requiredString('action'),
    actionType: d.requiredString('actionType'),
    route: d.requiredString('route'),
    outcome: d.requiredString('outcome'),
    guard: d.optionalNonEmptyString('guard'),
    reason: d.requiredString('reason'),
    did: d.optionalNonEmptyString('did'),
    cluster: d.optionalNonEmptyString('cluster'),
    service: d.optionalNonEmptyString('service'),
    taskId: d.optionalNonEmptyString('taskId'),
    containerInstance: d.optionalNonEmptyString('containerInstance'),
    deploymentId: d.optionalNonEmptyString('deploymentId'),
    trigger: {
      eventId: trigger.requiredString('eventId'),
      fingerprint: trigger.requiredString('fingerprint'),
      category: trigger.requiredString('category'),
      severity: trigger.requiredString('severity'),
      summary: trigger.requiredString('summary'),
    },
    tags: d.stringRecord('tags'),
  };
};
