import { type AwsJsonServer, AwsJsonError, startAwsJsonServer, stringOf, type WireObject } from './aws-json-server';

/** One log event of a group, as a function wrote it. */
export interface WrittenLogEvent {
  timestamp: number;
  message: string;
}

/**
 * `{ $.field = "value" }`: the JSON metric filter of one string field, the only form the tests
 * use; any other pattern is refused, as a pattern CloudWatch Logs could not parse is.
 * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html
 */
const matcherOf = (pattern: string): ((message: string) => boolean) => {
  const match = /^\{\s*\$\.([A-Za-z0-9_]+)\s*=\s*("(?:[^"\\]|\\.)*")\s*\}$/.exec(pattern);
  if (match === null) throw new AwsJsonError('InvalidParameterException', `Invalid filter pattern: ${pattern}`);
  const [, field = '', quoted = '""'] = match;
  const value = JSON.parse(quoted) as string;
  return (message) => {
    try {
      return (JSON.parse(message) as Record<string, unknown>)[field] === value;
    } catch {
      return false;
    }
  };
};

/**
 * A loopback CloudWatch Logs endpoint serving FilterLogEvents over one log group's events
 * (`events()` is read at each request), three events per page with `nextToken`.
 * @see https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_FilterLogEvents.html
 */
export const startLocalLogsFilter = (group: string, events: () => readonly WrittenLogEvent[]): Promise<AwsJsonServer> =>
  startAwsJsonServer({
    targetPrefix: 'Logs_20140328',
    serverErrorCode: 'ServiceUnavailableException',
    handlers: {
      FilterLogEvents: (body: WireObject) => {
        if (body.logGroupName !== group) throw new AwsJsonError('ResourceNotFoundException', 'The specified log group does not exist.');
        const matches = matcherOf(stringOf(body.filterPattern) ?? '');
        const since = typeof body.startTime === 'number' ? body.startTime : 0;
        const found = events().filter((e) => e.timestamp >= since && matches(e.message));
        const start = Number(stringOf(body.nextToken) ?? '0');
        const page = found.slice(start, start + 3);
        return {
          events: page.map((e, i) => ({ logStreamName: '2026/12/04/[$LATEST]0123', timestamp: e.timestamp, message: e.message, ingestionTime: e.timestamp, eventId: String(start + i) })),
          ...(start + 3 < found.length ? { nextToken: String(start + 3) } : {}),
        };
      },
    },
  });
