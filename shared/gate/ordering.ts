import { randomUUID } from 'node:crypto';
import type { HeraldEvent } from '../events';
import type { StateStore } from '../state';
import type { GateDecision } from './types';

/** How long a resource's last version is remembered: longer than ECS keeps redelivering. */
const VERSION_MEMORY_SECONDS = 2 * 86_400;

/** The ECS resource an event versions, and its version: tasks and container instances carry one. */
export const resourceVersionOf = (event: HeraldEvent): { resource: string; version: number } | undefined => {
  // A trimmed task event with no task ARN anywhere has nothing to version: it is let through.
  if (event.kind === 'ecs-task' && event.detail.version !== undefined && event.detail.taskArn !== undefined) {
    return { resource: event.detail.taskArn, version: event.detail.version };
  }
  if (event.kind === 'ecs-container-instance' && event.detail.version !== undefined) {
    return { resource: event.detail.containerInstanceArn, version: event.detail.version };
  }
  return undefined;
};

/**
 * How long after a lease ran out the same event id is still Lambda's retry of an attempt that
 * timed out: Lambda retries a failed asynchronous invocation twice, one and then two minutes
 * apart. Later, it is a late copy of an event already handled: a duplicate.
 * @see https://docs.aws.amazon.com/lambda/latest/dg/invocation-retries.html
 */
const RETRY_WINDOW_MS = 10 * 60_000;

/** The record of a resource's last version processed. */
const versionKey = (resource: string) => ({ pk: `version#${resource}`, sk: 'last' });

/** What the version check found. */
export type VersionCheck =
  /** A duplicate or a stale state: nothing else is done. */
  | { duplicate: GateDecision }
  /**
   * Let through. `firstAttempt`: this event id was never seen before, so no earlier attempt
   * can have delivered anything (a retry of the same event is let through with `false`).
   */
  | { duplicate?: undefined; firstAttempt: boolean };

/**
 * ECS delivers its events at least once and in no particular order, and numbers each state of
 * a task or container instance with `detail.version`. An event whose version is not newer
 * than the last one processed for its resource is a duplicate (the same state again, under
 * another event id) or stale (an older state arriving late): either way it must not alert or
 * override newer state. One conditional write per versioned event.
 *
 * The same record is the event id's idempotency record, so a versioned event costs no other:
 * it holds the event id and a lease until the invocation's deadline. A copy of the same id
 * within the lease (EventBridge and Lambda deliver at least once) is a duplicate, and so is
 * one arriving long after (a late copy), or once the event was marked done (see
 * {@link finishVersion}: `done` writes it so at once, for an event whose outcome is known
 * before it runs, a storm's repeat). Once the first attempt gave the event back by
 * failing (see {@link releaseVersion}), or in the minutes after its lease ran out (it timed
 * out), the same id is Lambda's retry: it takes the record and runs, and deliveries already
 * made are not repeated (the delivery log).
 * @see https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs_cwe_events.html
 */
export const checkVersionOrder = async (store: StateStore, event: HeraldEvent, nowMs: number, leaseMs: number, done = false): Promise<VersionCheck> => {
  const versioned = resourceVersionOf(event);
  if (versioned === undefined) return { firstAttempt: false };
  const id = event.envelope.id;
  // This attempt's own mark: a write that landed but whose answer was lost (a timeout), then
  // retried by the SDK, is refused by its own record; the mark tells it from another copy's.
  const attempt = randomUUID().slice(0, 12);
  const record = {
    ...versionKey(versioned.resource),
    expiresAt: Math.floor(nowMs / 1000) + VERSION_MEMORY_SECONDS,
    data: { version: versioned.version, owner: id, attempt, receivedAt: new Date(nowMs).toISOString(), leaseUntil: nowMs + leaseMs, ...(done ? { done: true } : {}) },
  };
  const result = await store.putIfGreater(record, 'version');
  if (result.written || result.current.data?.attempt === attempt) return { firstAttempt: true };
  const seen = Number(result.current.data?.version ?? 0);
  // Records written before the lease existed name the event as `eventId` and have no lease.
  const owner = result.current.data?.owner ?? result.current.data?.eventId;
  if (owner === id) {
    const data = result.current.data ?? {};
    const leaseUntil = Number(data.leaseUntil ?? 0);
    // A retry: the first attempt gave the event back, or its lease ran out (it timed out) and
    // Lambda's retries are still due. Records from before the lease have neither: a retry.
    const retry = data.done !== true && (data.released === true || data.leaseUntil === undefined || (nowMs >= leaseUntil && nowMs < leaseUntil + RETRY_WINDOW_MS));
    if (retry) {
      // The retry holds the event now: a copy arriving while it runs is a duplicate.
      await store.claim({ ...record, data: { ...record.data, retry: true } }, id);
      return { firstAttempt: false };
    }
    const at = data.receivedAt;
    return { duplicate: { outcome: 'duplicate', mutedBy: `event ${id} already received${typeof at === 'string' ? ` at ${at}` : ''}` } };
  }
  return {
    duplicate: {
      outcome: 'duplicate',
      mutedBy:
        seen === versioned.version
          ? `version ${versioned.version} of ${shortArn(versioned.resource)} was already processed`
          : `stale: version ${versioned.version} of ${shortArn(versioned.resource)} arrived after version ${seen}`,
    },
  };
};

/**
 * Gives back the lease of an event whose processing failed, so Lambda's retry of it is let
 * through at once (one conditional write: only while the record is still this event's).
 */
export const releaseVersion = async (store: StateStore, event: HeraldEvent, nowMs: number): Promise<void> => {
  const versioned = resourceVersionOf(event);
  if (versioned === undefined) return;
  const id = event.envelope.id;
  await store.claim(
    {
      ...versionKey(versioned.resource),
      expiresAt: Math.floor(nowMs / 1000) + VERSION_MEMORY_SECONDS,
      data: { version: versioned.version, receivedAt: new Date(nowMs).toISOString(), leaseUntil: 0, released: true },
    },
    id,
  );
};

/**
 * Marks an event handled for good (one conditional write, while the record is still this
 * event's): a copy of it is then a duplicate whenever it comes. Needed only where a copy run
 * again could do something the first run did not: an event that was not sent (a copy of a
 * sent one finds its deliveries in the delivery log).
 */
export const finishVersion = async (store: StateStore, event: HeraldEvent, nowMs: number): Promise<void> => {
  const versioned = resourceVersionOf(event);
  if (versioned === undefined) return;
  await store.claim(
    {
      ...versionKey(versioned.resource),
      expiresAt: Math.floor(nowMs / 1000) + VERSION_MEMORY_SECONDS,
      data: { version: versioned.version, receivedAt: new Date(nowMs).toISOString(), leaseUntil: nowMs, done: true },
    },
    event.envelope.id,
  );
};

/** `task/prod/0f1e...` from a full ARN: enough to find it, short enough to read. */
const shortArn = (arn: string): string => arn.split(':').slice(5).join(':') || arn;
