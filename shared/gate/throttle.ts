import type { Alert } from '../normalize';
import type { RouteMatch } from '../route';
import type { StateStore } from '../state';

/** The throttle key of an alert on a route: one notification per route and fingerprint. */
export const throttleKey = (route: string, fingerprint: string) => ({ pk: `throttle#${route}`, sk: fingerprint });

/** The window an alert is not repeated in: the route's `throttle`, else its `repeat_interval`. */
export const throttleWindowMs = (match: RouteMatch): number => match.options.throttleMs ?? match.options.repeatIntervalMs;

/**
 * Claims the right to notify `alert` on `match`'s route for its throttle window: one
 * conditional write. False when another event already notified the same fingerprint on the
 * route within the window; a retry of the claiming event gets true again.
 */
export const claimThrottle = async (store: StateStore, alert: Alert, match: RouteMatch, eventId: string, nowMs: number): Promise<boolean> =>
  store.claim(
    {
      ...throttleKey(match.route, alert.fingerprint),
      expiresAt: Math.ceil((nowMs + throttleWindowMs(match)) / 1000),
      data: { sentAt: new Date(nowMs).toISOString(), summary: alert.summary },
    },
    eventId,
  );
