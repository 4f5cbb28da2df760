import type { RouteMatch } from '../route';
import type { StateRecord, StateStore } from '../state';
import { type AlertGroup, CLOSED_FIELD, type GroupHead, headFromRecord, WINDOW_GRACE_SECONDS, windowAt, windowByIndex, windowKey } from './grouping';

/** How long a warm function trusts a group head it read (a resolved incident deletes heads). */
const HEAD_CACHE_MS = 10_000;

/** Cached heads below this many are never swept. */
const MIN_SWEEP_SIZE = 1024;

/** The outcome of joining a group. */
export type JoinResult =
  /** This alert starts the group: send it now (`held: false`) or after `group_wait` (`held: true`). */
  | { first: true; head: GroupHead; held: boolean }
  /** The group is running: the alert is counted into its current window. */
  | { first: false; head: GroupHead };

/** Group heads, read through a short cache; one instance per warm function. */
export class GroupHeads {
  private readonly cache = new Map<string, { at: number; head: GroupHead }>();
  /** The cache's size at which ended heads are next dropped. */
  private sweepAtSize = MIN_SWEEP_SIZE;

  public constructor(private readonly store: StateStore) {}

  /**
   * Joins the alert's group: claims the head when there is none (one conditional write), else
   * finds the running one (cached, so a storm costs no reads). A retry of the event that
   * claimed the head (`firstAttempt` false) finds it as it was claimed.
   */
  public async join(group: AlertGroup, match: RouteMatch, eventId: string, nowMs: number, firstAttempt = false): Promise<JoinResult> {
    const cached = this.cached(group.pk, nowMs);
    if (cached !== undefined && cached.owner !== eventId) return { first: false, head: cached };
    const { groupWaitMs, groupIntervalMs, groupIntervalMaxMs, repeatIntervalMs } = match.options;
    // The group lasts `repeat_interval` (at least one window): then the next alert pages again.
    const lifetimeMs = Math.max(repeatIntervalMs, groupWaitMs + groupIntervalMs);
    const record: StateRecord = {
      pk: group.pk,
      sk: 'head',
      expiresAt: Math.ceil((nowMs + lifetimeMs) / 1000),
      data: { startedAt: nowMs, waitMs: groupWaitMs, intervalMs: groupIntervalMs, maxIntervalMs: groupIntervalMaxMs ?? groupIntervalMs, owner: eventId },
    };
    const claimed = (): JoinResult => {
      const head = headFromRecord({ ...record, data: { ...record.data, owner: eventId } });
      this.remember(group.pk, { at: nowMs, head });
      return { first: true, head, held: head.waitMs > 0 };
    };
    if (firstAttempt) {
      // This event cannot own the head already: claim it at once (one write, no read).
      if (await this.store.claim(record, eventId)) return claimed();
    } else {
      const existing = await this.store.get(group.pk, 'head');
      if (existing !== undefined) {
        const head = headFromRecord(existing);
        this.remember(group.pk, { at: nowMs, head });
        // The head this event claimed on an earlier attempt, as it was claimed.
        return existing.data?.owner === eventId ? { first: true, head, held: head.waitMs > 0 } : { first: false, head };
      }
      if (await this.store.claim(record, eventId)) return claimed();
    }
    // Another invocation holds the group (or started it between our read and our write).
    const winner = await this.store.get(group.pk, 'head');
    if (winner === undefined) return { first: true, head: headFromRecord(record), held: groupWaitMs > 0 };
    const head = headFromRecord(winner);
    this.remember(group.pk, { at: nowMs, head });
    return { first: false, head };
  }

  /** The group's running head, if any (cached); never starts a group. */
  public async running(group: AlertGroup, nowMs: number): Promise<GroupHead | undefined> {
    const cached = this.cached(group.pk, nowMs);
    if (cached !== undefined) return cached;
    const record = await this.store.get(group.pk, 'head');
    if (record === undefined) return undefined;
    const head = headFromRecord(record);
    this.remember(group.pk, { at: nowMs, head });
    return head;
  }

  /** A head read less than {@link HEAD_CACHE_MS} ago (on this clock) and still running. */
  /**
   * Caches a head. Heads that ended are of no use to {@link cached} or {@link known}: they are
   * dropped whenever the cache has doubled since the last pass, so a warm instance, or a replay
   * of millions of events over as many groups, holds the groups still running.
   */
  private remember(groupPk: string, entry: { at: number; head: GroupHead }): void {
    this.cache.set(groupPk, entry);
    if (this.cache.size < this.sweepAtSize) return;
    for (const [pk, { head }] of this.cache) if (entry.at >= head.endsAt) this.cache.delete(pk);
    this.sweepAtSize = Math.max(MIN_SWEEP_SIZE, 2 * this.cache.size);
  }

  private cached(groupPk: string, nowMs: number): GroupHead | undefined {
    const hit = this.cache.get(groupPk);
    return hit !== undefined && nowMs >= hit.at && nowMs - hit.at < HEAD_CACHE_MS && nowMs < hit.head.endsAt ? hit.head : undefined;
  }

  /**
   * The group's head as this instance last read it, however long ago, while it runs: only
   * for counting into a window that the count itself checks is still open (see
   * {@link countIntoOpenWindow}).
   */
  public known(groupPk: string, nowMs: number): GroupHead | undefined {
    const hit = this.cache.get(groupPk);
    return hit !== undefined && nowMs >= hit.at && nowMs < hit.head.endsAt ? hit.head : undefined;
  }

  /** Drops what this instance knows of a group: the next alert reads its head again. */
  public forget(groupPk: string): void {
    this.cache.delete(groupPk);
  }

  /** Forgets a group (its incident was resolved): the next alert starts a new one. */
  public async end(groupPk: string, nowMs: number): Promise<void> {
    this.cache.delete(groupPk);
    const head = await this.store.get(groupPk, 'head');
    if (head !== undefined) await closeWindows(this.store, groupPk, headFromRecord(head), nowMs);
    await this.store.delete(groupPk, 'head');
  }

  /**
   * Gives back a head this event claimed but whose first alert was not delivered: the next
   * alert of the group is then the first again, and sent. A head someone else holds stays.
   */
  public async release(groupPk: string, owner: string, nowMs: number): Promise<void> {
    this.cache.delete(groupPk);
    const head = await this.store.get(groupPk, 'head');
    if (head?.data?.owner !== owner) return;
    await closeWindows(this.store, groupPk, headFromRecord(head), nowMs);
    await this.store.delete(groupPk, 'head');
  }
}

/**
 * Marks the group's current and previous windows closed (those that exist), before its head is
 * deleted: another instance counting into them from what it cached learns, in that count's
 * own request, that the group is over.
 */
const closeWindows = async (store: StateStore, groupPk: string, head: GroupHead, nowMs: number): Promise<void> => {
  const current = windowAt(head, nowMs).index;
  for (const index of [current - 1, current].filter((i) => i >= 0)) {
    const window = windowByIndex(head, index);
    await store.addIfOpen(groupPk, windowKey(head, index), {}, { expiresAt: Math.ceil(window.until / 1000) + WINDOW_GRACE_SECONDS, set: { [CLOSED_FIELD]: true } }, CLOSED_FIELD);
  }
};
