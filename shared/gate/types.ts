import type { Weekday } from '../config';
import type { CompiledPattern } from '../pattern';

/**
 * What the gate did with an alert on one route:
 * - `sent`: passed the gate to the route's topics (none for a record-only route);
 * - `grouped`: counted into its group's next digest;
 * - `throttled`: the same alert (route and fingerprint) was sent within `throttle` / `repeat_interval`;
 * - `duplicate`: the event (id), or the same or a newer version of its ECS resource, was already processed;
 * - `silenced`: muted by a silence (`mutedBy` names it);
 * - `muted`: muted by a route's time interval, a maintenance window (`mutedBy` names it);
 * - `inhibited`: muted by an alert that explains it (`mutedBy` names it).
 */
export type GateOutcome = 'sent' | 'grouped' | 'throttled' | 'duplicate' | 'silenced' | 'muted' | 'inhibited';

/** Every outcome, in the order summaries list them. */
export const GATE_OUTCOMES = ['sent', 'grouped', 'throttled', 'duplicate', 'silenced', 'muted', 'inhibited'] as const satisfies readonly GateOutcome[];

/** A silence ready to match: from `herald.yml` or from the state table. */
export interface Silence {
  /** `herald.yml#<n>` for configured silences, a generated id for run-time ones. */
  id: string;
  /** The matchers as written (JSON), for listings. */
  written: string;
  matcher: CompiledPattern;
  /** Epoch milliseconds. */
  startsAt: number;
  /** Epoch milliseconds. */
  endsAt: number;
  comment: string;
  createdBy: string;
  /** Where it comes from. */
  origin: 'config' | 'store';
}


/** One compiled time-interval entry; absent fields match always. */
export interface TimeIntervalSpec {
  weekdays?: ReadonlySet<Weekday>;
  /** Minutes since midnight, start inclusive, end exclusive. */
  times?: readonly { startMinute: number; endMinute: number }[];
  /** IANA time zone. */
  location: string;
}

/** A named time interval: current when any of its entries is. */
export interface TimeInterval {
  name: string;
  specs: readonly TimeIntervalSpec[];
}

/** Inhibition presets (see `InhibitPreset` in the config types). */
export interface InhibitSettings {
  deployments: boolean;
  infrastructure: boolean;
}

/** The gate's answer for one alert on one route. */
export interface GateDecision {
  outcome: GateOutcome;
  /** What muted it: `silence <id> (<comment>)`, `time interval "x"`, `deployment ecs-svc/1 in progress`... */
  mutedBy?: string;
  /** Set when the state table could not be reached and the alert was let through (fail open). */
  failOpen?: string;
}

/** A decision for one matched route, as reports show it. */
export interface RouteDecision extends GateDecision {
  route: string;
  /** The route's topics (empty for a record-only route). */
  topics: readonly string[];
}
