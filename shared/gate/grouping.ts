import type { EnrichedAlert } from '../enrich';
import type { Alert } from '../normalize';
import type { RouteMatch } from '../route';
import type { StateRecord, StateStore, StateValue } from '../state';
import { type ClusterScope, clusterByName } from './scope';

/** The partition of digests waiting for their window to end; the sort key starts with the due time. */
export const DUE_PARTITION = 'digest#due';

/** Window records outlive their digest by this much (a late retry still finds them). */
export const WINDOW_GRACE_SECONDS = 86_400;

/** The field that marks a window closed: its group ended, and nothing more is counted into it. */
export const CLOSED_FIELD = 'closed';

/** A group: the route and the values of its `group_by` labels. */
export interface AlertGroup {
  route: string;
  /** Partition of the group's records: `group#<route>#<values>`. */
  pk: string;
  /** Readable: `cluster=prod, service=payments-api`. */
  label: string;
}

/** A group's head: when it started, and the timing it runs on. */
export interface GroupHead {
  /** Epoch milliseconds; also the group's generation: its windows' keys carry it. */
  startedAt: number;
  waitMs: number;
  /** The first digest window. */
  intervalMs: number;
  /** Windows double from `intervalMs` up to this (equal: fixed windows). */
  maxIntervalMs: number;
  /** Epoch milliseconds after which the group is over and the next alert starts a new one. */
  endsAt: number;
  owner: string;
}

/** A window of a group: where its alerts are counted and when its digest is due. */
export interface GroupWindow {
  index: number;
  since: number;
  until: number;
}

/**
 * What an alert without a service is about, in the order tried: a container instance (agent,
 * health), an alarm, a task definition (a standalone task). Such alerts group by their own
 * resource, so an impaired instance is not folded into the digest of another instance's
 * disconnect, nor an alarm behind an unrelated one.
 */
const OWN_RESOURCE_LABELS = ['ec2InstanceId', 'containerInstance', 'alarmName', 'taskDefinitionFamily'] as const;

/**
 * The group of an alert on a route; undefined when the route has no `group_by`. A `service`
 * the alert does not have is replaced by the alert's own resource (see {@link OWN_RESOURCE_LABELS}),
 * else its fingerprint.
 */
export const groupOf = (alert: Alert, match: RouteMatch, clusterOf: ClusterScope = clusterByName): AlertGroup | undefined => {
  const labels = match.options.groupBy;
  if (labels.length === 0) return undefined;
  const parts = labels.map((name) => {
    const value = alert.labels[name] ?? '';
    // The key names the cluster as the gate scopes it (in central mode, with its account and Region).
    if (name === 'cluster') return { name, value, key: clusterOf(alert) ?? '', own: false };
    if (value !== '' || name !== 'service') return { name, value, own: false };
    const own = OWN_RESOURCE_LABELS.find((label) => (alert.labels[label] ?? '') !== '');
    return own === undefined ? { name: 'fingerprint', value: alert.fingerprint, own: true } : { name: own, value: alert.labels[own] ?? '', own: true };
  });
  return {
    route: match.route,
    // A resource in place of the service is named in the key, so it never meets a service's.
    pk: `group#${match.route}#${parts.map((p) => (p.own ? `${p.name}=${p.value}` : (p.key ?? p.value))).join('|')}`,
    label: parts.map((p) => `${p.name}=${p.value === '' ? '(none)' : p.value}`).join(', '),
  };
};

/**
 * Window `index` of a group. With `group_wait`, window 0 holds the group's first alert until the
 * wait is over; then windows follow, each summarised by one digest: the first `group_interval`
 * long, each next one twice the previous, up to `group_interval_max`, so a storm that lasts
 * hours keeps being reported, ever less often.
 */
export const windowByIndex = (head: GroupHead, index: number): GroupWindow => {
  const { startedAt, waitMs, intervalMs } = head;
  if (index === 0) return { index, since: startedAt, until: startedAt + waitMs };
  const maxMs = Math.max(intervalMs, head.maxIntervalMs);
  let since = startedAt + waitMs;
  let length = intervalMs;
  let i = 1;
  for (; i < index && length < maxMs; i += 1) {
    since += length;
    length = Math.min(length * 2, maxMs);
  }
  since += (index - i) * length;
  return { index, since, until: since + length };
};

/** The window a time falls in (see {@link windowByIndex}). */
export const windowAt = (head: GroupHead, nowMs: number): GroupWindow => {
  const { startedAt, waitMs, intervalMs } = head;
  if (waitMs > 0 && nowMs < startedAt + waitMs) return { index: 0, since: startedAt, until: startedAt + waitMs };
  const maxMs = Math.max(intervalMs, head.maxIntervalMs);
  let since = startedAt + waitMs;
  let length = intervalMs;
  let index = 1;
  // Doubling windows: a few steps at most before they reach their cap.
  while (nowMs >= since + length && length < maxMs) {
    since += length;
    length = Math.min(length * 2, maxMs);
    index += 1;
  }
  const skipped = Math.max(0, Math.floor((nowMs - since) / length));
  since += skipped * length;
  return { index: index + skipped, since, until: since + length };
};

/** The sort key of a group's window: the group's generation and the window's index. */
export const windowKey = (head: Pick<GroupHead, 'startedAt'>, index: number): string => `w#${head.startedAt}#${index}`;

export const headFromRecord = (record: StateRecord): GroupHead => ({
  startedAt: Number(record.data?.startedAt ?? 0),
  waitMs: Number(record.data?.waitMs ?? 0),
  intervalMs: Math.max(1000, Number(record.data?.intervalMs ?? 300_000)),
  maxIntervalMs: Math.max(1000, Number(record.data?.maxIntervalMs ?? record.data?.intervalMs ?? 300_000)),
  endsAt: record.expiresAt * 1000,
  owner: String(record.data?.owner ?? ''),
});

/** What a due marker carries to the digest function. */
export interface DueDigest {
  route: string;
  group: string;
  groupPk: string;
  /** The group's generation (its head's start). */
  startedAt: number;
  window: GroupWindow;
  topics: readonly string[];
  /** The window's first alert, as routed (JSON, without its enrichment context). */
  alert: string;
  /** The first alert is itself held for `group_wait`, not yet sent. */
  held: boolean;
  /** The incident the group belongs to, so the digest's alerts are counted into it. */
  incidentPk?: string;
  /** The route's `resolve_hold`, for the incident a held first alert opens. */
  resolveHoldMs: number;
}

/** Category counters of a window are stored as `cat_<category>`. */
const CATEGORY_FIELD_PREFIX = 'cat_';

/** What a window counted, read back from its record. */
export interface WindowCounts {
  count: number;
  /** Per category, largest first. */
  categories: { category: string; count: number }[];
  first?: { summary: string; time: string; taskId?: string };
  last?: { summary: string; time: string; taskId?: string };
}

/** The counts of a window record (none stored reads as the one alert that filed it). */
export const windowCountsOf = (data: Readonly<Record<string, StateValue>> | undefined): WindowCounts => {
  const d = data ?? {};
  const categories = Object.entries(d)
    .filter(([name, value]) => name.startsWith(CATEGORY_FIELD_PREFIX) && typeof value === 'number' && value > 0)
    .map(([name, value]) => ({ category: name.slice(CATEGORY_FIELD_PREFIX.length), count: Number(value) }))
    .sort((a, b) => b.count - a.count || a.category.localeCompare(b.category));
  const taskId = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);
  const end = (which: 'first' | 'last') =>
    typeof d[`${which}Summary`] === 'string' && typeof d[`${which}Time`] === 'string'
      ? { summary: String(d[`${which}Summary`]), time: String(d[`${which}Time`]), taskId: taskId(d[`${which}TaskId`]) }
      : undefined;
  return { count: Math.max(1, Number(d.count ?? 1)), categories, first: end('first'), last: end('last') };
};

/**
 * Counts an alert into its group's current window (one atomic update). The window's first
 * alert also files a due marker (one conditional write per window), which the digest
 * function picks up when the window ends.
 */
export const countIntoWindow = async (
  store: StateStore,
  due: Omit<DueDigest, 'window' | 'alert' | 'held' | 'startedAt'> & { head: GroupHead; held?: boolean },
  alert: EnrichedAlert,
  nowMs: number,
): Promise<GroupWindow> => {
  const window = windowAt(due.head, nowMs);
  const taskId = alert.labels.taskId ?? '';
  const record = await store.add(
    due.groupPk,
    windowKey(due.head, window.index),
    { count: 1, [`${CATEGORY_FIELD_PREFIX}${alert.category}`]: 1 },
    {
      expiresAt: Math.ceil(window.until / 1000) + WINDOW_GRACE_SECONDS,
      setIfAbsent: { firstSummary: alert.summary, firstTime: alert.event.time, firstTaskId: taskId },
      set: { lastSummary: alert.summary, lastTime: alert.event.time, lastTaskId: taskId },
    },
  );
  if (Number(record.data?.count ?? 0) === 1) {
    // The digest is built on this alert: keep its links and tags, not lookups that will be stale.
    // A held first alert goes out as itself: the log lines it carries are what the container or
    // instance printed when it came, evidence that does not go stale.
    const { context, ...rest } = alert;
    const evidence = due.held === true && context !== undefined ? { ...(context.logTail === undefined ? {} : { logTail: context.logTail }), ...(context.instanceLogs === undefined ? {} : { instanceLogs: context.instanceLogs }) } : {};
    const routed: EnrichedAlert = context === undefined ? rest : { ...rest, context: { tags: context.tags, links: context.links, failures: [], ...evidence } };
    await store.putIfAbsent({
      pk: DUE_PARTITION,
      sk: dueKey(window.until, due.groupPk, due.head.startedAt, window.index),
      expiresAt: Math.ceil(window.until / 1000) + WINDOW_GRACE_SECONDS,
      data: {
        route: due.route,
        group: due.group,
        groupPk: due.groupPk,
        startedAt: due.head.startedAt,
        index: window.index,
        since: window.since,
        until: window.until,
        topics: due.topics.join(','),
        alert: JSON.stringify(routed),
        held: due.held === true,
        incidentPk: due.incidentPk ?? '',
        resolveHoldMs: due.resolveHoldMs,
      },
    });
  }
  return window;
};

/**
 * Counts a repeat into the current window of a group this instance knows is running, without
 * reading or claiming anything: one conditional update, refused (undefined) when the window
 * does not exist yet or was closed because the group ended. The caller then takes the full
 * path, which finds the group as it is.
 */
export const countIntoOpenWindow = async (store: StateStore, groupPk: string, head: GroupHead, alert: EnrichedAlert, nowMs: number): Promise<GroupWindow | undefined> => {
  const window = windowAt(head, nowMs);
  const taskId = alert.labels.taskId ?? '';
  const record = await store.addIfOpen(
    groupPk,
    windowKey(head, window.index),
    { count: 1, [`${CATEGORY_FIELD_PREFIX}${alert.category}`]: 1 },
    {
      expiresAt: Math.ceil(window.until / 1000) + WINDOW_GRACE_SECONDS,
      setIfAbsent: { firstSummary: alert.summary, firstTime: alert.event.time, firstTaskId: taskId },
      set: { lastSummary: alert.summary, lastTime: alert.event.time, lastTaskId: taskId },
    },
    CLOSED_FIELD,
  );
  return record === undefined ? undefined : window;
};

/** Alerts counted in a group's windows whose digest has not gone out yet, and their markers. */
export interface PendingWindows {
  count: number;
  markers: readonly { pk: string; sk: string }[];
}

/**
 * The group's windows still waiting for their digest at `nowMs` (the current one, and the
 * previous one if the digest function has not run since it ended). An incident that ends
 * takes their counts into its resolved message, so no digest arrives after "resolved".
 */
export const pendingWindows = async (store: StateStore, groupPk: string, nowMs: number): Promise<PendingWindows> => {
  const record = await store.get(groupPk, 'head');
  if (record === undefined) return { count: 0, markers: [] };
  const head = headFromRecord(record);
  const current = windowAt(head, nowMs).index;
  let count = 0;
  const markers: { pk: string; sk: string }[] = [];
  for (const index of [current - 1, current].filter((i) => i >= 1)) {
    const marker = { pk: DUE_PARTITION, sk: dueKey(windowByIndex(head, index).until, groupPk, head.startedAt, index) };
    if ((await store.get(marker.pk, marker.sk)) === undefined) continue;
    const window = await store.get(groupPk, windowKey(head, index));
    count += Number(window?.data?.count ?? 0);
    markers.push(marker);
  }
  return { count, markers };
};

/** Due markers sort by due time: `<ISO time>#<group>#<generation>#<window>`. */
export const dueKey = (untilMs: number, groupPk: string, startedAt: number, index: number): string =>
  `${new Date(untilMs).toISOString()}#${groupPk}#${startedAt}#${index}`;

/** A due marker read back; undefined when the record is not one. */
export const dueFromRecord = (record: StateRecord): DueDigest | undefined => {
  const d = record.data ?? {};
  if (typeof d.groupPk !== 'string' || typeof d.alert !== 'string' || typeof d.route !== 'string') return undefined;
  return {
    route: d.route,
    group: String(d.group ?? ''),
    groupPk: d.groupPk,
    startedAt: Number(d.startedAt ?? 0),
    window: { index: Number(d.index ?? 0), since: Number(d.since ?? 0), until: Number(d.until ?? 0) },
    topics: String(d.topics ?? '').split(',').filter((t) => t !== ''),
    alert: d.alert,
    held: d.held === true,
    incidentPk: typeof d.incidentPk === 'string' && d.incidentPk !== '' ? d.incidentPk : undefined,
    resolveHoldMs: Number(d.resolveHoldMs ?? 0),
  };
};

/**
 * The event time of the latest alert counted in the group since `sinceMs` (epoch milliseconds,
 * on the gate's clock): every window from the one holding `sinceMs` to the current one is read.
 * Undefined when none was counted. A recovery is only final if nothing came after it.
 */
export const lastCountedSince = async (store: StateStore, groupPk: string, sinceMs: number, nowMs: number): Promise<string | undefined> => {
  const record = await store.get(groupPk, 'head');
  if (record === undefined) return undefined;
  const head = headFromRecord(record);
  let latest: string | undefined;
  for (let index = windowAt(head, nowMs).index; index >= 0; index -= 1) {
    const window = windowByIndex(head, index);
    if (window.until <= sinceMs) break;
    const last = (await store.get(groupPk, windowKey(head, index)))?.data?.lastTime;
    if (typeof last === 'string' && (latest === undefined || last > latest)) latest = last;
  }
  return latest;
};
