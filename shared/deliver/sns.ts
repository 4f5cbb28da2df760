import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import type { Alert } from '../normalize';
import { renderEmail } from './email';
import type { DeliveryResult, Notifier } from './types';

/** Options of {@link SnsNotifier}. */
export interface SnsNotifierOptions {
  /** @default a client for the Lambda's own Region and credentials */
  client?: SNSClient;
  /** Destination name to topic ARN. */
  topics: Readonly<Record<string, string>>;
}

/** Thrown when a route names a destination with no topic; a configuration bug, never retried. */
export class UnknownDestinationError extends Error {
  public constructor(public readonly destination: string) {
    super(`no SNS topic for destination "${destination}"`);
    this.name = 'UnknownDestinationError';
  }
}

/** SNS message attribute values are limited to 256 KB in all; labels are short, but stay safe. */
const attribute = (value: string | undefined) =>
  value === undefined || value === '' ? undefined : { DataType: 'String', StringValue: value.slice(0, 256) };

/**
 * Publishes the plain-text email of an alert to each destination's SNS topic, with message
 * attributes subscribers can filter on. A failed publish throws (after the SDK's own retries
 * with backoff), so Lambda retries the event and its on-failure destination keeps it.
 * @see https://docs.aws.amazon.com/sns/latest/api/API_Publish.html
 * @see https://docs.aws.amazon.com/sns/latest/dg/sns-message-filtering.html
 */
export class SnsNotifier implements Notifier {
  private readonly client: SNSClient;

  public constructor(private readonly options: SnsNotifierOptions) {
    this.client = options.client ?? new SNSClient({});
  }

  public async notify(alert: Alert, destinations: readonly string[], route: string): Promise<DeliveryResult[]> {
    const email = renderEmail(alert, { route });
    const attributes = Object.fromEntries(
      Object.entries({
        severity: attribute(alert.severity),
        category: attribute(alert.category),
        status: attribute(alert.status),
        cluster: attribute(alert.labels.cluster),
        service: attribute(alert.labels.service),
        account: attribute(alert.labels.account),
        region: attribute(alert.labels.region),
        route: attribute(route),
      }).filter(([, v]) => v !== undefined),
    ) as Record<string, { DataType: string; StringValue: string }>;
    const results: DeliveryResult[] = [];
    for (const destination of destinations) {
      const topicArn = this.options.topics[destination];
      if (topicArn === undefined) throw new UnknownDestinationError(destination);
      const response = await this.client.send(
        new PublishCommand({ TopicArn: topicArn, Subject: email.subject, Message: email.body, MessageAttributes: attributes }),
      );
      results.push({ destination, location: response.MessageId ?? topicArn });
    }
    return results;
  }
}
