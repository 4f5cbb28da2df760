import type { Delivery, DeliveryResult, Notification, RemediationNote } from '../deliver';
import type { Gate, GateOutcome, RouteDecision } from '../gate';
import type { ContextProvider, EnrichedAlert } from '../enrich';
import type { SkipReason } from '../events';
import type { Alert, NormalizeSettings } from '../normalize';
import type { EventScope, RouteMatch } from '../route';

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
  /** Noise control between routing and delivery. @default none: every routed alert is sent */
  gate?: Gate;
  /** What herald.yml watches beyond its routes: events outside it are skipped. @default everything */
  scope?: EventScope;
  /** herald.yml's part in labelling alerts (the service behind a target group). @default none */
  normalize?: NormalizeSettings;
  /** A hold or recovery could not be recorded (the alert was sent instead): log it. */
  onFailOpen?: (stage: string, error: unknown) => void;
  /** Queues a route's remediation decision. @default none */
  remediate?: (alert: EnrichedAlert, action: string, route: string, eventId: string) => Promise<RemediationNote>;
}

/** A resolved message an event (or the scheduled run, after the hold) sent. */
export interface ResolvedReport {
  /** The route that notified the incident. */
  route: string;
  /** The summary of the alert that opened the incident. */
  summary: string;
  durationMs: number;
  deliveries: DeliveryResult[];
  /** Set when delivery failed retryably: the incident stays open and is tried again. */
  retry?: string;
}

/** What one digest did. */
export interface DigestReport {
  route: string;
  group: string;
  /** ISO 8601 window. */
  since: string;
  until: string;
  /** Alerts counted in the window. */
  count: number;
  /** The digest carried the group's held first alert (`group_wait`). */
  held: boolean;
  /** The digest as sent. */
  alert: Notification;
  deliveries: DeliveryResult[];
  /** Set when delivery failed retryably: the digest stays due and is tried again. */
  retry?: string;
}

/** What the scheduled run did: a digest sent, or an incident resolved after its hold. */
export type DueReport = ({ kind: 'digest' } & DigestReport) | ({ kind: 'resolved' } & ResolvedReport);

/** The outcome of one event, logged once per event and printed by `herald replay --json`. */
export type EventReport =
  | {
      outcome: 'alert';
      eventId: string;
      /** The alert, with its context when enriched. */
      alert: EnrichedAlert;
      /** The routes the alert matched, in order. */
      routes: readonly RouteMatch[];
      /** What happened on each topic (empty when every matched route only records). */
      deliveries: DeliveryResult[];
      /** The gate's decision per matched route. */
      decisions: RouteDecision[];
      /** Resolved messages this event sent (a service steady again, an alarm back to OK). */
      resolved: ResolvedReport[];
      /** Remediations its routes asked for (and, in the CLI, what the remediator decided). */
      remediations: RemediationNote[];
      /** The gate's overall outcome: `sent` when any route sent it, else the first gated route's. */
      gate: GateOutcome;
      /** What muted it (silence, time interval, inhibiting alert, group, throttle). */
      mutedBy?: string;
      /** Set when the state table was unreachable and the alert was let through unchecked. */
      failOpen?: string;
      /**
       * The EventBridge replay that sent this copy (`replay-name`): evaluated and reported only,
       * its deliveries `replayed` (what would have been sent), nothing sent or acted on.
       */
      replay?: string;
    }
  | {
      outcome: 'skipped';
      /** The event id, when the input had one. */
      eventId?: string;
      reason: SkipReason;
      message: string;
      /** The EventBridge replay that sent this copy, as above. */
      replay?: string;
    };
