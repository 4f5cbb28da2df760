import type { HeraldEvent } from '../events';
import type { DeploymentTaskAlerts } from '../deliver';
import type { EnrichedAlert } from '../enrich';
import type { RouteMatch } from '../route';
import type { StateStore } from '../state';
import { planDue } from './due';
import { countIntoOpenWindow, countIntoWindow, dueKey, groupOf, pendingWindows, type PendingWindows } from './grouping';
import { GroupHeads } from './heads';
import { claimResolution, closeIncident, countIntoIncident, fileRecovery, incidentPkOf, incidentsEndedBy, opensIncident, recordIncident, resolutionKey, resolvedAlertFor } from './incidents';
import { createInhibitor } from './inhibit';
import { inhibitionMuter, type Muter, silenceMuter, timeIntervalMuter } from './mute';
import { checkVersionOrder, finishVersion, releaseVersion } from './ordering';
import { fileHeldAlert, heldAlertsOf, heldPartition, withdrawHeldAlert } from './held';
import type { EntryResult, EventPlan, HoldEntry, MuteEntry, PlanEntry, RecoverEntry, Reservation, ResolveEntry, WithdrawEntry } from './plan';
import { createSilenceSource, type SilenceSource } from './silences';
import { claimThrottle, throttleKey, throttleKeyOf } from './throttle';
import { type ClusterScope, clusterByAccount, clusterByName } from './scope';
import type { GateSettings } from './settings';
import type { InhibitSettings, Silence, TimeInterval } from './types';

/** Options of {@link createGate}. */
export interface GateOptions {
  /** Where noise control remembers: DynamoDB in Lambda, memory or a file in the CLI. */
  store: StateStore;
  silences: SilenceSource;
  timeIntervals: ReadonlyMap<string, TimeInterval>;
  inhibit: InhibitSettings;
  /** @default Date.now; the CLI replays on the events' own clock */
  now?: () => number;
  /**
   * Called when the state table cannot be reached and the gate lets an alert through (fail
   * open), or cannot record what was done: log it and count it, never drop the alert.
   */
  onFailOpen?: (stage: string, error: unknown) => void;
  /** How records name a cluster: by name, or in central mode by account, Region and name. @default by name */
  clusterOf?: ClusterScope;
}

/**
 * Noise control. It decides and remembers; it never sends. For an event it returns a plan
 * (per route: send, hold for a digest, mute and why; per open incident: resolve, or wait out
 * the hold); the pipeline carries the plan out and then commits it here, so only what was
 * delivered counts as sent: the keys taken while deciding (throttle claims, group heads,
 * resolution claims) are given back for entries that failed.
 */
export interface Gate {
  /**
   * The plan for one event's alert on its matched routes. `leaseMs`: how long the event is
   * the invocation's (its deadline); a copy of it arriving meanwhile is a duplicate.
   */
  plan(event: HeraldEvent, alert: EnrichedAlert, routes: readonly RouteMatch[], leaseMs?: number): Promise<EventPlan>;
  /** The event's processing failed: its retry is let through at once. */
  release(event: HeraldEvent): Promise<void>;
  /** The event was handled and not sent: a copy of it is a duplicate, however late. */
  finish(event: HeraldEvent): Promise<void>;
  /** The scheduled run's plan: resolutions whose hold is over, then digests whose window ended by `upTo`. */
  planDue(upTo: number, owner: string, limit?: number): Promise<PlanEntry[]>;
  /** Carries out the entries that only touch noise control's own state: counting into a digest, filing a recovery, withdrawing a held alert. */
  record(entry: HoldEntry | RecoverEntry | WithdrawEntry): Promise<void>;
  /** Commits the carried-out entries and gives back the reservations of the others. */
  commit(results: readonly EntryResult[]): Promise<void>;
}

const messageOf = (error: unknown): string => (error instanceof Error ? `${error.name}: ${error.message}` : String(error));

/** An event's lease outside Lambda (the CLI, tests), where no deadline is registered. */
export const DEFAULT_LEASE_MS = 120_000;

/**
 * Builds the gate once. Per route, the muters run in order (silences, time intervals,
 * inhibition: memory, then cached reads), then the holders: throttle (one conditional write)
 * and grouping (a cached head and, at dispatch, one counter update). Any state-table failure
 * lets the alert through, marked, and reports it: noise control never drops an alert.
 *
 * @example
 * ```ts
 * const gate = createGate({ store, silences: createSilenceSource({ configured: compiled.silences, store }), timeIntervals: compiled.timeIntervals, inhibit: compiled.inhibit });
 * const plan = await gate.plan(event, alert, routes); // plan.entries: send, hold, mute, resolve...
 * ```
 */
export const createGate = (options: GateOptions): Gate => {
  const { store } = options;
  const now = options.now ?? Date.now;
  const clusterOf = options.clusterOf ?? clusterByName;
  const inhibitor = createInhibitor({ store, settings: options.inhibit, clusterOf });
  const muters: readonly Muter[] = [silenceMuter(options.silences), timeIntervalMuter(options.timeIntervals), inhibitionMuter(inhibitor)];
  const heads = new GroupHeads(store);
  /** Throttle claims held by other events, as this instance last read them (owner, expiry). */
  const heldThrottles = new Map<string, { owner: string; until: number }>();
  const failOpen = (stage: string, error: unknown): string => {
    options.onFailOpen?.(stage, error);
    return `${stage}: ${messageOf(error)}`;
  };

  /**
   * A resolution of `incident` by `alert` now, with the windows it takes in; undefined if
   * another event claimed it. The incident lasted until `endedAtMs`: the recovery, not the end
   * of its hold.
   */
  const resolve = async (incident: ResolveEntry['incident'], alert: EnrichedAlert, owner: string, nowMs: number, endedAtMs = nowMs): Promise<ResolveEntry | undefined> => {
    if (!(await claimResolution(store, incident, owner, nowMs))) return undefined;
    // Alerts still waiting for a digest are told in the resolved message instead.
    let pending: PendingWindows = { count: 0, markers: [] };
    try {
      if (incident.groupPk !== undefined) pending = await pendingWindows(store, incident.groupPk, nowMs);
    } catch (error) {
      failOpen('resolution', error);
    }
    return {
      kind: 'resolve',
      route: incident.route,
      topics: incident.topics,
      incident,
      alert: resolvedAlertFor({ ...incident, alerts: incident.alerts + pending.count }, alert, endedAtMs),
      pending,
      reservations: [{ ...resolutionKey(incident), owner }],
    };
  };

  /** What ends open incidents: a resolution now, or a recovery that waits out the hold. */
  const planRecoveries = async (alert: EnrichedAlert, eventId: string, nowMs: number): Promise<PlanEntry[]> => {
    const entries: PlanEntry[] = [];
    try {
      for (const incident of await incidentsEndedBy(store, alert, clusterOf)) {
        // ECS delivers out of order: a recovery older than the incident's last alert predates it.
        if (alert.event.time < incident.lastEventTime) continue;
        // A recovery herald infers (a service steady, a deployment completed) waits out the hold;
        // an alert that resolves itself (an alarm back to OK, CloudWatch having evaluated it; an
        // instance healthy again) ends its incident at once, in one message with its own send.
        if (incident.resolveHoldMs > 0 && alert.status !== 'resolved') {
          entries.push({ kind: 'recover', route: incident.route, topics: [], incident, alert, reservations: [] });
          continue;
        }
        const entry = await resolve(incident, alert, eventId, nowMs);
        if (entry !== undefined) entries.push(entry);
      }
    } catch (error) {
      failOpen('resolution', error);
    }
    return entries;
  };

  /** The first muter that mutes the alert on the route, or what kept a muter from answering. */
  const muteOf = async (alert: EnrichedAlert, match: RouteMatch, nowMs: number): Promise<{ muted?: { outcome: MuteEntry['outcome']; mutedBy: string }; unavailable?: string }> => {
    let unavailable: string | undefined;
    for (const muter of muters) {
      try {
        const mutedBy = await muter.mutes(alert, match, nowMs);
        if (mutedBy !== undefined) return { muted: { outcome: muter.outcome, mutedBy }, unavailable };
      } catch (error) {
        const reason = failOpen(muter.stage, error);
        unavailable ??= reason;
      }
    }
    return { unavailable };
  };

  /** A repeat the fast path will count: the route notifies and does not act, its throttle is held by another event and its group is known. */
  const isKnownRepeat = (alert: EnrichedAlert, match: RouteMatch, eventId: string, nowMs: number): boolean => {
    if (match.options.notify.length === 0 || match.options.remediate.length > 0) return false;
    const group = groupOf(alert, match, clusterOf);
    const holder = heldThrottles.get(throttleKey(match.route, throttleKeyOf(alert, match, clusterOf)).pk);
    return group !== undefined && heads.known(group.pk, nowMs) !== undefined && holder !== undefined && holder.owner !== eventId && nowMs < holder.until;
  };

  /** The entry of one matched route with topics. */
  const planRoute = async (alert: EnrichedAlert, match: RouteMatch, eventId: string, nowMs: number, mute: Awaited<ReturnType<typeof muteOf>>, firstAttempt: boolean): Promise<PlanEntry> => {
    const base = { route: match.route, topics: match.options.notify };
    const { unavailable } = mute;
    if (mute.muted !== undefined) return { kind: 'mute', ...base, ...mute.muted, reservations: [] };
    const group = groupOf(alert, match, clusterOf);
    const send = (reservations: Reservation[], failOpenReason = unavailable): PlanEntry => ({ kind: 'send', ...base, alert, match, group, failOpen: failOpenReason, reservations });
    // A resolved alert (an alarm back to OK) is never throttled or grouped with its firing one.
    if (alert.status === 'resolved') return send([]);
    const taken: Reservation[] = [];
    const throttle = throttleKey(match.route, throttleKeyOf(alert, match, clusterOf));
    // Said only of a repeat.
    const throttledBy = (): string => {
      const same = match.options.throttleBy.length === 0 ? 'same alert' : `an alert for ${throttleKeyOf(alert, match).replaceAll('|', ', ')}`;
      return `${same} sent on route ${match.route} within ${match.options.throttleMs === undefined ? 'repeat_interval' : 'throttle'}`;
    };
    try {
      // A repeat in a storm: another event holds the throttle and this instance knows the
      // group's window; the count alone (refused if the group ended meanwhile) is the request.
      const holder = heldThrottles.get(throttle.pk);
      const known = group === undefined ? undefined : heads.known(group.pk, nowMs);
      if (group !== undefined && known !== undefined && holder !== undefined && holder.owner !== eventId && nowMs < holder.until) {
        if ((await countIntoOpenWindow(store, group.pk, known, alert, nowMs)) !== undefined) {
          return { kind: 'hold', ...base, outcome: 'throttled', mutedBy: throttledBy(), alert, match, group, head: known, held: false, counted: true, failOpen: unavailable, reservations: [] };
        }
        heldThrottles.delete(throttle.pk);
        heads.forget(group.pk);
      }
      if (!(await claimThrottle(store, alert, match, eventId, nowMs, clusterOf))) {
        // A repeat is not sent, but the group's digest counts it: the storm's size shows.
        const head = group === undefined ? undefined : await heads.running(group, nowMs);
        if (group === undefined || head === undefined) return { kind: 'mute', ...base, outcome: 'throttled', mutedBy: throttledBy(), reservations: [] };
        // Who holds the throttle, and until when: the next repeats need not claim it.
        const claim = await store.get(throttle.pk, throttle.sk);
        const owner = claim?.data?.owner;
        if (claim !== undefined && typeof owner === 'string' && owner !== eventId) heldThrottles.set(throttle.pk, { owner, until: claim.expiresAt * 1000 });
        return { kind: 'hold', ...base, outcome: 'throttled', mutedBy: throttledBy(), alert, match, group, head, held: false, failOpen: unavailable, reservations: [] };
      }
      heldThrottles.delete(throttle.pk);
      taken.push({ ...throttle, owner: eventId });
      if (group === undefined) return send(taken);
      const joined = await heads.join(group, match, eventId, nowMs, firstAttempt);
      if (joined.first) taken.push({ pk: group.pk, sk: 'head', owner: eventId, head: true });
      if (joined.first && !joined.held) return send(taken);
      const mutedBy = joined.first ? `held for group_wait (group ${group.label})` : `group ${group.label}`;
      return { kind: 'hold', ...base, outcome: 'grouped', mutedBy, alert, match, group, head: joined.head, held: joined.first, failOpen: unavailable, reservations: taken };
    } catch (error) {
      const reason = failOpen('throttle/grouping', error);
      return send(taken, unavailable ?? reason);
    }
  };

  const release = async (reservation: Reservation, nowMs: number): Promise<void> => {
    if (reservation.head === true) {
      await heads.release(reservation.pk, reservation.owner, nowMs);
      return;
    }
    const held = await store.get(reservation.pk, reservation.sk);
    if (held?.data?.owner === reservation.owner) await store.delete(reservation.pk, reservation.sk);
  };

  const commitEntry = async ({ entry, done }: EntryResult, nowMs: number): Promise<void> => {
    if (!done) {
      for (const reservation of entry.reservations) await release(reservation, nowMs);
      return;
    }
    switch (entry.kind) {
      case 'send':
        if (entry.topics.length === 0 || !opensIncident(entry.alert)) return;
        await recordIncident(store, entry.alert, {
          route: entry.route,
          topics: entry.topics,
          groupPk: entry.group?.pk,
          throttleKey: throttleKeyOf(entry.alert, entry.match, clusterOf),
          resolveHoldMs: entry.match.options.resolveHoldMs,
        }, nowMs, 1, clusterOf);
        return;
      case 'resolve':
        for (const marker of entry.pending.markers) await store.delete(marker.pk, marker.sk);
        await closeIncident(store, entry.incident, (pk) => heads.end(pk, nowMs));
        if (entry.recovery !== undefined) await store.delete(entry.recovery.pk, entry.recovery.sk);
        return;
      case 'digest': {
        await store.delete(entry.marker.pk, entry.marker.sk);
        const { due } = entry;
        if (due.incidentPk === undefined) return;
        const { count } = entry.counts;
        if (due.held) {
          const alert = JSON.parse(due.alert) as EnrichedAlert;
          // Sent: a later recovery resolves its incident instead of withdrawing it.
          await store.delete(heldPartition(alert.fingerprint), due.route);
          if (opensIncident(alert)) await recordIncident(store, alert, { route: due.route, topics: due.topics, groupPk: due.groupPk, resolveHoldMs: due.resolveHoldMs }, nowMs, count, clusterOf);
        } else {
          await countIntoIncident(store, due.incidentPk, due.route, count, nowMs);
        }
        return;
      }
      case 'hold':
      case 'mute':
      case 'recover':
      case 'withdraw':
      case 'remediate':
        return;
    }
  };

  return {
    async plan(event, alert, routes, leaseMs = DEFAULT_LEASE_MS) {
      const nowMs = now();
      const eventId = event.envelope.id;
      let firstAttempt = false;
      // A storm's repeat on a warm instance: counted, nothing sent, known before it runs; its
      // version record says done at once rather than in a write of its own at the end.
      const done = routes.length > 0 && alert.status === 'firing' && routes.every((match) => isKnownRepeat(alert, match, eventId, nowMs));
      try {
        const order = await checkVersionOrder(store, event, nowMs, leaseMs, done);
        if (order.duplicate !== undefined) return { duplicate: { mutedBy: order.duplicate.mutedBy ?? 'duplicate' }, entries: [] };
        firstAttempt = order.firstAttempt;
      } catch (error) {
        failOpen('ordering', error);
      }
      let deploymentTasks: DeploymentTaskAlerts | undefined;
      try {
        deploymentTasks = await inhibitor.observe(alert, nowMs);
      } catch (error) {
        failOpen('inhibition', error);
      }
      const entries = await planRecoveries(alert, eventId, nowMs);
      if (alert.status === 'resolved') {
        // Resolved before it was ever sent (an agent back within group_wait): nothing to page.
        try {
          for (const held of await heldAlertsOf(store, alert.fingerprint)) entries.push({ kind: 'withdraw', route: held.sk, topics: [], held, reservations: [] });
        } catch (error) {
          failOpen('resolution', error);
        }
      }
      const remediations: PlanEntry[] = [];
      for (const match of routes) {
        const remediates = match.options.remediate.length > 0 && alert.status === 'firing' && alert.category !== 'remediation';
        const notifies = match.options.notify.length > 0;
        // Muters run once per route, for its topics and its actions alike: a silenced alert is not acted on.
        const mute = notifies || remediates ? await muteOf(alert, match, nowMs) : {};
        const entry: PlanEntry = notifies ? await planRoute(alert, match, eventId, nowMs, mute, firstAttempt) : { kind: 'send', route: match.route, topics: [], alert, match, reservations: [] };
        entries.push(entry.kind === 'send' && deploymentTasks !== undefined ? { ...entry, deploymentTasks } : entry);
        if (remediates && mute.muted === undefined) {
          for (const action of match.options.remediate) remediations.push({ kind: 'remediate', route: match.route, topics: [], action, alert, reservations: [] });
        }
      }
      // Before the routes' messages, which say what is being done.
      const firstRoute = entries.findIndex((e) => e.kind === 'send' || e.kind === 'hold' || e.kind === 'mute');
      entries.splice(firstRoute === -1 ? entries.length : firstRoute, 0, ...remediations);
      return { entries, firstAttempt, done };
    },

    finish: (event) => finishVersion(store, event, now()),

    release: (event) => releaseVersion(store, event, now()),

    planDue: (upTo, owner, limit) => planDue({ store, now, failOpen, resolve }, upTo, owner, limit),

    async record(entry) {
      const nowMs = now();
      if (entry.kind === 'recover') {
        await fileRecovery(store, entry.incident, entry.alert, nowMs);
        return;
      }
      if (entry.kind === 'withdraw') {
        await withdrawHeldAlert(store, heads, entry.held, nowMs);
        return;
      }
      // Counted when it was planned (a repeat of a group this instance knew).
      if (entry.counted === true) return;
      const window = await countIntoWindow(store, { route: entry.route, topics: entry.topics, incidentPk: incidentPkOf(entry.alert, clusterOf), resolveHoldMs: entry.match.options.resolveHoldMs, group: entry.group.label, groupPk: entry.group.pk, head: entry.head, held: entry.held }, entry.alert, nowMs);
      if (entry.held) {
        const throttle = entry.reservations.find((r) => r.head !== true);
        await fileHeldAlert(
          store,
          { fingerprint: entry.alert.fingerprint, sk: entry.route, groupPk: entry.group.pk, startedAt: entry.head.startedAt, marker: dueKey(window.until, entry.group.pk, entry.head.startedAt, window.index), throttle: { pk: throttle?.pk ?? '', sk: throttle?.sk ?? '' } },
          Math.ceil(window.until / 1000) + 86_400,
        );
      }
    },

    async commit(results) {
      const nowMs = now();
      for (const result of results) {
        try {
          await commitEntry(result, nowMs);
        } catch (error) {
          failOpen(`commit (${result.entry.kind} on ${result.entry.route})`, error);
        }
      }
    },
  };
};

/** Options of {@link createConfiguredGate}. */
export interface ConfiguredGateOptions extends Pick<GateOptions, 'store' | 'now' | 'onFailOpen'> {
  /**
   * Where run-time silences are read from: the store (Lambda), or a fixed list (`herald replay
   * --state FILE` reads them once). @default 'store'
   */
  runtimeSilences?: 'store' | readonly Silence[];
}

/**
 * The gate as herald.yml configures it: its silences, time intervals and inhibition presets,
 * plus the run-time silences.
 *
 * @example
 * ```ts
 * const gate = createConfiguredGate(compileConfigText(text, 'herald.yml'), { store });
 * ```
 */
export const createConfiguredGate = (settings: GateSettings, options: ConfiguredGateOptions): Gate => {
  const runtime = options.runtimeSilences ?? 'store';
  return createGate({
    store: options.store,
    silences:
      runtime === 'store'
        ? createSilenceSource({ configured: settings.silences, store: options.store })
        : createSilenceSource({ configured: [...settings.silences, ...runtime] }),
    timeIntervals: settings.timeIntervals,
    inhibit: settings.inhibit,
    clusterOf: settings.clustersByAccount ? clusterByAccount : clusterByName,
    now: options.now,
    onFailOpen: options.onFailOpen,
  });
};
