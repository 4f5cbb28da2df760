import { randomUUID } from 'node:crypto';
import { parseEvent, SKIP_REASONS } from '../events';
import { type Alert, normalizeEvent } from '../normalize';
import { matchRoutes, type RouteNode } from '../route';
import { RetryableDeliveryError } from '../deliver';
import { type ContextProvider, type EnrichDepth, withContext } from '../enrich';
import type { Context } from 'aws-lambda';
import { type EntryResult, type GateDecision, type PlanEntry, resourceVersionOf, type RouteDecision } from '../gate';
import { createDispatch } from './dispatch';
import type { DueReport, EventReport, PipelineOptions, RouteAlert } from './types';

/** Routes with a compiled routing tree. */
export const routeWith =
  (tree: RouteNode): RouteAlert =>
  (alert, event) => matchRoutes(tree, alert, event);

/** The pipeline: one call per event, from raw JSON to a delivered alert or a reported skip. */
export interface Pipeline {
  /**
   * Parses, normalizes, enriches, routes, plans (noise control), dispatches and commits one
   * event. A malformed or unsupported event is returned as a `skipped` report, never thrown (a
   * retry cannot fix it). A retryable delivery failure is thrown after the commit, so the
   * platform retries and the dead-letter queue keeps it.
   */
  processEvent(raw: unknown): Promise<EventReport>;
  /**
   * The scheduled run: resolutions whose hold is over, digests whose window ended by `upTo`;
   * planned, dispatched and committed like an event. Nothing without a gate.
   */
  processDue(upTo: number): Promise<DueReport[]>;
  /**
   * Whether the pipeline itself recognises another delivery of this event (the gate's version
   * record of its ECS resource doubles as its idempotency record), so no other record is needed.
   */
  dedupes(raw: unknown): boolean;
  /** Lambda's context: an event is the invocation's until its deadline. */
  registerLambdaContext(context: Pick<Context, 'getRemainingTimeInMillis'>): void;
}

const eventIdOf = (raw: unknown): string | undefined => {
  const id = typeof raw === 'object' && raw !== null ? (raw as { id?: unknown }).id : undefined;
  return typeof id === 'string' ? id : undefined;
};

/** The alert with its context; an enrichment bug degrades the alert, never drops it. */
const enrichAlert = async (alert: Alert, raw: unknown, provider: ContextProvider | undefined, depth: EnrichDepth, budget: AbortSignal | undefined): Promise<Alert> => {
  if (provider === undefined) return alert;
  try {
    return withContext(alert, await provider.enrich(alert, raw, depth, budget));
  } catch (error) {
    const reason = `error: ${error instanceof Error ? error.message : String(error)}`;
    return withContext(alert, { tags: {}, links: [], failures: [{ source: 'enrich', reason }] });
  }
};

/** Each route's decision, as reports show it: what its entry says. */
const routeDecisions = (results: readonly EntryResult[]): RouteDecision[] =>
  results.flatMap(({ entry }): RouteDecision[] => {
    switch (entry.kind) {
      case 'send':
        return [{ route: entry.route, topics: entry.match.options.notify, outcome: 'sent', failOpen: entry.failOpen }];
      case 'hold':
        return [{ route: entry.route, topics: entry.match.options.notify, outcome: entry.outcome, mutedBy: entry.mutedBy, failOpen: entry.failOpen }];
      case 'mute':
        return [{ route: entry.route, topics: entry.topics, outcome: entry.outcome, mutedBy: entry.mutedBy }];
      default:
        return [];
    }
  });

/** The event's overall gate outcome: sent if any route sent it, else the first gated route's. */
const overallDecision = (decisions: readonly RouteDecision[]): GateDecision => {
  const gated = decisions.filter((d) => d.topics.length > 0);
  return gated.find((d) => d.outcome === 'sent') ?? gated[0] ?? { outcome: 'sent' };
};

/**
 * Builds the pipeline once (at module scope in Lambda, once per run in the CLI). Without a
 * gate every routed alert is sent.
 *
 * @example
 * ```ts
 * const pipeline = createPipeline({ delivery, route: routeWith(compiled.routes), gate });
 * const report = await pipeline.processEvent(event); // report.gate: 'sent' | 'grouped' | ...
 * ```
 */
export const createPipeline = (options: PipelineOptions): Pipeline => {
  const { gate, delivery } = options;
  // Built once: the dispatchers (without a gate, nothing is held or recorded).
  const dispatch = createDispatch({ delivery, gate: gate ?? { record: async () => undefined }, onFailOpen: options.onFailOpen, remediate: options.remediate });
  let lambda: Pick<Context, 'getRemainingTimeInMillis'> | undefined;
  // `dedupes` and then `processEvent` are asked of the same event in turn: the parse the first
  // made is kept for the second, which takes it (parsing is a pure function of the event; an
  // object changed and processed again is parsed again).
  let asked: { raw: unknown; parsed: ReturnType<typeof parseEvent> } | undefined;
  const parseOnce = (raw: unknown): ReturnType<typeof parseEvent> => {
    const kept = asked !== undefined && asked.raw === raw ? asked.parsed : undefined;
    asked = undefined;
    return kept ?? parseEvent(raw);
  };
  return {
    registerLambdaContext(context) {
      lambda = context;
    },

    dedupes(raw) {
      if (gate === undefined) return false;
      const parsed = parseEvent(raw);
      asked = { raw, parsed };
      return parsed.ok && resourceVersionOf(parsed.event) !== undefined;
    },

    async processEvent(raw) {
      const parsed = parseOnce(raw);
      if (!parsed.ok) {
        return { outcome: 'skipped', eventId: eventIdOf(raw), reason: parsed.error.reason, message: parsed.error.message };
      }
      const eventId = parsed.event.envelope.id;
      const outOfScope = options.scope?.excludes(raw);
      if (outOfScope !== undefined) return { outcome: 'skipped', eventId, reason: SKIP_REASONS.outOfScope, message: outOfScope };
      const budget = options.enrich?.startBudget?.();
      // Routing needs labels only (tags); the rest of the context is gathered for sent alerts.
      const alert = await enrichAlert(normalizeEvent(parsed.event, options.normalize), raw, options.enrich, 'labels', budget);
      const routes = options.route(alert, raw);
      const plan = gate === undefined
        ? { entries: routes.map((match): PlanEntry => ({ kind: 'send', route: match.route, topics: match.options.notify, alert, match, reservations: [] })) }
        : await gate.plan(parsed.event, alert, routes, lambda?.getRemainingTimeInMillis());
      if (plan.duplicate !== undefined) {
        return { outcome: 'alert', eventId, alert, routes: [], deliveries: [], decisions: [], resolved: [], remediations: [], gate: 'duplicate', mutedBy: plan.duplicate.mutedBy };
      }
      let full: Promise<Alert> | undefined;
      // Labels stay as routed (tags included); the context gains task definition, logs...
      const enriched = () => (full ??= enrichAlert(alert, raw, options.enrich, 'full', budget));
      let out: Awaited<ReturnType<typeof dispatch>>;
      try {
        out = await dispatch(plan.entries, { id: eventId, onePerTopic: true, enriched, firstAttempt: plan.firstAttempt === true });
        await gate?.commit(out.results);
        if (Object.keys(out.failures).length > 0) throw new RetryableDeliveryError(out.failures, out.deliveries);
      } catch (error) {
        // The platform retries the event: let the retry through at once.
        await gate?.release(parsed.event).catch((releaseError: unknown) => options.onFailOpen?.('ordering', releaseError));
        throw error;
      }
      const decisions = routeDecisions(out.results);
      const overall = overallDecision(decisions);
      // Not sent: a copy run again could send what this run did not (a throttle since over).
      if (gate !== undefined && plan.done !== true && overall.outcome !== 'sent') {
        await gate.finish(parsed.event).catch((error: unknown) => options.onFailOpen?.('ordering', error));
      }
      return {
        outcome: 'alert',
        eventId,
        alert: full === undefined ? alert : await full,
        routes,
        deliveries: out.deliveries,
        decisions,
        resolved: out.resolved,
        remediations: out.remediations,
        gate: overall.outcome,
        mutedBy: overall.mutedBy,
        failOpen: decisions.find((d) => d.failOpen !== undefined)?.failOpen,
      };
    },

    async processDue(upTo) {
      if (gate === undefined) return [];
      const owner = randomUUID();
      const entries = await gate.planDue(upTo, owner);
      const out = await dispatch(entries, { id: owner, onePerTopic: false });
      await gate.commit(out.results);
      return [...out.resolved.map((r): DueReport => ({ kind: 'resolved', ...r })), ...out.digests.map((d): DueReport => ({ kind: 'digest', ...d }))];
    },
  };
};
