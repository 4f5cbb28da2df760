import type { LambdaClient } from '@aws-sdk/client-lambda';
import type { SSMClient } from '@aws-sdk/client-ssm';
import { type CallBudget, clientTimeouts, TIME_BUDGET } from '../budget';
import { callAws } from './aws-errors';
import type { InvokePort } from './types';

/** Options of {@link AwsInvoker}. */
export interface AwsInvokerOptions {
  /** @default a client for the function's own Region, with the timeouts of `budget`, made on first use */
  lambda?: LambdaClient;
  /** @default a client for the function's own Region, with the timeouts of `budget`, made on first use */
  ssm?: SSMClient;
  /** Timeouts and attempts of the default clients. @default TIME_BUDGET.invoke */
  budget?: CallBudget;
}

/** How many characters of the function's `errorType` are kept: a class name, not a message. */
const MAX_ERROR_TYPE = 100;

/**
 * The `errorType` a Node.js or Python function's error payload names (`{"errorType": "TypeError",
 * "errorMessage": ...}`), when it has one. The message is left out: it is the function's own
 * text, may carry anything, and the audit alert goes to people's inboxes.
 * @see https://docs.aws.amazon.com/lambda/latest/dg/nodejs-exceptions.html
 */
const errorTypeOf = (payload: Uint8Array | undefined): string | undefined => {
  if (payload === undefined || payload.length === 0) return undefined;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(payload).toString('utf8'));
    const type = typeof parsed === 'object' && parsed !== null ? (parsed as { errorType?: unknown }).errorType : undefined;
    return typeof type === 'string' && type !== '' ? type.slice(0, MAX_ERROR_TYPE) : undefined;
  } catch {
    return undefined;
  }
};

/**
 * Runs `invoke` actions: a Lambda function, synchronously, or an SSM Automation runbook. The
 * SDK clients (and their modules) are loaded on first use, so a configuration without `invoke`
 * actions never pays for them.
 *
 * Each call is made once (`TIME_BUDGET.invoke`): neither a synchronous invoke nor
 * StartAutomationExecution without a client token is safe to repeat, and one whose answer timed
 * out may have run, so a timeout is a {@link RemediationCallError}, reported, never retried.
 * Throttling (Lambda's concurrency limits, SSM's cap on running executions), a 5xx and a
 * connection never made are {@link RetryableRemediationError}s: SQS redelivers the decision.
 * @see https://docs.aws.amazon.com/lambda/latest/api/API_Invoke.html
 * @see https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_StartAutomationExecution.html
 */
export class AwsInvoker implements InvokePort {
  private lambda: Promise<LambdaClient> | undefined;
  private ssm: Promise<SSMClient> | undefined;
  private readonly budget: CallBudget;

  public constructor(options: AwsInvokerOptions = {}) {
    this.budget = options.budget ?? TIME_BUDGET.invoke;
    if (options.lambda !== undefined) this.lambda = Promise.resolve(options.lambda);
    if (options.ssm !== undefined) this.ssm = Promise.resolve(options.ssm);
  }

  /**
   * Invokes `name` (a name, an ARN, or `name:alias`) with `payload` as the event and waits for
   * it (`RequestResponse`). A function that threw answers 200 with `FunctionError`
   * (`Unhandled`, or `Handled`), returned as `Unhandled: TypeError` when its payload names the
   * error type.
   * @see https://docs.aws.amazon.com/lambda/latest/dg/invocation-sync.html
   */
  public async invokeFunction(name: string, payload: string): Promise<{ functionError?: string }> {
    const { InvokeCommand } = await import('./lambda-sdk');
    const client = await this.lambdaClient();
    const response = await callAws('lambda:Invoke', () => client.send(new InvokeCommand({ FunctionName: name, InvocationType: 'RequestResponse', Payload: payload })), {
      runsOnTimeout: true,
    });
    if (response.FunctionError === undefined || response.FunctionError === '') return {};
    const type = errorTypeOf(response.Payload);
    return { functionError: type === undefined ? response.FunctionError : `${response.FunctionError}: ${type}` };
  }

  /** Starts `document` (a name or ARN) with `parameters`; returns the execution id. */
  public async startAutomation(document: string, parameters: Readonly<Record<string, readonly string[]>>): Promise<{ executionId?: string }> {
    const { StartAutomationExecutionCommand } = await import('./ssm-sdk');
    const client = await this.ssmClient();
    const input = { DocumentName: document, Parameters: Object.fromEntries(Object.entries(parameters).map(([key, values]) => [key, [...values]])) };
    const response = await callAws('ssm:StartAutomationExecution', () => client.send(new StartAutomationExecutionCommand(input)), { runsOnTimeout: true });
    return response.AutomationExecutionId === undefined ? {} : { executionId: response.AutomationExecutionId };
  }

  private lambdaClient(): Promise<LambdaClient> {
    this.lambda ??= import('./lambda-sdk').then(
      ({ LambdaClient: Client }) => new Client({ maxAttempts: this.budget.attempts, requestHandler: clientTimeouts(this.budget) }),
    );
    return this.lambda;
  }

  private ssmClient(): Promise<SSMClient> {
    this.ssm ??= import('./ssm-sdk').then(
      ({ SSMClient: Client }) => new Client({ maxAttempts: this.budget.attempts, requestHandler: clientTimeouts(this.budget) }),
    );
    return this.ssm;
  }
}
