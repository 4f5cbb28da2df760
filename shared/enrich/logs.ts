import type { CloudWatchLogsClient, OutputLogEvent } from '@aws-sdk/client-cloudwatch-logs';
import { failureReason } from './ecs-failures';
import { clientTimeouts, TIME_BUDGET } from '../budget';
import { redactLines, type Redactor } from './redact';
import { TokenBucket } from './rate-limit';
import type { EnrichClientConfig, EnrichmentCallObserver, EnrichmentFailure, LogTail } from './types';

/** The failure `source` of every log tail lookup. */
const SOURCE = 'logs:GetLogEvents';

/** Longest line kept, in UTF-16 code units; longer lines are cut and end with `…`. */
export const MAX_LINE_CHARS = 500;

// Redaction runs on the whole line before it is cut (cutting first could split a secret so that
// no rule matches the part kept), but on at most this much of it: CloudWatch Logs events can be
// 256 KB (https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/cloudwatch_limits_cwl.html).
const MAX_REDACTED_CHARS = MAX_LINE_CHARS * 8;

/** Limits on {@link LogTailOptions.lines}. */
export const LOG_TAIL_LINES = { default: 20, max: 100 } as const;

/**
 * Log groups the log tail may read when herald.yml names none (`enrich.log_groups`): the
 * prefix of the groups the ECS console creates, `/ecs/<task definition family>`. The router's
 * IAM policy allows `logs:GetLogEvents` on these prefixes only (deploy/config.cjs).
 * https://docs.aws.amazon.com/prescriptive-guidance/latest/implementing-logging-monitoring-cloudwatch/ec2-fargate-logs.html
 */
export const DEFAULT_LOG_GROUP_PREFIXES: readonly string[] = ['/ecs/'];

/**
 * CloudWatch Logs quotas: GetLogEvents 10 requests per second per account and Region,
 * FilterLogEvents (not used here) 5 TPS, both shared with everything else in the account that
 * reads logs (console, dashboards, other tools), and raised only "in special circumstances".
 * The default stays at half the GetLogEvents quota per Lambda instance; the router's reserved
 * concurrency (two, serverless.yml) caps the whole deployment at the quota.
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/cloudwatch_limits_cwl.html
 */
export const DEFAULT_RATE_LIMIT_PER_SECOND = 5;

/** The CloudWatch Logs SDK module (shared/enrich/logs-sdk.ts) and the client for the function's own Region. */
interface LogsApi {
  sdk: typeof import('./logs-sdk');
  client: CloudWatchLogsClient;
}

/** Options of {@link LogTailReader}. */
export interface LogTailOptions {
  /**
   * Client for the Lambda's own Region; clients for other Regions (awslogs-region) are created
   * on demand with the same credentials and cached.
   * @default a client with one SDK retry and the enrichment timeouts of the event budget, made on the first tail
   */
  client?: CloudWatchLogsClient;
  /**
   * How many of the newest log events to read (one GetLogEvents call), 1 to 100.
   * @default 20
   */
  lines?: number;
  /** Applied to every line before it leaves the reader. */
  redactor: Redactor;
  /**
   * GetLogEvents calls per second this reader starts at most (per Lambda instance).
   * @default 5
   */
  rateLimitPerSecond?: number;
  /**
   * Prefixes of the log groups it may read; a container logging elsewhere gets a `not-allowed`
   * failure without a call (the function's role could not read it anyway).
   * @default every log group
   */
  groupPrefixes?: readonly string[];
  /** Told of every GetLogEvents call made and its failure (metrics). */
  onCall?: EnrichmentCallObserver;
  /**
   * The pace shared with another reader of the same account's quota (task and instance logs).
   * @default a bucket of its own at `rateLimitPerSecond`
   */
  rateLimiter?: TokenBucket;
  /**
   * Region, credentials (and endpoint) of the default client: another account's and Region's, in
   * central mode; clients for other Regions take the same credentials. @default the SDK's own
   */
  clientConfig?: EnrichClientConfig;
}

/** A named stream to tail (an instance's agent or system log). */
export interface LogStreamRef {
  group: string;
  stream: string;
  /** @default the reader's `lines` */
  lines?: number;
}

/** Where a container's awslogs stream is (from its container definition) and which task. */
export interface LogTailRef {
  /** `awslogs-group`. */
  group: string;
  /** `awslogs-region`; the client's Region when absent. */
  region?: string;
  /** `awslogs-stream-prefix`. */
  streamPrefix?: string;
  container: string;
  taskId: string;
}

/** What {@link LogTailReader.tail} found: a tail, or why there is none. */
export interface LogTailResult {
  logTail?: LogTail;
  failure?: EnrichmentFailure;
}

/**
 * The awslogs stream of a container in a task: `<prefix>/<container>/<task id>`. Without a
 * prefix the driver names the stream after the Docker container id, which no ECS event carries
 * (and the prefix is required on Fargate), so there is no name to build.
 * https://docs.aws.amazon.com/AmazonECS/latest/developerguide/using_awslogs.html
 */
export const awslogsStreamName = (ref: Pick<LogTailRef, 'streamPrefix' | 'container' | 'taskId'>): string | undefined =>
  ref.streamPrefix === undefined || ref.streamPrefix === '' ? undefined : `${ref.streamPrefix}/${ref.container}/${ref.taskId}`;

/** Maps an SDK error to a failure reason, as the ECS reader does; the reason carries the AWS error name, never its message (untrusted, long). */
const describeError = (error: unknown): string =>
  failureReason(typeof (error as { name?: unknown } | undefined)?.name === 'string' ? (error as { name: string }).name : 'Error');

const failed = (reason: string): LogTailResult => ({ failure: { source: SOURCE, reason } });

/** Cuts `text` to `max` code units without splitting a surrogate pair; marks the cut with `…`. */
const cut = (text: string, max: number): string => {
  if (text.length <= max) return text;
  let end = max;
  const code = text.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end -= 1;
  return `${text.slice(0, end)}…`;
};

/** A log event's message, trailing newlines removed, bounded before redaction. */
const prepare = (message: string): { text: string; truncated: boolean } => {
  const text = message.replace(/[\r\n]+$/, '');
  return text.length > MAX_REDACTED_CHARS ? { text: cut(text, MAX_REDACTED_CHARS).slice(0, -1), truncated: true } : { text, truncated: false };
};

/** Rejects when `signal` aborts; never settles otherwise. */
const aborted = (signal: AbortSignal): Promise<never> =>
  new Promise((_, reject) => {
    const abort = () => reject(Object.assign(new Error('aborted'), { name: 'AbortError' }));
    if (signal.aborted) abort();
    else signal.addEventListener('abort', abort, { once: true });
  });


/**
 * Reads the last lines a crashed container printed, from its awslogs stream in CloudWatch Logs.
 * Degrades instead of failing: {@link LogTailReader.tail} never throws, and concurrent tails of
 * the same stream (a storm of alerts for one task) share one call.
 *
 * @example
 * ```ts
 * const reader = new LogTailReader({ redactor: createRedactor(config.redact) });
 * const { logTail, failure } = await reader.tail({ group: '/ecs/web', streamPrefix: 'ecs', container: 'web', taskId }, signal);
 * ```
 */
export class LogTailReader {
  private readonly client: CloudWatchLogsClient | undefined;
  private readonly clientConfig: EnrichClientConfig;
  private api: Promise<LogsApi> | undefined;
  private readonly lines: number;
  private readonly redactor: Redactor;
  private readonly bucket: TokenBucket;
  private readonly groupPrefixes?: readonly string[];
  private readonly onCall: EnrichmentCallObserver | undefined;
  private readonly regionalClients = new Map<string, CloudWatchLogsClient>();
  private readonly inFlight = new Map<string, Promise<LogTailResult>>();
  private defaultRegion?: Promise<string | undefined>;
  private callCount = 0;

  /** @throws RangeError when `lines` is not an integer from 1 to 100, or `rateLimitPerSecond` is not positive (a configuration error). */
  public constructor(options: LogTailOptions) {
    const lines = options.lines ?? LOG_TAIL_LINES.default;
    if (!Number.isInteger(lines) || lines < 1 || lines > LOG_TAIL_LINES.max) {
      throw new RangeError(`log tail lines must be an integer from 1 to ${LOG_TAIL_LINES.max}, got ${lines}`);
    }
    const rate = options.rateLimitPerSecond ?? DEFAULT_RATE_LIMIT_PER_SECOND;
    if (!Number.isFinite(rate) || rate <= 0) throw new RangeError(`log tail rateLimitPerSecond must be a positive number, got ${rate}`);
    this.client = options.client;
    this.clientConfig = options.clientConfig ?? {};
    this.lines = lines;
    this.redactor = options.redactor;
    this.bucket = options.rateLimiter ?? new TokenBucket({ ratePerSecond: rate });
    this.groupPrefixes = options.groupPrefixes;
    this.onCall = options.onCall;
  }

  /** GetLogEvents calls made so far (shared and rejected tails are not calls). */
  public get calls(): number {
    return this.callCount;
  }

  /**
   * The newest {@link LogTailOptions.lines} events of the container's stream, oldest first,
   * redacted, trailing newlines removed and long lines cut. One GetLogEvents call
   * (`startFromHead: false`, `limit`); a stream that exists but is empty gives an empty tail.
   *
   * @param ref - the container's awslogs options and task id
   * @param signal - aborting it resolves the tail at once with a `timeout` failure
   * @returns `logTail`, or `failure` with `source: 'logs:GetLogEvents'` and a reason:
   * `not-found` (no such group or stream, or no stream prefix to name it), `not-allowed` (a
   * group outside {@link LogTailOptions.groupPrefixes}), `throttled: <error>`,
   * `access-denied: <error>`, `timeout` or `error: <error>`
   */
  public async tail(ref: LogTailRef, signal?: AbortSignal): Promise<LogTailResult> {
    if (ref.group === '' || ref.container === '' || ref.taskId === '') return failed('not-found: no log group, container or task id');
    if (this.groupPrefixes !== undefined && !this.groupPrefixes.some((prefix) => ref.group.startsWith(prefix))) {
      return failed(`not-allowed: log group ${ref.group} is outside enrich.log_groups (${this.groupPrefixes.join(', ')})`);
    }
    const stream = awslogsStreamName(ref);
    if (stream === undefined) {
      return failed('not-found: the container logs without awslogs-stream-prefix, so its stream is named after the Docker container id, which the event does not carry');
    }
    if (signal?.aborted === true) return failed('timeout');
    const key = JSON.stringify([ref.region ?? '', ref.group, stream]);
    let shared = this.inFlight.get(key);
    if (shared === undefined) {
      // The first caller's deadline governs the call itself: a read nobody waits for any more
      // is not made (or is aborted), so an abandoned storm does not spend the account's quota.
      shared = this.read(ref.group, stream, ref.region, signal, this.lines).finally(() => this.inFlight.delete(key));
      this.inFlight.set(key, shared);
    }
    if (signal === undefined) return shared;
    // Each caller stops waiting when its own signal aborts; the shared call goes on for the others.
    return Promise.race([shared, aborted(signal)]).catch((error: unknown) => failed(describeError(error)));
  }

  /**
   * The newest lines of a named stream in the client's Region (an EC2 instance's ECS agent or
   * system log), read, redacted and cut as {@link LogTailReader.tail} does, under the same pace;
   * concurrent tails of one stream share one call. A group outside `groupPrefixes` is `not-allowed`.
   */
  public async tailStream(ref: LogStreamRef, signal?: AbortSignal): Promise<LogTailResult> {
    if (this.groupPrefixes !== undefined && !this.groupPrefixes.some((prefix) => ref.group.startsWith(prefix))) {
      return failed(`not-allowed: log group ${ref.group} is outside enrich.instance_logs (${this.groupPrefixes.join(', ')})`);
    }
    if (signal?.aborted === true) return failed('timeout');
    const key = JSON.stringify(['', ref.group, ref.stream]);
    let shared = this.inFlight.get(key);
    if (shared === undefined) {
      shared = this.read(ref.group, ref.stream, undefined, signal, Math.min(ref.lines ?? this.lines, LOG_TAIL_LINES.max)).finally(() => this.inFlight.delete(key));
      this.inFlight.set(key, shared);
    }
    if (signal === undefined) return shared;
    return Promise.race([shared, aborted(signal)]).catch((error: unknown) => failed(describeError(error)));
  }

  private async read(group: string, stream: string, region: string | undefined, signal: AbortSignal | undefined, lines: number): Promise<LogTailResult> {
    // Whether GetLogEvents was sent: only a call made is reported to `onCall`.
    let sent = false;
    try {
      const logs = await this.loadApi();
      const client = await this.clientFor(logs, region);
      if (!(await this.bucket.acquire(signal))) return failed('timeout');
      this.callCount += 1;
      sent = true;
      const response = await client.send(
        new logs.sdk.GetLogEventsCommand({ logGroupName: group, logStreamName: stream, startFromHead: false, limit: lines }),
        signal === undefined ? {} : { abortSignal: signal },
      );
      sent = false;
      this.onCall?.({ source: SOURCE });
      return { logTail: this.toTail(group, stream, response.events ?? []) };
    } catch (error) {
      const reason = describeError(error);
      if (sent) this.onCall?.({ source: SOURCE, failure: reason.split(':')[0] ?? reason });
      return failed(reason);
    }
  }

  private toTail(group: string, stream: string, events: readonly OutputLogEvent[]): LogTail {
    // GetLogEvents returns a page in ascending time order; sort anyway (stable), since the tail's
    // contract is oldest first. https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_GetLogEvents.html
    const ordered = [...events].sort((a, b) => (a.timestamp ?? 0) - (b.timestamp ?? 0));
    const prepared = ordered.map((e) => prepare(e.message ?? ''));
    const redacted = redactLines(this.redactor, prepared.map((p) => p.text));
    const lines = redacted.lines.map((text, i) => {
      // A line cut before redaction may end with part of a secret no rule recognised: drop its last word.
      const bounded = prepared[i]?.truncated === true ? `${text.replace(/\S*$/, '')}…` : text;
      return cut(bounded, MAX_LINE_CHARS);
    });
    return { group, stream, lines, redactions: redacted.count };
  }

  /** The SDK module and the default client, on the first tail: a Lambda bundle reads CloudWatch Logs' SDK code when an event first needs it. */
  private loadApi(): Promise<LogsApi> {
    this.api ??= import('./logs-sdk').then((sdk) => ({
      sdk,
      client: this.client ?? new sdk.CloudWatchLogsClient({ ...this.clientConfig, maxAttempts: TIME_BUDGET.enrich.attempts, requestHandler: clientTimeouts(TIME_BUDGET.enrich) }),
    }));
    return this.api;
  }

  /** The client for `region`: the default one when it is that Region (or none is given). */
  private async clientFor({ sdk, client: own }: LogsApi, region: string | undefined): Promise<CloudWatchLogsClient> {
    if (region === undefined || region === '') return own;
    this.defaultRegion ??= own.config.region().catch(() => undefined);
    if ((await this.defaultRegion) === region) return own;
    let client = this.regionalClients.get(region);
    if (client === undefined) {
      client = new sdk.CloudWatchLogsClient({ ...this.clientConfig, region, credentials: own.config.credentials, maxAttempts: TIME_BUDGET.enrich.attempts, requestHandler: clientTimeouts(TIME_BUDGET.enrich) });
      this.regionalClients.set(region, client);
    }
    return client;
  }

}
