import type { Alert } from '../normalize';
import type { RouteMatch } from '../route';
import type { StateStore } from '../state';
import { type ClusterScope, clusterByName } from './scope';

/**
 * The throttle record of a key on a route: a partition of its own, so a storm across many
 * services does not write to one hot partition.
 */
export const throttleKey = (route: string, key: string) => ({ pk: `throttle#${route}#${key}`, sk: 'claim' });

/** What an alert is throttled by on a route: its fingerprint, or the values of `throttle_by`. */
export const throttleKeyOf = (alert: Alert, match: RouteMatch, clusterOf: ClusterScope = clusterByName): string =>
  match.options.throttleBy.length === 0
    ? alert.fingerprint
    : match.options.throttleBy.map((label) => `${label}=${(label === 'cluster' ? clusterOf(alert) : alert.labels[label]) ?? ''}`).join('|');

/** The window an alert is not repeated in: the route's `throttle`, else its `repeat_interval`. */
export const throttleWindowMs = (match: RouteMatch): number => match.options.throttleMs ?? match.options.repeatIntervalMs;

/**
 * Claims the right to notify `alert` on `match`'s route for its throttle window: one
 * conditional write. False when another event already notified the same fingerprint on the
 * route within the window; a retry of the claiming event gets true again.
 */
export const claimThrottle = async (store: StateStore, alert: Alert, match: RouteMatch, eventId: string, nowMs: number, clusterOf: ClusterScope = clusterByName): Promise<boolean> =>
  store.claim(
    {
      ...throttleKey(match.route, throttleKeyOf(alert, match, clusterOf)),
      expiresAt: Math.ceil((nowMs + throttleWindowMs(match)) / 1000),
      data: { sentAt: new Date(nowMs).toISOString(), summary: alert.summary, fingerprint: alert.fingerprint },
    },
    eventId,
  );
