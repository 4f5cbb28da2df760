import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { type RecordedRequest, type ScriptedFault, type ScriptedServer, startScriptedServer } from './scripted-server';

/** A JSON object as it travels on the wire (timestamps are epoch seconds, not Dates). */
export type WireObject = Record<string, unknown>;

/** A scripted misbehaviour, applied to the next matching requests. */
export interface AwsJsonFault extends ScriptedFault {
  /** Only requests for this operation (`DescribeServices`, `GetLogEvents`). @default every operation */
  operation?: string;
  /** Answer with this error code in `__type`. @default a normal answer (a delay alone) */
  error?: string;
  /** HTTP status of the error. @default 400, or 500 for the server's own server-error code */
  status?: number;
  /** `message` of the error. @default `Rate exceeded` for throttling, else the code */
  message?: string;
}

/** Fault presets: what the SDK's retry strategy sees as throttling, a server fault, a permission error, a slow answer. */
export const FAULTS = {
  /** `ThrottlingException` (400) on the next `times` requests: what ECS and CloudWatch Logs send over quota. */
  throttle: (times: number, operation?: string): AwsJsonFault => ({ operation, times, error: 'ThrottlingException', message: 'Rate exceeded' }),
  /** An HTTP 500 on the next `times` requests, with the service's own server error code. */
  serverError: (times: number, operation?: string): AwsJsonFault => ({ operation, times, status: 500 }),
  /** `AccessDeniedException` (400) for every request to `operation`: the role lacks the action. */
  accessDenied: (operation: string): AwsJsonFault => ({
    operation,
    error: 'AccessDeniedException',
    message: `User: arn:aws:sts::111122223333:assumed-role/herald-router/router is not authorized to perform: ${operation}`,
  }),
  /** Every answer to `operation` (or all) comes `delayMs` late. */
  delay: (delayMs: number, operation?: string, times?: number): AwsJsonFault => ({ operation, times, delayMs }),
} as const;

/** One request a server received, and what it answered. */
export interface AwsJsonRequest extends RecordedRequest {
  /** The whole `X-Amz-Target` header, e.g. `AmazonEC2ContainerServiceV20141113.DescribeServices`. */
  target: string;
  /** The operation part of the target. */
  operation: string;
  contentType: string | undefined;
  body: WireObject;
  /** The access key id the request was signed with (SigV4 `Credential=`), for whose credentials a server saw. */
  accessKeyId: string | undefined;
  /** `X-Amz-Security-Token`: the session token of temporary credentials, if any. */
  sessionToken: string | undefined;
  /** The `__type` of an error answer. */
  error?: string;
}

/** A thrown answer of an operation handler: a modelled AWS error. */
export class AwsJsonError extends Error {
  public constructor(
    public readonly code: string,
    message: string,
    public readonly status = 400,
  ) {
    super(message);
    this.name = 'AwsJsonError';
  }
}

/** An operation: request body in, response body out (or an {@link AwsJsonError} thrown). */
export type AwsJsonHandler = (body: WireObject) => WireObject | Promise<WireObject>;

/** Options of {@link startAwsJsonServer}. */
export interface AwsJsonServerOptions {
  /** The `X-Amz-Target` prefix before the dot, e.g. `Logs_20140328`. */
  targetPrefix: string;
  /** The error code of a 500 fault, as the service models it (`ServerException`). */
  serverErrorCode: string;
  handlers: Readonly<Record<string, AwsJsonHandler>>;
}

/** A loopback endpoint for a real SDK client speaking the AWS JSON 1.1 protocol. */
export interface AwsJsonServer extends ScriptedServer<AwsJsonRequest, AwsJsonFault> {
  /** The requests for one operation. */
  requestsFor(operation: string): AwsJsonRequest[];
}

const CONTENT_TYPE = 'application/x-amz-json-1.1';

const parseBody = (text: string): WireObject => {
  if (text === '') return {};
  const parsed: unknown = JSON.parse(text);
  return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as WireObject) : {};
};

/**
 * Starts a server on a free loopback port that speaks the AWS JSON 1.1 protocol as the SDK v3
 * clients send it: `POST /` with `Content-Type: application/x-amz-json-1.1` and
 * `X-Amz-Target: <prefix>.<Operation>`, answered with a JSON body, or an error as
 * `{"__type": "<code>", "message": "..."}` (400 for client errors, 500 for server errors) with
 * the code also in `x-amzn-errortype`, which is where the SDK looks first. Signatures are not
 * checked. It records every request and misbehaves as scripted with {@link AwsJsonServer.inject}.
 * @see https://smithy.io/2.0/aws/protocols/aws-json-1_1-protocol.html
 */
export const startAwsJsonServer = async (options: AwsJsonServerOptions): Promise<AwsJsonServer> => {
  const send = (res: ServerResponse, record: AwsJsonRequest, status: number, body: WireObject, error?: string): void => {
    if (res.destroyed || res.socket === null || res.socket.destroyed) {
      record.outcome = 'gone';
      return;
    }
    const text = JSON.stringify(body);
    record.outcome = status;
    if (error !== undefined) record.error = error;
    res.writeHead(status, {
      'content-type': CONTENT_TYPE,
      'content-length': Buffer.byteLength(text),
      'x-amzn-requestid': randomUUID(),
      ...(error === undefined ? {} : { 'x-amzn-errortype': error }),
    });
    res.end(text);
  };

  const answer = (res: ServerResponse, record: AwsJsonRequest, fault: AwsJsonFault | undefined): void => {
    if (fault?.error !== undefined || fault?.status !== undefined) {
      const code = fault.error ?? (fault.status !== undefined && fault.status >= 500 ? options.serverErrorCode : 'ValidationException');
      const status = fault.status ?? (code === options.serverErrorCode ? 500 : 400);
      send(res, record, status, { __type: code, message: fault.message ?? code }, code);
      return;
    }
    const handler = options.handlers[record.operation];
    if (record.target.split('.')[0] !== options.targetPrefix || handler === undefined) {
      send(res, record, 400, { __type: 'UnknownOperationException', message: `Unknown operation ${record.target}` }, 'UnknownOperationException');
      return;
    }
    const fail = (error: unknown): void => {
      const known = error instanceof AwsJsonError ? error : new AwsJsonError(options.serverErrorCode, String(error), 500);
      send(res, record, known.status, { __type: known.code, message: known.message }, known.code);
    };
    let body: WireObject | Promise<WireObject>;
    try {
      body = handler(record.body);
    } catch (error: unknown) {
      fail(error);
      return;
    }
    // A handler may answer later (a replay that runs its events before answering).
    if (body instanceof Promise) body.then((later) => send(res, record, 200, later), fail);
    else send(res, record, 200, body);
  };

  const server = await startScriptedServer<AwsJsonRequest, AwsJsonFault>({
    record(req, text, arrival) {
      const target = String(req.headers['x-amz-target'] ?? '');
      return {
        ...arrival,
        target,
        operation: target.slice(target.indexOf('.') + 1),
        contentType: req.headers['content-type'],
        body: parseBody(text),
        accessKeyId: /Credential=([^/,\s]+)\//.exec(String(req.headers.authorization ?? ''))?.[1],
        sessionToken: typeof req.headers['x-amz-security-token'] === 'string' ? req.headers['x-amz-security-token'] : undefined,
        outcome: 'gone',
      };
    },
    matches: (fault, record) => fault.operation === undefined || fault.operation === record.operation,
    answer,
  });
  return { ...server, requestsFor: (operation) => server.requests.filter((r) => r.operation === operation) };
};

/** The last `/`-separated part of an ARN, or the name itself. */
export const lastPart = (arnOrName: string): string => arnOrName.slice(arnOrName.lastIndexOf('/') + 1);
/** A wire value, when it is a string. */
export const stringOf = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
/** The strings of a wire array (anything else: none). */
export const stringsOf = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []);
