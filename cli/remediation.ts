import type { RemediationNote } from '../shared/deliver';
import { toSingleLine } from '../shared/deliver';
import type { RemediationReport } from '../shared/pipeline';

/** What the remediator decided, in one line: "dry-run: would roll back ...", "skipped by cooldown: ...". */
const decisionText = (decision: NonNullable<RemediationNote['decision']>): string => {
  if (decision.outcome === 'dry-run') return `passes every guard; dry run, would call ${decision.did ?? '?'}`;
  if (decision.outcome === 'skipped') return `stopped by the ${decision.guard ?? ''} guard: ${decision.reason}`;
  return `${decision.outcome}: ${decision.reason}`;
};

/**
 * One remediation a route asked for, as `herald test` and `herald replay` print it: the
 * action, what it does, and which guard would stop it (or that it would run).
 */
export const remediationLine = (note: RemediationNote): string => {
  const mode = note.dryRun ? 'dry run' : 'live';
  const what = note.decision === undefined ? (note.refused === undefined ? 'queued' : `refused: ${note.refused}`) : decisionText(note.decision);
  return toSingleLine(`${note.action} (${mode}): ${note.does} -> ${what}`);
};

/** The `--json` shape of a remediation. */
export const remediationJson = (note: RemediationNote): Record<string, unknown> => ({
  action: note.action,
  does: note.does,
  dryRun: note.dryRun,
  ...(note.refused === undefined ? {} : { refused: note.refused }),
  ...(note.decision === undefined ? {} : { decision: note.decision }),
});

/** Decisions counted by outcome, and the skipped ones by the guard that stopped them. */
export interface RemediationTally {
  outcomes: Map<string, number>;
  guards: Map<string, number>;
}

/** Counts one decision into `tally`. */
export const tallyRemediation = (tally: RemediationTally, { result }: RemediationReport): void => {
  tally.outcomes.set(result.outcome, (tally.outcomes.get(result.outcome) ?? 0) + 1);
  if (result.guard !== undefined) tally.guards.set(result.guard, (tally.guards.get(result.guard) ?? 0) + 1);
};

/** Outcome counts of a run's decisions, guards named: "dry-run 3, skipped 12 (cooldown 10, attempts 2)". */
export const remediationCounts = ({ outcomes, guards }: RemediationTally): string =>
  [...outcomes]
    .map(([outcome, n]) => (outcome === 'skipped' && guards.size > 0 ? `${outcome} ${n} (${[...guards].map(([g, m]) => `${g} ${m}`).join(', ')})` : `${outcome} ${n}`))
    .join(', ');
