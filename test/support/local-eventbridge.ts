import { type AwsJsonServer, AwsJsonError, startAwsJsonServer, stringOf, stringsOf, type WireObject } from './aws-json-server';

// A loopback EventBridge for `herald replay --archive` (AWS JSON 1.1, target prefix `AWSEvents`):
// one archive of the default bus, its rules, and replays that hand the archived events of their
// window, each with `replay-name`, to the targets of the rules named in FilterArns.

/** An event as EventBridge archived it. */
export type ArchivedEvent = Record<string, unknown>;

/** Options of {@link startLocalEventBridge}. */
export interface LocalEventBridgeOptions {
  region?: string;
  account?: string;
  archive: { name: string; events: readonly ArchivedEvent[] };
  /** Names of the rules on the default bus. */
  rules: readonly string[];
  /** The targets of the replayed rules: runs the copies (in time order) before StartReplay answers. */
  deliver(copies: ArchivedEvent[], replay: { name: string; filterArns: string[] }): Promise<void>;
  /** How long ago DescribeReplay says a replay ended. @default 0 */
  endedAgoMs?: number;
}

/** A replay as the server holds it. */
export interface LocalReplay {
  name: string;
  arn: string;
  filterArns: string[];
  from: number;
  to: number;
  startedAt: number;
  endedAt: number;
  replayed: number;
}

/** The loopback endpoint and what it was asked. */
export interface LocalEventBridge extends AwsJsonServer {
  replays: Map<string, LocalReplay>;
}

/** Epoch seconds on the wire (AWS JSON 1.1 timestamps). */
const seconds = (ms: number): number => ms / 1000;
const msOf = (value: unknown): number => (typeof value === 'number' ? value * 1000 : Number.NaN);

/**
 * Starts the loopback EventBridge: DescribeArchive, ListRules (two per page, by NamePrefix),
 * StartReplay (checked as EventBridge checks it: the archive's ARN, a window, FilterArns that are
 * rules of the bus, a name not used before) and DescribeReplay.
 * @see https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_StartReplay.html
 */
export const startLocalEventBridge = async (options: LocalEventBridgeOptions): Promise<LocalEventBridge> => {
  const region = options.region ?? 'us-west-2';
  const account = options.account ?? '111122223333';
  const busArn = `arn:aws:events:${region}:${account}:event-bus/default`;
  const archiveArn = `arn:aws:events:${region}:${account}:archive/${options.archive.name}`;
  const ruleArn = (name: string) => `arn:aws:events:${region}:${account}:rule/${name}`;
  const replays = new Map<string, LocalReplay>();

  const describeReplay = (replay: LocalReplay): WireObject => ({
    ReplayName: replay.name,
    ReplayArn: replay.arn,
    State: 'COMPLETED',
    EventSourceArn: archiveArn,
    Destination: { Arn: busArn, FilterArns: replay.filterArns },
    EventStartTime: seconds(replay.from),
    EventEndTime: seconds(replay.to),
    EventLastReplayedTime: seconds(replay.to),
    ReplayStartTime: seconds(replay.startedAt),
    ReplayEndTime: seconds(replay.endedAt - (options.endedAgoMs ?? 0)),
  });

  const server = await startAwsJsonServer({
    targetPrefix: 'AWSEvents',
    serverErrorCode: 'InternalException',
    handlers: {
      DescribeArchive: (body) => {
        if (body.ArchiveName !== options.archive.name) throw new AwsJsonError('ResourceNotFoundException', `Archive ${String(body.ArchiveName)} does not exist.`);
        return { ArchiveArn: archiveArn, ArchiveName: options.archive.name, EventSourceArn: busArn, State: 'ENABLED', RetentionDays: 30, EventCount: options.archive.events.length };
      },
      ListRules: (body) => {
        const prefix = stringOf(body.NamePrefix) ?? '';
        const matching = options.rules.filter((name) => name.startsWith(prefix));
        const start = Number(stringOf(body.NextToken) ?? '0');
        const page = matching.slice(start, start + 2);
        return { Rules: page.map((name) => ({ Name: name, Arn: ruleArn(name), EventBusName: 'default', State: 'ENABLED' })), ...(start + 2 < matching.length ? { NextToken: String(start + 2) } : {}) };
      },
      StartReplay: async (body) => {
        const name = stringOf(body.ReplayName) ?? '';
        if (replays.has(name)) throw new AwsJsonError('ResourceAlreadyExistsException', `Replay ${name} already exists.`);
        if (body.EventSourceArn !== archiveArn) throw new AwsJsonError('ValidationException', `Parameter EventSourceArn is not valid: ${String(body.EventSourceArn)}`);
        const destination = (body.Destination ?? {}) as WireObject;
        if (destination.Arn !== busArn) throw new AwsJsonError('ValidationException', 'Destination must be the archive\'s event bus.');
        const filterArns = stringsOf(destination.FilterArns);
        const unknown = filterArns.filter((arn) => !options.rules.map(ruleArn).includes(arn));
        if (unknown.length > 0) throw new AwsJsonError('ValidationException', `Rules ${unknown.join(', ')} do not exist on ${busArn}.`);
        const [from, to] = [msOf(body.EventStartTime), msOf(body.EventEndTime)];
        if (!(from < to)) throw new AwsJsonError('ValidationException', 'EventStartTime must be before EventEndTime.');
        const copies = options.archive.events
          .filter((event) => {
            const at = Date.parse(String(event.time));
            return at >= from && at < to;
          })
          .sort((a, b) => String(a.time).localeCompare(String(b.time)))
          .map((event) => ({ ...structuredClone(event), 'replay-name': name }));
        const startedAt = Date.now();
        await options.deliver(copies, { name, filterArns });
        const replay: LocalReplay = { name, arn: `arn:aws:events:${region}:${account}:replay/${name}`, filterArns, from, to, startedAt, endedAt: Date.now(), replayed: copies.length };
        replays.set(name, replay);
        return { ReplayArn: replay.arn, State: 'STARTING', ReplayStartTime: seconds(startedAt) };
      },
      DescribeReplay: (body) => {
        const replay = replays.get(stringOf(body.ReplayName) ?? '');
        if (replay === undefined) throw new AwsJsonError('ResourceNotFoundException', `Replay ${String(body.ReplayName)} does not exist.`);
        return describeReplay(replay);
      },
    },
  });
  return Object.assign(server, { replays });
};
