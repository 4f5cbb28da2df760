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
 * within the lease (EventBridge and Lambda deliver at least once) is a duplicate; after it
 * (the first attempt timed out), or once the first attempt gave it back by failing (see
 * {@link releaseVersion}), the same id is a retry and is let through: deliveries already made
 * are not repeated (the delivery log), and nothing else it does twice pages twice.
 * @see https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs_cwe_events.html
 */
export const checkVersionOrder = async (store: StateStore, event: HeraldEvent, nowMs: number, leaseMs: number): Promise<VersionCheck> => {
  const versioned = resourceVersionOf(event);
  if (versioned === undefined) return { firstAttempt: false };
  const id = event.envelope.id;
  const result = await store.putIfGreater(
    {
      ...versionKey(versioned.resource),
      expiresAt: Math.floor(nowMs / 1000) + VERSION_MEMORY_SECONDS,
      data: { version: versioned.version, owner: id, receivedAt: new Date(nowMs).toISOString(), leaseUntil: nowMs + leaseMs },
    },
    'version',
  );
  if (result.written) return { firstAttempt: true };
  const seen = Number(result.current.data?.version ?? 0);
  // Records written before the lease existed name the event as `eventId` and have no lease.
  const owner = result.current.data?.owner ?? result.current.data?.eventId;
  if (owner === id) {
    const leaseUntil = Number(result.current.data?.leaseUntil ?? 0);
    if (nowMs >= leaseUntil) return { firstAttempt: false };
    const at = result.current.data?.receivedAt;
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
      data: { version: versioned.version, receivedAt: new Date(nowMs).toISOString(), leaseUntil: 0 },
    },
    id,
  );
};

/** `task/prod/0f1e...` from a full ARN: enough to find it, short enough to read. */
const shortArn = (arn: string): string => arn.split(':').slice(5).join(':') || arn;
