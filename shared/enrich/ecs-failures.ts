import type { EnrichmentFailure } from './types';

/** The ECS read calls the enrich stage makes, as failure sources. */
export const ECS_SOURCES = {
  describeServices: 'ecs:DescribeServices',
  describeTaskDefinition: 'ecs:DescribeTaskDefinition',
  describeClusters: 'ecs:DescribeClusters',
  listTasks: 'ecs:ListTasks',
  describeTasks: 'ecs:DescribeTasks',
  describeContainerInstances: 'ecs:DescribeContainerInstances',
} as const;

/** One of {@link ECS_SOURCES}. */
export type EcsSource = (typeof ECS_SOURCES)[keyof typeof ECS_SOURCES];

/** Kinds of failure, the first word of {@link EnrichmentFailure.reason}. */
export const FAILURE_KINDS = ['throttled', 'access-denied', 'no-credentials', 'timeout', 'not-found', 'error'] as const;

/** One of {@link FAILURE_KINDS}. */
export type FailureKind = (typeof FAILURE_KINDS)[number];

// Error names as the SDK sets them (`error.name` is the modelled exception or the wire error code).
// ECS answers `ThrottlingException`; the others are what the SDK's own retry strategy treats as
// throttling, kept so a proxy or a future error code still reads as throttling.
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/request-throttling.html
const THROTTLED = new Set(['ThrottlingException', 'Throttling', 'TooManyRequestsException', 'RequestLimitExceeded', 'ThrottledException']);
const ACCESS_DENIED = new Set(['AccessDeniedException', 'AccessDenied', 'UnauthorizedOperation']);
// No usable credentials: none found (the SDK's credential chain came up empty), or keys AWS does
// not know or that expired. Said as such, with what to do, rather than as a bare error name.
// https://docs.aws.amazon.com/sdk-for-javascript/v3/developer-guide/setting-credentials-node.html
const NO_CREDENTIALS = new Set(['CredentialsProviderError', 'UnrecognizedClientException', 'InvalidClientTokenId', 'ExpiredTokenException', 'ExpiredToken']);

/**
 * What an AWS error means for a lookup, from its name (and, for ECS's bare ClientException, its
 * message): shared by the ECS and CloudWatch Logs readers.
 */
export const classifyAwsFailure = (name: string, message = ''): FailureKind => {
  if (TIMED_OUT.has(name)) return 'timeout';
  if (THROTTLED.has(name)) return 'throttled';
  if (ACCESS_DENIED.has(name)) return 'access-denied';
  if (NO_CREDENTIALS.has(name)) return 'no-credentials';
  if (NOT_FOUND.has(name) || (name === 'ClientException' && CLIENT_NOT_FOUND.test(message))) return 'not-found';
  return 'error';
};

/** `no-credentials`, with what to do: the SDK found none, or AWS refused the ones it found. */
const noCredentials = (name: string): string =>
  name === 'CredentialsProviderError'
    ? 'no-credentials: no AWS credentials found (set AWS_PROFILE, run aws sso login, or export AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY)'
    : `no-credentials: ${name} (the credentials expired or are not known to AWS; refresh them)`;
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
  reason: kind === 'timeout' || kind === 'not-found' || errorName === undefined ? kind : kind === 'no-credentials' ? noCredentials(errorName) : `${kind}: ${errorName}`,
});

/** A failure reason for any AWS call: the kind, and the error name where the kind takes one. */
export const failureReason = (name: string, message = ''): string => {
  const kind = classifyAwsFailure(name, message);
  if (kind === 'timeout' || kind === 'not-found') return kind;
  return kind === 'no-credentials' ? noCredentials(name) : `${kind}: ${name}`;
};

/**
 * Maps whatever `client.send` threw to a failure entry (enrichment never throws):
 * `throttled: ThrottlingException`, `access-denied: AccessDeniedException`, `timeout`,
 * `not-found` or `error: <name>`. A call whose `signal` aborted is a `timeout` whatever the
 * SDK made of it.
 */
export const toEnrichmentFailure = (source: EcsSource, error: unknown, signal?: AbortSignal): EnrichmentFailure => {
  const name = error instanceof Error ? error.name : 'UnknownError';
  const message = error instanceof Error ? error.message : '';
  if (signal?.aborted === true) return ecsFailure(source, 'timeout');
  return { source, reason: failureReason(name, message) };
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
  return kind === 'throttled' || kind === 'access-denied' || kind === 'no-credentials' || kind === 'not-found';
};
