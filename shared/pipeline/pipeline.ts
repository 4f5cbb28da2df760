import { parseEvent } from '../events';
import { type Alert, normalizeEvent } from '../normalize';
import { matchRoutes, type RouteMatch, type RouteNode } from '../route';
import { type DeliveryResult, RetryableDeliveryError } from '../deliver';
import { type ContextProvider, type EnrichDepth, withContext } from '../enrich';
import type { GateDecision, RouteDecision } from '../gate';
import type { EventReport, PipelineOptions, ResolvedReport, RouteAlert } from './types';

/** Routes with a compiled routing tree. */
export const routeWith =
  (tree: RouteNode): RouteAlert =>
  (alert, event) => matchRoutes(tree, alert, event);

/** The pipeline: one call per event, from raw JSON to a delivered alert or a reported skip. */
export interface Pipeline {
  /**
   * Parses, normalizes, enriches, routes, gates and delivers one event. A malformed or
   * unsupported event is returned as a `skipped` report, never thrown (a retry cannot fix it).
   * A delivery failure is thrown, so the platform retries and the dead-letter queue keeps it.
   */
  processEvent(raw: unknown): Promise<EventReport>;
}

const eventIdOf = (raw: unknown): string | undefined =>
  typeof raw === 'object' && raw !== null && typeof (raw as { id?: unknown }).id === 'string' ? (raw as { id: string }).id : undefined;

/** The alert with its context; an enrichment bug degrades the alert, never drops it. */
const enrichAlert = async (alert: Alert, raw: unknown, provider: ContextProvider | undefined, depth: EnrichDepth): Promise<Alert> => {
  if (provider === undefined) return alert;
  try {
    return withContext(alert, await provider.enrich(alert, raw, depth));
  } catch (error) {
    const reason = `error: ${error instanceof Error ? error.message : String(error)}`;
    return withContext(alert, { tags: {}, links: [], failures: [{ source: 'enrich', reason }] });
  }
};

/** The alert as a route sends it: with the route's severity override applied. */
const asRouted = (alert: Alert, match: RouteMatch): Alert => {
  const severity = match.options.severity;
  return severity === undefined || severity === alert.severity ? alert : { ...alert, severity, labels: { ...alert.labels, severity } };
};

/** The event's overall gate outcome: sent if any route sent it, else the first gated route's. */
const overallDecision = (decisions: readonly RouteDecision[]): GateDecision => {
  const gated = decisions.filter((d) => d.topics.length > 0);
  return gated.find((d) => d.outcome === 'sent') ?? gated[0] ?? { outcome: 'sent' };
};

/**
 * Builds the pipeline once (at module scope in Lambda, once per run in the CLI).
 *
 * @example
 * ```ts
 * const pipeline = createPipeline({ delivery, route: routeWith(compiled.routes), gate });
 * const report = await pipeline.processEvent(event); // report.gate: 'sent' | 'grouped' | ...
 * ```
 */
export const createPipeline = (options: PipelineOptions): Pipeline => ({
  async processEvent(raw) {
    const parsed = parseEvent(raw);
    if (!parsed.ok) {
      return { outcome: 'skipped', eventId: eventIdOf(raw), reason: parsed.error.reason, message: parsed.error.message };
    }
    const eventId = parsed.event.envelope.id;
    const normalized = normalizeEvent(parsed.event);
    const { gate } = options;
    const duplicate = await gate?.admit(parsed.event);
    if (duplicate !== undefined) {
      return { outcome: 'alert', eventId, alert: normalized, routes: [], deliveries: [], decisions: [], resolved: [], gate: duplicate.outcome, mutedBy: duplicate.mutedBy };
    }
    // Routing needs labels only (tags); the rest of the context is gathered for sent alerts.
    let alert = await enrichAlert(normalized, raw, options.enrich, 'labels');
    await gate?.observe(alert);
    const routes = options.route(alert, raw);
    const decisions: RouteDecision[] = [];
    for (const match of routes) {
      const topics = match.options.notify;
      const decision: GateDecision = topics.length === 0 || gate === undefined ? { outcome: 'sent' } : await gate.decide(asRouted(alert, match), match, eventId);
      decisions.push({ route: match.route, topics, ...decision });
    }

    const deliveries: DeliveryResult[] = [];
    const failures: Record<string, { name: string; message: string }> = {};
    const attempt = async (into: DeliveryResult[], send: () => Promise<DeliveryResult[]>): Promise<boolean> => {
      try {
        into.push(...(await send()));
        return true;
      } catch (error) {
        // Keep delivering the other topics; the retry resends only what failed.
        if (!(error instanceof RetryableDeliveryError)) throw error;
        Object.assign(failures, error.failures);
        return false;
      }
    };
    // A topic reached by several matched routes (or by a resolved message) gets one message.
    const claimed = new Set<string>();
    const resolved: ResolvedReport[] = [];
    for (const resolution of (await gate?.resolutions(alert, eventId)) ?? []) {
      // Topics removed from herald.yml since the incident opened are skipped.
      const topics = resolution.incident.topics.filter((topic) => !claimed.has(topic) && options.delivery.knows(topic));
      if (topics.length === 0) {
        // Another route's incident already told these topics: one resolved message each.
        await resolution.close();
        continue;
      }
      for (const topic of topics) claimed.add(topic);
      const resolvedDeliveries: DeliveryResult[] = [];
      const sent = await attempt(resolvedDeliveries, () => options.delivery.deliver(resolution.alert, topics, resolution.incident.route, `${eventId}#resolved`));
      resolved.push({ route: resolution.incident.route, summary: resolution.incident.summary, durationMs: resolution.alert.resolves?.durationMs ?? 0, deliveries: resolvedDeliveries });
      if (sent) await resolution.close();
    }
    let enriched = false;
    for (const [position, match] of routes.entries()) {
      const decision = decisions[position];
      if (decision?.outcome !== 'sent') continue;
      const topics = match.options.notify.filter((topic) => !claimed.has(topic));
      if (topics.length === 0) continue;
      for (const topic of topics) claimed.add(topic);
      if (!enriched) {
        // Labels stay as routed (tags included); the context gains task definition, logs...
        alert = await enrichAlert(alert, raw, options.enrich, 'full');
        enriched = true;
      }
      const routed = decision.failOpen === undefined ? asRouted(alert, match) : { ...asRouted(alert, match), gateUnavailable: decision.failOpen };
      if (await attempt(deliveries, () => options.delivery.deliver(routed, topics, match.route, eventId))) await gate?.notified(routed, match);
    }
    if (Object.keys(failures).length > 0) throw new RetryableDeliveryError(failures);
    const overall = overallDecision(decisions);
    return { outcome: 'alert', eventId, alert, routes, deliveries, decisions, resolved, gate: overall.outcome, mutedBy: overall.mutedBy, failOpen: decisions.find((d) => d.failOpen !== undefined)?.failOpen };
  },
});
