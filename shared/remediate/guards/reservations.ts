import type { StateStore } from '../../state';
import { formatDuration } from '../../config';
import type { GuardName } from '../constants';
import type { CompiledAction } from '../types';

/** A key a guard took for a decision; given back when a later guard stops it or the call can be retried. */
export interface GuardReservation {
  pk: string;
  sk: string;
  owner: string;
}

/** Every guard's key, or the first guard that refused (its keys are given back). */
export type ReservationResult = { ok: true; taken: GuardReservation[] } | { ok: false; guard: GuardName; reason: string };

/** What the stateful guards are asked about one decision. */
export interface ReservationRequest {
  action: CompiledAction;
  /** The decision's id: the owner of every key, so a redelivery re-takes its own keys. */
  owner: string;
  /** `prod/web`, `prod/task/0a1b`...: what the action acts on. */
  target: string;
  /** What the action concerns: a deployment id (service actions), the task or instance. */
  subject: string;
  dryRun: boolean;
  /** Account-wide mutating calls per minute. */
  ratePerMinute: number;
}

const seconds = (ms: number): number => Math.ceil(ms / 1000);

/**
 * The stateful guards, each one conditional write in the state table, in the order they are
 * asked: idempotency per (target, deployment, action); cooldown per (target, action); attempts
 * per (target, action) within the window (one of `max_attempts` slots, each held for the
 * window: at most that many runs in any window, not merely per calendar window); the
 * account-wide rate, a per-minute counter. A dry run keeps its own keys, so trying an action
 * out never uses up the attempts of the real one.
 */
export const createGuardReservations = (store: StateStore, now: () => number) => {
  const release = async (taken: readonly GuardReservation[]): Promise<void> => {
    for (const key of taken) {
      const held = await store.get(key.pk, key.sk);
      if (held?.data?.owner === key.owner) await store.delete(key.pk, key.sk);
    }
  };

  const reserve = async (request: ReservationRequest): Promise<ReservationResult> => {
    const { action, owner, target } = request;
    const nowMs = now();
    const mode = request.dryRun ? 'dry' : 'live';
    const pk = `remediate#${mode}#${action.name}#${target}`;
    const taken: GuardReservation[] = [];
    const refuse = async (guard: GuardName, reason: string): Promise<ReservationResult> => {
      await release(taken);
      return { ok: false, guard, reason };
    };
    const claim = async (sk: string, holdMs: number, data: Record<string, string | number> = {}): Promise<boolean> => {
      const won = await store.claim({ pk, sk, expiresAt: seconds(nowMs + holdMs), data: { owner, at: nowMs, ...data } }, owner);
      if (won) taken.push({ pk, sk, owner });
      return won;
    };
    const heldAt = async (sk: string): Promise<string> => {
      const record = await store.get(pk, sk);
      const at = Number(record?.data?.at);
      return Number.isFinite(at) ? `${formatDuration(Math.max(0, Math.round((nowMs - at) / 1000) * 1000))} ago` : 'recently';
    };

    // Idempotency: one run per (target, deployment, action), kept for the attempts window.
    if (!(await claim(`subject#${request.subject}`, action.windowMs))) {
      return refuse('idempotency', `${action.name} already ran on ${target} for ${request.subject} (${await heldAt(`subject#${request.subject}`)})`);
    }
    if (!(await claim('cooldown', action.cooldownMs))) {
      return refuse('cooldown', `${action.name} ran on ${target} ${await heldAt('cooldown')}, within its cooldown of ${formatDuration(action.cooldownMs)}`);
    }
    let slot = false;
    for (let n = 1; n <= action.maxAttempts && !slot; n += 1) slot = await claim(`attempt#${n}`, action.windowMs);
    if (!slot) {
      return refuse('attempts', `${action.name} ran ${action.maxAttempts} time(s) on ${target} within ${formatDuration(action.windowMs)} (max_attempts): it is not helping; over to a human`);
    }
    const minute = Math.floor(nowMs / 60_000);
    const counted = await store.add(`remediate#rate#${mode}`, `m#${minute}`, { count: 1 }, { expiresAt: seconds((minute + 2) * 60_000) });
    if (Number(counted.data?.count ?? 0) > request.ratePerMinute) {
      return refuse('rate', `${request.ratePerMinute} remediations already ran this minute across the account (the cap keeps well under the ECS UpdateService quota)`);
    }
    return { ok: true, taken };
  };

  return { reserve, release };
};

/** The stateful guards of one remediator. */
export type GuardReservations = ReturnType<typeof createGuardReservations>;
