import { randomUUID } from 'node:crypto';
import type { StateStore } from '../state';
import { ACTION_DEFINITIONS } from './actions';
import { refusedByAllowList } from './allow';
import { type GuardName, MAX_ACTIONS_PER_MINUTE, type RemediationOutcome } from './constants';
import { RetryableRemediationError } from './errors';
import { refusedByDeployment } from './guards/deployment';
import { createGuardReservations } from './guards/reservations';
import { describeTarget } from './target';
import type { CompiledAction, EcsRemediationPort, InvokePort, RemediationRequest, RemediationResult, ServiceSnapshot } from './types';

/** Options of {@link createRemediator}. */
export interface RemediatorOptions {
  /** herald.yml's actions, by name. */
  actions: ReadonlyMap<string, CompiledAction>;
  /** Where the guards keep their keys and decisions are remembered (the state table). */
  store: StateStore;
  /** ECS, read and changed. Absent: nothing is re-read (the CLI offline) and nothing can change. */
  ecs?: EcsRemediationPort;
  /** For `invoke` actions. Absent: an invoke is reported, not made. */
  invoke?: InvokePort;
  /** Treat every action as a dry run, whatever herald.yml says (the CLI never acts). @default false */
  forceDryRun?: boolean;
  /** @default {@link MAX_ACTIONS_PER_MINUTE} */
  ratePerMinute?: number;
  /**
   * How long a decision's outcome is remembered, for a redelivery of it to return. @default 15
   * days: longer than SQS keeps a message (14 days at most)
   */
  decisionMemorySeconds?: number;
  /** @default Date.now */
  now?: () => number;
}

/** The remediator: one decision in, its outcome out. */
export interface Remediator {
  /**
   * Re-checks and carries out one decision: the action still in herald.yml, the allow-list,
   * the target re-read (gone, or the trigger no longer holds), the deployment state, then the
   * stateful guards (idempotency, cooldown, attempts, rate), then acts (or, in a dry run, says
   * what it would do). A decision already carried out returns its recorded outcome. Throws
   * {@link RetryableRemediationError} when an AWS call may succeed later and nothing changed
   * (its keys are given back), unless `finalAttempt`: then the outcome is `failed`; and when
   * another copy of the decision is being carried out at the same moment (its redelivery
   * returns that copy's outcome).
   */
  handle(request: RemediationRequest, options?: { finalAttempt?: boolean }): Promise<RemediationResult>;
}

/** Decisions remembered: a redelivered message returns the first outcome, it never acts twice. */
const DECISIONS_PK = 'remediate#decision';
/** How long a decision is remembered by default: longer than SQS keeps a message (14 days at most). */
const DECISION_TTL_S = 15 * 86_400;
/**
 * A decision being carried out, held by one delivery. SQS delivers at least once, and the
 * event source runs two instances: two copies of one decision can arrive together, and the
 * guards' keys, owned by the decision's id, would let both act.
 */
const DECIDING_PK = 'remediate#deciding';
/**
 * How long a delivery holds its decision: longer than the remediator runs (its 60 s timeout in
 * serverless.yml), shorter than the remediation queue's 360 s visibility timeout, so that a
 * copy that died holding it does not stop the redelivery.
 */
const DECIDING_HOLD_S = 120;

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/**
 * Builds the remediator once per function instance (or CLI run).
 *
 * @example
 * ```ts
 * const remediator = createRemediator({ actions: compiled.remediation.actions, store, ecs: new AwsEcsRemediation() });
 * const result = await remediator.handle(request);
 * ```
 */
export const createRemediator = (options: RemediatorOptions): Remediator => {
  const { store, ecs } = options;
  const now = options.now ?? Date.now;
  const guards = createGuardReservations(store, now);
  const ratePerMinute = options.ratePerMinute ?? MAX_ACTIONS_PER_MINUTE;
  const decisionMemorySeconds = options.decisionMemorySeconds ?? DECISION_TTL_S;

  const recorded = async (request: RemediationRequest): Promise<RemediationResult | undefined> => {
    const record = await store.get(DECISIONS_PK, request.id);
    const data = record?.data;
    if (data === undefined || typeof data.outcome !== 'string') return undefined;
    return {
      request,
      outcome: data.outcome as RemediationOutcome,
      guard: typeof data.guard === 'string' ? (data.guard as GuardName) : undefined,
      reason: String(data.reason ?? ''),
      did: typeof data.did === 'string' ? data.did : undefined,
      at: String(data.at ?? ''),
    };
  };

  const remember = async (result: RemediationResult): Promise<RemediationResult> => {
    const data: Record<string, string> = { outcome: result.outcome, reason: result.reason, at: result.at };
    if (result.guard !== undefined) data.guard = result.guard;
    if (result.did !== undefined) data.did = result.did;
    await store.put({ pk: DECISIONS_PK, sk: result.request.id, expiresAt: Math.ceil(now() / 1000) + decisionMemorySeconds, data });
    return result;
  };

  const decide = async (request: RemediationRequest, finalAttempt: boolean): Promise<RemediationResult> => {
    const at = new Date(now()).toISOString();
    const result = (outcome: RemediationOutcome, reason: string, extra: { guard?: GuardName; did?: string } = {}): RemediationResult => ({ request, outcome, reason, at, ...extra });
    const skip = (guard: GuardName, reason: string, did?: string) => result('skipped', reason, { guard, did });

    const action = options.actions.get(request.action);
    if (action === undefined) return skip('action', `action ${request.action} is not in herald.yml (any more)`);
    if (action.type !== request.type) return skip('action', `action ${request.action} is a ${action.type} now, not the ${request.type} decided`);
    const definition = ACTION_DEFINITIONS[action.type];
    const { target } = request;
    const missing =
      target.cluster === undefined ? 'cluster'
      : definition.acts === 'service' && target.service === undefined ? 'service'
      : definition.acts === 'task' && target.task === undefined ? 'task'
      : definition.acts === 'instance' && target.containerInstance === undefined ? 'container instance'
      : undefined;
    if (missing !== undefined) return skip('action', `the alert names no ${missing} for ${action.name} (${action.type}) to act on`);
    const refused = refusedByAllowList(action, target);
    if (refused !== undefined) return skip('allow-list', refused);

    const dryRun = action.dryRun || options.forceDryRun === true;
    const where = describeTarget(target, definition.acts);
    let service: ServiceSnapshot | undefined;
    if (ecs !== undefined && target.service !== undefined && (definition.acts === 'service' || definition.acts === 'any')) {
      service = await ecs.describeService(target.cluster ?? '', target.service);
      if (service === undefined) return skip('target', `service ${where} no longer exists`);
      if (service.status !== undefined && service.status !== 'ACTIVE') return skip('target', `service ${where} is ${service.status}`);
      const stop = refusedByDeployment(action, service);
      if (stop !== undefined) return skip('deployment', stop);
    }
    const prepared = await definition.prepare({ action, request, service, ecs, invoke: options.invoke });
    if ('skip' in prepared) return skip('target', prepared.skip);

    const subject = prepared.deploymentId ?? target.deploymentId ?? `decision/${request.id}`;
    const reserved = await guards.reserve({ action, owner: request.id, target: where, subject, dryRun, ratePerMinute });
    if (!reserved.ok) return skip(reserved.guard, reserved.reason, prepared.does);
    if (dryRun) {
      const why = action.dryRun ? `dry run: ${action.name} does not say dry_run: false` : 'dry run: herald never acts from the command line';
      const unread = ecs === undefined ? '; offline, the target was not re-read' : '';
      return result('dry-run', `would ${definition.describe(action, request)} (${why}${unread})`, { did: prepared.does });
    }
    try {
      const done = await prepared.run();
      return result('executed', done, { did: prepared.does });
    } catch (error) {
      if (error instanceof RetryableRemediationError && !finalAttempt) {
        // Nothing changed: give the keys back, so the redelivered message may act.
        await guards.release(reserved.taken);
        throw error;
      }
      const retried = error instanceof RetryableRemediationError ? 'gave up retrying: ' : '';
      return result('failed', `${retried}${messageOf(error)}`, { did: prepared.does });
    }
  };

  return {
    async handle(request, handleOptions) {
      const earlier = await recorded(request);
      if (earlier !== undefined) return { ...earlier, repeated: true };
      // One delivery at a time: another copy retries (its redelivery reads the outcome).
      const holder = randomUUID();
      const held = await store.claim({ pk: DECIDING_PK, sk: request.id, expiresAt: Math.ceil(now() / 1000) + DECIDING_HOLD_S, data: {} }, holder);
      if (!held) throw new RetryableRemediationError('remediation', `another delivery of decision ${request.id} is being carried out`);
      try {
        // A copy that finished between the read above and the claim.
        const finished = await recorded(request);
        if (finished !== undefined) return { ...finished, repeated: true };
        const finalAttempt = handleOptions?.finalAttempt === true;
        let outcome: RemediationResult;
        try {
          outcome = await decide(request, finalAttempt);
        } catch (error) {
          // A read that may succeed later: the whole decision is tried again.
          if (error instanceof RetryableRemediationError && !finalAttempt) throw error;
          const at = new Date(now()).toISOString();
          outcome = { request, outcome: 'failed', reason: messageOf(error), at };
        }
        return await remember(outcome);
      } finally {
        const hold = await store.get(DECIDING_PK, request.id);
        if (hold?.data?.owner === holder) await store.delete(DECIDING_PK, request.id);
      }
    },
  };
};
