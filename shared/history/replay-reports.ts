import { CloudWatchLogsClient, FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { ReplayCallError } from './errors';
import { clientTimeouts, TIME_BUDGET } from '../budget';

/** What the router logged for one replayed event (`event replayed`, shared/pipeline/report.ts). */
export interface ReplayedEventLine {
  eventId?: string;
  /** The event's own `time`. */
  eventTime?: string;
  /** `delivered` (a topic would have received it), `not-routed`, a gate outcome, or `skipped`. */
  wouldBe: string;
  mutedBy?: string;
  routes: string[];
  /** `<topic>:replayed` or `<topic>:below-min-severity`. */
  deliveries: string[];
  /** Topics that took the same event id live. */
  liveDelivered: string[];
  remediations: string[];
  category?: string;
  severity?: string;
  summary?: string;
  /** A skipped event's reason and detail. */
  reason?: string;
  detail?: string;
}

/** The port `herald replay --archive` reads its report from. */
export interface ReplayReportReader {
  /** Every replayed event the router reported for `replayName`, since `since`, one per event id. */
  read(replayName: string, since: Date): Promise<ReplayedEventLine[]>;
}

const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []);
const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/**
 * One `event replayed` line of `replayName`, or undefined for any other line. Lambda may prefix
 * a line (timestamp, request id, level) in its text log format: the JSON is read from its first `{`.
 */
export const parseReplayedLine = (message: string, replayName: string): ReplayedEventLine | undefined => {
  const start = message.indexOf('{');
  if (start === -1) return undefined;
  let line: Record<string, unknown>;
  try {
    line = JSON.parse(message.slice(start)) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  if (line.message !== 'event replayed' || line.replay !== replayName) return undefined;
  return {
    eventId: text(line.eventId),
    eventTime: text(line.eventTime),
    wouldBe: text(line.wouldBe) ?? 'unknown',
    mutedBy: text(line.mutedBy),
    routes: strings(line.routes),
    deliveries: strings(line.deliveries),
    liveDelivered: strings(line.liveDelivered),
    remediations: strings(line.remediations),
    category: text(line.category),
    severity: text(line.severity),
    summary: text(line.summary),
    reason: text(line.reason),
    detail: text(line.detail),
  };
};

/** Options of {@link CloudWatchLogsReplayReports}. */
export interface CloudWatchLogsReplayReportsOptions {
  /** The router's log group: `/aws/lambda/<stack>-router`. */
  logGroup: string;
  /** @default a client with the SDK's defaults (`AWS_ENDPOINT_URL_CLOUDWATCH_LOGS`) */
  client?: CloudWatchLogsClient;
}

/**
 * Reads a replay's report from the router's own log: FilterLogEvents over its log group with
 * the JSON filter `{ $.replay = "<name>" }`, every page. The router writes one `event replayed`
 * line per replayed event; a copy Lambda ran twice (a retried invocation) is reported once, as
 * its last line says.
 * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html
 */
export class CloudWatchLogsReplayReports implements ReplayReportReader {
  private readonly client: CloudWatchLogsClient;

  public constructor(private readonly options: CloudWatchLogsReplayReportsOptions) {
    this.client = options.client ?? new CloudWatchLogsClient({ maxAttempts: TIME_BUDGET.cli.attempts, requestHandler: clientTimeouts(TIME_BUDGET.cli) });
  }

  public async read(replayName: string, since: Date): Promise<ReplayedEventLine[]> {
    const byId = new Map<string, ReplayedEventLine>();
    const anonymous: ReplayedEventLine[] = [];
    let token: string | undefined;
    do {
      let page;
      try {
        page = await this.client.send(
          new FilterLogEventsCommand({ logGroupName: this.options.logGroup, filterPattern: `{ $.replay = ${JSON.stringify(replayName)} }`, startTime: since.getTime(), nextToken: token }),
        );
      } catch (error) {
        throw new ReplayCallError('logs:FilterLogEvents', error);
      }
      for (const event of page.events ?? []) {
        const line = parseReplayedLine(event.message ?? '', replayName);
        if (line === undefined) continue;
        if (line.eventId === undefined) anonymous.push(line);
        else byId.set(line.eventId, line);
      }
      token = page.nextToken;
    } while (token !== undefined);
    return [...byId.values(), ...anonymous].sort((a, b) => (a.eventTime ?? '').localeCompare(b.eventTime ?? ''));
  }
}
