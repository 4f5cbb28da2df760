import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { eventId, oomEvent, type RawEvent, taskId } from './events';
import { failedDeployment, FAILED_AT, routeEvent } from './remediation';
import { startWorld, type World } from './world';

// An EventBridge archive replayed into the built router: every copy carries `replay-name`.
// Copies of events the router already delivered live, events older than the two days event
// ids are remembered, a failed deployment whose route remediates: each is evaluated and
// reported (`event replayed`, with what would have happened), and nothing is published to
// SNS, queued for the remediator, or remembered in a way a live alert would notice.

const REPLAY = 'ecs-herald-dev-20260520';
const DAY = 86_400_000;

const replayed = (event: RawEvent): RawEvent => ({ ...structuredClone(event), 'replay-name': REPLAY });

/** Every item of the state table, as `pk|sk` (dynalite: one page holds them all). */
const tableKeys = async (world: World): Promise<string[]> => {
  const client = new DynamoDBClient({ endpoint: world.dynamo.endpoint, region: 'us-west-2', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  const { Items = [] } = await client.send(new ScanCommand({ TableName: 'ecs-herald-state' }));
  return Items.map((item) => `${item.pk?.S ?? ''}|${item.sk?.S ?? ''}`).sort();
};

describe('an archive replayed into the router (built bundle)', () => {
  let world: World;
  beforeAll(async () => {
    world = await startWorld({ startAt: FAILED_AT + 4_000 });
  });
  afterAll(async () => {
    await world?.close();
  });

  it('reports every replayed event and pages nobody, live copies and old events alike', async () => {
    // Live first: an OOM kill pages, the failed deployment pages and queues its rollback decision.
    const liveOom = oomEvent({ id: eventId('arcv', 1), service: 'payments-api', task: taskId('arcv', 1), at: FAILED_AT });
    const liveOomStep = await routeEvent(world, liveOom);
    const liveDeployment = await routeEvent(world, failedDeployment());
    expect(liveOomStep.messages).toHaveLength(1);
    expect(liveDeployment.messages).toHaveLength(1);
    expect(liveDeployment.decisions).toHaveLength(1);

    // The replay: the same two events again, an OOM kill of three days before (past the memory
    // of event ids), and one of another service that never came live.
    const old = oomEvent({ id: eventId('arcv', 2), service: 'orders-api', task: taskId('arcv', 2), at: FAILED_AT - 3 * DAY });
    const fresh = oomEvent({ id: eventId('arcv', 3), service: 'ledger', task: taskId('arcv', 3), at: FAILED_AT - 60_000 });
    const copies = [liveOom, failedDeployment(), old, fresh].map(replayed);
    const [snsFrom, queueFrom, logFrom] = [world.sns.requests.length, world.remediationQueue.messages.length, world.logLines.length];
    const liveKeys = await tableKeys(world);
    for (const copy of copies) {
      const step = await world.router.invokeAsync(copy);
      expect(step.attempts.map((a) => a.error)).toEqual([undefined]);
    }

    expect(world.sns.requests.length - snsFrom).toBe(0);
    expect(world.remediationQueue.messages.length - queueFrom).toBe(0);
    const reports = world.logLines.slice(logFrom).filter((l) => l.message === 'event replayed');
    expect(reports.map((r) => [r.eventId, r.replay, r.wouldBe, r.deliveries, r.liveDelivered])).toEqual([
      [liveOom.id, REPLAY, 'delivered', ['oncall:replayed'], ['oncall']],
      [failedDeployment().id, REPLAY, 'delivered', ['oncall:replayed'], ['oncall']],
      [old.id, REPLAY, 'delivered', ['oncall:replayed'], []],
      [fresh.id, REPLAY, 'delivered', ['oncall:replayed'], []],
    ]);
    expect(reports[1]).toMatchObject({ category: 'deployment-failed', remediations: ['rollback-failed-deployment'] });
    // No live line for a replayed copy: the live metrics and the processed-events log stay as they were.
    expect(world.logLines.slice(logFrom).filter((l) => l.message === 'event processed')).toEqual([]);
    // The replay's noise control wrote under its own keys only: the live records are as they were.
    const after = await tableKeys(world);
    expect(after.filter((key) => !key.startsWith(`replay#${REPLAY}#`))).toEqual(liveKeys);
    expect(after.filter((key) => key.startsWith(`replay#${REPLAY}#`)).length).toBeGreaterThan(0);
  });

  it('judges the replayed events as one stream: a copy replayed twice is a duplicate of the first', async () => {
    const event = replayed(oomEvent({ id: eventId('arcv', 20), service: 'search', task: taskId('arcv', 20), at: FAILED_AT - DAY }));
    const logFrom = world.logLines.length;
    await world.router.invokeAsync(event);
    await world.router.invokeAsync(structuredClone(event));
    const reports = world.logLines.slice(logFrom).filter((l) => l.message === 'event replayed');
    expect(reports.map((r) => r.wouldBe)).toEqual(['delivered', 'duplicate']);
  });

  it('leaves live noise control untouched: the first live alert after a replayed copy still pages', async () => {
    const at = FAILED_AT + 60_000;
    const event = oomEvent({ id: eventId('arcv', 10), service: 'billing', task: taskId('arcv', 10), at });
    const snsFrom = world.sns.requests.length;
    await world.router.invokeAsync(replayed(event));
    expect(world.sns.requests.length - snsFrom).toBe(0);

    // The same event, live: not a duplicate of its replayed copy, not throttled by it.
    const live = await routeEvent(world, event);
    expect(live.messages).toHaveLength(1);
    expect(live.messages[0]?.eventId).toBe(event.id);
  });
});
