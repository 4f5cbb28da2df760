import { AccessDeniedException, ClientException, ServerException } from '@aws-sdk/client-ecs';
import { type AwsFailure, classifyAwsError, RemediationCallError, RetryableRemediationError, toRemediationError } from '../../shared/remediate';

const meta = (httpStatusCode: number) => ({ $metadata: { httpStatusCode } });
const named = (name: string, message: string, extra: object = {}): Error => Object.assign(new Error(message), { name }, extra);
/** ECS models no throttling exception: the SDK makes one of the wire's `__type`. */
const throttled = (): Error => named('ThrottlingException', 'Rate exceeded', meta(400));

describe('classifyAwsError', () => {
  it.each<{ case: string; error: unknown; expected: AwsFailure }>([
    { case: 'ECS throttling', error: throttled(), expected: { kind: 'throttled', code: 'ThrottlingException', message: 'Rate exceeded' } },
    { case: 'an unknown 429', error: named('SlowDown', 'slow down', meta(429)), expected: { kind: 'throttled', code: 'SlowDown', message: 'slow down' } },
    { case: 'an error the SDK marks as throttling', error: named('Whatever', 'w', { ...meta(400), $retryable: { throttling: true } }), expected: { kind: 'throttled', code: 'Whatever', message: 'w' } },
    { case: 'ECS ServerException', error: new ServerException({ message: 'internal', ...meta(500) }), expected: { kind: 'server', code: 'ServerException', message: 'internal' } },
    { case: 'a 503 of any name', error: named('Unavailable', 'down', meta(503)), expected: { kind: 'server', code: 'Unavailable', message: 'down' } },
    { case: "the SDK's request timeout", error: named('TimeoutError', 'Connection timed out after 5000 ms'), expected: { kind: 'timeout', code: 'TimeoutError', message: 'Connection timed out after 5000 ms' } },
    { case: 'a reset connection', error: named('Error', 'socket hang up', { code: 'ECONNRESET' }), expected: { kind: 'timeout', code: 'ECONNRESET', message: 'socket hang up' } },
    { case: 'a refused connection', error: named('Error', 'connect ECONNREFUSED 127.0.0.1:443', { code: 'ECONNREFUSED' }), expected: { kind: 'unreachable', code: 'ECONNREFUSED', message: 'connect ECONNREFUSED 127.0.0.1:443' } },
    {
      case: 'a socket error the SDK wrapped, only its message left',
      error: new Error('AWS SDK error wrapper for Error: getaddrinfo ENOTFOUND ecs.us-west-2.amazonaws.com'),
      expected: { kind: 'unreachable', code: 'ENOTFOUND', message: 'AWS SDK error wrapper for Error: getaddrinfo ENOTFOUND ecs.us-west-2.amazonaws.com' },
    },
    {
      case: "a service's message that happens to name a socket code",
      error: new ClientException({ message: 'Container health check ECONNREFUSED on port 8080', ...meta(400) }),
      expected: { kind: 'client', code: 'ClientException', message: 'Container health check ECONNREFUSED on port 8080' },
    },
    { case: 'access denied', error: new AccessDeniedException({ message: 'not authorized', ...meta(400) }), expected: { kind: 'client', code: 'AccessDeniedException', message: 'not authorized' } },
    { case: 'not an error at all', error: 'boom', expected: { kind: 'client', code: 'Error', message: 'boom' } },
  ])('$case: $expected.kind', ({ error, expected }) => {
    expect(classifyAwsError(error)).toEqual(expected);
  });
});

describe('toRemediationError', () => {
  it.each<{ case: string; error: unknown; runsOnTimeout?: boolean; type: typeof RetryableRemediationError | typeof RemediationCallError; message: string }>([
    { case: 'throttled', error: throttled(), type: RetryableRemediationError, message: 'ecs:UpdateService: ThrottlingException: Rate exceeded' },
    { case: 'timed out', error: named('TimeoutError', 'late'), type: RetryableRemediationError, message: 'ecs:UpdateService: TimeoutError: late' },
    {
      case: 'timed out, on a call that may have run',
      error: named('TimeoutError', 'late'),
      runsOnTimeout: true,
      type: RemediationCallError,
      message: 'ecs:UpdateService: TimeoutError: late (no answer: it may have run, so it is not tried again)',
    },
    { case: 'refused, on a call that may have run: nothing was sent', error: named('Error', 'refused', { code: 'ECONNREFUSED' }), runsOnTimeout: true, type: RetryableRemediationError, message: 'ecs:UpdateService: ECONNREFUSED: refused' },
    { case: 'access denied', error: new AccessDeniedException({ message: 'not authorized', ...meta(400) }), type: RemediationCallError, message: 'ecs:UpdateService: AccessDeniedException: not authorized' },
  ])('$case', ({ error, runsOnTimeout, type, message }) => {
    const converted = toRemediationError('ecs:UpdateService', error, { runsOnTimeout });
    expect(converted).toBeInstanceOf(type);
    expect(converted.message).toBe(message);
    expect(converted.cause).toBe(error);
  });

  it('passes a remediation error through as it is', () => {
    const error = new RemediationCallError('ecs:StopTask', 'MISSING', 'gone');
    expect(toRemediationError('ecs:UpdateService', error)).toBe(error);
  });
});
