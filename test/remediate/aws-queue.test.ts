import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { MAX_REQUEST_BYTES, readRemediationRequest, RemediationCallError, RetryableRemediationError, SqsRemediationQueue } from '../../shared/remediate';
import { oomRequest } from './requests';

const sqs = mockClient(SQSClient);
const QUEUE_URL = 'https://sqs.us-west-2.amazonaws.com/111122223333/ecs-herald-remediation';

const queue = () => new SqsRemediationQueue({ queueUrl: QUEUE_URL, client: new SQSClient({ region: 'us-west-2' }) });
const sent = () => sqs.commandCalls(SendMessageCommand).map((call) => call.args[0].input);
const awsError = (name: string, status: number): Error => Object.assign(new Error(`${name} message`), { name, $metadata: { httpStatusCode: status } });

beforeEach(() => sqs.reset());

describe('SqsRemediationQueue', () => {
  it('sends one message: the decision as JSON, with action, type and version attributes', async () => {
    sqs.on(SendMessageCommand).resolves({ MessageId: 'm-1' });
    await queue().submit(oomRequest());
    expect(sent()).toEqual([
      {
        QueueUrl: QUEUE_URL,
        MessageBody: expect.any(String),
        MessageAttributes: {
          action: { DataType: 'String', StringValue: 'restart-payments' },
          type: { DataType: 'String', StringValue: 'force-new-deployment' },
          version: { DataType: 'Number', StringValue: '1' },
        },
      },
    ]);
  });

  it('round-trips: the remediator reads back the decision the router sent', async () => {
    sqs.on(SendMessageCommand).resolves({ MessageId: 'm-1' });
    await queue().submit(oomRequest());
    expect(readRemediationRequest(sent()[0]?.MessageBody ?? '')).toEqual({ ok: true, request: oomRequest() });
  });

  it('repairs a lone surrogate in the alert, so the body is well-formed JSON for any reader', async () => {
    sqs.on(SendMessageCommand).resolves({ MessageId: 'm-1' });
    const request = oomRequest();
    request.alert.summary = `prod/payments-api: \ud800 crashed`;
    await queue().submit(request);
    const body = sent()[0]?.MessageBody ?? '';
    expect(body).not.toContain('\\ud800');
    const read = readRemediationRequest(body);
    expect(read.ok && read.request.alert.summary).toBe('prod/payments-api: \ufffd crashed');
  });

  it('drops the evidence of an alert too large for the queue, marking it truncated, and keeps the rest', async () => {
    sqs.on(SendMessageCommand).resolves({ MessageId: 'm-1' });
    const request = oomRequest();
    request.alert.evidence = [{ name: 'log', value: 'x'.repeat(MAX_REQUEST_BYTES) }];
    await queue().submit(request);
    const body = sent()[0]?.MessageBody ?? '';
    expect(Buffer.byteLength(body)).toBeLessThanOrEqual(MAX_REQUEST_BYTES);
    const read = readRemediationRequest(body);
    expect(read.ok && read.request.alert).toMatchObject({ evidence: [], truncated: true, fingerprint: request.alert.fingerprint });
    expect(read.ok && read.request.target).toEqual(request.target);
  });

  it.each<{ case: string; error: Error; type: typeof RetryableRemediationError | typeof RemediationCallError; code?: string }>([
    { case: 'throttled', error: awsError('RequestThrottled', 403), type: RetryableRemediationError },
    { case: 'a server error', error: awsError('InternalError', 500), type: RetryableRemediationError },
    { case: 'a timeout', error: Object.assign(new Error('Connection timed out after 1500 ms'), { name: 'TimeoutError' }), type: RetryableRemediationError },
    { case: 'the queue does not exist', error: awsError('QueueDoesNotExist', 400), type: RemediationCallError, code: 'QueueDoesNotExist' },
    { case: 'the router may not send to it', error: awsError('AccessDenied', 403), type: RemediationCallError, code: 'AccessDenied' },
  ])('a failed send ($case) is a $type.name of sqs:SendMessage', async ({ error, type, code }) => {
    sqs.on(SendMessageCommand).rejects(error);
    const failure = await queue().submit(oomRequest()).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(type);
    expect(failure).toMatchObject({ call: 'sqs:SendMessage', ...(code === undefined ? {} : { code }) });
  });
});
