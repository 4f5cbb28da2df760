import { parseEvent } from '../events';
import { normalizeEvent, SEVERITY_RANK, type Severity } from '../normalize';
import type { EventReport, PipelineOptions, RouteAlert } from './types';

/** Destination name used when no routing configuration names one. */
export const DEFAULT_DESTINATION = 'default';

/** Routes every alert at or above `minSeverity` to one destination. */
export const routeBySeverity =
  (minSeverity: Severity, destination: string = DEFAULT_DESTINATION): RouteAlert =>
  (alert) => (SEVERITY_RANK[alert.severity] <= SEVERITY_RANK[minSeverity] ? [destination] : []);

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

/**
 * Builds the pipeline once (at module scope in Lambda, once per run in the CLI).
 *
 * @example
 * ```ts
 * const pipeline = createPipeline({ notifier: new OutboxNotifier({ directory: 'outbox' }) });
 * const report = await pipeline.processEvent(event);
 * ```
 */
export const createPipeline = (options: PipelineOptions): Pipeline => {
  const route = options.route ?? routeBySeverity('info');
  return {
    async processEvent(raw) {
      const parsed = parseEvent(raw);
      if (!parsed.ok) {
        return { outcome: 'skipped', eventId: eventIdOf(raw), reason: parsed.error.reason, message: parsed.error.message };
      }
      const alert = normalizeEvent(parsed.event);
      const destinations = route(alert);
      const deliveries = destinations.length === 0 ? [] : await options.notifier.notify(alert, destinations);
      return { outcome: 'alert', eventId: parsed.event.envelope.id, alert, deliveries };
    },
  };
};
