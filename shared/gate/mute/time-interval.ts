import { currentTimeInterval, isTimeIntervalCurrent } from '../time-intervals';
import type { TimeInterval } from '../types';
import type { Muter } from './types';

/** A route's `mute_time_intervals` (muted while one is current) and `active_time_intervals` (muted outside them). */
export const timeIntervalMuter = (intervals: ReadonlyMap<string, TimeInterval>): Muter => ({
  stage: 'time intervals',
  outcome: 'muted',
  async mutes(_alert, match, nowMs) {
    const { muteTimeIntervals, activeTimeIntervals } = match.options;
    const muting = currentTimeInterval(muteTimeIntervals, intervals, nowMs);
    if (muting !== undefined) return `time interval "${muting}" (mute_time_intervals of route ${match.route})`;
    if (activeTimeIntervals.length === 0) return undefined;
    const active = activeTimeIntervals.some((name) => {
      const interval = intervals.get(name);
      return interval !== undefined && isTimeIntervalCurrent(interval, nowMs);
    });
    return active ? undefined : `outside the active time intervals of route ${match.route} (${activeTimeIntervals.join(', ')})`;
  },
});
