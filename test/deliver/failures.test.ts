import { classifyPublishError, RequestSerializationError } from '../../shared/deliver';

describe('publish failure classification', () => {
  it.each([
    { case: 'SNS throttling', error: { name: 'Throttled', message: 'Rate exceeded', $metadata: { httpStatusCode: 400 } }, retryable: true },
    { case: 'a 500', error: { name: 'InternalError', message: 'oops', $metadata: { httpStatusCode: 500 } }, retryable: true },
    { case: 'an unknown 503', error: { name: 'Weird', message: 'busy', $metadata: { httpStatusCode: 503 } }, retryable: true },
    { case: 'the SDK marking it retryable', error: { name: 'Something', message: 'x', $retryable: {}, $metadata: { httpStatusCode: 400 } }, retryable: true },
    { case: 'a reset connection', error: { name: 'Error', message: 'socket hang up', code: 'ECONNRESET' }, retryable: true },
    { case: 'KMS throttling', error: { name: 'KMSThrottling', message: 'slow down', $metadata: { httpStatusCode: 400 } }, retryable: true },
    { case: 'a missing topic', error: { name: 'NotFound', message: 'Topic does not exist', $metadata: { httpStatusCode: 404 } }, retryable: false },
    { case: 'no permission', error: { name: 'AuthorizationError', message: 'denied', $metadata: { httpStatusCode: 403 } }, retryable: false },
    { case: 'a disabled KMS key', error: { name: 'KMSDisabled', message: 'disabled', $metadata: { httpStatusCode: 400 } }, retryable: false },
    { case: 'an invalid parameter', error: { name: 'InvalidParameter', message: 'Subject too long', $metadata: { httpStatusCode: 400 } }, retryable: false },
    { case: 'an unknown 4xx', error: { name: 'Strange', message: 'no', $metadata: { httpStatusCode: 400 } }, retryable: false },
    { case: 'the query serializer failing on text it cannot encode', error: new URIError('URI malformed'), retryable: false },
    { case: 'a request the SDK could not serialize', error: new RequestSerializationError('Publish', { cause: new URIError('URI malformed') }), retryable: false },
    { case: 'a request the SDK could not serialize, whatever the cause', error: new RequestSerializationError('Publish', { cause: new TypeError('x is not a function') }), retryable: false },
    { case: 'a TypeError from elsewhere (undici says "fetch failed")', error: new TypeError('fetch failed'), retryable: true },
    { case: 'not even an Error', error: 'boom', retryable: true },
  ])('$case: retryable $retryable', ({ error, retryable }) => {
    expect(classifyPublishError(error).retryable).toBe(retryable);
  });

  it('names a serialization failure and what the SDK threw', () => {
    expect(classifyPublishError(new RequestSerializationError('Publish', { cause: new URIError('URI malformed') }))).toEqual({
      name: 'RequestSerializationError',
      message: 'the Publish request could not be serialized: URIError: URI malformed',
      retryable: false,
    });
  });
});
