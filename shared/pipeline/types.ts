import type { Delivery, DeliveryResult } from '../deliver';
import type { ContextProvider } from '../enrich';
import type { SkipReason } from '../events';
import type { Alert } from '../normalize';
import type { RouteMatch } from '../route';

/** Picks the routes of an alert (names and options, never ARNs). */
export type RouteAlert = (alert: Alert, event: unknown) => readonly RouteMatch[];

/** Options of {@link createPipeline}. */
export interface PipelineOptions {
  /** Renders and publishes alerts to topics. */
  delivery: Delivery;
  /** The compiled routing tree, wrapped (see `routeWith`). */
  route: RouteAlert;
  /** Adds cluster context (and tags as labels) before routing. @default none */
  enrich?: ContextProvider;
}

/** The outcome of one event, logged once per event and printed by `herald replay --json`. */
export type EventReport =
  | {
      outcome: 'alert';
      eventId: string;
      alert: Alert;
      /** The routes the alert matched, in order. */
      routes: readonly RouteMatch[];
      /** What happened on each topic (empty when every matched route only records). */
      deliveries: DeliveryResult[];
    }
  | {
      outcome: 'skipped';
      /** The event id, when the input had one. */
      eventId?: string;
      reason: SkipReason;
      message: string;
    };
