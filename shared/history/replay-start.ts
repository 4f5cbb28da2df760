import { DescribeArchiveCommand, DescribeReplayCommand, EventBridgeClient, ListRulesCommand, type ReplayState, StartReplayCommand } from '@aws-sdk/client-eventbridge';
import { ArchiveNotFoundError, ReplayCallError } from './errors';
import { clientTimeouts, TIME_BUDGET } from '../budget';

/** What `herald replay --archive` asks for: which archive, which window, into which stack's router. */
export interface ArchiveReplayRequest {
  /** The archive's name (the stack output `ArchiveName`). */
  archive: string;
  /** Replay events archived from this time... */
  from: Date;
  /** ...up to this time. */
  to: Date;
  /** The stack whose router receives the replay: its rules are `<stack>-router-rule-<n>` (`<stack>-router-central-<n>` on the central bus). */
  stack: string;
  /** The replay's name, which every replayed event carries as `replay-name`. */
  name: string;
}

/** A replay as EventBridge reports it. */
export interface ReplayStatus {
  name: string;
  arn?: string;
  /** STARTING, RUNNING, CANCELLING, COMPLETED, CANCELLED or FAILED. */
  state: ReplayState | string;
  reason?: string;
  /** When the replay started and ended (wall clock). */
  startedAt?: Date;
  endedAt?: Date;
  /** The `time` of the last event replayed so far. */
  lastReplayedAt?: Date;
  /** The router's rules the replay is limited to (on start only). */
  rules?: readonly string[];
}

/** The port `herald replay --archive` drives: start a replay of an archive into herald's router, and follow it. */
export interface ArchiveReplayer {
  start(request: ArchiveReplayRequest): Promise<ReplayStatus>;
  describe(name: string): Promise<ReplayStatus>;
}

/** States after which a replay does no more. */
export const FINAL_REPLAY_STATES: ReadonlySet<string> = new Set(['COMPLETED', 'CANCELLED', 'FAILED']);

/** The name the stack gives the router's rules, before their number (deploy/config.cjs). */
export const routerRulePrefix = (stack: string): string => `${stack}-router-`;

/** Options of {@link EventBridgeArchiveReplayer}. */
export interface EventBridgeArchiveReplayerOptions {
  /** @default a client with the SDK's default credentials, Region and endpoint (`AWS_ENDPOINT_URL_EVENTBRIDGE`) */
  client?: EventBridgeClient;
}

const call = async <T>(name: string, run: () => Promise<T>): Promise<T> => {
  try {
    return await run();
  } catch (error) {
    throw new ReplayCallError(name, error);
  }
};

/**
 * StartReplay of an archive into the bus it archives, limited to the router's rules
 * (`Destination.FilterArns`): the replay reaches herald's router and no other target on the
 * bus. DescribeArchive names the archive's ARN and bus; ListRules finds the rules by the names
 * the stack gives them.
 * @see https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_StartReplay.html
 *
 * @example
 * ```ts
 * const replayer = new EventBridgeArchiveReplayer();
 * const status = await replayer.start({ archive: 'ecs-herald-prod', from, to, stack: 'ecs-herald-prod', name: 'ecs-herald-prod-20260520-0900' });
 * ```
 */
export class EventBridgeArchiveReplayer implements ArchiveReplayer {
  private readonly client: EventBridgeClient;

  public constructor(options: EventBridgeArchiveReplayerOptions = {}) {
    this.client = options.client ?? new EventBridgeClient({ maxAttempts: TIME_BUDGET.cli.attempts, requestHandler: clientTimeouts(TIME_BUDGET.cli) });
  }

  public async start(request: ArchiveReplayRequest): Promise<ReplayStatus> {
    const archive = await call('events:DescribeArchive', () => this.client.send(new DescribeArchiveCommand({ ArchiveName: request.archive }))).catch((error: unknown) => {
      if (error instanceof ReplayCallError && (error.cause as { name?: string } | undefined)?.name === 'ResourceNotFoundException') {
        throw new ArchiveNotFoundError(`no archive named ${request.archive} in this account and Region (the stack output ArchiveName names it)`, request.archive, { cause: error });
      }
      throw error;
    });
    const { ArchiveArn: archiveArn, EventSourceArn: busArn } = archive;
    if (archiveArn === undefined || busArn === undefined) throw new ArchiveNotFoundError(`archive ${request.archive} has no ARN or event bus`, request.archive);
    const rules = await this.routerRules(busArn, request.stack);
    if (rules.length === 0) {
      throw new ArchiveNotFoundError(`no rule named ${routerRulePrefix(request.stack)}* on ${busArn}: is ${request.stack} the stack (--stack)?`, request.archive);
    }
    const started = await call('events:StartReplay', () =>
      this.client.send(
        new StartReplayCommand({
          ReplayName: request.name,
          Description: `herald replay --archive ${request.archive}`,
          EventSourceArn: archiveArn,
          EventStartTime: request.from,
          EventEndTime: request.to,
          Destination: { Arn: busArn, FilterArns: rules },
        }),
      ),
    );
    return { name: request.name, arn: started.ReplayArn, state: started.State ?? 'STARTING', reason: started.StateReason, startedAt: started.ReplayStartTime, rules };
  }

  public async describe(name: string): Promise<ReplayStatus> {
    const replay = await call('events:DescribeReplay', () => this.client.send(new DescribeReplayCommand({ ReplayName: name })));
    return {
      name,
      arn: replay.ReplayArn,
      state: replay.State ?? 'STARTING',
      reason: replay.StateReason,
      startedAt: replay.ReplayStartTime,
      endedAt: replay.ReplayEndTime,
      lastReplayedAt: replay.EventLastReplayedTime,
    };
  }

  /** The ARNs of the stack's router rules on the bus, every page. */
  private async routerRules(busArn: string, stack: string): Promise<string[]> {
    const arns: string[] = [];
    let token: string | undefined;
    do {
      const page = await call('events:ListRules', () => this.client.send(new ListRulesCommand({ EventBusName: busArn, NamePrefix: routerRulePrefix(stack), NextToken: token })));
      for (const rule of page.Rules ?? []) if (rule.Arn !== undefined) arns.push(rule.Arn);
      token = page.NextToken;
    } while (token !== undefined);
    return arns;
  }
}
