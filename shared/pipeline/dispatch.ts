import { type DeliveryResult, type Delivery, digestNotification, type RemediationNote, RetryableDeliveryError } from '../deliver';
import type { EnrichedAlert } from '../enrich';
import { RemediationCallError } from '../remediate';
import type { EntryResult, Gate, PlanEntry, PlanEntryKind, RecoverEntry, SendEntry, WithdrawEntry } from '../gate';
import type { Alert } from '../normalize';
import type { RouteMatch } from '../route';
import type { DigestReport, ResolvedReport } from './types';

/** What carrying out a plan produced, for the report and the commit. */
export interface DispatchResult {
  results: EntryResult[];
  deliveries: DeliveryResult[];
  resolved: ResolvedReport[];
  digests: DigestReport[];
  /** The remediations asked for, as the alert's messages tell them. */
  remediations: RemediationNote[];
  /** Topic (or `remediation:<action>`) -> the retryable error; the event (or digest) is tried again. */
  failures: Record<string, { name: string; message: string }>;
}

/** What the dispatchers need, built once: delivery and the gate's own records. */
export interface DispatchOptions {
  delivery: Delivery;
  gate: Pick<Gate, 'record'>;
  /** A hold or recovery could not be recorded: log it (the alert is sent instead). */
  onFailOpen?: (stage: string, error: unknown) => void;
  /** Queues a remediation decision. @default none: remediate entries are reported as not configured */
  remediate?: (alert: EnrichedAlert, action: string, route: string, eventId: string) => Promise<RemediationNote>;
}

/** One call's settings: whose entries they are and how they are told. */
export interface DispatchCall {
  /** The event id, or the scheduled run's owner: deliveries are remembered under it, so a retry resends only what failed. */
  id: string;
  /** One event's entries: each topic gets one message. A scheduled run's entries are independent. */
  onePerTopic: boolean;
  /** No earlier attempt was made under `id`: delivery need not look up what it sent under it. @default false */
  firstAttempt?: boolean;
  /** The alert with its full context, gathered once for the first entry that sends it. @default the alert as it is */
  enriched?(alert: Alert): Promise<Alert>;
}

/** What one dispatcher works with: the call, and the result it adds to. */
interface DispatchRun extends DispatchCall {
  out: DispatchResult;
}

/** The alert as a route sends it: with the route's severity override applied. */
export const asRouted = (alert: Alert, match: RouteMatch): Alert => {
  const severity = match.options.severity;
  return severity === undefined || severity === alert.severity ? alert : { ...alert, severity, labels: { ...alert.labels, severity } };
};

const messageOf = (error: unknown): string => (error instanceof Error ? `${error.name}: ${error.message}` : String(error));

/** The kinds of entry that send a message to their topics. */
const TELLS: ReadonlySet<PlanEntryKind> = new Set(['send', 'resolve', 'digest']);

type Dispatcher<K extends PlanEntryKind> = (entry: Extract<PlanEntry, { kind: K }>, run: DispatchRun) => Promise<EntryResult>;

/**
 * Carries out a plan, entry by entry, one dispatcher per kind of entry (the compiler checks
 * there is one for each), collecting what was delivered; the caller then commits the results.
 * A topic reached by several entries of one event (several routes, or a resolved message)
 * gets one message: the first entry to name it.
 *
 * @example
 * ```ts
 * const dispatch = createDispatch({ delivery, gate }); // once
 * const out = await dispatch(plan.entries, { id: event.id, onePerTopic: true, enriched: (alert) => enrich(alert) });
 * await gate.commit(out.results);
 * ```
 */
export const createDispatch = (options: DispatchOptions) => {
  const { delivery } = options;

  /** Delivers to the topics; true when every topic took it (or had before). */
  const deliver = async (alert: Alert, topics: readonly string[], route: string, id: string, run: DispatchRun): Promise<{ done: boolean; deliveries: DeliveryResult[]; retry?: string }> => {
    const { out } = run;
    try {
      // Only the run's own id is known to be new: a resolved message or a digest is delivered
      // under its incident's or window's key, which an earlier run may have tried.
      const deliveries = await delivery.deliver(alert, topics, route, id, { firstAttempt: run.firstAttempt === true && id === run.id });
      return { done: true, deliveries };
    } catch (error) {
      if (!(error instanceof RetryableDeliveryError)) throw error;
      Object.assign(out.failures, error.failures);
      return { done: false, deliveries: [...error.delivered], retry: error.message };
    }
  };

  const send: Dispatcher<'send'> = async (entry, run) => {
    if (entry.topics.length === 0) return { entry, done: true };
    const routed = asRouted(run.enriched === undefined ? entry.alert : await run.enriched(entry.alert), entry.match);
    const alert = {
      ...routed,
      ...(run.out.remediations.length === 0 ? {} : { remediation: run.out.remediations }),
      ...(entry.failOpen === undefined ? {} : { gateUnavailable: entry.failOpen }),
      ...(entry.deploymentTasks === undefined ? {} : { deploymentTasks: entry.deploymentTasks }),
    };
    const sent = await deliver(alert, entry.topics, entry.route, run.id, run);
    run.out.deliveries.push(...sent.deliveries);
    return { entry, done: sent.done };
  };

  /** Records a resolution's state change (a filed recovery, a withdrawn held alert); done unless the table failed. */
  const recordResolution = async (entry: RecoverEntry | WithdrawEntry): Promise<EntryResult> => {
    try {
      await options.gate.record(entry);
      return { entry, done: true };
    } catch (error) {
      options.onFailOpen?.('resolution', error);
      return { entry, done: false };
    }
  };

  const DISPATCHERS: { [K in PlanEntryKind]: Dispatcher<K> } = {
    send,
    // Queued before the event's messages go out; a queue that refuses retries the event (the
    // remediator acts once per decision id, however often it is queued).
    remediate: async (entry, run) => {
      if (options.remediate === undefined) {
        run.out.remediations.push({ action: entry.action, does: `action ${entry.action}`, dryRun: true, refused: 'remediation is not configured in this run' });
        return { entry, done: true };
      }
      try {
        run.out.remediations.push(await options.remediate(entry.alert, entry.action, entry.route, run.id));
        return { entry, done: true };
      } catch (error) {
        // A queue that refuses for good (access denied, no such queue): no retry fixes it; the
        // alert's message says so and the failure is reported, the rest of the event goes on.
        if (error instanceof RemediationCallError) {
          options.onFailOpen?.(`remediation queue (${entry.action})`, error);
          run.out.remediations.push({ action: entry.action, does: `action ${entry.action}`, dryRun: true, refused: `the remediation queue refused the decision: ${messageOf(error)}` });
          return { entry, done: true };
        }
        run.out.failures[`remediation:${entry.action}`] = { name: error instanceof Error ? error.name : 'Error', message: messageOf(error) };
        return { entry, done: false };
      }
    },
    mute: async (entry) => ({ entry, done: true }),
    hold: async (planned, run) => {
      // A group's first alert held for group_wait goes out later as it is stored: with the full
      // context (log tails, instance logs) of when it came, gathered now.
      const entry = planned.held && run.enriched !== undefined ? { ...planned, alert: await run.enriched(planned.alert) } : planned;
      try {
        await options.gate.record(entry);
        return { entry, done: true };
      } catch (error) {
        // Not counted anywhere: send it now, marked, rather than lose it.
        options.onFailOpen?.('grouping', error);
        const fallback: SendEntry = { kind: 'send', route: entry.route, topics: entry.topics, alert: entry.alert, match: entry.match, group: entry.group, reservations: entry.reservations, failOpen: entry.failOpen ?? `grouping: ${messageOf(error)}` };
        return send(fallback, run);
      }
    },
    // A recovery that cannot be filed resolves nothing yet (the next recovery files it); a
    // withdrawal that cannot be made lets the held alert go out when its wait ends.
    recover: recordResolution,
    withdraw: recordResolution,
    resolve: async (entry, run) => {
      const { incident } = entry;
      // Topics removed from herald.yml since the incident opened are skipped.
      const topics = entry.topics.filter((topic) => delivery.knows(topic));
      if (topics.length === 0) return { entry, done: true };
      const sent = await deliver(entry.alert, topics, incident.route, `resolved#${incident.pk}#${incident.route}#${incident.startedAt}`, run);
      run.out.resolved.push({ route: incident.route, summary: incident.summary, durationMs: entry.alert.resolves?.durationMs ?? 0, deliveries: sent.deliveries, retry: sent.retry });
      return { entry, done: sent.done };
    },
    digest: async (entry, run) => {
      const { due } = entry;
      const alert = digestNotification({ group: due.group, since: due.window.since, until: due.window.until, alert: due.alert, held: due.held, counts: entry.counts });
      // A topic removed from herald.yml since the window opened is skipped.
      const sent = await deliver(alert, entry.topics.filter((topic) => delivery.knows(topic)), due.route, `digest#${entry.marker.sk}`, run);
      run.out.digests.push({
        route: due.route,
        group: due.group,
        since: new Date(due.window.since).toISOString(),
        until: new Date(due.window.until).toISOString(),
        count: entry.counts.count,
        held: due.held,
        alert,
        deliveries: sent.deliveries,
        retry: sent.retry,
      });
      return { entry, done: sent.done };
    },
  };

  return async (entries: readonly PlanEntry[], call: DispatchCall): Promise<DispatchResult> => {
    const out: DispatchResult = { results: [], deliveries: [], resolved: [], digests: [], remediations: [], failures: {} };
    const run: DispatchRun = { ...call, out };
    const told = new Set<string>();
    // An event's decisions are queued together, before its messages (which tell them): the
    // event's time budget allows one queue call, not one per action.
    const queued = entries.filter((e): e is Extract<PlanEntry, { kind: 'remediate' }> => e.kind === 'remediate');
    const notes: DispatchResult[] = await Promise.all(queued.map(async (entry) => {
      const own: DispatchResult = { results: [], deliveries: [], resolved: [], digests: [], remediations: [], failures: {} };
      own.results.push(await DISPATCHERS.remediate(entry, { ...call, out: own }));
      return own;
    }));
    for (const own of notes) {
      out.results.push(...own.results);
      out.remediations.push(...own.remediations);
      Object.assign(out.failures, own.failures);
    }
    for (const planned of entries) {
      if (planned.kind === 'remediate') continue;
      const entry = call.onePerTopic && TELLS.has(planned.kind) ? ({ ...planned, topics: planned.topics.filter((topic) => !told.has(topic)) } as PlanEntry) : planned;
      if (TELLS.has(entry.kind)) for (const topic of entry.topics) told.add(topic);
      const dispatcher = DISPATCHERS[entry.kind] as Dispatcher<PlanEntryKind>;
      out.results.push(await dispatcher(entry as never, run));
    }
    return out;
  };
};
