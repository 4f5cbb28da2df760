import { hash } from 'node:crypto';
import type { RemediationDecisionDetail } from '../events';
import { REMEDIATION_EVENT } from './constants';
import type { RemediationResult } from './types';

/** A remediation decision's audit event: the EventBridge shape herald's own pipeline reads. */
export interface RemediationAuditEvent {
  version: '0';
  id: string;
  'detail-type': typeof REMEDIATION_EVENT.detailType;
  source: typeof REMEDIATION_EVENT.source;
  account: string;
  time: string;
  region: string;
  resources: string[];
  detail: RemediationDecisionDetail;
}

/**
 * The audit event of a decision's outcome, to process like any event: it becomes an alert of
 * category `remediation`. Its id is derived from the decision and its outcome, so a
 * redelivered decision (same outcome) is recognised as a duplicate and told once.
 */
export const auditEventOf = (result: RemediationResult): RemediationAuditEvent => {
  const { request } = result;
  const { target, alert } = request;
  const id = hash('sha256', `${request.id}\n${result.outcome}`, 'hex');
  const detail: RemediationDecisionDetail = {
    requestId: request.id,
    action: request.action,
    actionType: request.type,
    route: request.route,
    outcome: result.outcome,
    guard: result.guard,
    reason: result.reason,
    did: result.did,
    cluster: target.cluster,
    service: target.service,
    taskId: target.task,
    containerInstance: target.containerInstance,
    deploymentId: target.deploymentId,
    trigger: { eventId: alert.event.id, fingerprint: alert.fingerprint, category: alert.category, severity: alert.severity, summary: alert.summary },
    tags: { ...target.tags },
  };
  return {
    version: '0',
    id: `${id.slice(0, 8)}-${id.slice(8, 12)}-${id.slice(12, 16)}-${id.slice(16, 20)}-${id.slice(20, 32)}`,
    'detail-type': REMEDIATION_EVENT.detailType,
    source: REMEDIATION_EVENT.source,
    account: target.account ?? alert.labels.account ?? '',
    time: result.at,
    region: target.region ?? alert.labels.region ?? '',
    resources: [],
    detail: JSON.parse(JSON.stringify(detail)) as RemediationDecisionDetail,
  };
};
