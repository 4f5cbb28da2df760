import { randomUUID } from 'node:crypto';
import { type Delivery, type DeliveryResult, RetryableDeliveryError } from '../deliver';
import type { Alert, AlertDigest } from '../normalize';
import type { StateRecord, StateStore } from '../state';
import { CATEGORY_FIELD_PREFIX, type DueDigest, dueFromRecord, DUE_PARTITION } from './grouping';
import { countIntoIncident, recordIncident } from './incidents';

/** A digest run that crashed mid-way leaves its claim; another run takes over after this. */
const SENDING_CLAIM_SECONDS = 300;

/** What one digest did. */
export interface DigestReport {
  route: string;
  group: string;
  /** ISO 8601 window. */
  since: string;
  until: string;
  /** Alerts counted in the window. */
  count: number;
  /** The digest carried the group's held first alert (`group_wait`). */
  held: boolean;
  alert: Alert;
  deliveries: DeliveryResult[];
  /** Set when delivery failed retryably: the digest stays due and is tried again. */
  retry?: string;
}

/** Options of {@link flushDigests}. */
export interface FlushDigestsOptions {
  store: StateStore;
  delivery: Delivery;
  /** @default Date.now */
  now?: () => number;
  /** Send digests whose window ended at or before this time. @default now() */
  upTo?: number;
  /** At most this many digests per run (the rest wait for the next run). @default 200 */
  limit?: number;
}

const readCounts = (window: StateRecord | undefined): { count: number; categories: AlertDigest['categories'] } => {
  const data = window?.data ?? {};
  const categories = Object.entries(data)
    .filter(([name, value]) => name.startsWith(CATEGORY_FIELD_PREFIX) && typeof value === 'number' && value > 0)
    .map(([name, value]) => ({ category: name.slice(CATEGORY_FIELD_PREFIX.length), count: Number(value) }))
    .sort((a, b) => b.count - a.count || a.category.localeCompare(b.category));
  return { count: Math.max(1, Number(data.count ?? 1)), categories };
};

const plural = (n: number, word: string): string => `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`;

/** The message of a due window: the held first alert, or a digest built on the window's first alert. */
export const digestAlertOf = (due: DueDigest, window: StateRecord | undefined): { alert: Alert; count: number } => {
  const base = JSON.parse(due.alert) as Alert;
  const { count, categories } = readCounts(window);
  if (due.held && count === 1) return { alert: base, count };
  const data = window?.data ?? {};
  const taskId = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);
  const digest: AlertDigest = {
    group: due.group,
    count,
    since: new Date(due.window.since).toISOString(),
    until: new Date(due.window.until).toISOString(),
    categories,
    first: { summary: String(data.firstSummary ?? base.summary), time: String(data.firstTime ?? base.event.time), taskId: taskId(data.firstTaskId) },
    last: { summary: String(data.lastSummary ?? base.summary), time: String(data.lastTime ?? base.event.time), taskId: taskId(data.lastTaskId) },
  };
  const top = categories.slice(0, 3).map((c) => `${c.category} ${c.count.toLocaleString('en-US')}`).join(', ');
  const summary = due.held
    ? `${base.summary} (+${plural(count - 1, 'more alert')} in the group)`
    : `${plural(count, 'more alert')} in group ${due.group}${top === '' ? '' : ` (${top})`}`;
  return { alert: { ...base, summary, digest }, count };
};

/**
 * Sends the digests whose window has ended: one message per group and window, to the topics
 * of the route that grouped them. Run by the scheduled digest function (and by `herald replay`
 * as its replay clock passes each window's end). Concurrent runs do not send a digest twice
 * (a claim per digest), and a digest whose delivery failed is tried again on the next run.
 */
export const flushDigests = async (options: FlushDigestsOptions): Promise<DigestReport[]> => {
  const { store, delivery } = options;
  const now = options.now ?? Date.now;
  const upTo = options.upTo ?? now();
  const owner = randomUUID();
  const bound = Number.isFinite(upTo) ? `${new Date(upTo).toISOString()}#\uffff` : '\uffff';
  const markers = await store.query(DUE_PARTITION, { atMost: bound, limit: options.limit ?? 200 });
  const reports: DigestReport[] = [];
  for (const marker of markers) {
    const due = dueFromRecord(marker);
    if (due === undefined) {
      await store.delete(marker.pk, marker.sk);
      continue;
    }
    const nowMs = Math.max(now(), Number.isFinite(upTo) ? 0 : due.window.until);
    const claimed = await store.claim({ pk: 'digest#sending', sk: marker.sk, expiresAt: Math.floor(nowMs / 1000) + SENDING_CLAIM_SECONDS }, owner);
    if (!claimed) continue;
    const window = await store.get(due.groupPk, `w#${due.window.index}`);
    let built: { alert: Alert; count: number };
    try {
      built = digestAlertOf(due, window);
    } catch {
      // A marker whose alert does not parse would block every later run: drop it.
      await store.delete(marker.pk, marker.sk);
      continue;
    }
    const { alert, count } = built;
    const report: DigestReport = {
      route: due.route,
      group: due.group,
      since: new Date(due.window.since).toISOString(),
      until: new Date(due.window.until).toISOString(),
      count,
      held: due.held,
      alert,
      deliveries: [],
    };
    try {
      // A topic removed from herald.yml since the window opened is skipped.
      report.deliveries = await delivery.deliver(alert, due.topics.filter((topic) => delivery.knows(topic)), due.route, `digest#${marker.sk}`);
    } catch (error) {
      if (!(error instanceof RetryableDeliveryError)) throw error;
      report.retry = error.message;
      reports.push(report);
      continue;
    }
    await store.delete(marker.pk, marker.sk);
    if (due.incidentPk !== undefined) {
      if (due.held) await recordIncident(store, alert, due.route, due.topics, due.groupPk, nowMs, count);
      else await countIntoIncident(store, due.incidentPk, due.route, count, nowMs);
    }
    reports.push(report);
  }
  return reports;
};
