import { parseEvent } from '../events';
import { type Alert, normalizeEvent } from '../normalize';
import { matchRoutes, type RouteMatch, type RouteNode } from '../route';
import { type DeliveryResult, RetryableDeliveryError } from '../deliver';
import { type ContextProvider, withContext } from '../enrich';
import type { EventReport, PipelineOptions, RouteAlert } from './types';

/** Routes with a compiled routing tree. */
export const routeWith =
  (tree: RouteNode): RouteAlert =>
  (alert, event) => matchRoutes(tree, alert, event);

/** The pipeline: one call per event, from raw JSON to a delivered alert or a reported skip. */
export interface Pipeline {
  /**
   * Parses, normalizes, routes and delivers one event. A malformed or unsupported event is
   * returned as a `skipped` report, never thrown (a retry cannot fix it). A delivery failure
   * is thrown, so the platform retries and the dead-letter queue keeps the event.
   */
  processEvent(raw: unknown): Promise<EventReport>;
}

const eventIdOf = (raw: unknown): string | undefined =>
  typeof raw === 'object' && raw !== null && typeof (raw as { id?: unknown }).id === 'string' ? (raw as { id: string }).id : undefined;

/** The alert with its context; an enrichment bug degrades the alert, never drops it. */
const enrichAlert = async (alert: Alert, raw: unknown, provider: ContextProvider | undefined): Promise<Alert> => {
  if (provider === undefined) return alert;
  try {
    return withContext(alert, await provider.enrich(alert, raw));
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

/**
 * Builds the pipeline once (at module scope in Lambda, once per run in the CLI).
 *
 * @example
 * ```ts
 * const pipeline = createPipeline({ delivery, route: routeWith(compiled.routes) });
 * const report = await pipeline.processEvent(event);
 * ```
 */
export const createPipeline = (options: PipelineOptions): Pipeline => ({
  async processEvent(raw) {
    const parsed = parseEvent(raw);
    if (!parsed.ok) {
      return { outcome: 'skipped', eventId: eventIdOf(raw), reason: parsed.error.reason, message: parsed.error.message };
    }
    const alert = await enrichAlert(normalizeEvent(parsed.event), raw, options.enrich);
    const routes = options.route(alert, raw);
    const eventId = parsed.event.envelope.id;
    const deliveries: DeliveryResult[] = [];
    const failures: Record<string, { name: string; message: string }> = {};
    // A topic reached by several matched routes gets the alert once, from the first.
    const claimed = new Set<string>();
    for (const match of routes) {
      const topics = match.options.notify.filter((topic) => !claimed.has(topic));
      if (topics.length === 0) continue;
      for (const topic of topics) claimed.add(topic);
      try {
        deliveries.push(...(await options.delivery.deliver(asRouted(alert, match), topics, match.route, eventId)));
      } catch (error) {
        // Keep delivering the other routes' topics; the retry resends only what failed.
        if (!(error instanceof RetryableDeliveryError)) throw error;
        Object.assign(failures, (error as RetryableDeliveryError).failures);
      }
    }
    if (Object.keys(failures).length > 0) throw new RetryableDeliveryError(failures);
    return { outcome: 'alert', eventId, alert, routes, deliveries };
  },
});
