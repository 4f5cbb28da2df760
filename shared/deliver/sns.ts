import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { repairText } from '../unicode';
import type { RenderedMessage } from './formats';
import { RequestSerializationError, UnknownTopicError } from './errors';
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
 * alert's message attributes for subscription filter policies.
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

  public constructor(private readonly options: SnsPublisherOptions) {
    this.client = options.client ?? new SNSClient({ maxAttempts: SNS_MAX_ATTEMPTS, retryMode: 'standard', requestHandler: SNS_TIMEOUTS });
  }

  public async publish(topic: TopicTarget, message: RenderedMessage, attributes: MessageAttributes): Promise<string> {
    const arn = this.options.arns[topic.name];
    if (arn === undefined) throw new UnknownTopicError(topic.name);
    const command = new PublishCommand({
      TopicArn: arn,
      Message: repairText(message.body),
      ...(message.subject === undefined ? {} : { Subject: repairText(message.subject) }),
      MessageAttributes: Object.fromEntries(Object.entries(attributes).map(([name, value]) => [name, { DataType: 'String', StringValue: repairText(value) }])),
    });
    const response = await this.client.send(reportSerializationFailures(command, 'Publish'));
    return response.MessageId ?? arn;
  }
}
