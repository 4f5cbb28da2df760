import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { type RecordedRequest, type ScriptedFault, type ScriptedServer, startScriptedServer } from './scripted-server';

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
export interface SnsFault extends ScriptedFault {
  /** Only requests publishing to this topic ARN. @default every request */
  topicArn?: string;
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
export interface SnsRequest extends RecordedRequest {
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
  /**
   * What counts against the Publish size limit, in bytes of UTF-8: the message, plus each
   * message attribute's name, data type and value.
   */
  payloadBytes: number;
  /** Bytes of the HTTP request body (form-encoded, so larger than the payload). */
  bodyBytes: number;
  /** The error code sent, if any. */
  error?: string;
  /** The MessageId of a successful publish. */
  messageId?: string;
}

/** A loopback SNS endpoint for a real `SNSClient`. */
export interface LocalSns extends ScriptedServer<SnsRequest, SnsFault> {
  /** The requests that published to one topic. */
  requestsFor(topicArn: string): SnsRequest[];
}

const XML_NAMESPACE = 'http://sns.amazonaws.com/doc/2010-03-31/';

/**
 * The most a Publish may carry: 256 KiB of message, message attributes included (each
 * attribute's name, data type and value count). SNS refuses more with `InvalidParameter`.
 * @see https://docs.aws.amazon.com/sns/latest/api/API_Publish.html (Message)
 * @see https://docs.aws.amazon.com/sns/latest/api/API_MessageAttributeValue.html ("All parts of the message
 *   attribute, including name, type, and value, are included in the message size restriction")
 */
export const SNS_MAX_PAYLOAD_BYTES = 262_144;

const utf8Bytes = (text: string | undefined): number => (text === undefined ? 0 : Buffer.byteLength(text, 'utf8'));

/** The payload size SNS checks against {@link SNS_MAX_PAYLOAD_BYTES}. */
const payloadBytesOf = (message: string | undefined, attributes: Readonly<Record<string, SnsMessageAttribute>>): number =>
  Object.entries(attributes).reduce((sum, [name, a]) => sum + utf8Bytes(name) + utf8Bytes(a.dataType) + utf8Bytes(a.stringValue), utf8Bytes(message));

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

/**
 * What SNS counts towards its message size limit: the message, and every part of each message
 * attribute (name, data type, value).
 * @see https://docs.aws.amazon.com/sns/latest/api/API_MessageAttributeValue.html
 */
export const messageBytes = (request: Pick<SnsRequest, 'message' | 'attributes'>): number => payloadBytesOf(request.message, request.attributes);

/**
 * Starts an SNS endpoint on a free loopback port that speaks the query protocol as the SDK v3
 * client does: a form-encoded POST with `Action=Publish&Version=2010-03-31`, answered with a
 * `PublishResponse` or an `ErrorResponse` document. Like SNS, it refuses a payload over
 * {@link SNS_MAX_PAYLOAD_BYTES}. It records every request and misbehaves as scripted with
 * {@link LocalSns.inject}.
 * @see https://docs.aws.amazon.com/sns/latest/api/API_Publish.html
 */
export const startLocalSns = async (): Promise<LocalSns> => {
  const server = await startScriptedServer<SnsRequest, SnsFault>({
    record(req, body, arrival) {
      const fields = Object.fromEntries(new URLSearchParams(body));
      const attributes = decodeAttributes(fields);
      return {
        ...arrival,
        method: req.method ?? '',
        path: req.url ?? '',
        headers: req.headers,
        fields,
        action: fields.Action,
        topicArn: fields.TopicArn,
        subject: fields.Subject,
        message: fields.Message,
        attributes,
        payloadBytes: payloadBytesOf(fields.Message, attributes),
        bodyBytes: Buffer.byteLength(body, 'utf8'),
        outcome: 'gone',
      };
    },
    matches: (fault, record) => fault.topicArn === undefined || fault.topicArn === record.topicArn,
    answer(res, record, fault) {
      if (fault?.reset === true) {
        record.outcome = 'reset';
        res.socket?.destroy();
        return;
      }
      const requestId = randomUUID();
      const tooLong = record.action === 'Publish' && record.payloadBytes > SNS_MAX_PAYLOAD_BYTES;
      const code: SnsErrorCode | undefined =
        fault?.error ?? (record.action !== 'Publish' ? 'InvalidAction' : record.topicArn === undefined || tooLong ? 'InvalidParameter' : undefined);
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
        const message = fault?.error === undefined && tooLong ? 'Invalid parameter: Message too long' : error.message;
        body = `<ErrorResponse xmlns="${XML_NAMESPACE}"><Error><Type>${error.type}</Type><Code>${code}</Code><Message>${escapeXml(message)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`;
      }
      record.outcome = status;
      res.writeHead(status, { 'content-type': 'text/xml', 'x-amzn-requestid': requestId, 'content-length': Buffer.byteLength(body) });
      res.end(body);
    },
  });
  return { ...server, requestsFor: (topicArn) => server.requests.filter((r) => r.topicArn === topicArn) };
};
