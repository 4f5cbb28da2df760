import type { RemediationDecisionEvent } from '../events';
import { buildAlert, evidenceOf, identifiers } from './alert';
import type { Severity } from './constants';

/**
 * How loud each outcome is. A failed action is critical (something meant to help broke); an
 * executed one a warning (production changed); a decision stopped because the action already
 * ran its `max_attempts`, or because the account-wide rate cap was reached, is a warning too:
 * remediation is not helping and a human must look. Dry runs and other skips are info.
 */
const severityOf = (outcome: string, guard: string | undefined): Severity => {
  if (outcome === 'failed') return 'critical';
  if (outcome === 'executed') return 'warning';
  if (outcome === 'skipped' && (guard === 'attempts' || guard === 'rate')) return 'warning';
  return 'info';
};

const HINTS: Readonly<Record<string, string>> = {
  executed: 'herald changed production: check that the service recovers; the triggering alert resolves when it is steady again.',
  'dry-run': 'Nothing was changed. Once the decisions read right, set `dry_run: false` on the action in herald.yml and redeploy to let it act.',
  skipped: 'Nothing was changed: the guard named here stopped the action. The triggering alert still needs a human if the failure goes on.',
  failed: 'The action was attempted and failed: nothing may have changed. Check the remediator\'s permissions (herald check prints them) and the service; act by hand if needed.',
};

/**
 * Normalizes herald's own remediation decision: one alert of category `remediation` per
 * decision, labelled like its trigger (cluster, service, tags) plus `action`, `outcome` and
 * `guard`, so it routes, groups and throttles like any alert: a loop of skipped decisions
 * becomes one digest, not fifty emails.
 */
export const normalizeRemediationEvent = (event: RemediationDecisionEvent) => {
  const d = event.detail;
  const outcome = d.outcome === 'dry-run' ? 'dry run' : d.outcome;
  const summary =
    d.outcome === 'executed' ? `Remediation ${d.action}: ${d.reason}`
    : d.outcome === 'dry-run' ? `Remediation ${d.action} (dry run): ${d.reason}`
    : d.outcome === 'skipped' ? `Remediation ${d.action} skipped (${d.guard ?? 'guard'}): ${d.reason}`
    : `Remediation ${d.action} failed: ${d.reason}`;
  return buildAlert(event, {
    category: 'remediation',
    severity: severityOf(d.outcome, d.guard),
    summary,
    hint: `${HINTS[d.outcome] ?? ''} Triggered by: ${d.trigger.summary}`.trim(),
    labels: {
      ...d.tags,
      cluster: d.cluster,
      service: d.service,
      taskId: d.taskId,
      containerInstance: d.containerInstance,
      deploymentId: d.deploymentId,
      action: d.action,
      outcome: d.outcome,
      guard: d.guard,
    },
    evidence: evidenceOf({ outcome, guard: d.guard, reason: d.reason, did: d.did, action: `${d.action} (${d.actionType})`, route: d.route, trigger: d.trigger.summary }),
    identifiers: identifiers({ decision: d.requestId, 'trigger event': d.trigger.eventId, 'trigger fingerprint': d.trigger.fingerprint }),
    // One incident per action, target and outcome: repeats of the same skip group together.
    fingerprintParts: ['remediation', d.action, d.cluster, d.service ?? d.taskId ?? d.containerInstance, d.outcome, d.guard],
  });
};
