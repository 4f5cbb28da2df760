/**
 * Mute rules, each behind the one {@link Muter} interface, run in order by the gate.
 *
 * @example
 * ```ts
 * const muters = [silenceMuter(silences), timeIntervalMuter(intervals), inhibitionMuter(inhibitor)];
 * ```
 */
export { inhibitionMuter } from './inhibition';
export { silenceMuter } from './silence';
export { timeIntervalMuter } from './time-interval';
export type { MuteOutcome, Muter } from './types';
