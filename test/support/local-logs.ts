import recordedLogEvents from '../fixtures/ecs-api/int-get-log-events.json';
import { type AwsJsonServer, AwsJsonError, startAwsJsonServer, type WireObject } from './aws-json-server';

/** One log event in its wire shape (`timestamp` and `ingestionTime` in epoch milliseconds). */
export interface WireLogEvent {
  timestamp: number;
  message: string;
  ingestionTime?: number;
}

/** The events of a stream, or undefined when the group or stream does not exist. */
export type LogStreams = (group: string, stream: string) => readonly WireLogEvent[] | undefined;

/** The group and stream of the recorded crash: the `payments-api` container of the OOM fixture's task. */
export const RECORDED_STREAM = {
  group: '/ecs/payments-api',
  stream: 'ecs/payments-api/cbc32545b881445133440842bacf91ce',
} as const;

/**
 * The last lines of a Node.js app killed for memory (a V8 heap-limit crash), including secrets an
 * app should never print: an AWS access key id and a `password=` pair.
 */
export const RECORDED_CRASH_LINES: readonly WireLogEvent[] = recordedLogEvents.events;

/** The recorded crash on {@link RECORDED_STREAM}; no other stream exists. */
export const recordedLogStreams: LogStreams = (group, stream) =>
  group === RECORDED_STREAM.group && stream === RECORDED_STREAM.stream ? RECORDED_CRASH_LINES : undefined;

const numberOf = (value: unknown): number | undefined => (typeof value === 'number' ? value : undefined);

/**
 * GetLogEvents as CloudWatch Logs answers it: `limit` (default and most 10,000) events from the
 * head (`startFromHead: true`) or the tail (the default), in ascending time order either way,
 * with forward and backward tokens; an unknown group or stream is `ResourceNotFoundException`.
 * @see https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_GetLogEvents.html
 */
const getLogEvents =
  (streams: LogStreams) =>
  (body: WireObject): WireObject => {
    const group = typeof body.logGroupName === 'string' ? body.logGroupName : '';
    const stream = typeof body.logStreamName === 'string' ? body.logStreamName : '';
    const events = streams(group, stream);
    if (events === undefined) throw new AwsJsonError('ResourceNotFoundException', 'The specified log stream does not exist.');
    const limit = Math.min(numberOf(body.limit) ?? 10_000, 10_000);
    const page = body.startFromHead === true ? events.slice(0, limit) : events.slice(Math.max(0, events.length - limit));
    return {
      events: page,
      nextForwardToken: `f/${String(events.length).padStart(56, '0')}/s`,
      nextBackwardToken: `b/${String(events.length - page.length).padStart(56, '0')}/s`,
    };
  };

/** A loopback CloudWatch Logs endpoint for a real `CloudWatchLogsClient`. */
export type LocalLogs = AwsJsonServer;

/**
 * Starts a loopback CloudWatch Logs endpoint (GetLogEvents) serving `streams`, for
 * `new CloudWatchLogsClient({ endpoint: logs.endpoint, ... })`. Faults as in `local-ecs`.
 * @example
 * const logs = await startLocalLogs();
 * logs.inject(FAULTS.accessDenied('GetLogEvents'));
 */
export const startLocalLogs = (streams: LogStreams = recordedLogStreams): Promise<LocalLogs> =>
  startAwsJsonServer({ targetPrefix: 'Logs_20140328', serverErrorCode: 'ServiceUnavailableException', handlers: { GetLogEvents: getLogEvents(streams) } });
