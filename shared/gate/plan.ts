import type { DeploymentTaskAlerts, Notification } from '../deliver';
import type { EnrichedAlert } from '../enrich';
import type { RouteMatch } from '../route';
import type { AlertGroup, DueDigest, GroupHead, PendingWindows, WindowCounts } from './grouping';
import type { HeldAlert } from './held';
import type { OpenIncident, PendingRecovery } from './incidents';
import type { GateOutcome } from './types';

/**
 * A key the gate took while deciding (a throttle claim, a group head, a resolution claim), held
 * by `owner`. It stands only if its entry is carried out: an alert that was not delivered must
 * not count as sent, so the commit gives back the keys of entries that failed.
 */
export interface Reservation {
  pk: string;
  sk: string;
  owner: string;
  /** A group head: given back through the heads cache. */
  head?: boolean;
}

/** What every plan entry says: the route it is for and the topics it tells. */
interface EntryBase {
  route: string;
  topics: readonly string[];
  reservations: readonly Reservation[];
}

/** Send the alert to the route's topics now. */
export interface SendEntry extends EntryBase {
  kind: 'send';
  alert: EnrichedAlert;
  match: RouteMatch;
  group?: AlertGroup;
  /** Noise control could not decide (state unavailable): the alert goes out marked. */
  failOpen?: string;
  /** A deployment's failure: the task alerts inhibition muted while it was in progress. */
  deploymentTasks?: DeploymentTaskAlerts;
}

/** Count the alert into its group's digest instead of sending it (grouped or throttled). */
export interface HoldEntry extends EntryBase {
  kind: 'hold';
  outcome: 'grouped' | 'throttled';
  mutedBy: string;
  alert: EnrichedAlert;
  match: RouteMatch;
  group: AlertGroup;
  head: GroupHead;
  /** The group's first alert, held for `group_wait`. */
  held: boolean;
  /** Already counted into its window while planning: nothing left to record. */
  counted?: boolean;
  failOpen?: string;
}

/** Nothing to do: muted, throttled without a group, or a record-only route. */
export interface MuteEntry extends EntryBase {
  kind: 'mute';
  outcome: Exclude<GateOutcome, 'sent' | 'grouped'>;
  mutedBy: string;
}

/** Send an incident's resolved message, then close it. */
export interface ResolveEntry extends EntryBase {
  kind: 'resolve';
  incident: OpenIncident;
  /** The resolved message. */
  alert: Notification;
  /** Windows waiting for a digest, told in the resolved message instead. */
  pending: PendingWindows;
  /** The filed recovery this resolves, when it waited out a hold. */
  recovery?: PendingRecovery;
}

/** A recovery that must wait out the incident's hold before resolving it. */
export interface RecoverEntry extends EntryBase {
  kind: 'recover';
  incident: OpenIncident;
  alert: EnrichedAlert;
}

/**
 * Withdraw an alert still held for `group_wait` that this event resolves (an agent that
 * reconnected within the wait): nothing is sent for it, and its group and throttle are given
 * back, so the next failure pages.
 */
export interface WithdrawEntry extends EntryBase {
  kind: 'withdraw';
  held: HeldAlert;
}

/** Send a group's digest (or its first alert, held for `group_wait`). */
export interface DigestEntry extends EntryBase {
  kind: 'digest';
  due: DueDigest;
  marker: { pk: string; sk: string };
  /** What the window counted. */
  counts: WindowCounts;
}

/**
 * Ask the remediator to run one of the route's actions on the alert (a firing alert no silence,
 * time interval or inhibition mutes; throttling and grouping do not stop it, the remediator's
 * cooldown and attempts do). Planned before the route's own entries, so the alert's message
 * says what is being done.
 */
export interface RemediateEntry extends EntryBase {
  kind: 'remediate';
  /** The action's name in herald.yml. */
  action: string;
  alert: EnrichedAlert;
}

/** One thing to do for an event or a digest run; the pipeline has one dispatcher per kind. */
export type PlanEntry = SendEntry | HoldEntry | MuteEntry | ResolveEntry | RecoverEntry | WithdrawEntry | DigestEntry | RemediateEntry;

/** Every kind of plan entry. */
export type PlanEntryKind = PlanEntry['kind'];

/** The gate's plan for one event. */
export interface EventPlan {
  /** Set when the event is a duplicate (by ECS version): nothing else is planned. */
  duplicate?: { mutedBy: string };
  entries: PlanEntry[];
  /**
   * The event id was never seen before (its version record was written fresh): no earlier
   * attempt delivered anything, so delivery need not look for one.
   */
  firstAttempt?: boolean;
  /** The event's version record already says it is done (a storm's repeat): nothing to finish. */
  done?: boolean;
}

/** Whether an entry was carried out (delivered, counted, filed). */
export interface EntryResult {
  entry: PlanEntry;
  done: boolean;
}
