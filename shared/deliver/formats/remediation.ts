import type { RemediationNote } from '../types';

/**
 * What the alert's message says of one remediation its route asked for: what was done (or
 * would be), or why it was not, or, when the remediator decides later (in Lambda), what was
 * asked and that its decision follows as an alert of category `remediation`.
 */
export const describeRemediation = (note: RemediationNote): string => {
  const { action, does, decision } = note;
  if (decision !== undefined) {
    switch (decision.outcome) {
      case 'executed':
        return `${action}: ${decision.reason}.`;
      case 'dry-run':
        return `${action} would ${does} (dry run: nothing was changed${decision.did === undefined ? '' : `; ${decision.did}`}).`;
      case 'skipped':
        return `${action} did not ${does}: ${decision.reason} (${decision.guard ?? 'a'} guard).`;
      default:
        return `${action} tried to ${does} and failed: ${decision.reason}.`;
    }
  }
  if (note.refused !== undefined) return `${action} will not ${does}: ${note.refused}.`;
  return note.dryRun
    ? `${action} is asked to ${does}, as a dry run: the remediator re-reads the service and reports what it would do, changing nothing (the action needs dry_run: false to act). Its decision follows as a remediation alert.`
    : `${action} is asked to ${does}. The remediator re-reads the service and acts only if the failure still holds and its guards allow; its decision follows as a remediation alert.`;
};
