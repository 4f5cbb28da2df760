import type { RemediationNote } from '../deliver';
import { toAlertDocument } from '../deliver/formats';
import type { EnrichedAlert } from '../enrich';
import { ACTION_DEFINITIONS } from './actions';
import { refusedByAllowList } from './allow';
import { REMEDIATION_CONTRACT_SCHEMA, REMEDIATION_CONTRACT_VERSION } from './constants';
import { targetOf } from './target';
import type { CompiledAction, RemediationQueue, RemediationRequest } from './types';

/** Options of {@link createRemediationSubmitter}. */
export interface RemediationSubmitterOptions {
  actions: ReadonlyMap<string, CompiledAction>;
  queue: RemediationQueue;
  /** @default Date.now */
  now?: () => number;
}

/** The router's half of remediation: one decision per (event, route, action), queued. */
export type RemediationSubmitter = (alert: EnrichedAlert, action: string, route: string, eventId: string) => Promise<RemediationNote>;

/** The decision message for an alert, a route and an action (contract version 1). */
export const remediationRequestFor = (alert: EnrichedAlert, action: CompiledAction, route: string, eventId: string, nowMs: number): RemediationRequest => ({
  schema: REMEDIATION_CONTRACT_SCHEMA,
  version: REMEDIATION_CONTRACT_VERSION,
  // Stable across redeliveries and retries of the event: the remediator acts once per id.
  id: `${eventId}#${route}#${action.name}`,
  action: action.name,
  type: action.type,
  route,
  decidedAt: new Date(nowMs).toISOString(),
  target: targetOf(alert),
  alert: toAlertDocument(alert, { route, topic: `remediation:${action.name}` }),
});

/**
 * Builds the router's submitter once: it writes each decision to the remediation queue (every
 * guard runs again in the remediator, which re-reads the target) and returns what the alert's
 * message says about it: the action in words, dry run or not, a refusal the allow-list already
 * knows, and the outcome when the queue decides at once (the CLI). A decision the allow-list
 * refuses is still queued, so the remediator's audit records it like every other.
 */
export const createRemediationSubmitter = (options: RemediationSubmitterOptions): RemediationSubmitter => {
  const now = options.now ?? Date.now;
  return async (alert, name, route, eventId) => {
    const action = options.actions.get(name);
    if (action === undefined) return { action: name, does: `action ${name} (not in herald.yml)`, dryRun: true, refused: `action ${name} is not in herald.yml` };
    const request = remediationRequestFor(alert, action, route, eventId, now());
    const note: RemediationNote = { action: name, does: ACTION_DEFINITIONS[action.type].describe(action, request), dryRun: action.dryRun };
    const refused = refusedByAllowList(action, request.target);
    if (refused !== undefined) note.refused = refused;
    const decided = await options.queue.submit(request);
    if (decided !== undefined) note.decision = { outcome: decided.outcome, guard: decided.guard, reason: decided.reason, did: decided.did };
    return note;
  };
};
