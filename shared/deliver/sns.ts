import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { clientTimeouts, TIME_BUDGET } from '../budget';
import { repairText } from '../unicode';
import type { RenderedMessage } from './formats';
import { RequestSerializationError, UnknownTopicError } from './errors';
import { classifyPublishError } from './failures';
import type { MessageAttributes, Publisher, TopicTarget } from './types';

/** Options of {@link SnsPublisher}. */
export interface SnsPublisherOptions {
  /** Topic name -> SNS topic ARN. */
  arns: Readonly<Record<string, string>>;
  /** @default a client for the function's own Region, with the publish timeouts of the event budget and no SDK retries (see below) */
  client?: SNSClient;
  /** Total time one topic's publish may take, retries included. @default TIME_BUDGET.publish.totalMs */
  totalMs?: number;
  /**
   * Attempts per publish, the first included. @default {@link SNS_MAX_ATTEMPTS} with the
   * default client; 1 with a client of your own (its retry settings decide)
   */
  attempts?: number;
}

/**
 * Attempts per publish, including the first, and the base of the exponential backoff with full
 * jitter between them (the SDK's standard retry mode, done here so a timed-out attempt can be
 * told apart: see {@link SnsPublisher}).
 * @see https://docs.aws.amazon.com/sdkref/latest/guide/feature-retry-behavior.html
 */
export const SNS_MAX_ATTEMPTS = TIME_BUDGET.publish.attempts;
const BACKOFF_BASE_MS = 100;

/** Per attempt: connect and request timeouts from the event budget. */
export const SNS_TIMEOUTS = clientTimeouts(TIME_BUDGET.publish);

/**
 * A publish that got no answer in time may still have been accepted by SNS: sending it again
 * could deliver it twice. Such an attempt ends the invocation's tries for the topic; Lambda's
 * retry of the event tries once more, so a slow SNS sends at most one copy per invocation.
 */
const isAmbiguous = (error: unknown): boolean => {
  const name = (error as { name?: unknown } | undefined)?.name;
  return name === 'TimeoutError' || name === 'AbortError' || name === 'RequestTimeout';
};

/**
 * Makes an error the SDK throws before the request is built (in the `serialize` step: the
 * endpoint, then the protocol serializer) a {@link RequestSerializationError}, so it is never
 * retried; what fails later (signing, the network, SNS itself) passes through as it is. The
 * two middleware go on the command's own stack; a stubbed `send` (tests) runs neither.
 * @see https://aws.amazon.com/blogs/developer/middleware-stack-modular-aws-sdk-js/
 */
const reportSerializationFailures = (command: PublishCommand, operation: string): PublishCommand => {
  let built = false;
  command.middlewareStack.add(
    (next) => async (args) => {
      try {
        return await next(args);
      } catch (error) {
        throw built ? error : new RequestSerializationError(operation, { cause: error });
      }
    },
    { step: 'serialize', priority: 'high', name: 'heraldSerializationFailures' },
  );
  command.middlewareStack.add(
    (next) => (args) => {
      built = true;
      return next(args);
    },
    { step: 'build', priority: 'high', name: 'heraldRequestBuilt' },
  );
  return command;
};

/**
 * Publishes one String message per topic (SNS sends message attributes only with String
 * messages, not with `MessageStructure: json`), with a Subject for email topics and the
 * alert's message attributes for subscription filter policies. Retries throttling, server
 * errors and connections that failed before a request was sent, with backoff, within a total
 * time per topic; never a timed-out attempt (see {@link isAmbiguous}).
 *
 * Every string sent is repaired first (a lone UTF-16 surrogate becomes U+FFFD): the SDK's
 * query serializer would otherwise throw a `URIError` on every attempt and the alert could
 * never be published. Anything the SDK still throws before the request is built is a
 * {@link RequestSerializationError}, which no retry can fix.
 * @see https://docs.aws.amazon.com/sns/latest/api/API_Publish.html
 * @see https://docs.aws.amazon.com/sns/latest/dg/sns-message-filtering.html
 */
export class SnsPublisher implements Publisher {
  private readonly client: SNSClient;
  private readonly totalMs: number;
  private readonly attempts: number;

  public constructor(private readonly options: SnsPublisherOptions) {
    // maxAttempts 1: the retries are this class's own, so timeouts are not retried blindly.
    this.client = options.client ?? new SNSClient({ maxAttempts: 1, requestHandler: SNS_TIMEOUTS });
    this.totalMs = options.totalMs ?? TIME_BUDGET.publish.totalMs;
    this.attempts = options.attempts ?? (options.client === undefined ? SNS_MAX_ATTEMPTS : 1);
  }

  public async publish(topic: TopicTarget, message: RenderedMessage, attributes: MessageAttributes): Promise<string> {
    const arn = this.options.arns[topic.name];
    if (arn === undefined) throw new UnknownTopicError(topic.name);
    const command = reportSerializationFailures(
      new PublishCommand({
        TopicArn: arn,
        Message: repairText(message.body),
        ...(message.subject === undefined ? {} : { Subject: repairText(message.subject) }),
        MessageAttributes: Object.fromEntries(Object.entries(attributes).map(([name, value]) => [name, { DataType: 'String', StringValue: repairText(value) }])),
      }),
      'Publish',
    );
    const deadline = performance.now() + this.totalMs;
    for (let attempt = 1; ; attempt += 1) {
      try {
        const response = await this.client.send(command, { abortSignal: AbortSignal.timeout(Math.max(1, Math.ceil(deadline - performance.now()))) });
        return response.MessageId ?? arn;
      } catch (error) {
        const backoff = Math.random() * Math.min(2_000, BACKOFF_BASE_MS * 2 ** attempt);
        const retry = attempt < this.attempts && !isAmbiguous(error) && classifyPublishError(error).retryable && performance.now() + backoff < deadline;
        if (!retry) throw error;
        await sleep(backoff);
      }
    }
  }
}
