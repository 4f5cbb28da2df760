import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import type { RenderedMessage } from './formats';
import { UnknownTopicError } from './errors';
import type { MessageAttributes, Publisher, TopicTarget } from './types';

/** Options of {@link SnsPublisher}. */
export interface SnsPublisherOptions {
  /** Topic name -> SNS topic ARN. */
  arns: Readonly<Record<string, string>>;
  /** @default a client for the function's own Region, retrying as below */
  client?: SNSClient;
}

/**
 * Attempts per publish, including the first. The SDK's standard retry mode backs off
 * exponentially with full jitter and retries only throttling, 5xx and network errors.
 * @see https://docs.aws.amazon.com/sdkref/latest/guide/feature-retry-behavior.html
 */
export const SNS_MAX_ATTEMPTS = 5;

/**
 * Per attempt: a hung connection must not hold the invocation until Lambda's own timeout.
 * `throwOnRequestTimeout` makes the request timeout an error (retried) rather than a warning.
 * With the SDK's backoff (up to ~1s, doubling), five attempts stay well inside 30 s.
 */
export const SNS_TIMEOUTS = { connectionTimeout: 2_000, requestTimeout: 4_000, throwOnRequestTimeout: true } as const;

/**
 * Publishes one String message per topic (SNS sends message attributes only with String
 * messages, not with `MessageStructure: json`), with a Subject for email topics and the
 * alert's message attributes for subscription filter policies.
 * @see https://docs.aws.amazon.com/sns/latest/api/API_Publish.html
 * @see https://docs.aws.amazon.com/sns/latest/dg/sns-message-filtering.html
 */
export class SnsPublisher implements Publisher {
  private readonly client: SNSClient;

  public constructor(private readonly options: SnsPublisherOptions) {
    this.client = options.client ?? new SNSClient({ maxAttempts: SNS_MAX_ATTEMPTS, retryMode: 'standard', requestHandler: SNS_TIMEOUTS });
  }

  public async publish(topic: TopicTarget, message: RenderedMessage, attributes: MessageAttributes): Promise<string> {
    const arn = this.options.arns[topic.name];
    if (arn === undefined) throw new UnknownTopicError(topic.name);
    const response = await this.client.send(
      new PublishCommand({
        TopicArn: arn,
        Message: message.body,
        ...(message.subject === undefined ? {} : { Subject: message.subject }),
        MessageAttributes: Object.fromEntries(Object.entries(attributes).map(([name, value]) => [name, { DataType: 'String', StringValue: value }])),
      }),
    );
    return response.MessageId ?? arn;
  }
}
