import type { HeraldEvent } from '../events';
import type { Alert } from '../normalize';
import type { RouteMatch } from '../route';
import type { StateStore } from '../state';
import { countIntoWindow, GroupHeads, groupOf, type PendingWindows, pendingWindows } from './grouping';
import { claimResolution, closeIncident, incidentPkOf, incidentsEndedBy, type OpenIncident, opensIncident, recordIncident, resolvedAlertFor } from './incidents';
import { createInhibitor } from './inhibit';
import { checkVersionOrder } from './ordering';
import { createSilenceSource, describeSilence, findSilence, type SilenceSource } from './silences';
import { claimThrottle, throttleKeyOf } from './throttle';
import { currentTimeInterval, isTimeIntervalCurrent } from './time-intervals';
import type { GateDecision, InhibitSettings, Silence, TimeInterval } from './types';

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
   * open): log it and count it, never drop the alert.
   */
  onFailOpen?: (stage: string, error: unknown) => void;
}

/** A resolved message to deliver, and how to close its incident once it went out. */
export interface Resolution {
  incident: OpenIncident;
  alert: Alert;
  /** Call after the message was delivered. */
  close(): Promise<void>;
}

/** The gate stage: what gets through, what waits for a digest, what is muted. */
export interface Gate {
  /** Event-level check before anything else: a duplicate or stale ECS version. */
  admit(event: HeraldEvent): Promise<GateDecision | undefined>;
  /** Records what this alert explains (inhibition sources), whatever its routes. */
  observe(alert: Alert): Promise<void>;
  /** The decision for one matched route with topics. */
  decide(alert: Alert, match: RouteMatch, eventId: string): Promise<GateDecision>;
  /** Records that the alert went out on the route (it opens or joins an incident). */
  notified(alert: Alert, match: RouteMatch): Promise<void>;
  /** The resolved messages this alert triggers (a service steady again, an alarm back to OK). */
  resolutions(alert: Alert, eventId: string): Promise<Resolution[]>;
}

const messageOf = (error: unknown): string => (error instanceof Error ? `${error.name}: ${error.message}` : String(error));

/**
 * Builds the gate once. Each check is cheap and ordered from free to costly: silences and
 * time intervals (memory), inhibition (cached reads), throttle (one conditional write), then
 * grouping (a cached head and one counter update). Any state-table failure lets the alert
 * through, marked, and reports it: noise control never drops an alert.
 *
 * @example
 * ```ts
 * const gate = createGate({ store, silences: createSilenceSource({ configured: compiled.silences, store }), timeIntervals: compiled.timeIntervals, inhibit: compiled.inhibit });
 * const decision = await gate.decide(alert, match, event.id); // { outcome: 'grouped' }
 * ```
 */
export const createGate = (options: GateOptions): Gate => {
  const { store } = options;
  const now = options.now ?? Date.now;
  const inhibitor = createInhibitor({ store, settings: options.inhibit });
  const heads = new GroupHeads(store);
  const failOpen = (stage: string, error: unknown): string => {
    options.onFailOpen?.(stage, error);
    return `${stage}: ${messageOf(error)}`;
  };

  const timeMute = (match: RouteMatch, nowMs: number): string | undefined => {
    const { muteTimeIntervals, activeTimeIntervals } = match.options;
    const muting = currentTimeInterval(muteTimeIntervals, options.timeIntervals, nowMs);
    if (muting !== undefined) return `time interval "${muting}" (mute_time_intervals of route ${match.route})`;
    if (activeTimeIntervals.length === 0) return undefined;
    const active = activeTimeIntervals.some((name) => {
      const interval = options.timeIntervals.get(name);
      return interval !== undefined && isTimeIntervalCurrent(interval, nowMs);
    });
    return active ? undefined : `outside the active time intervals of route ${match.route} (${activeTimeIntervals.join(', ')})`;
  };

  return {
    async admit(event) {
      try {
        return await checkVersionOrder(store, event, now());
      } catch (error) {
        failOpen('ordering', error);
        return undefined;
      }
    },

    async observe(alert) {
      try {
        await inhibitor.observe(alert, now());
      } catch (error) {
        failOpen('inhibition', error);
      }
    },

    async decide(alert, match, eventId) {
      const nowMs = now();
      let unavailable: string | undefined;
      let current: Awaited<ReturnType<SilenceSource['current']>> = [];
      try {
        current = await options.silences.current(nowMs);
      } catch (error) {
        unavailable = failOpen('silences', error);
      }
      const silence = findSilence(current, alert.labels, nowMs);
      if (silence !== undefined) return { outcome: 'silenced', mutedBy: describeSilence(silence) };
      const muted = timeMute(match, nowMs);
      if (muted !== undefined) return { outcome: 'silenced', mutedBy: muted };
      try {
        const inhibitedBy = await inhibitor.check(alert, nowMs);
        if (inhibitedBy !== undefined) return { outcome: 'inhibited', mutedBy: inhibitedBy };
      } catch (error) {
        const reason = failOpen('inhibition', error);
        unavailable ??= reason;
      }
      // A resolved alert (an alarm back to OK) is never throttled or grouped with its firing one.
      if (alert.status === 'resolved') return { outcome: 'sent', failOpen: unavailable };
      try {
        const group = groupOf(alert, match);
        const groupFields = { route: match.route, topics: match.options.notify, incidentPk: incidentPkOf(alert) };
        if (!(await claimThrottle(store, alert, match, eventId, nowMs))) {
          if (group !== undefined) {
            // A repeat is not sent, but the group's digest counts it: the storm's size shows.
            const head = await heads.running(group, nowMs);
            if (head !== undefined) await countIntoWindow(store, { ...groupFields, group: group.label, groupPk: group.pk, head }, alert, nowMs);
          }
          const same = match.options.throttleBy.length === 0 ? 'same alert' : `an alert for ${throttleKeyOf(alert, match).replaceAll('|', ', ')}`;
          return { outcome: 'throttled', mutedBy: `${same} sent on route ${match.route} within ${match.options.throttleMs === undefined ? 'repeat_interval' : 'throttle'}` };
        }
        if (group === undefined) return { outcome: 'sent', failOpen: unavailable };
        const joined = await heads.join(group, match, eventId, nowMs);
        if (joined.first && !joined.held) return { outcome: 'sent', failOpen: unavailable };
        await countIntoWindow(store, { ...groupFields, group: group.label, groupPk: group.pk, head: joined.head, held: joined.first }, alert, nowMs);
        return { outcome: 'grouped', mutedBy: joined.first ? `held for group_wait (group ${group.label})` : `group ${group.label}` };
      } catch (error) {
        const reason = failOpen('throttle/grouping', error);
        return { outcome: 'sent', failOpen: unavailable ?? reason };
      }
    },

    async notified(alert, match) {
      if (!opensIncident(alert)) return;
      try {
        await recordIncident(store, alert, match.route, match.options.notify, groupOf(alert, match)?.pk, now(), 1, throttleKeyOf(alert, match));
      } catch (error) {
        failOpen('incident', error);
      }
    },

    async resolutions(alert, eventId) {
      const nowMs = now();
      let incidents: OpenIncident[];
      try {
        incidents = await incidentsEndedBy(store, alert);
      } catch (error) {
        failOpen('resolution', error);
        return [];
      }
      const resolutions: Resolution[] = [];
      for (const incident of incidents) {
        try {
          if (!(await claimResolution(store, incident, eventId, nowMs))) continue;
        } catch (error) {
          failOpen('resolution', error);
          continue;
        }
        // Alerts still waiting for a digest are told in the resolved message instead.
        let pending: PendingWindows = { count: 0, markers: [] };
        try {
          if (incident.groupPk !== undefined) pending = await pendingWindows(store, incident.groupPk, nowMs);
        } catch (error) {
          failOpen('resolution', error);
        }
        resolutions.push({
          incident,
          alert: resolvedAlertFor({ ...incident, alerts: incident.alerts + pending.count }, alert, nowMs),
          close: async () => {
            try {
              for (const marker of pending.markers) await store.delete(marker.pk, marker.sk);
              await closeIncident(store, incident, (pk) => heads.end(pk));
            } catch (error) {
              failOpen('resolution', error);
            }
          },
        });
      }
      return resolutions;
    },
  };
};

/** What the gate takes from a compiled `herald.yml` (`CompiledConfig` has these). */
export interface GateSettings {
  silences: readonly Silence[];
  timeIntervals: ReadonlyMap<string, TimeInterval>;
  inhibit: InhibitSettings;
}

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
    now: options.now,
    onFailOpen: options.onFailOpen,
  });
};
