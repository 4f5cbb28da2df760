import type { DeliveryResult, Notifier } from '../deliver';
import type { SkipReason } from '../events';
import type { Alert, Severity } from '../normalize';

/** Picks the destinations of an alert; an empty list means "recorded, not sent". */
export type RouteAlert = (alert: Alert) => readonly string[];

/** Options of {@link createPipeline}. */
export interface PipelineOptions {
  /** Where alerts go. */
  notifier: Notifier;
  /** @default {@link routeBySeverity}('info'): every alert to `default` */
  route?: RouteAlert;
}

/** The outcome of one event, logged once per event and printed by `herald replay --json`. */
export type EventReport =
  | {
      outcome: 'alert';
      eventId: string;
      alert: Alert;
      /** Destinations that received it (empty when no route selected it). */
      deliveries: DeliveryResult[];
    }
  | {
      outcome: 'skipped';
      /** The event id, when the input had one. */
      eventId?: string;
      reason: SkipReason;
      message: string;
    };

/** Re-exported for callers building routes. */
export type { Severity };
