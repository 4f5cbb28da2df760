import type { SQSEvent, SQSRecord } from 'aws-lambda';
import { createHash } from 'node:crypto';
import type { InvocationResult, LambdaFunction } from './lambda';
import type { LocalSqs, SqsSentMessage } from './local-sqs';

/** One delivery of one message to the function: an SQS event of one record. */
export interface SqsDelivery {
  messageId: string;
  /** The record's `ApproximateReceiveCount`: 1 for the first delivery of this copy. */
  receiveCount: number;
  invocation: InvocationResult;
  /** Named in `batchItemFailures`, or the invocation failed: the message stays on the queue. */
  failed: boolean;
}

/** Options of {@link SqsEventSource}. */
export interface SqsEventSourceOptions {
  /** The queue's server; the source takes the messages sent to `queueUrl`. */
  queue: LocalSqs;
  queueUrl: string;
  target: LambdaFunction;
  /** The redrive policy's `maxReceiveCount`: a message that fails this many deliveries moves to the dead-letter queue. */
  maxReceiveCount: number;
  /** A failed message is invisible for the visibility timeout before it is delivered again: move the test clock. */
  onVisibilityTimeout?: () => void;
}

/** Options of {@link SqsEventSource.drain}. */
export interface SqsDrainOptions {
  /** How many copies of each new message are delivered, at once (SQS delivers at least once). @default 1 */
  copies?: number;
  /** Messages already handled, delivered again: a copy SQS had not deleted. */
  again?: readonly SqsSentMessage[];
  /** Called before each delivery (to change a fault as time passes). */
  beforeDelivery?: (delivery: { messageId: string; receiveCount: number }) => void;
}

/** A copy of a message on the queue, and how often it was received. */
interface InFlight {
  message: SqsSentMessage;
  receives: number;
}

const ACCOUNT = '111122223333';
const REGION = 'us-west-2';

/** Whether the function's answer names the message in `batchItemFailures`; an answer Lambda cannot read fails the batch. */
const reportsFailure = (response: unknown, messageId: string): boolean => {
  if (response === undefined || response === null) return false;
  const failures = (response as { batchItemFailures?: unknown }).batchItemFailures;
  if (!Array.isArray(failures)) return true;
  return failures.some((f) => (f as { itemIdentifier?: unknown } | undefined)?.itemIdentifier === messageId);
};

/**
 * An SQS event source mapping as Lambda runs one with `batchSize: 1` and
 * `functionResponseType: ReportBatchItemFailures`: each message sent to the queue becomes an
 * event of one record; a message the function reports in `batchItemFailures` (or whose
 * invocation fails) becomes visible again after the visibility timeout and is delivered again
 * with a higher `ApproximateReceiveCount`, until its `maxReceiveCount`th delivery fails and the
 * redrive policy moves it to the dead-letter queue. Nothing runs on its own: a test drains it.
 * @see https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-errorhandling.html
 * @see https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-dead-letter-queues.html
 * @example
 * const source = new SqsEventSource({ queue, queueUrl, target: remediator, maxReceiveCount: 5 });
 * const deliveries = await source.drain();
 */
export class SqsEventSource {
  /** How many of the queue's messages were taken so far. */
  private taken = 0;
  /** Every delivery so far, in the order they ended. */
  public readonly deliveries: SqsDelivery[] = [];
  /** The messages the redrive policy moved to the dead-letter queue. */
  public readonly deadLettered: SqsSentMessage[] = [];

  public constructor(private readonly options: SqsEventSourceOptions) {}

  /** The messages sent to the queue that the source has not taken yet. */
  public waiting(): SqsSentMessage[] {
    return this.options.queue.messages.slice(this.taken).filter((m) => m.queueUrl === this.options.queueUrl);
  }

  /**
   * Delivers what was sent since the last drain (and `again`), copies of one round at once, then
   * each failed copy again after the visibility timeout, until every copy succeeded or was
   * dead-lettered. Returns this drain's deliveries.
   */
  public async drain(drainOptions: SqsDrainOptions = {}): Promise<SqsDelivery[]> {
    const fresh = this.waiting();
    this.taken = this.options.queue.messages.length;
    const copies = drainOptions.copies ?? 1;
    let round: InFlight[] = [...fresh.flatMap((message) => Array.from({ length: copies }, () => ({ message, receives: 0 }))), ...(drainOptions.again ?? []).map((message) => ({ message, receives: 0 }))];
    const from = this.deliveries.length;
    while (round.length > 0) {
      const failed = await Promise.all(round.map((copy) => this.deliverCopy(copy, drainOptions)));
      round = round.filter((copy, i) => {
        if (!failed[i]) return false;
        if (copy.receives < this.options.maxReceiveCount) return true;
        this.deadLettered.push(copy.message);
        return false;
      });
      if (round.length > 0) this.options.onVisibilityTimeout?.();
    }
    return this.deliveries.slice(from);
  }

  private async deliverCopy(copy: InFlight, drainOptions: SqsDrainOptions): Promise<boolean> {
    copy.receives += 1;
    const { messageId } = copy.message;
    drainOptions.beforeDelivery?.({ messageId, receiveCount: copy.receives });
    const event: SQSEvent = { Records: [this.recordOf(copy)] };
    const invocation = await this.options.target.invoke(event, copy.receives);
    const failed = invocation.error !== undefined || reportsFailure(invocation.response, messageId);
    this.deliveries.push({ messageId, receiveCount: copy.receives, invocation, failed });
    return failed;
  }

  /** The record Lambda hands the function for one receive of a message. */
  private recordOf({ message, receives }: InFlight): SQSRecord {
    const queueName = this.options.queueUrl.slice(this.options.queueUrl.lastIndexOf('/') + 1);
    return {
      messageId: message.messageId,
      receiptHandle: Buffer.from(`${message.messageId}#${receives}`).toString('base64'),
      body: message.body,
      attributes: {
        ApproximateReceiveCount: String(receives),
        SentTimestamp: String(message.sentAt),
        SenderId: `AROAEXAMPLEROUTER:${ACCOUNT}`,
        ApproximateFirstReceiveTimestamp: String(message.sentAt),
      },
      messageAttributes: Object.fromEntries(
        Object.entries(message.messageAttributes).map(([name, a]) => [name, { dataType: a.DataType, stringValue: a.StringValue, stringListValues: [], binaryListValues: [] }]),
      ),
      md5OfBody: createHash('md5').update(message.body, 'utf8').digest('hex'),
      eventSource: 'aws:sqs',
      eventSourceARN: `arn:aws:sqs:${REGION}:${ACCOUNT}:${queueName}`,
      awsRegion: REGION,
    };
  }
}
