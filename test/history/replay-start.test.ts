import { DescribeArchiveCommand, DescribeReplayCommand, EventBridgeClient, ListRulesCommand, StartReplayCommand } from '@aws-sdk/client-eventbridge';
import { CloudWatchLogsClient, FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { mockClient } from 'aws-sdk-client-mock';
import { ArchiveNotFoundError, CloudWatchLogsReplayReports, EventBridgeArchiveReplayer, parseReplayedLine, ReplayCallError } from '../../shared/history';

// The EventBridge calls `herald replay --archive` makes, as built for the SDK, and the report it
// reads back from the router's log.

const BUS = 'arn:aws:events:eu-west-1:111122223333:event-bus/default';
const ARCHIVE = 'arn:aws:events:eu-west-1:111122223333:archive/ecs-herald-prod';
const rule = (n: number) => `arn:aws:events:eu-west-1:111122223333:rule/ecs-herald-prod-router-rule-${n}`;
const FROM = new Date('2026-05-20T09:00:00Z');
const TO = new Date('2026-05-20T12:00:00Z');
const REQUEST = { archive: 'ecs-herald-prod', from: FROM, to: TO, stack: 'ecs-herald-prod', name: 'ecs-herald-prod-20260521-080000' };

describe('EventBridgeArchiveReplayer', () => {
  const events = mockClient(EventBridgeClient);
  beforeEach(() => events.reset());

  it('starts a replay of the archive into its bus, filtered to the router rules (every page of them)', async () => {
    events.on(DescribeArchiveCommand).resolves({ ArchiveArn: ARCHIVE, EventSourceArn: BUS, ArchiveName: 'ecs-herald-prod' });
    events.on(ListRulesCommand, { NextToken: undefined }).resolves({ Rules: [{ Arn: rule(1) }, { Arn: rule(2) }], NextToken: 'p2' });
    events.on(ListRulesCommand, { NextToken: 'p2' }).resolves({ Rules: [{ Arn: rule(3) }] });
    events.on(StartReplayCommand).resolves({ ReplayArn: 'arn:aws:events:eu-west-1:111122223333:replay/x', State: 'STARTING', ReplayStartTime: new Date('2026-05-21T08:00:00Z') });

    const status = await new EventBridgeArchiveReplayer({ client: new EventBridgeClient({ region: 'eu-west-1' }) }).start(REQUEST);

    expect(events.commandCalls(ListRulesCommand).map((c) => c.args[0].input)).toEqual([
      { EventBusName: BUS, NamePrefix: 'ecs-herald-prod-router-', NextToken: undefined },
      { EventBusName: BUS, NamePrefix: 'ecs-herald-prod-router-', NextToken: 'p2' },
    ]);
    expect(events.commandCalls(StartReplayCommand).map((c) => c.args[0].input)).toEqual([{
      ReplayName: REQUEST.name,
      Description: 'herald replay --archive ecs-herald-prod',
      EventSourceArn: ARCHIVE,
      EventStartTime: FROM,
      EventEndTime: TO,
      Destination: { Arn: BUS, FilterArns: [rule(1), rule(2), rule(3)] },
    }]);
    expect(status).toMatchObject({ name: REQUEST.name, state: 'STARTING', rules: [rule(1), rule(2), rule(3)] });
  });

  it.each([
    { case: 'no such archive', setup: () => events.on(DescribeArchiveCommand).rejects(Object.assign(new Error('Archive x does not exist.'), { name: 'ResourceNotFoundException' })), error: ArchiveNotFoundError },
    { case: 'no router rule on the bus', setup: () => { events.on(DescribeArchiveCommand).resolves({ ArchiveArn: ARCHIVE, EventSourceArn: BUS }); events.on(ListRulesCommand).resolves({ Rules: [] }); }, error: ArchiveNotFoundError },
    { case: 'StartReplay refused', setup: () => { events.on(DescribeArchiveCommand).resolves({ ArchiveArn: ARCHIVE, EventSourceArn: BUS }); events.on(ListRulesCommand).resolves({ Rules: [{ Arn: rule(1) }] }); events.on(StartReplayCommand).rejects(Object.assign(new Error('User is not authorized to perform: events:StartReplay'), { name: 'AccessDeniedException' })); }, error: ReplayCallError },
  ])('fails with its own error: $case', async ({ setup, error }) => {
    setup();
    await expect(new EventBridgeArchiveReplayer({ client: new EventBridgeClient({ region: 'eu-west-1' }) }).start(REQUEST)).rejects.toBeInstanceOf(error);
    expect(events.commandCalls(StartReplayCommand).length).toBeLessThanOrEqual(1);
  });

  it('describes a replay by name', async () => {
    events.on(DescribeReplayCommand, { ReplayName: REQUEST.name }).resolves({ State: 'RUNNING', EventLastReplayedTime: new Date('2026-05-20T10:00:00Z') });
    const status = await new EventBridgeArchiveReplayer({ client: new EventBridgeClient({ region: 'eu-west-1' }) }).describe(REQUEST.name);
    expect(status).toMatchObject({ name: REQUEST.name, state: 'RUNNING', lastReplayedAt: new Date('2026-05-20T10:00:00Z') });
  });
});

describe('the report read back from the router log', () => {
  const logs = mockClient(CloudWatchLogsClient);
  beforeEach(() => logs.reset());
  const line = (fields: Record<string, unknown>) => JSON.stringify({ level: 'INFO', message: 'event replayed', replay: 'r1', routes: [], deliveries: [], liveDelivered: [], ...fields });

  it('filters the router log by the replay name, every page, one line per event id (the last)', async () => {
    logs.on(FilterLogEventsCommand, { nextToken: undefined }).resolves({ events: [{ message: line({ eventId: 'a', eventTime: '2026-05-20T09:01:00Z', wouldBe: 'throttled' }) }], nextToken: 't' });
    logs.on(FilterLogEventsCommand, { nextToken: 't' }).resolves({ events: [{ message: line({ eventId: 'a', eventTime: '2026-05-20T09:01:00Z', wouldBe: 'delivered' }) }, { message: line({ eventId: 'b', eventTime: '2026-05-20T09:00:00Z', wouldBe: 'silenced' }) }] });
    const read = await new CloudWatchLogsReplayReports({ logGroup: '/aws/lambda/ecs-herald-prod-router', client: new CloudWatchLogsClient({ region: 'eu-west-1' }) }).read('r1', FROM);
    expect(logs.commandCalls(FilterLogEventsCommand)[0]?.args[0].input).toEqual({ logGroupName: '/aws/lambda/ecs-herald-prod-router', filterPattern: '{ $.replay = "r1" }', startTime: FROM.getTime(), nextToken: undefined });
    expect(read.map((r) => [r.eventId, r.wouldBe])).toEqual([['b', 'silenced'], ['a', 'delivered']]);
  });

  it.each([
    { case: 'a JSON line of the replay', message: line({ eventId: 'a', wouldBe: 'delivered' }), replay: 'r1', read: true },
    { case: 'a line prefixed by Lambda\'s text format', message: `2026-05-21T08:00:01.000Z\tabc\tINFO\t${line({ eventId: 'a', wouldBe: 'delivered' })}`, replay: 'r1', read: true },
    { case: 'another replay', message: line({ eventId: 'a' }), replay: 'r2', read: false },
    { case: 'a live report', message: JSON.stringify({ message: 'event processed', replay: 'r1' }), replay: 'r1', read: false },
    { case: 'not JSON', message: 'START RequestId: abc', replay: 'r1', read: false },
  ])('$case', ({ message, replay, read }) => {
    expect(parseReplayedLine(message, replay) !== undefined).toBe(read);
  });
});
