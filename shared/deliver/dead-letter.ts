import type { SQSClient } from '@aws-sdk/client-sqs';
import { clientTimeouts, TIME_BUDGET } from '../budget';
import type { Notification } from './types';
import { repairStrings } from '../unicode';

/** An alert that could not be delivered to a topic, and why: what the dead-letter queue keeps. */
export interface DeadLetter {
  reason: 'permanent-delivery-failure';
  eventId: string;
  route: string;
  topic: string;
  error: { name: string; message: string };
  alert: Notification;
  /** The message that could not be published, as rendered. */
  message: string;
}

/** The dead-letter port: where undeliverable alerts go. Adapters: SQS, memory. */
export interface DeadLetters {
  send(letter: DeadLetter): Promise<void>;
}

/** The SQS SDK module (shared/deliver/sqs-sdk.ts) and the client made with it. */
interface SqsApi {
  sdk: typeof import('./sqs-sdk');
  client: SQSClient;
}

/** Options of {@link SqsDeadLetters}. */
export interface SqsDeadLettersOptions {
  queueUrl: string;
  /** @default a client for the function's own Region and credentials, made on the first dead letter */
  client?: SQSClient;
}

/** SQS message bodies are limited to 256 KiB; an oversized alert keeps its head. */
const MAX_BODY_BYTES = 256 * 1024;

/**
 * Sends dead letters to the SQS dead-letter queue (the one that also holds failed
 * invocations), as JSON with a `reason` field to tell them apart. Strings are repaired before
 * serializing (a lone surrogate becomes U+FFFD): `JSON.stringify` would write it as a `\ud800`
 * escape, which a strict JSON reader of the queue (a redrive tool, another language) rejects.
 * @see https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SendMessage.html
 */
export class SqsDeadLetters implements DeadLetters {
  private api: Promise<SqsApi> | undefined;

  public constructor(private readonly options: SqsDeadLettersOptions) {}

  public async send(letter: DeadLetter): Promise<void> {
    const repaired = repairStrings(letter);
    let body = JSON.stringify(repaired);
    if (Buffer.byteLength(body) > MAX_BODY_BYTES) body = JSON.stringify({ ...repaired, message: '(omitted: too large)', alert: { ...repaired.alert, evidence: [] } });
    const { sdk, client } = await this.loadApi();
    await client.send(new sdk.SendMessageCommand({ QueueUrl: this.options.queueUrl, MessageBody: body }));
  }

  /** The SDK module and the client, on the first dead letter: most function instances never send one. */
  private loadApi(): Promise<SqsApi> {
    this.api ??= import('./sqs-sdk').then((sdk) => ({
      sdk,
      client: this.options.client ?? new sdk.SQSClient({ maxAttempts: TIME_BUDGET.deadLetter.attempts, requestHandler: clientTimeouts(TIME_BUDGET.deadLetter) }),
    }));
    return this.api;
  }
}

/** Dead letters kept in memory, for the CLI and tests. */
export class MemoryDeadLetters implements DeadLetters {
  public readonly letters: DeadLetter[] = [];

  public async send(letter: DeadLetter): Promise<void> {
    this.letters.push(letter);
  }
}
