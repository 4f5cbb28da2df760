import { RemediationCallError, RemediationError, RetryableRemediationError } from './errors';

/**
 * How a failed AWS call of the remediation stage reads:
 * - `throttled`: over a quota that refills (a later attempt may pass);
 * - `server`: the service's own fault (HTTP 5xx);
 * - `unreachable`: no connection was made (refused, no DNS answer): nothing was sent;
 * - `timeout`: no answer in time, or the connection dropped mid-call: the request may have
 *   been carried out;
 * - `client`: the request itself is refused (access denied, invalid, not found): a retry fails alike.
 */
export const AWS_FAILURE_KINDS = ['throttled', 'server', 'unreachable', 'timeout', 'client'] as const;

/** One of {@link AWS_FAILURE_KINDS}. */
export type AwsFailureKind = (typeof AWS_FAILURE_KINDS)[number];

/** A failed call, as the remediator sees it: its kind, the AWS error code and message. */
export interface AwsFailure {
  kind: AwsFailureKind;
  /** The AWS error name (`AccessDeniedException`), or the Node.js error code of a network failure. */
  code: string;
  message: string;
}

// Error names as the SDK sets them (the modelled exception or the wire error code). ECS and SSM
// answer `ThrottlingException`; Lambda `TooManyRequestsException` (HTTP 429); `Throttling`,
// `RequestLimitExceeded` and `ThrottledException` are what the SDK's own retry strategy treats
// as throttling.
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/request-throttling.html
// https://docs.aws.amazon.com/lambda/latest/api/API_Invoke.html#API_Invoke_Errors
// SQS throttles with `RequestThrottled` (HTTP 403) and `KmsThrottled`.
// https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SendMessage.html#API_SendMessage_Errors
// SSM's `AutomationExecutionLimitExceededException` is its cap on concurrent executions: it
// clears when running ones finish, so it is a quota that refills, not a refusal.
// https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_StartAutomationExecution.html#API_StartAutomationExecution_Errors
const THROTTLED = new Set([
  'ThrottlingException', 'Throttling', 'TooManyRequestsException', 'TooManyRequests', 'RequestLimitExceeded',
  'ThrottledException', 'RequestThrottled', 'KmsThrottled', 'AutomationExecutionLimitExceededException',
]);
// Server faults whose name says so even when a proxy lost the status: ECS `ServerException`,
// Lambda `ServiceException`, SSM `InternalServerError`.
const SERVER = new Set(['ServerException', 'ServiceException', 'InternalServerError', 'InternalFailure', 'InternalError', 'ServiceUnavailable']);
// `TimeoutError` is the SDK request handler's connect or request timeout (`throwOnRequestTimeout`),
// `AbortError` an aborted call.
const TIMED_OUT = new Set(['TimeoutError', 'RequestTimeout', 'RequestTimeoutException', 'AbortError']);
// Node.js socket errors: the first two never reached the service, the others may have.
const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN']);
const DROPPED_CODES = new Set(['ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ECONNABORTED']);

/**
 * The Node.js socket error code a message names. The SDK's retry middleware wraps a thrown value
 * that is not an `Error` of its own realm (a socket error seen from a `vm` context, as under
 * jest) in a new `Error` whose message is all that is left: `AWS SDK error wrapper for Error:
 * connect ECONNREFUSED 127.0.0.1:443`.
 */
const networkCodeIn = (message: string): string | undefined =>
  /\b(ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ECONNRESET|ETIMEDOUT|EPIPE|ECONNABORTED)\b/.exec(message)?.[1];

/** Classifies whatever an SDK client's `send` threw, after the SDK's own retries. */
export const classifyAwsError = (error: unknown): AwsFailure => {
  const e = (typeof error === 'object' && error !== null ? error : {}) as {
    name?: unknown; message?: unknown; code?: unknown; $retryable?: { throttling?: unknown }; $metadata?: { httpStatusCode?: unknown };
  };
  const name = typeof e.name === 'string' && e.name !== '' ? e.name : 'Error';
  const message = typeof e.message === 'string' ? e.message : String(error);
  const status = typeof e.$metadata?.httpStatusCode === 'number' ? e.$metadata.httpStatusCode : undefined;
  // An answer's message is the service's text: only an error without one is read for a socket code.
  const nodeCode = typeof e.code === 'string' ? e.code : status === undefined ? networkCodeIn(message) : undefined;
  if (nodeCode !== undefined && UNREACHABLE_CODES.has(nodeCode)) return { kind: 'unreachable', code: nodeCode, message };
  if (TIMED_OUT.has(name)) return { kind: 'timeout', code: name, message };
  if (nodeCode !== undefined && DROPPED_CODES.has(nodeCode)) return { kind: 'timeout', code: nodeCode, message };
  if (THROTTLED.has(name) || status === 429 || e.$retryable?.throttling === true) return { kind: 'throttled', code: name, message };
  if (SERVER.has(name) || (status !== undefined && status >= 500)) return { kind: 'server', code: name, message };
  return { kind: 'client', code: name, message };
};

/** Options of {@link toRemediationError}. */
export interface RemediationErrorOptions {
  /**
   * The call is not safe to repeat (a Lambda invoke): a timeout may mean it ran, so it is a
   * {@link RemediationCallError}, reported, never retried. @default false: a timeout is retryable
   */
  runsOnTimeout?: boolean;
}

/**
 * The remediation error for a failed call: {@link RetryableRemediationError} for throttling, a
 * server fault, a connection never made or (unless `runsOnTimeout`) a timeout; SQS then
 * redelivers the decision, which is re-read and re-guarded before it acts again.
 * {@link RemediationCallError} with the AWS error code for the rest. A remediation error passes
 * through as it is.
 */
export const toRemediationError = (call: string, error: unknown, options: RemediationErrorOptions = {}): RemediationError => {
  if (error instanceof RemediationError) return error;
  const { kind, code, message } = classifyAwsError(error);
  if (kind === 'timeout' && options.runsOnTimeout === true) {
    return new RemediationCallError(call, code, `${message} (no answer: it may have run, so it is not tried again)`, { cause: error });
  }
  if (kind === 'client') return new RemediationCallError(call, code, message, { cause: error });
  return new RetryableRemediationError(call, `${code}: ${message}`, { cause: error });
};

/** Runs one AWS call, its failure as a remediation error of `call` (`ecs:UpdateService`). */
export const callAws = async <T>(call: string, run: () => Promise<T>, options?: RemediationErrorOptions): Promise<T> => {
  try {
    return await run();
  } catch (error) {
    throw toRemediationError(call, error, options);
  }
};
