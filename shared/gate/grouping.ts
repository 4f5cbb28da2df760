import type { Alert } from '../normalize';
import type { RouteMatch } from '../route';
import type { StateRecord, StateStore } from '../state';

/** The partition of digests waiting for their window to end; the sort key starts with the due time. */
export const DUE_PARTITION = 'digest#due';

/** Window records outlive their digest by this much (a late retry still finds them). */
const WINDOW_GRACE_SECONDS = 86_400;

/** How long a warm function trusts a group head it read (a resolved incident deletes heads). */
const HEAD_CACHE_MS = 10_000;

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
  startedAt: number;
  waitMs: number;
  intervalMs: number;
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

/** The group of an alert on a route; undefined when the route has no `group_by`. */
export const groupOf = (alert: Alert, match: RouteMatch): AlertGroup | undefined => {
  const labels = match.options.groupBy;
  if (labels.length === 0) return undefined;
  const values = labels.map((name) => alert.labels[name] ?? '');
  return {
    route: match.route,
    pk: `group#${match.route}#${values.join('|')}`,
    label: labels.map((name, i) => `${name}=${values[i] === '' ? '(none)' : values[i]}`).join(', '),
  };
};

/**
 * The window a time falls in. With `group_wait`, window 0 holds the group's first alert until
 * the wait is over; then windows of `group_interval` follow, each summarised by one digest.
 */
export const windowAt = (head: GroupHead, nowMs: number): GroupWindow => {
  const { startedAt, waitMs, intervalMs } = head;
  if (waitMs > 0 && nowMs < startedAt + waitMs) return { index: 0, since: startedAt, until: startedAt + waitMs };
  const index = 1 + Math.max(0, Math.floor((nowMs - startedAt - waitMs) / intervalMs));
  const since = startedAt + waitMs + (index - 1) * intervalMs;
  return { index, since, until: since + intervalMs };
};

const headFromRecord = (record: StateRecord): GroupHead => ({
  startedAt: Number(record.data?.startedAt ?? 0),
  waitMs: Number(record.data?.waitMs ?? 0),
  intervalMs: Math.max(1000, Number(record.data?.intervalMs ?? 300_000)),
  endsAt: record.expiresAt * 1000,
  owner: String(record.data?.owner ?? ''),
});

/** The outcome of joining a group. */
export type JoinResult =
  /** This alert starts the group: send it now (`held: false`) or after `group_wait` (`held: true`). */
  | { first: true; head: GroupHead; held: boolean }
  /** The group is running: the alert is counted into its current window. */
  | { first: false; head: GroupHead };

/** Group heads, read through a short cache; one instance per warm function. */
export class GroupHeads {
  private readonly cache = new Map<string, { at: number; head: GroupHead }>();

  public constructor(private readonly store: StateStore) {}

  /**
   * Joins the alert's group: claims the head when there is none (one conditional write), else
   * finds the running one (cached, so a storm costs no reads).
   */
  public async join(group: AlertGroup, match: RouteMatch, eventId: string, nowMs: number): Promise<JoinResult> {
    const cached = this.cached(group.pk, nowMs);
    if (cached !== undefined && cached.owner !== eventId) return { first: false, head: cached };
    const { groupWaitMs, groupIntervalMs, repeatIntervalMs } = match.options;
    // The group lasts `repeat_interval` (at least one window): then the next alert pages again.
    const lifetimeMs = Math.max(repeatIntervalMs, groupWaitMs + groupIntervalMs);
    const record: StateRecord = {
      pk: group.pk,
      sk: 'head',
      expiresAt: Math.ceil((nowMs + lifetimeMs) / 1000),
      data: { startedAt: nowMs, waitMs: groupWaitMs, intervalMs: groupIntervalMs, owner: eventId },
    };
    const existing = await this.store.get(group.pk, 'head');
    if (existing !== undefined && existing.data?.owner !== eventId) {
      const head = headFromRecord(existing);
      this.cache.set(group.pk, { at: nowMs, head });
      return { first: false, head };
    }
    if (existing !== undefined || (await this.store.claim(record, eventId))) {
      const head = headFromRecord(existing ?? { ...record, data: { ...record.data, owner: eventId } });
      this.cache.set(group.pk, { at: nowMs, head });
      return { first: true, head, held: head.waitMs > 0 };
    }
    // Another invocation started the group between our read and our write.
    const winner = await this.store.get(group.pk, 'head');
    if (winner === undefined) return { first: true, head: headFromRecord(record), held: groupWaitMs > 0 };
    const head = headFromRecord(winner);
    this.cache.set(group.pk, { at: nowMs, head });
    return { first: false, head };
  }

  /** The group's running head, if any (cached); never starts a group. */
  public async running(group: AlertGroup, nowMs: number): Promise<GroupHead | undefined> {
    const cached = this.cached(group.pk, nowMs);
    if (cached !== undefined) return cached;
    const record = await this.store.get(group.pk, 'head');
    if (record === undefined) return undefined;
    const head = headFromRecord(record);
    this.cache.set(group.pk, { at: nowMs, head });
    return head;
  }

  /** A head read less than {@link HEAD_CACHE_MS} ago (on this clock) and still running. */
  private cached(groupPk: string, nowMs: number): GroupHead | undefined {
    const hit = this.cache.get(groupPk);
    return hit !== undefined && nowMs >= hit.at && nowMs - hit.at < HEAD_CACHE_MS && nowMs < hit.head.endsAt ? hit.head : undefined;
  }

  /** Forgets a group (its incident was resolved): the next alert starts a new one. */
  public async end(groupPk: string): Promise<void> {
    this.cache.delete(groupPk);
    await this.store.delete(groupPk, 'head');
  }
}

/** What a due marker carries to the digest function. */
export interface DueDigest {
  route: string;
  group: string;
  groupPk: string;
  window: GroupWindow;
  topics: readonly string[];
  /** The window's first alert, as routed (JSON, without its enrichment context). */
  alert: string;
  /** The first alert is itself held for `group_wait`, not yet sent. */
  held: boolean;
  /** The incident the group belongs to, so the digest's alerts are counted into it. */
  incidentPk?: string;
}

/** Category counters of a window are stored as `cat_<category>`. */
export const CATEGORY_FIELD_PREFIX = 'cat_';

/**
 * Counts an alert into its group's current window (one atomic update). The window's first
 * alert also files a due marker (one conditional write per window), which the digest
 * function picks up when the window ends.
 */
export const countIntoWindow = async (
  store: StateStore,
  due: Omit<DueDigest, 'window' | 'alert' | 'held'> & { head: GroupHead; held?: boolean },
  alert: Alert,
  nowMs: number,
): Promise<GroupWindow> => {
  const window = windowAt(due.head, nowMs);
  const taskId = alert.labels.taskId ?? '';
  const record = await store.add(
    due.groupPk,
    `w#${window.index}`,
    { count: 1, [`${CATEGORY_FIELD_PREFIX}${alert.category}`]: 1 },
    {
      expiresAt: Math.ceil(window.until / 1000) + WINDOW_GRACE_SECONDS,
      setIfAbsent: { firstSummary: alert.summary, firstTime: alert.event.time, firstTaskId: taskId },
      set: { lastSummary: alert.summary, lastTime: alert.event.time, lastTaskId: taskId },
    },
  );
  if (Number(record.data?.count ?? 0) === 1) {
    // The digest is built on this alert: keep its links and tags, not lookups that will be stale.
    const { context, ...rest } = alert;
    const routed: Alert = context === undefined ? rest : { ...rest, context: { tags: context.tags, links: context.links, failures: [] } };
    await store.putIfAbsent({
      pk: DUE_PARTITION,
      sk: dueKey(window.until, due.groupPk, window.index),
      expiresAt: Math.ceil(window.until / 1000) + WINDOW_GRACE_SECONDS,
      data: {
        route: due.route,
        group: due.group,
        groupPk: due.groupPk,
        index: window.index,
        since: window.since,
        until: window.until,
        topics: due.topics.join(','),
        alert: JSON.stringify(routed),
        held: due.held === true,
        incidentPk: due.incidentPk ?? '',
      },
    });
  }
  return window;
};

/** Window `index` of a group (see {@link windowAt}). */
export const windowByIndex = (head: GroupHead, index: number): GroupWindow => {
  if (index === 0) return { index, since: head.startedAt, until: head.startedAt + head.waitMs };
  const since = head.startedAt + head.waitMs + (index - 1) * head.intervalMs;
  return { index, since, until: since + head.intervalMs };
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
    const marker = { pk: DUE_PARTITION, sk: dueKey(windowByIndex(head, index).until, groupPk, index) };
    if ((await store.get(marker.pk, marker.sk)) === undefined) continue;
    const window = await store.get(groupPk, `w#${index}`);
    count += Number(window?.data?.count ?? 0);
    markers.push(marker);
  }
  return { count, markers };
};

/** Due markers sort by due time: `<ISO time>#<group>#<window>`. */
export const dueKey = (untilMs: number, groupPk: string, index: number): string => `${new Date(untilMs).toISOString()}#${groupPk}#${index}`;

/** A due marker read back; undefined when the record is not one. */
export const dueFromRecord = (record: StateRecord): DueDigest | undefined => {
  const d = record.data ?? {};
  if (typeof d.groupPk !== 'string' || typeof d.alert !== 'string' || typeof d.route !== 'string') return undefined;
  return {
    route: d.route,
    group: String(d.group ?? ''),
    groupPk: d.groupPk,
    window: { index: Number(d.index ?? 0), since: Number(d.since ?? 0), until: Number(d.until ?? 0) },
    topics: String(d.topics ?? '').split(',').filter((t) => t !== ''),
    alert: d.alert,
    held: d.held === true,
    incidentPk: typeof d.incidentPk === 'string' && d.incidentPk !== '' ? d.incidentPk : undefined,
  };
};
