import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { type RecordedRequest, type ScriptedFault, type ScriptedServer, startScriptedServer } from './scripted-server';
import recordedClusters from '../fixtures/ecs-api/int-describe-clusters.json';
import recordedServices from '../fixtures/ecs-api/int-describe-services.json';
import recordedTaskDefinition41 from '../fixtures/ecs-api/int-describe-task-definition-41.json';
import recordedTaskDefinition42 from '../fixtures/ecs-api/int-describe-task-definition-42.json';
import recordedTasks from '../fixtures/ecs-api/int-describe-tasks.json';

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
export type AwsJsonHandler = (body: WireObject) => WireObject;

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
    try {
      send(res, record, 200, handler(record.body));
    } catch (error: unknown) {
      const known = error instanceof AwsJsonError ? error : new AwsJsonError(options.serverErrorCode, String(error), 500);
      send(res, record, known.status, { __type: known.code, message: known.message }, known.code);
    }
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
        outcome: 'gone',
      };
    },
    matches: (fault, record) => fault.operation === undefined || fault.operation === record.operation,
    answer,
  });
  return { ...server, requestsFor: (operation) => server.requests.filter((r) => r.operation === operation) };
};

/** What the local ECS knows: services, task definitions and clusters, in their wire shape. */
export interface EcsCatalog {
  /** `Service` objects (with `tags`); each names its cluster in `clusterArn`. */
  services: readonly WireObject[];
  /** DescribeTaskDefinition responses: `{ taskDefinition, tags }`. */
  taskDefinitions: readonly WireObject[];
  /** `Cluster` objects (with `tags`). */
  clusters: readonly WireObject[];
  /** Stopped `Task` objects (each names its cluster and `group: service:<name>`). */
  tasks: readonly WireObject[];
}

/**
 * The recorded-shape catalog: cluster `prod`, service `payments-api` (a failed deployment of
 * revision 42 as PRIMARY, revision 41 still ACTIVE), and both task definitions.
 */
export const recordedEcsCatalog = (): EcsCatalog =>
  structuredClone({
    services: recordedServices.services,
    taskDefinitions: [recordedTaskDefinition41, recordedTaskDefinition42],
    clusters: recordedClusters.clusters,
    tasks: recordedTasks.tasks,
  });

const ACCOUNT = '111122223333';
const REGION = 'us-west-2';

/** The last `/`-separated part of an ARN, or the name itself. */
const lastPart = (arnOrName: string): string => arnOrName.slice(arnOrName.lastIndexOf('/') + 1);
const stringOf = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
const stringsOf = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []);
const withoutTags = (item: WireObject, include: unknown): WireObject => {
  if (stringsOf(include).includes('TAGS')) return item;
  const { tags: _tags, ...rest } = item;
  return rest;
};

/**
 * The three read operations the enrich stage calls, over a catalog. As ECS does: up to 10
 * services per call (more is an `InvalidParameterException`); unknown services and clusters
 * are `failures` entries with reason `MISSING`; tags only with `include: ["TAGS"]`; an unknown
 * task definition is a `ClientException`.
 * @see https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DescribeServices.html
 * @see https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DescribeTaskDefinition.html
 * @see https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DescribeClusters.html
 */
const ecsHandlers = (catalog: EcsCatalog): Record<string, AwsJsonHandler> => ({
  DescribeServices(body) {
    const cluster = lastPart(stringOf(body.cluster) ?? 'default');
    const names = stringsOf(body.services);
    if (names.length === 0 || names.length > 10) {
      throw new AwsJsonError('InvalidParameterException', 'services should have between 1 and 10 items.');
    }
    const services: WireObject[] = [];
    const failures: WireObject[] = [];
    for (const name of names.map(lastPart)) {
      const found = catalog.services.find((s) => s.serviceName === name && lastPart(stringOf(s.clusterArn) ?? '') === cluster);
      if (found === undefined) failures.push({ arn: `arn:aws:ecs:${REGION}:${ACCOUNT}:service/${cluster}/${name}`, reason: 'MISSING' });
      else services.push(withoutTags(found, body.include));
    }
    return { services, failures };
  },
  DescribeTaskDefinition(body) {
    const wanted = stringOf(body.taskDefinition) ?? '';
    const [family, revision] = lastPart(wanted).split(':');
    const candidates = catalog.taskDefinitions.filter((t) => (t.taskDefinition as WireObject | undefined)?.family === family);
    const found =
      revision === undefined
        ? candidates.at(-1)
        : candidates.find((t) => String((t.taskDefinition as WireObject | undefined)?.revision) === revision);
    if (found === undefined) throw new AwsJsonError('ClientException', 'Unable to describe task definition.');
    return stringsOf(body.include).includes('TAGS') ? found : { taskDefinition: found.taskDefinition };
  },
  ListTasks(body) {
    const cluster = lastPart(stringOf(body.cluster) ?? 'default');
    const service = stringOf(body.serviceName);
    const taskArns = catalog.tasks
      .filter((t) => lastPart(stringOf(t.clusterArn) ?? '') === cluster && (service === undefined || t.group === `service:${service}`))
      .filter((t) => body.desiredStatus === undefined || t.desiredStatus === body.desiredStatus)
      .map((t) => t.taskArn);
    return { taskArns };
  },
  DescribeTasks(body) {
    const wanted = new Set(stringsOf(body.tasks).map(lastPart));
    if (wanted.size === 0 || wanted.size > 100) throw new AwsJsonError('InvalidParameterException', 'tasks should have between 1 and 100 items.');
    const tasks = catalog.tasks.filter((t) => wanted.has(lastPart(stringOf(t.taskArn) ?? '')));
    const failures = [...wanted].filter((id) => !tasks.some((t) => lastPart(stringOf(t.taskArn) ?? '') === id)).map((id) => ({ arn: id, reason: 'MISSING' }));
    return { tasks, failures };
  },
  DescribeClusters(body) {
    const names = stringsOf(body.clusters);
    const clusters: WireObject[] = [];
    const failures: WireObject[] = [];
    for (const name of (names.length === 0 ? ['default'] : names).map(lastPart)) {
      const found = catalog.clusters.find((c) => c.clusterName === name);
      if (found === undefined) failures.push({ arn: `arn:aws:ecs:${REGION}:${ACCOUNT}:cluster/${name}`, reason: 'MISSING' });
      else clusters.push(withoutTags(found, body.include));
    }
    return { clusters, failures };
  },
});

/** A loopback ECS endpoint for a real `ECSClient`. */
export type LocalEcs = AwsJsonServer;

/**
 * Starts a loopback ECS endpoint (DescribeServices, DescribeTaskDefinition, DescribeClusters,
 * ListTasks, DescribeTasks)
 * serving `catalog`, for `new ECSClient({ endpoint: ecs.endpoint, ... })`.
 * @example
 * const ecs = await startLocalEcs();
 * ecs.inject(FAULTS.throttle(4, 'DescribeServices'));
 */
export const startLocalEcs = (catalog: EcsCatalog = recordedEcsCatalog()): Promise<LocalEcs> =>
  startAwsJsonServer({ targetPrefix: 'AmazonEC2ContainerServiceV20141113', serverErrorCode: 'ServerException', handlers: ecsHandlers(catalog) });
