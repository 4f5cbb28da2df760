/*
 * How the noise-control additions to an alert are worded in every human-readable format: a
 * digest (a storm group counted into one notification), a resolution (the incident it ends)
 * and the notice that noise control could not reach its state. Values come from the gate's
 * state table and from events, so the formats still clean and escape what these return.
 */
import type { AlertDigest, DeploymentTaskAlerts, ResolvedIncident } from '../types';

const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Largest unit first; a duration shows its two largest non-zero units. */
const UNITS = [
  { ms: DAY, suffix: 'd' },
  { ms: HOUR, suffix: 'h' },
  { ms: MINUTE, suffix: 'm' },
  { ms: SECOND, suffix: 's' },
] as const;

/**
 * A duration as an on-call engineer says it: its two largest units, rounded down, a zero
 * second unit left out: `45s`, `23m 10s`, `23m`, `2h 5m`, `3d 4h`. Under a second is `0s`;
 * a negative or non-finite duration (clock skew, a bad state record) is `?`.
 */
export const formatDurationHuman = (ms: number): string => {
  if (!Number.isFinite(ms) || ms < 0) return '?';
  const first = UNITS.findIndex((u) => ms >= u.ms);
  if (first === -1) return '0s';
  const parts: string[] = [];
  let rest = ms;
  for (const unit of UNITS.slice(first, first + 2)) {
    const count = Math.floor(rest / unit.ms);
    rest -= count * unit.ms;
    if (count > 0) parts.push(`${count}${unit.suffix}`);
  }
  return parts.join(' ');
};

/** A count with thousands separators, the same in every locale: `1,234`. */
export const formatCount = (count: number): string =>
  Number.isSafeInteger(count) ? String(count).replace(/\B(?=(\d{3})+(?!\d))/g, ',') : String(count);

/** `1 alert`, `1,234 alerts`. */
export const formatAlertCount = (count: number): string => `${formatCount(count)} ${count === 1 ? 'alert' : 'alerts'}`;

const parseTime = (iso: string): Date | undefined => {
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? undefined : new Date(ms);
};

/** `2026-05-12 13:15:06`: an instant to the second, in UTC; unparseable text is returned as is. */
const utcParts = (iso: string): { date: string; time: string } | undefined => {
  const date = parseTime(iso)?.toISOString();
  return date === undefined ? undefined : { date: date.slice(0, 10), time: date.slice(11, 19) };
};

/** `2026-05-12 13:15:06 UTC`; text that is not a date is returned unchanged. */
export const formatTimeUtc = (iso: string): string => {
  const parts = utcParts(iso);
  return parts === undefined ? iso : `${parts.date} ${parts.time} UTC`;
};

/**
 * A window of time in UTC, the date said once when both ends fall on the same day:
 * `2026-05-12 13:15:06 -> 13:20:06 UTC`, `2026-05-12 23:58:00 -> 2026-05-13 00:03:00 UTC`
 * (chat passes `→` as the arrow: its escaping would show `->` as `-&gt;` in the payload).
 */
export const formatWindowUtc = (since: string, until: string, arrow = '->'): string => {
  const [from, to] = [utcParts(since), utcParts(until)];
  if (from === undefined || to === undefined) return `${since} ${arrow} ${until}`;
  return `${from.date} ${from.time} ${arrow} ${from.date === to.date ? '' : `${to.date} `}${to.time} UTC`;
};

/** How long a digest's window lasted, in milliseconds; undefined when a bound is not a date or they are swapped. */
export const digestWindowMs = (digest: AlertDigest): number | undefined => {
  const [since, until] = [parseTime(digest.since), parseTime(digest.until)];
  const ms = since === undefined || until === undefined ? Number.NaN : until.getTime() - since.getTime();
  return Number.isNaN(ms) || ms < 0 ? undefined : ms;
};

/** `1,234 more alerts in 5m` (the window left out when its bounds are not dates). */
export const describeDigestCount = (digest: AlertDigest): string => {
  const window = digestWindowMs(digest);
  return `${formatCount(digest.count)} more ${digest.count === 1 ? 'alert' : 'alerts'}${window === undefined ? '' : ` in ${formatDurationHuman(window)}`}`;
};

/** `oom 1,200`: one category of a digest. */
export const formatCategoryCount = (entry: { category: string; count: number }): string => `${entry.category} ${formatCount(entry.count)}`;

/** The first or last alert of a digest: `2026-05-12 13:15:06 UTC, task cbc3...` (task only when known). */
export const describeDigestAlertWhen = (alert: AlertDigest['first']): string =>
  `${formatTimeUtc(alert.time)}${alert.taskId === undefined ? '' : `, task ${alert.taskId}`}`;

/** What a digest asks of the reader, first in "Why it matters". */
export const describeDigestMeaning = (digest: AlertDigest): string =>
  `DIGEST: ${formatAlertCount(digest.count)} of one group, counted into one notification instead of sent one by one; the first and the last are named above.`;

/** What a resolution says in "Why it matters": which incident ended, after how long. */
export const describeResolution = (incident: ResolvedIncident): string =>
  `RESOLVED: the ${incident.category} incident reported under fingerprint ${incident.fingerprint} ended after ${formatDurationHuman(incident.durationMs)}. Nothing to do unless it comes back.`;

/**
 * The notice an alert sent without deduplication carries at its top; `emphasise` marks up its
 * opening words (chat makes them bold).
 */
export const describeGateUnavailable = (error: string, emphasise: (text: string) => string = (text) => text): string =>
  `${emphasise('Noise control unavailable')} (${error}): this alert was sent without deduplication and may repeat an earlier one.`;

/**
 * What a deployment's failure says of the task alerts inhibition muted while it was in
 * progress: `While deployment ecs-svc/220... was in progress, 3 tasks of the service stopped
 * (3 started by the deployment): oom 3. Their alerts were muted so that this one reports the
 * outcome.` The formats add the last of them.
 */
export const describeDeploymentTasks = (tasks: DeploymentTaskAlerts): string => {
  const started = tasks.fromDeployment > 0 ? ` (${formatCount(tasks.fromDeployment)} started by the deployment)` : '';
  const categories = tasks.categories.map(formatCategoryCount).join(', ');
  const stopped = `${formatCount(tasks.count)} ${tasks.count === 1 ? 'task' : 'tasks'} of the service stopped${started}`;
  return `While deployment ${tasks.deploymentId} was in progress, ${stopped}${categories === '' ? '' : `: ${categories}`}. ${tasks.count === 1 ? 'Its alert was' : 'Their alerts were'} muted so that this one reports the outcome.`;
};
