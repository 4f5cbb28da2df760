import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { SSMClient, StartAutomationExecutionCommand } from '@aws-sdk/client-ssm';
import { Uint8ArrayBlobAdapter } from '@smithy/core/serde';
import { mockClient } from 'aws-sdk-client-mock';
import { AwsInvoker, RemediationCallError, RetryableRemediationError } from '../../shared/remediate';

const lambda = mockClient(LambdaClient);
const ssm = mockClient(SSMClient);

/** What the router hands a function: the decision's alert, as JSON. */
const PAYLOAD = JSON.stringify({ action: 'flush-cache', cluster: 'prod', service: 'payments-api', fingerprint: '9c1f0e2d' });
const FUNCTION = 'arn:aws:lambda:us-west-2:111122223333:function:payments-flush-cache';
const RUNBOOK = 'AWS-RestartEC2Instance';

const invoker = () => new AwsInvoker({ lambda: new LambdaClient({ region: 'us-west-2' }), ssm: new SSMClient({ region: 'us-west-2' }) });
const bytes = (text: string) => Uint8ArrayBlobAdapter.fromString(text);
const awsError = (name: string, status?: number): Error =>
  Object.assign(new Error(`${name} message`), { name, ...(status === undefined ? {} : { $metadata: { httpStatusCode: status } }) });

beforeEach(() => {
  lambda.reset();
  ssm.reset();
});

describe('AwsInvoker.invokeFunction', () => {
  it('invokes the function synchronously with the JSON given as its event', async () => {
    lambda.on(InvokeCommand).resolves({ StatusCode: 200, Payload: bytes('{"flushed": 412}') });
    expect(await invoker().invokeFunction(FUNCTION, PAYLOAD)).toEqual({});
    const inputs = lambda.commandCalls(InvokeCommand).map((call) => call.args[0].input);
    expect(inputs).toEqual([{ FunctionName: FUNCTION, InvocationType: 'RequestResponse', Payload: PAYLOAD }]);
  });

  it.each<{ case: string; FunctionError: string; payload: string; expected: string }>([
    {
      case: 'an unhandled error names its type, not its message',
      FunctionError: 'Unhandled',
      payload: '{"errorType":"TypeError","errorMessage":"Cannot read properties of undefined (reading \'host\') password=hunter2","trace":["TypeError: ..."]}',
      expected: 'Unhandled: TypeError',
    },
    { case: 'a payload that is not JSON', FunctionError: 'Unhandled', payload: 'Task timed out after 30.03 seconds', expected: 'Unhandled' },
    { case: 'an error payload without a type', FunctionError: 'Handled', payload: '{"errorMessage":"nope"}', expected: 'Handled' },
  ])('reports a function error: $case', async ({ FunctionError, payload, expected }) => {
    lambda.on(InvokeCommand).resolves({ StatusCode: 200, FunctionError, Payload: bytes(payload) });
    expect(await invoker().invokeFunction(FUNCTION, PAYLOAD)).toEqual({ functionError: expected });
  });

  it.each<{ case: string; error: Error; type: typeof RetryableRemediationError | typeof RemediationCallError; code?: string }>([
    { case: 'over the concurrency limit', error: awsError('TooManyRequestsException', 429), type: RetryableRemediationError },
    { case: 'a Lambda service error', error: awsError('ServiceException', 500), type: RetryableRemediationError },
    { case: 'no such function', error: awsError('ResourceNotFoundException', 404), type: RemediationCallError, code: 'ResourceNotFoundException' },
    { case: 'the remediator may not invoke it', error: awsError('AccessDeniedException', 403), type: RemediationCallError, code: 'AccessDeniedException' },
    // The function may have run: invoking it again could run it twice.
    { case: 'no answer in time', error: awsError('TimeoutError'), type: RemediationCallError, code: 'TimeoutError' },
    { case: 'the connection dropped mid-call', error: Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }), type: RemediationCallError, code: 'ECONNRESET' },
    { case: 'no connection made', error: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }), type: RetryableRemediationError },
  ])('a failed invoke ($case) is a $type.name', async ({ error, type, code }) => {
    lambda.on(InvokeCommand).rejects(error);
    const failure = await invoker().invokeFunction(FUNCTION, PAYLOAD).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(type);
    expect(failure).toMatchObject({ call: 'lambda:Invoke', ...(code === undefined ? {} : { code }) });
  });

  it('says a timed-out invoke is not tried again', async () => {
    lambda.on(InvokeCommand).rejects(awsError('TimeoutError'));
    await expect(invoker().invokeFunction(FUNCTION, PAYLOAD)).rejects.toThrow('lambda:Invoke: TimeoutError: TimeoutError message (no answer: it may have run, so it is not tried again)');
  });
});

describe('AwsInvoker.startAutomation', () => {
  it('starts the runbook with the parameters given and returns the execution id', async () => {
    ssm.on(StartAutomationExecutionCommand).resolves({ AutomationExecutionId: '4105a4fc-f944-11e6-9d32-0123456789ab' });
    const parameters = { InstanceId: ['i-0f3a8506b2c4d6e81'], AutomationAssumeRole: ['arn:aws:iam::111122223333:role/herald-automation'] };
    expect(await invoker().startAutomation(RUNBOOK, parameters)).toEqual({ executionId: '4105a4fc-f944-11e6-9d32-0123456789ab' });
    expect(ssm.commandCalls(StartAutomationExecutionCommand).map((call) => call.args[0].input)).toEqual([{ DocumentName: RUNBOOK, Parameters: parameters }]);
  });

  it.each<{ case: string; error: Error; type: typeof RetryableRemediationError | typeof RemediationCallError }>([
    { case: 'too many executions running', error: awsError('AutomationExecutionLimitExceededException', 400), type: RetryableRemediationError },
    { case: 'throttled', error: awsError('ThrottlingException', 400), type: RetryableRemediationError },
    { case: 'no such runbook', error: awsError('AutomationDefinitionNotFoundException', 400), type: RemediationCallError },
    { case: 'invalid parameters', error: awsError('InvalidAutomationExecutionParametersException', 400), type: RemediationCallError },
    { case: 'no answer in time', error: awsError('TimeoutError'), type: RemediationCallError },
  ])('a failed start ($case) is a $type.name', async ({ error, type }) => {
    ssm.on(StartAutomationExecutionCommand).rejects(error);
    const failure = await invoker().startAutomation(RUNBOOK, {}).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(type);
    expect(failure).toMatchObject({ call: 'ssm:StartAutomationExecution' });
  });
});

describe('AwsInvoker clients', () => {
  it('makes its own clients on first use, and one of each for every call after', async () => {
    lambda.on(InvokeCommand).resolves({ StatusCode: 200 });
    ssm.on(StartAutomationExecutionCommand).resolves({});
    const own = new AwsInvoker();
    await own.invokeFunction(FUNCTION, PAYLOAD);
    await own.invokeFunction(FUNCTION, PAYLOAD);
    await own.startAutomation(RUNBOOK, {});
    const lambdaClients = new Set(lambda.commandCalls(InvokeCommand).map((call) => call.thisValue));
    expect(lambdaClients.size).toBe(1);
    const [client] = [...lambdaClients] as LambdaClient[];
    // One attempt: a synchronous invoke is never repeated by the SDK.
    expect(await client?.config.maxAttempts()).toBe(1);
    expect(ssm.commandCalls(StartAutomationExecutionCommand)).toHaveLength(1);
  });
});
