import { createHash, randomUUID } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type RequestListener, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { answerOnTestClock } from './scripted-server';

/** One SendMessage the server accepted. */
export interface SqsSentMessage {
  headers: IncomingHttpHeaders;
  queueUrl: string;
  body: string;
  /** `MessageAttributes` as sent: name -> `{ DataType, StringValue }`. */
  messageAttributes: Readonly<Record<string, SqsMessageAttribute>>;
  messageId: string;
  /** When the server took it (epoch ms, by `Date`, which a test may fake). */
  sentAt: number;
}

/** A message attribute on the wire (the JSON protocol's `MessageAttributeValue`). */
export interface SqsMessageAttribute {
  DataType: string;
  StringValue?: string;
}

/** A loopback SQS endpoint for a real `SQSClient`, accepting `SendMessage` only. */
export interface LocalSqs {
  /** `http://127.0.0.1:<port>` (`https://` with {@link LocalSqsOptions.tls}), for the client's `endpoint`. */
  endpoint: string;
  /** A queue URL on this endpoint. */
  queueUrl(name: string): string;
  /** Every message sent so far, in order. */
  readonly messages: readonly SqsSentMessage[];
  reset(): void;
  close(): Promise<void>;
}

const JSON_CONTENT_TYPE = 'application/x-amz-json-1.0';

/** Options of {@link startLocalSqs}. */
export interface LocalSqsOptions {
  /**
   * Serve https with this key and certificate (see `loopback-tls.ts`). A client given only a
   * queue URL sends to that URL's host, and herald's settings accept only `https://` queue
   * URLs: this is how such a client reaches a loopback queue. @default plain http
   */
  tls?: { key: string; cert: string };
}

/**
 * Starts an SQS endpoint on a free loopback port that speaks the AWS JSON 1.0 protocol the
 * current SDK v3 client uses: `POST /` with `X-Amz-Target: AmazonSQS.SendMessage` and a JSON
 * body, answered with `MessageId` and `MD5OfMessageBody` (the client checks the digest).
 * @see https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SendMessage.html
 */
export const startLocalSqs = async (options: LocalSqsOptions = {}): Promise<LocalSqs> => {
  const messages: SqsSentMessage[] = [];
  const listener: RequestListener<typeof IncomingMessage, typeof ServerResponse> = (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const reply = (status: number, payload: object, headers: Record<string, string> = {}): void => {
        const body = JSON.stringify(payload);
        answerOnTestClock(res);
        res.writeHead(status, { 'content-type': JSON_CONTENT_TYPE, 'x-amzn-requestid': randomUUID(), ...headers });
        res.end(body);
      };
      let input: { QueueUrl?: unknown; MessageBody?: unknown; MessageAttributes?: unknown } = {};
      try {
        input = JSON.parse(Buffer.concat(chunks).toString('utf8')) as typeof input;
      } catch {
        // Left empty: answered as a missing parameter below.
      }
      if (req.headers['x-amz-target'] !== 'AmazonSQS.SendMessage') {
        // SQS is awsQueryCompatible: the query-era code travels in x-amzn-query-error.
        reply(400, { __type: 'com.amazonaws.sqs#UnsupportedOperation', message: `${String(req.headers['x-amz-target'])} is not supported here` }, { 'x-amzn-query-error': 'AWS.SimpleQueueService.UnsupportedOperation;Sender' });
        return;
      }
      if (typeof input.QueueUrl !== 'string' || typeof input.MessageBody !== 'string') {
        reply(400, { __type: 'com.amazonaws.sqs#MissingParameter', message: 'QueueUrl and MessageBody are required' }, { 'x-amzn-query-error': 'MissingParameter;Sender' });
        return;
      }
      const messageId = randomUUID();
      const messageAttributes = typeof input.MessageAttributes === 'object' && input.MessageAttributes !== null ? (input.MessageAttributes as Record<string, SqsMessageAttribute>) : {};
      messages.push({ headers: req.headers, queueUrl: input.QueueUrl, body: input.MessageBody, messageAttributes, messageId, sentAt: Date.now() });
      reply(200, { MessageId: messageId, MD5OfMessageBody: createHash('md5').update(input.MessageBody, 'utf8').digest('hex') });
    });
  };
  const server = options.tls === undefined ? createServer(listener) : createHttpsServer(options.tls, listener);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const endpoint = `${options.tls === undefined ? 'http' : 'https'}://127.0.0.1:${port}`;
  return {
    endpoint,
    queueUrl: (name) => `${endpoint}/111122223333/${name}`,
    messages,
    reset() {
      messages.length = 0;
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
};
