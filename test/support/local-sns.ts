import { randomUUID } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';

/**
 * The SNS errors the local server can answer with: the query-protocol error code, its HTTP
 * status and its fault type. Statuses are the ones in the SDK's SNS model (`awsQueryError`
 * traits in @aws-sdk/client-sns), which follow the Publish error list; `Throttled` is 429 there,
 * and a fault can override the status to see how the client copes with a 400 `Throttled`.
 * @see https://docs.aws.amazon.com/sns/latest/api/API_Publish.html#API_Publish_Errors
 * @see https://docs.aws.amazon.com/sns/latest/api/CommonErrors.html
 */
export const SNS_ERRORS = {
  Throttled: { status: 429, type: 'Sender', message: 'Rate exceeded' },
  InternalError: { status: 500, type: 'Receiver', message: 'Internal Error' },
  NotFound: { status: 404, type: 'Sender', message: 'Topic does not exist' },
  AuthorizationError: { status: 403, type: 'Sender', message: 'User: arn:aws:sts::111122223333:assumed-role/herald/router is not authorized to perform: SNS:Publish' },
  KMSDisabled: { status: 400, type: 'Sender', message: 'Invalid parameter: The request failed because the KMS key is disabled.' },
  KMSThrottling: { status: 400, type: 'Sender', message: 'Rate exceeded for the KMS key' },
  InvalidParameter: { status: 400, type: 'Sender', message: 'Invalid parameter: TopicArn' },
  InvalidAction: { status: 400, type: 'Sender', message: 'The action or operation requested is invalid.' },
} as const;

/** An error code {@link SNS_ERRORS} knows. */
export type SnsErrorCode = keyof typeof SNS_ERRORS;

/** A scripted misbehaviour, applied to the next matching requests. */
export interface SnsFault {
  /** Only requests publishing to this topic ARN. @default every request */
  topicArn?: string;
  /** How many matching requests it applies to. @default Infinity */
  times?: number;
  /** Hold the response this long before answering (or dropping). */
  delayMs?: number;
  /** Answer with this SNS error. @default a successful publish */
  error?: SnsErrorCode;
  /** Answer with this HTTP status instead of the error's own. */
  status?: number;
  /** Drop the connection without an answer (the client sees a reset socket). */
  reset?: boolean;
}

/** A message attribute as the query protocol carried it. */
export interface SnsMessageAttribute {
  dataType: string;
  stringValue?: string;
}

/** One request the server received, decoded, and what it answered. */
export interface SnsRequest {
  /** `performance.now()` when the request arrived, for gaps between attempts. */
  at: number;
  receivedAt: Date;
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  /** Every form field, decoded. */
  fields: Readonly<Record<string, string>>;
  action: string | undefined;
  topicArn: string | undefined;
  subject: string | undefined;
  message: string | undefined;
  attributes: Readonly<Record<string, SnsMessageAttribute>>;
  /** The HTTP status sent, `reset` for a dropped connection, `gone` when the client left first. */
  outcome: number | 'reset' | 'gone';
  /** The error code sent, if any. */
  error?: string;
  /** The MessageId of a successful publish. */
  messageId?: string;
}

/** A loopback SNS endpoint for a real `SNSClient`. */
export interface LocalSns {
  /** `http://127.0.0.1:<port>`, for the client's `endpoint`. */
  endpoint: string;
  /** Every request so far, in arrival order. */
  readonly requests: readonly SnsRequest[];
  /** The requests that published to one topic. */
  requestsFor(topicArn: string): SnsRequest[];
  /** Adds a fault; faults are matched in the order they were added, and each use counts down. */
  inject(fault: SnsFault): void;
  /** Forgets faults and recorded requests. */
  reset(): void;
  close(): Promise<void>;
}

const XML_NAMESPACE = 'http://sns.amazonaws.com/doc/2010-03-31/';

const escapeXml = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c] ?? c);

/** `MessageAttributes.entry.N.Name` / `.Value.DataType` / `.Value.StringValue` -> name -> value. */
const decodeAttributes = (fields: Readonly<Record<string, string>>): Record<string, SnsMessageAttribute> => {
  const attributes: Record<string, SnsMessageAttribute> = {};
  for (let n = 1; fields[`MessageAttributes.entry.${n}.Name`] !== undefined; n += 1) {
    const prefix = `MessageAttributes.entry.${n}`;
    const stringValue = fields[`${prefix}.Value.StringValue`];
    attributes[fields[`${prefix}.Name`] ?? ''] = {
      dataType: fields[`${prefix}.Value.DataType`] ?? '',
      ...(stringValue === undefined ? {} : { stringValue }),
    };
  }
  return attributes;
};

const readBody = (req: IncomingMessage): Promise<string> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });

/**
 * Starts an SNS endpoint on a free loopback port that speaks the query protocol as the SDK v3
 * client does: a form-encoded POST with `Action=Publish&Version=2010-03-31`, answered with a
 * `PublishResponse` or an `ErrorResponse` document. It records every request and misbehaves
 * as scripted with {@link LocalSns.inject}.
 * @see https://docs.aws.amazon.com/sns/latest/api/API_Publish.html
 */
export const startLocalSns = async (): Promise<LocalSns> => {
  const requests: SnsRequest[] = [];
  let faults: Array<SnsFault & { left: number }> = [];
  const timers = new Set<NodeJS.Timeout>();

  const takeFault = (topicArn: string | undefined): SnsFault | undefined => {
    const fault = faults.find((f) => f.left > 0 && (f.topicArn === undefined || f.topicArn === topicArn));
    if (fault !== undefined) fault.left -= 1;
    return fault;
  };

  const answer = (res: ServerResponse, record: SnsRequest, fault: SnsFault | undefined): void => {
    if (res.destroyed || res.socket === null || res.socket.destroyed) {
      record.outcome = 'gone';
      return;
    }
    if (fault?.reset === true) {
      record.outcome = 'reset';
      res.socket.destroy();
      return;
    }
    const requestId = randomUUID();
    const code: SnsErrorCode | undefined =
      fault?.error ?? (record.action !== 'Publish' ? 'InvalidAction' : record.topicArn === undefined ? 'InvalidParameter' : undefined);
    let status: number;
    let body: string;
    if (code === undefined) {
      status = 200;
      record.messageId = randomUUID();
      body = `<PublishResponse xmlns="${XML_NAMESPACE}"><PublishResult><MessageId>${record.messageId}</MessageId></PublishResult><ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></PublishResponse>`;
    } else {
      const error = SNS_ERRORS[code];
      status = fault?.status ?? error.status;
      record.error = code;
      body = `<ErrorResponse xmlns="${XML_NAMESPACE}"><Error><Type>${error.type}</Type><Code>${code}</Code><Message>${escapeXml(error.message)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`;
    }
    record.outcome = status;
    res.writeHead(status, { 'content-type': 'text/xml', 'x-amzn-requestid': requestId, 'content-length': Buffer.byteLength(body) });
    res.end(body);
  };

  const server = createServer((req, res) => {
    const at = performance.now();
    const receivedAt = new Date();
    readBody(req).then(
      (body) => {
        const fields = Object.fromEntries(new URLSearchParams(body));
        const record: SnsRequest = {
          at,
          receivedAt,
          method: req.method ?? '',
          path: req.url ?? '',
          headers: req.headers,
          fields,
          action: fields.Action,
          topicArn: fields.TopicArn,
          subject: fields.Subject,
          message: fields.Message,
          attributes: decodeAttributes(fields),
          outcome: 'gone',
        };
        requests.push(record);
        const fault = takeFault(record.topicArn);
        if (fault?.delayMs === undefined) {
          answer(res, record, fault);
          return;
        }
        const timer = setTimeout(() => {
          timers.delete(timer);
          answer(res, record, fault);
        }, fault.delayMs);
        timers.add(timer);
      },
      () => res.destroy(),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    endpoint: `http://127.0.0.1:${port}`,
    requests,
    requestsFor: (topicArn) => requests.filter((r) => r.topicArn === topicArn),
    inject(fault) {
      faults.push({ ...fault, left: fault.times ?? Number.POSITIVE_INFINITY });
    },
    reset() {
      faults = [];
      requests.length = 0;
    },
    async close() {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
};
