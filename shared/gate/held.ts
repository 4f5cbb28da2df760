import type { StateStore } from '../state';
import { DUE_PARTITION } from './grouping';
import type { GroupHeads } from './heads';

/** A group's first alert held for `group_wait`, findable by its fingerprint until it is sent. */
export interface HeldAlert {
  pk: string;
  sk: string;
  groupPk: string;
  /** The group's generation. */
  startedAt: number;
  /** The due marker that will send it. */
  marker: string;
  /** Its throttle claim. */
  throttle: { pk: string; sk: string };
}

/** Where held alerts are filed: one partition per fingerprint, one item per route. */
export const heldPartition = (fingerprint: string): string => `held#${fingerprint}`;

/** Files a held first alert, so a resolving event can withdraw it before it is sent. */
export const fileHeldAlert = async (store: StateStore, held: Omit<HeldAlert, 'pk'> & { fingerprint: string }, expiresAt: number): Promise<void> => {
  await store.put({
    pk: heldPartition(held.fingerprint),
    sk: held.sk,
    expiresAt,
    data: { groupPk: held.groupPk, startedAt: held.startedAt, marker: held.marker, throttlePk: held.throttle.pk, throttleSk: held.throttle.sk },
  });
};

/** The held alerts of a fingerprint, on every route. */
export const heldAlertsOf = async (store: StateStore, fingerprint: string): Promise<HeldAlert[]> =>
  (await store.query(heldPartition(fingerprint))).map((record) => ({
    pk: record.pk,
    sk: record.sk,
    groupPk: String(record.data?.groupPk ?? ''),
    startedAt: Number(record.data?.startedAt ?? 0),
    marker: String(record.data?.marker ?? ''),
    throttle: { pk: String(record.data?.throttlePk ?? ''), sk: String(record.data?.throttleSk ?? '') },
  }));

/**
 * Withdraws a held alert: its due marker, its group's head (if still that generation) and
 * its throttle claim go, so nothing is sent for it and the next alert starts afresh.
 */
export const withdrawHeldAlert = async (store: StateStore, heads: GroupHeads, held: HeldAlert, nowMs: number): Promise<void> => {
  await store.delete(DUE_PARTITION, held.marker);
  const head = await store.get(held.groupPk, 'head');
  if (head !== undefined && Number(head.data?.startedAt ?? 0) === held.startedAt) await heads.end(held.groupPk, nowMs);
  if (held.throttle.pk !== '') await store.delete(held.throttle.pk, held.throttle.sk);
  await store.delete(held.pk, held.sk);
};

