// The goals for the figures `npm run bench` prints, in one table.

/** A figure's goal: at most or at least `limit`. */
export interface Goal {
  key: string;
  /** What the figure is, for the table. */
  label: string;
  direction: 'at-most' | 'at-least';
  limit: number;
  /** How the limit is printed, e.g. `450 KiB`. */
  shown: string;
}

/** 450 KiB: the project sizes bundles in binary units (README: 1,361,074 bytes is "1.3 MB"). */
const KIB = 1024;

/** The goals, in the order the table prints them; each `key` is a key of the `--json` object. */
export const GOALS: readonly Goal[] = [
  { key: 'bundleBytes', label: 'router code a cold start loads (index.js and the chunks it requires at once)', direction: 'at-most', limit: 450 * KIB, shown: `<= 450 KiB (${450 * KIB} bytes)` },
  { key: 'loadRatio', label: 'router module load / SNS forwarder', direction: 'at-most', limit: 1.3, shown: '<= 1.3' },
  { key: 'stormDynamoRequestsPerEvent', label: 'DynamoDB requests per storm event', direction: 'at-most', limit: 1.5, shown: '<= 1.5' },
  { key: 'costPerMillionUsd', label: 'USD per million storm events', direction: 'at-most', limit: 1.5, shown: '<= 1.5' },
  { key: 'routesPerSec1000', label: 'alerts routed per second, 1,000 routes', direction: 'at-least', limit: 100_000, shown: '>= 100,000' },
  { key: 'replayEventsPerSec', label: 'herald replay --json --no-outbox, events per second', direction: 'at-least', limit: 10_000, shown: '>= 10,000' },
  { key: 'replayPeakRssMb', label: 'herald replay peak resident memory, MB (1,000,000 events)', direction: 'at-most', limit: 399, shown: '< 400' },
  { key: 'routeScaling', label: 'time per alert, 1,000 routes / 10', direction: 'at-most', limit: 1.5, shown: '<= 1.5' },
];

/** Whether `value` meets `goal`; a missing or non-finite value does not. */
export const meetsGoal = (goal: Goal, value: number | undefined): boolean =>
  value !== undefined && Number.isFinite(value) && (goal.direction === 'at-most' ? value <= goal.limit : value >= goal.limit);
