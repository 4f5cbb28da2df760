import type { DeliveryResult } from './types';

/**
 * Thrown after every topic was tried when at least one failed with a retryable error: the
 * invocation fails, so Lambda retries the event (topics that took it are not sent it again)
 * and, when retries run out, the on-failure destination keeps the whole event.
 */
export class RetryableDeliveryError extends Error {
  /** Topic name -> the error that will be retried. */
  public readonly failures: Readonly<Record<string, { name: string; message: string }>>;

  /** The topics that did take it (or had before), so a caller can tell what was delivered. */
  public readonly delivered: readonly DeliveryResult[];

  public constructor(failures: Readonly<Record<string, { name: string; message: string }>>, delivered: readonly DeliveryResult[] = [], options?: ErrorOptions) {
    super(`delivery failed for ${Object.entries(failures).map(([topic, e]) => `${topic} (${e.name}: ${e.message})`).join(', ')}; will be retried`, options);
    this.name = 'RetryableDeliveryError';
    this.failures = failures;
    this.delivered = delivered;
  }
}

/** A route names a topic the delivery stage does not know: a deployment bug, never retried. */
export class UnknownTopicError extends Error {
  public constructor(public readonly topic: string) {
    super(`no topic "${topic}" is configured for delivery`);
    this.name = 'UnknownTopicError';
  }
}

/**
 * The SDK threw while turning a publish into a request, before anything was sent (its query
 * serializer throws a `URIError` on text it cannot encode): the same input fails the same way
 * on every attempt, so it is a permanent failure, kept in the dead-letter queue. `cause` holds
 * what the SDK threw.
 */
export class RequestSerializationError extends Error {
  public constructor(
    /** The API operation, e.g. `Publish`. */
    public readonly operation: string,
    options: ErrorOptions,
  ) {
    super(`the ${operation} request could not be serialized: ${options.cause instanceof Error ? `${options.cause.name}: ${options.cause.message}` : String(options.cause)}`, options);
    this.name = 'RequestSerializationError';
  }
}
