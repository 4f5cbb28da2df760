import type { Severity } from '../normalize';
import type { CompiledPattern } from '../pattern';

/** Route options after inheritance and defaults; durations in milliseconds. */
export interface RouteOptions {
  /** Topic names. Empty: the alert is recorded, not sent. */
  notify: readonly string[];
  /** Action names. */
  remediate: readonly string[];
  /** At most one notification per route and key in this window; undefined: no throttle. */
  throttleMs?: number;
  /** Labels whose values make the throttle key; empty: the alert's fingerprint. */
  throttleBy: readonly string[];
  /** Labels that group alerts; empty: each fingerprint on its own. */
  groupBy: readonly string[];
  groupWaitMs: number;
  groupIntervalMs: number;
  /** Digest windows double from `groupIntervalMs` up to this; undefined: fixed windows. */
  groupIntervalMaxMs?: number;
  repeatIntervalMs: number;
  /** Quiet time after a recovery before the incident is resolved; 0: at the recovery event. */
  resolveHoldMs: number;
  /** Severity override for what this route sends. */
  severity?: Severity;
  /** Time interval names during which the route sends nothing. */
  muteTimeIntervals: readonly string[];
  /** Time interval names outside of which the route sends nothing; empty: always active. */
  activeTimeIntervals: readonly string[];
}

/**
 * Defaults of the root route: the first alert of a group goes out at once (Alertmanager waits
 * 30s; here a held alert waits for the digest schedule, which runs every minute), 5m between
 * digests of a group, 4h before repeating an unchanged alert, as in Alertmanager; a recovered
 * incident must stay quiet 30m before it is resolved (Alertmanager has no equivalent: its
 * alerts resolve when the source stops firing, which ECS events never say).
 * @see https://prometheus.io/docs/alerting/latest/configuration/#route
 */
export const ROOT_DEFAULTS = {
  groupWaitMs: 0,
  groupIntervalMs: 300_000,
  repeatIntervalMs: 14_400_000,
  resolveHoldMs: 1_800_000,
} as const;

/** A node of the compiled routing tree: matchers prebuilt, options inherited. */
export interface RouteNode {
  name: string;
  /** Where it is written, e.g. `routes[2].routes[0]`; `default` for the root. */
  path: string;
  /** Pattern over the alert's labels; undefined matches everything. */
  match?: CompiledPattern;
  /** Pattern over the raw event; undefined matches everything. */
  event?: CompiledPattern;
  /** The patterns as written (JSON), for `herald routes` and explanations. */
  written: { match?: string; event?: string };
  continue: boolean;
  options: RouteOptions;
  children: readonly RouteNode[];
  /** Candidate children by label value, so 1,000 sibling routes cost a lookup, not 1,000 matches. */
  index?: ChildIndex;
}

/** Sibling routes bucketed by the exact label values they require. */
export interface ChildIndex {
  /** label -> value -> positions of the children that require that value. */
  byLabel: ReadonlyMap<string, ReadonlyMap<string, readonly number[]>>;
  /** label -> prefixes (from `prefix` conditions) and the positions of the children requiring them. */
  byPrefix: ReadonlyMap<string, readonly { prefix: string; positions: readonly number[] }[]>;
  /** Positions of children that must always be tried. */
  always: readonly number[];
}

/** One route an alert matched: where it goes and with which options. */
export interface RouteMatch {
  route: string;
  path: string;
  /** Route names from the root to this route. */
  chain: readonly string[];
  options: RouteOptions;
}
