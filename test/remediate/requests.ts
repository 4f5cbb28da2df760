import { toAlertDocument } from '../../shared/deliver';
import { normalizeEvent } from '../../shared/normalize';
import { REMEDIATION_CONTRACT_SCHEMA, REMEDIATION_CONTRACT_VERSION, type RemediationRequest, targetOf } from '../../shared/remediate';
import { loadFixture } from '../support/fixtures';

/**
 * The decision the router makes for the OOM fixture (ecs-task/stopped-oom) on a route
 * `critical` whose `remediate` names `restart-payments`: what goes on the queue.
 */
export const oomRequest = (): RemediationRequest => {
  const alert = normalizeEvent(loadFixture('ecs-task/stopped-oom'));
  return {
    schema: REMEDIATION_CONTRACT_SCHEMA,
    version: REMEDIATION_CONTRACT_VERSION,
    id: `${alert.event.id}/critical/restart-payments`,
    action: 'restart-payments',
    type: 'force-new-deployment',
    route: 'critical',
    decidedAt: '2026-05-12T13:21:47.000Z',
    target: { ...targetOf(alert), tags: { team: 'payments', env: 'prod' } },
    alert: toAlertDocument(alert, { route: 'critical', topic: 'remediation' }),
  };
};
