/**
 * Whether a failed publish is worth retrying. SNS throttling, server errors, timeouts and
 * network failures are transient; a missing topic, a denied permission, a disabled KMS key or
 * an invalid parameter will fail the same way on every retry, and so will a request the SDK
 * could not serialize (`RequestSerializationError` from the SNS publisher, or the `URIError`
 * its query serializer throws on text it cannot encode), which never reached SNS.
 * @see https://docs.aws.amazon.com/sns/latest/api/API_Publish.html#API_Publish_Errors
 */
export const PUBLISH_ERRORS = {
  retryable: ['Throttled', 'ThrottledException', 'ThrottlingException', 'Throttling', 'InternalError', 'InternalErrorException', 'ServiceUnavailable', 'KMSThrottling', 'KMSThrottlingException', 'TimeoutError', 'RequestTimeout'],
  permanent: [
    'NotFound', 'NotFoundException', 'AuthorizationError', 'AuthorizationErrorException', 'AccessDenied', 'AccessDeniedException',
    'InvalidParameter', 'InvalidParameterException', 'InvalidParameterValue', 'InvalidParameterValueException',
    'KMSDisabled', 'KMSDisabledException', 'KMSAccessDenied', 'KMSAccessDeniedException', 'KMSNotFound', 'KMSNotFoundException',
    'KMSInvalidState', 'KMSInvalidStateException', 'KMSOptInRequired', 'KMSOptInRequiredException', 'InvalidSecurity', 'InvalidSecurityException',
    'EndpointDisabled', 'PlatformApplicationDisabled', 'ValidationException',
    'RequestSerializationError', 'URIError',
  ],
} as const;

/** A failure's verdict: its name, its message, and whether to retry. */
export interface PublishFailure {
  name: string;
  message: string;
  retryable: boolean;
}

const NETWORK_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'ECONNABORTED']);

/** Classifies an error thrown by SNS Publish (after the SDK's own retries). */
export const classifyPublishError = (error: unknown): PublishFailure => {
  const e = (typeof error === 'object' && error !== null ? error : {}) as {
    name?: unknown; message?: unknown; code?: unknown; $retryable?: unknown; $metadata?: { httpStatusCode?: unknown };
  };
  const name = typeof e.name === 'string' ? e.name : 'Error';
  const message = typeof e.message === 'string' ? e.message : String(error);
  const status = typeof e.$metadata?.httpStatusCode === 'number' ? e.$metadata.httpStatusCode : undefined;
  if ((PUBLISH_ERRORS.permanent as readonly string[]).includes(name)) return { name, message, retryable: false };
  const retryable =
    (PUBLISH_ERRORS.retryable as readonly string[]).includes(name) ||
    e.$retryable !== undefined ||
    (status !== undefined && (status >= 500 || status === 429)) ||
    (typeof e.code === 'string' && NETWORK_CODES.has(e.code));
  // Unknown 4xx errors are permanent; anything unknown without a status (a bug, a network
  // layer surprise) is retried: a retry costs little, a dropped alert a lot.
  return { name, message, retryable: retryable || status === undefined };
};
