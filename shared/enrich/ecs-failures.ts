import type { EnrichmentFailure } from './types';

/** The ECS read calls the enrich stage makes, as failure sources. */
export const ECS_SOURCES = {
  describeServices: 'ecs:DescribeServices',
  describeTaskDefinition: 'ecs:DescribeTaskDefinition',
  describeClusters: 'ecs:DescribeClusters',
  listTasks: 'ecs:ListTasks',
  describeTasks: 'ecs:DescribeTasks',
} as const;

/** One of {@link ECS_SOURCES}. */
export type EcsSource = (typeof ECS_SOURCES)[keyof typeof ECS_SOURCES];

/** Kinds of failure, the first word of {@link EnrichmentFailure.reason}. */
export const FAILURE_KINDS = ['throttled', 'access-denied', 'timeout', 'not-found', 'error'] as const;

/** One of {@link FAILURE_KINDS}. */
export type FailureKind = (typeof FAILURE_KINDS)[number];

// Error names as the SDK sets them (`error.name` is the modelled exception or the wire error code).
// ECS answers `ThrottlingException`; the others are what the SDK's own retry strategy treats as
// throttling, kept so a proxy or a future error code still reads as throttling.
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/request-throttling.html
const THROTTLED = new Set(['ThrottlingException', 'Throttling', 'TooManyRequestsException', 'RequestLimitExceeded', 'ThrottledException']);
const ACCESS_DENIED = new Set(['AccessDeniedException', 'AccessDenied', 'UnauthorizedOperation']);
const NOT_FOUND = new Set(['ClusterNotFoundException', 'ServiceNotFoundException', 'ResourceNotFoundException']);
// `AbortError` is what the SDK throws when `abortSignal` fires; `TimeoutError` its request timeout.
const TIMED_OUT = new Set(['AbortError', 'TimeoutError', 'RequestTimeout', 'RequestTimeoutException']);
// DescribeTaskDefinition answers an unknown task definition with a bare `ClientException`
// ("Unable to describe task definition."), not a dedicated not-found error.
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DescribeTaskDefinition.html#API_DescribeTaskDefinition_Errors
const CLIENT_NOT_FOUND = /unable to describe|not found|does not exist|missing/i;

/** A failure of `source` for `kind`, with the AWS error name where the kind takes one. */
export const ecsFailure = (source: EcsSource, kind: FailureKind, errorName?: string): EnrichmentFailure => ({
  source,
  reason: kind === 'timeout' || kind === 'not-found' || errorName === undefined ? kind : `${kind}: ${errorName}`,
});

/**
 * Maps whatever `client.send` threw to a failure entry (enrichment never throws):
 * `throttled: ThrottlingException`, `access-denied: AccessDeniedException`, `timeout`,
 * `not-found` or `error: <name>`. A call whose `signal` aborted is a `timeout` whatever the
 * SDK made of it.
 */
export const toEnrichmentFailure = (source: EcsSource, error: unknown, signal?: AbortSignal): EnrichmentFailure => {
  const name = error instanceof Error ? error.name : 'UnknownError';
  const message = error instanceof Error ? error.message : '';
  if (signal?.aborted === true || TIMED_OUT.has(name)) return ecsFailure(source, 'timeout');
  if (THROTTLED.has(name)) return ecsFailure(source, 'throttled', name);
  if (ACCESS_DENIED.has(name)) return ecsFailure(source, 'access-denied', name);
  if (NOT_FOUND.has(name) || (name === 'ClientException' && CLIENT_NOT_FOUND.test(message))) return ecsFailure(source, 'not-found');
  return ecsFailure(source, 'error', name);
};

/** The kind of a failure, from its reason. */
export const failureKind = (failure: EnrichmentFailure): FailureKind => {
  const word = failure.reason.split(':')[0] ?? '';
  return (FAILURE_KINDS as readonly string[]).includes(word) ? (word as FailureKind) : 'error';
};

/**
 * Failures worth remembering for a few seconds: they will not change on an immediate retry,
 * and in a storm a hundred alerts asking again would only deepen throttling. Timeouts are
 * the caller's own budget and unknown errors may be transient: never cached.
 */
export const isCacheableFailure = (failure: EnrichmentFailure): boolean => {
  const kind = failureKind(failure);
  return kind === 'throttled' || kind === 'access-denied' || kind === 'not-found';
};
