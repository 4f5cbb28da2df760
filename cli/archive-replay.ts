import { parseDuration, parseSilenceTime } from '../shared/config';
import {
  type ArchiveReplayer,
  CloudWatchLogsReplayReports,
  EventBridgeArchiveReplayer,
  FINAL_REPLAY_STATES,
  HistoryError,
  type ReplayedEventLine,
  type ReplayReportReader,
  type ReplayStatus,
} from '../shared/history';
import { type CliIo, terminalSafe, toJsonLine } from './io';

// `herald replay --archive NAME --from TIME [--to TIME] [--wait]`: an EventBridge replay of the
// stack's archive into its router, and the router's report of what it would have done.

/** A command line `herald replay --archive` cannot run: exit 2. */
export class ArchiveReplayUsageError extends Error {
  public constructor(message: string) {
    super(message);
    this.name = 'ArchiveReplayUsageError';
  }
}

/** Options of `herald replay --archive`. */
export interface ArchiveReplayOptions {
  archive: string;
  /** ISO 8601 with a zone, or a duration ago (`6h`). */
  from?: string;
  /** As `from`. @default now */
  to?: string;
  /** Follow the replay to its end, then print the router's report. */
  wait: boolean;
  /** The stack whose router the replay goes to. @default the archive's name (the stack names its archive after itself) */
  stack?: string;
  /** The replay's name. @default `<archive>-<yyyymmdd>-<hhmmss>` (UTC) */
  name?: string;
  json: boolean;
}

/** What the command drives: EventBridge, the router's log, and the clock (injectable for tests). */
export interface ArchiveReplayPorts {
  replayer: ArchiveReplayer;
  /** The report of the router of `stack`. */
  reports(stack: string): ReplayReportReader;
  now(): number;
  sleep(ms: number): Promise<void>;
  /** How often DescribeReplay is asked. @default 5000 */
  pollMs?: number;
  /**
   * How long the report is read again after the replay completed, until it stops growing: the
   * router runs the last events (and logs them) shortly after EventBridge sent them. @default 10000
   */
  settleMs?: number;
}

/** The real ports: the SDK's default credentials, Region and endpoints. */
export const awsArchiveReplayPorts = (): ArchiveReplayPorts => ({
  replayer: new EventBridgeArchiveReplayer(),
  reports: (stack) => new CloudWatchLogsReplayReports({ logGroup: routerLogGroup(stack) }),
  now: Date.now,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
});

/** The router's log group (serverless.yml: `<service>-<stage>-router`). */
export const routerLogGroup = (stack: string): string => `/aws/lambda/${stack}-router`;

/** ReplayName: at most 64 of `[.\-_A-Za-z0-9]`. https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_StartReplay.html */
const REPLAY_NAME = /^[.\-_A-Za-z0-9]{1,64}$/;
/** Reads of the report after completion, at most: a router that keeps logging is not waited on for ever. */
const MAX_SETTLE_READS = 6;

/** `2026-05-20T09:00:00Z`, or `6h` (that long before now). */
const parseTime = (text: string, option: string, now: number): Date => {
  const at = parseSilenceTime(text);
  if (at !== undefined) return new Date(at);
  const ago = parseDuration(text);
  if (ago !== undefined) return new Date(now - ago);
  throw new ArchiveReplayUsageError(`${option} ${JSON.stringify(text)}: expected an ISO 8601 time with a zone (2026-05-20T09:00:00Z) or a duration ago (6h, 2d)`);
};

const defaultName = (archive: string, now: number): string => {
  const stamp = new Date(now).toISOString().replace(/[-:]/g, '').slice(0, 15).replace('T', '-');
  return `${archive}-${stamp}`.slice(-64);
};

/** One replayed event, as the table shows it. */
export const replayedLine = (line: ReplayedEventLine): string => {
  if (line.wouldBe === 'skipped') return terminalSafe(`SKIPPED  ${line.eventId ?? '(no id)'}: ${line.reason ?? 'skipped'}: ${line.detail ?? ''}`);
  const head = `${(line.severity ?? '').toUpperCase().padEnd(8)} ${(line.category ?? '').padEnd(26)} ${line.summary ?? ''}`;
  const topics = line.deliveries.map((d) => d.split(':')).map(([topic = '', status = '']) => (status === 'replayed' ? topic : `${topic} (${status})`));
  const live = line.liveDelivered.length === 0 ? '' : ` (delivered live: ${line.liveDelivered.join(', ')})`;
  const outcome =
    line.wouldBe === 'delivered' ? `  -> ${topics.join(', ')}${live}`
    : line.wouldBe === 'not-routed' ? '  (recorded only)'
    : `  [${line.wouldBe}${line.mutedBy === undefined ? '' : `: ${line.mutedBy}`}]`;
  const acts = line.remediations.length === 0 ? '' : `  [would remediate: ${line.remediations.join(', ')}; not acted on]`;
  return terminalSafe(`${line.eventTime ?? ''.padEnd(20)} ${head}${outcome}${acts}`);
};

/** The summary under the table. */
export const replaySummary = (status: ReplayStatus, lines: readonly ReplayedEventLine[], logGroup: string): string[] => {
  const count = (what: string) => lines.filter((l) => l.wouldBe === what).length;
  const perTopic = new Map<string, number>();
  for (const line of lines) for (const d of line.deliveries) if (d.endsWith(':replayed')) perTopic.set(d.slice(0, -':replayed'.length), (perTopic.get(d.slice(0, -':replayed'.length)) ?? 0) + 1);
  const live = lines.filter((l) => l.liveDelivered.length > 0).length;
  const topics = [...perTopic].map(([topic, n]) => `${topic} ${n}`).join(', ');
  return [
    `replay ${status.name}: ${status.state}${status.reason === undefined ? '' : ` (${status.reason})`}, ${lines.length} event(s) reported in ${logGroup}`,
    `would send: ${count('delivered')}${topics === '' ? '' : ` (${topics})`}, ${live} of them delivered live when they first came    recorded only: ${count('not-routed')}    silenced ${count('silenced')}, muted ${count('muted')}, inhibited ${count('inhibited')}    skipped: ${count('skipped')}`,
    'nothing was sent or acted on: replayed events are evaluated and reported, never delivered',
  ];
};

const describeStatus = (status: ReplayStatus): string =>
  `state: ${status.state}${status.reason === undefined ? '' : ` (${status.reason})`}${status.lastReplayedAt === undefined ? '' : `, replayed up to ${status.lastReplayedAt.toISOString()}`}`;

/** The stack an archive belongs to: its name (`<stack>`), or `<stack>-central` for the central bus's archive. */
const stackOfArchive = (archive: string): string => archive.replace(/-central$/, '');

/**
 * `herald replay --archive`: starts the replay (exit 1 if AWS refuses), prints its name and
 * state; with `--wait`, follows it to its end and prints the router's report (exit 1 when it
 * failed or was cancelled, or no replayed event was reported).
 */
export const runArchiveReplay = async (options: ArchiveReplayOptions, io: CliIo, ports: ArchiveReplayPorts = awsArchiveReplayPorts()): Promise<number> => {
  const now = ports.now();
  if (options.from === undefined) throw new ArchiveReplayUsageError('replay --archive needs --from (the start of the events to replay)');
  const from = parseTime(options.from, '--from', now);
  const to = options.to === undefined ? new Date(now) : parseTime(options.to, '--to', now);
  if (from.getTime() >= to.getTime()) throw new ArchiveReplayUsageError(`--from (${from.toISOString()}) must be before --to (${to.toISOString()})`);
  const name = options.name ?? defaultName(options.archive, now);
  if (!REPLAY_NAME.test(name)) throw new ArchiveReplayUsageError(`--name ${JSON.stringify(name)}: a replay name is 1 to 64 letters, digits, ".", "-" or "_"`);
  const stack = options.stack ?? stackOfArchive(options.archive);
  const print = (line: string) => {
    if (!options.json) io.stdout(`${line}\n`);
  };
  let status: ReplayStatus;
  try {
    status = await ports.replayer.start({ archive: options.archive, from, to, stack, name });
    print(`replay ${name}: archive ${options.archive}, events from ${from.toISOString()} to ${to.toISOString()}, into the ${status.rules?.length ?? 0} router rule(s) of ${stack}`);
    print(describeStatus(status));
    if (!options.wait) {
      print(`follow it with: herald replay --archive ${options.archive} --report ${name}`);
      if (options.json) io.stdout(`${toJsonLine({ outcome: 'replay', name, state: status.state, arn: status.arn ?? null })}\n`);
      return 0;
    }
    return await follow(status, { ...options, stack, name }, io, ports, print);
  } catch (error) {
    if (!(error instanceof HistoryError)) throw error;
    io.stderr(`herald: ${error.message}\n`);
    return 1;
  }
};

/** `--report NAME`: the report of a replay started before, followed to its end. */
export const runArchiveReplayReport = async (options: Pick<ArchiveReplayOptions, 'archive' | 'stack' | 'json'> & { name: string }, io: CliIo, ports: ArchiveReplayPorts = awsArchiveReplayPorts()): Promise<number> => {
  const stack = options.stack ?? stackOfArchive(options.archive);
  const print = (line: string) => {
    if (!options.json) io.stdout(`${line}\n`);
  };
  try {
    return await follow(await ports.replayer.describe(options.name), { ...options, stack }, io, ports, print);
  } catch (error) {
    if (!(error instanceof HistoryError)) throw error;
    io.stderr(`herald: ${error.message}\n`);
    return 1;
  }
};

const follow = async (first: ReplayStatus, options: { name: string; stack: string; json: boolean }, io: CliIo, ports: ArchiveReplayPorts, print: (line: string) => void): Promise<number> => {
  let status = first;
  let shown = describeStatus(status);
  // Asked at once (a short replay may be over already), then every pollMs.
  for (let polls = 0; !FINAL_REPLAY_STATES.has(status.state); polls += 1) {
    if (polls > 0) await ports.sleep(ports.pollMs ?? 5_000);
    status = await ports.replayer.describe(options.name);
    const line = describeStatus(status);
    if (line !== shown) print(line);
    shown = line;
  }
  const reader = ports.reports(options.stack);
  // From a minute before the replay started: the router's clock and EventBridge's may differ.
  const since = new Date((status.startedAt?.getTime() ?? ports.now()) - 60_000);
  let lines = await reader.read(options.name, since);
  // The router logs the last events shortly after EventBridge sent them: read again until the
  // report stops growing, unless the replay ended long enough ago for all of it to be there.
  const settleMs = ports.settleMs ?? 10_000;
  const settled = status.endedAt !== undefined && ports.now() - status.endedAt.getTime() > settleMs * MAX_SETTLE_READS;
  for (let read = 1; read < MAX_SETTLE_READS && status.state === 'COMPLETED' && !settled; read += 1) {
    await ports.sleep(settleMs);
    const again = await reader.read(options.name, since);
    const grew = again.length > lines.length;
    lines = again;
    if (!grew) break;
  }
  const logGroup = routerLogGroup(options.stack);
  for (const line of lines) {
    if (options.json) io.stdout(`${toJsonLine({ outcome: 'replayed', replay: options.name, ...line })}\n`);
    else print(replayedLine(line));
  }
  if (options.json) io.stdout(`${toJsonLine({ outcome: 'replay', name: options.name, state: status.state, reason: status.reason ?? null, events: lines.length })}\n`);
  for (const line of replaySummary(status, lines, logGroup)) print(line);
  if (status.state !== 'COMPLETED') return 1;
  if (lines.length === 0) {
    io.stderr(`herald: no replayed event was reported in ${logGroup}: the archive held none in that window, or the router has not run them yet (herald replay --archive ... --report ${options.name} reads it again)\n`);
    return 1;
  }
  return 0;
};
