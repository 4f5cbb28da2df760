import type { SQSClient } from '@aws-sdk/client-sqs';
import { clientTimeouts, TIME_BUDGET } from '../budget';
import { repairStrings } from '../unicode';
import { callAws } from './aws-errors';
import type { RemediationQueue, RemediationRequest } from './types';

/** The SQS SDK module (shared/remediate/sqs-sdk.ts) and the client made with it. */
interface SqsApi {
  sdk: typeof import('./sqs-sdk');
  client: SQSClient;
}

/** Options of {@link SqsRemediationQueue}. */
export interface SqsRemediationQueueOptions {
  queueUrl: string;
  /** @default a client for the function's own Region, with the `remediationQueue` timeouts of the event budget, made on the first decision */
  client?: SQSClient;
}

/**
 * The body size a decision keeps to: SQS's long-standing 256 KiB, the default
 * `MaximumMessageSize` of queues made before the 1 MiB limit, and what the dead-letter queue
 * keeps to as well.
 * @see https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/quotas-messages.html
 */
export const MAX_REQUEST_BYTES = 256 * 1024;

/**
 * The JSON body of a decision. Strings are repaired first (a lone surrogate becomes U+FFFD), so
 * a strict JSON reader never meets a `\ud800` escape. A decision too large (an alert with much
 * evidence) keeps everything but the evidence, marked `truncated`: the remediator reads the
 * target and the alert's labels, never its evidence.
 */
export const remediationRequestBody = (request: RemediationRequest): string => {
  const repaired = repairStrings(request);
  const body = JSON.stringify(repaired);
  if (Buffer.byteLength(body) <= MAX_REQUEST_BYTES) return body;
  return JSON.stringify({ ...repaired, alert: { ...repaired.alert, evidence: [], truncated: true } });
};

/**
 * Sends the router's decisions to the remediation queue, one message each: the JSON body of the
 * contract and message attributes `action`, `type` and `version`, for a consumer to filter or
 * count by without reading the body. Throttling, a 5xx, a timeout or a connection never made is
 * a {@link RetryableRemediationError} (the router's event is retried; the remediator tells a
 * redelivered decision by its id); a refusal (access denied, no such queue) a
 * {@link RemediationCallError}.
 * @see https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SendMessage.html
 */
export class SqsRemediationQueue implements RemediationQueue {
  private api: Promise<SqsApi> | undefined;

  public constructor(private readonly options: SqsRemediationQueueOptions) {}

  /** Queues the decision; the remediator decides later, so there is no outcome to return. */
  public async submit(request: RemediationRequest): Promise<undefined> {
    const { sdk, client } = await this.loadApi();
    const command = new sdk.SendMessageCommand({
      QueueUrl: this.options.queueUrl,
      MessageBody: remediationRequestBody(request),
      MessageAttributes: {
        action: { DataType: 'String', StringValue: request.action },
        type: { DataType: 'String', StringValue: request.type },
        version: { DataType: 'Number', StringValue: String(request.version) },
      },
    });
    await callAws('sqs:SendMessage', () => client.send(command));
    return undefined;
  }

  /** The SDK module and the client, on the first decision: a router whose routes remediate nothing never reads SQS's SDK code. */
  private loadApi(): Promise<SqsApi> {
    const budget = TIME_BUDGET.remediationQueue;
    this.api ??= import('./sqs-sdk').then((sdk) => ({ sdk, client: this.options.client ?? new sdk.SQSClient({ maxAttempts: budget.attempts, requestHandler: clientTimeouts(budget) }) }));
    return this.api;
  }
}
