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
 * ECS delivers its events at least once and in no particular order, and numbers each state of
 * a task or container instance with `detail.version`. An event whose version is not newer
 * than the last one processed for its resource is a duplicate (the same state again, under
 * another event id) or stale (an older state arriving late): either way it must not alert or
 * override newer state. One conditional write per versioned event; a retry of the same event
 * (same id) is let through, since its first attempt did not finish.
 * @see https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs_cwe_events.html
 */
export const checkVersionOrder = async (
  store: StateStore,
  event: HeraldEvent,
  nowMs: number,
): Promise<GateDecision | undefined> => {
  const versioned = resourceVersionOf(event);
  if (versioned === undefined) return undefined;
  const result = await store.putIfGreater(
    {
      pk: `version#${versioned.resource}`,
      sk: 'last',
      expiresAt: Math.floor(nowMs / 1000) + VERSION_MEMORY_SECONDS,
      data: { version: versioned.version, eventId: event.envelope.id },
    },
    'version',
  );
  if (result.written) return undefined;
  const seen = Number(result.current.data?.version ?? 0);
  if (result.current.data?.eventId === event.envelope.id) return undefined;
  return {
    outcome: 'duplicate',
    mutedBy:
      seen === versioned.version
        ? `version ${versioned.version} of ${shortArn(versioned.resource)} was already processed`
        : `stale: version ${versioned.version} of ${shortArn(versioned.resource)} arrived after version ${seen}`,
  };
};

/** `task/prod/0f1e...` from a full ARN: enough to find it, short enough to read. */
const shortArn = (arn: string): string => arn.split(':').slice(5).join(':') || arn;
