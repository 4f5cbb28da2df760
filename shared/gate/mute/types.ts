import type { Alert } from '../../normalize';
import type { RouteMatch } from '../../route';

/** What a muter's verdict is called in reports: each mute rule has its own. */
export type MuteOutcome = 'silenced' | 'muted' | 'inhibited';

/**
 * One mute rule (a silence, a time interval, an inhibition), as Alertmanager's `Muter`: the
 * gate asks each in order and the first that names a reason mutes the alert on that route. A
 * muter that cannot reach its state throws; the gate lets the alert through (fail open).
 * @see https://github.com/prometheus/alertmanager/blob/main/notify/notify.go
 */
export interface Muter {
  /** The stage name in fail-open reports. */
  readonly stage: string;
  readonly outcome: MuteOutcome;
  /** Why the alert is muted on this route now, or undefined. */
  mutes(alert: Alert, match: RouteMatch, nowMs: number): Promise<string | undefined>;
}
