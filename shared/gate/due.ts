import type { Alert } from '../normalize';
import type { StateStore } from '../state';
import { dueFromRecord, DUE_PARTITION, lastCountedSince, windowCountsOf, windowKey } from './grouping';
import { incidentFromRecord, type OpenIncident, RECOVERY_PARTITION, recoveryFromRecord } from './incidents';
import type { DigestEntry, PlanEntry, ResolveEntry } from './plan';

/** A digest run that crashed mid-way leaves its claim; another run takes over after this. */
const SENDING_CLAIM_SECONDS = 300;

/** What {@link planDue} needs of the gate. */
export interface DueContext {
  store: StateStore;
  now: () => number;
  failOpen: (stage: string, error: unknown) => string;
  resolve: (incident: OpenIncident, alert: Alert, owner: string, nowMs: number, endedAtMs: number) => Promise<ResolveEntry | undefined>;
}

/** The upper bound of a due query: every sort key that starts with a time at or before `upTo`. */
const dueBound = (upTo: number): string => (Number.isFinite(upTo) ? `${new Date(upTo).toISOString()}#\uffff` : '\uffff');

/**
 * Resolutions whose hold is over: the incident is resolved if nothing was alerted or counted
 * in it since the recovery; a failure after the recovery cancels it (the incident stays open,
 * so a slow leak does not flap between "resolved" and a new page).
 */
const planResolutions = async (context: DueContext, upTo: number, owner: string, limit: number): Promise<ResolveEntry[]> => {
  const { store } = context;
  const entries: ResolveEntry[] = [];
  // One resolved message per topic for a service, however many routes' incidents end with it.
  const told = new Map<string, Set<string>>();
  for (const record of await store.query(RECOVERY_PARTITION, { atMost: dueBound(upTo), limit })) {
    const recovery = recoveryFromRecord(record);
    const stored = recovery === undefined ? undefined : await store.get(recovery.incidentPk, recovery.route);
    const incident = stored === undefined ? undefined : incidentFromRecord(stored);
    if (recovery === undefined || incident === undefined) {
      // Resolved already, or expired, or not a recovery record: nothing left to do.
      await store.delete(record.pk, record.sk);
      continue;
    }
    const nowMs = Math.max(context.now(), Number.isFinite(upTo) ? 0 : Date.parse(record.sk.slice(0, 24)) || 0);
    const counted = incident.groupPk === undefined ? undefined : await lastCountedSince(store, incident.groupPk, recovery.filedAt, nowMs);
    const lastAlert = [incident.lastEventTime, counted ?? ''].reduce((a, b) => (b > a ? b : a));
    if (lastAlert > recovery.recoveredAt) {
      await store.delete(record.pk, record.sk);
      continue;
    }
    let alert: Alert;
    try {
      alert = JSON.parse(recovery.alert) as Alert;
    } catch {
      await store.delete(record.pk, record.sk);
      continue;
    }
    const entry = await context.resolve(incident, alert, owner, nowMs, recovery.filedAt);
    if (entry === undefined) continue;
    const topics = told.get(incident.pk) ?? new Set<string>();
    told.set(incident.pk, topics);
    entries.push({ ...entry, topics: entry.topics.filter((topic) => !topics.has(topic)), recovery });
    for (const topic of entry.topics) topics.add(topic);
  }
  return entries;
};

/** Digests whose window ended, each claimed by this run so concurrent runs do not send it twice. */
const planDigests = async (context: DueContext, upTo: number, owner: string, limit: number, taken: ReadonlySet<string>): Promise<DigestEntry[]> => {
  const { store } = context;
  const entries: DigestEntry[] = [];
  for (const marker of await store.query(DUE_PARTITION, { atMost: dueBound(upTo), limit })) {
    if (taken.has(marker.sk)) continue;
    const due = dueFromRecord(marker);
    if (due === undefined) {
      await store.delete(marker.pk, marker.sk);
      continue;
    }
    const nowMs = Math.max(context.now(), Number.isFinite(upTo) ? 0 : due.window.until);
    const claim = { pk: 'digest#sending', sk: marker.sk };
    if (!(await store.claim({ ...claim, expiresAt: Math.floor(nowMs / 1000) + SENDING_CLAIM_SECONDS }, owner))) continue;
    const window = await store.get(due.groupPk, windowKey({ startedAt: due.startedAt }, due.window.index));
    entries.push({
      kind: 'digest',
      route: due.route,
      topics: due.topics,
      due,
      marker: { pk: marker.pk, sk: marker.sk },
      counts: windowCountsOf(window?.data),
      reservations: [{ ...claim, owner }],
    });
  }
  return entries;
};

/**
 * The scheduled run's plan, up to `upTo`: resolutions first (a resolved message takes in the
 * windows still waiting for their digest, so no digest follows it), then digests.
 */
export const planDue = async (context: DueContext, upTo: number, owner: string, limit = 200): Promise<PlanEntry[]> => {
  const resolutions = await planResolutions(context, upTo, owner, limit);
  const taken = new Set(resolutions.flatMap((r) => r.pending.markers.map((m) => m.sk)));
  return [...resolutions, ...(await planDigests(context, upTo, owner, limit, taken))];
};
