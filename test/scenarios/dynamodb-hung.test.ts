import { performance } from 'node:perf_hooks';
import type { AsyncInvocationResult } from '../support/lambda';
import { eventId, FIXTURE_TIME, oomEvent, taskId } from './events';
import { deliveryFigures, type Figures, median, reportFigures } from './figures';
import type { PublishedMessage } from './messages';
import { startWorld, waitAtMost, type World } from './world';

// b. DynamoDB stops answering: it accepts connections and requests and never replies (the
// proxy in front of dynalite hangs). Noise control cannot run, so it must not hold alerts
// back: four OOM kills of four services each reach on-call within 10 s of their invocation,
// marked as sent without noise control (the wording of `describeGateUnavailable` in
// shared/deliver/formats/incident.ts), and none is lost.

const SERVICES = ['payments-api', 'orders-api', 'ledger', 'checkout'];
/** How soon each alert must be published after its invocation started. */
const PUBLISH_WITHIN_MS = 10_000;
/** The notice an alert sent without noise control carries (shared/deliver/formats/incident.ts). */
const GATE_UNAVAILABLE = 'Noise control unavailable';
/** How long to let invocations finish once DynamoDB answers again, before closing the world. */
const DRAIN_AFTER_RESUME_MS = 15_000;

describe('b. DynamoDB hung (requests accepted, never answered)', () => {
  let world: World;
  const events = SERVICES.map((service, i) => oomEvent({ id: eventId('b', i), service, task: taskId('b', i), at: FIXTURE_TIME }));
  /** Each event's first message and how long after its invocation started SNS received it. */
  let firstPublish: Array<{ message: PublishedMessage | undefined; latencyMs: number | undefined }>;
  let settledInTime: number;

  beforeAll(async () => {
    const started = performance.now();
    world = await startWorld({ startAt: FIXTURE_TIME });
    world.router.prewarm(SERVICES.length);
    world.dynamoProxy.hang();

    const invokedAt = performance.now();
    const settled: Array<AsyncInvocationResult | undefined> = events.map(() => undefined);
    const running = events.map((event, i) =>
      world.router.invokeAsync(event).then((result) => {
        settled[i] = result;
      }),
    );
    await waitAtMost(Promise.all(running), PUBLISH_WITHIN_MS + 500);
    settledInTime = settled.filter((r) => r !== undefined).length;

    const startOf = (id: unknown): number => world.router.firstAttempt(String(id))?.startedAt ?? invokedAt;
    const messages = world.messages();
    firstPublish = events.map((event) => {
      const message = messages.find((m) => m.kind === 'alert' && m.eventId === event.id);
      return { message, latencyMs: message === undefined ? undefined : Math.round(message.at - startOf(event.id)) };
    });
    const stalledAtDeadline = world.dynamoProxy.stalled;

    // DynamoDB answers again; let what is still running finish (or give up) before closing.
    world.dynamoProxy.resume();
    await waitAtMost(Promise.all(running), DRAIN_AFTER_RESUME_MS);
    const late = world.messages().filter((m) => m.kind === 'alert' && !firstPublish.some((f) => f.message === m));

    const latencies = firstPublish.map((f) => f.latencyMs).filter((ms): ms is number => ms !== undefined);
    const figures: Figures = {
      alertsIn: events.length,
      publishedWithin10s: firstPublish.filter((f) => f.latencyMs !== undefined && f.latencyMs <= PUBLISH_WITHIN_MS).length,
      publishLatencyMs: latencies,
      markedUnavailable: firstPublish.filter((f) => f.message?.body.includes(GATE_UNAVAILABLE) === true).length,
      invocationsFinishedByDeadline: settledInTime,
      dynamoRequestsStalledAtDeadline: stalledAtDeadline,
      publishedAfterDynamoReturned: late.length,
      stillRunningAfterDrain: settled.filter((r) => r === undefined).length,
      onFailureDestination: settled.filter((r) => r?.onFailureDestination === true).length,
      ...deliveryFigures(world.messages(), world.deadLetterQueue.messages.length),
      medianLatencyMs: latencies.length === 0 ? null : median(latencies),
      elapsedMs: Math.round(performance.now() - started),
    };
    await world.close();
    reportFigures('b', 'dynamodb-hung', figures);
  }, 60_000);
  afterAll(async () => {
    await world?.close();
  });

  it('premise: DynamoDB requests were stalled by the proxy', () => {
    expect(world.dynamoProxy.droppedBytes).toBeGreaterThan(0);
  });

  it.each(SERVICES.map((service, i) => ({ service, i })))('publishes the OOM kill of $service within 10 s of its invocation', ({ i }) => {
    expect(firstPublish[i]?.latencyMs).toBeDefined();
    expect(firstPublish[i]?.latencyMs).toBeLessThanOrEqual(PUBLISH_WITHIN_MS);
  });

  it('marks each alert as sent without noise control', () => {
    expect(firstPublish.map((f) => f.message?.body.includes(GATE_UNAVAILABLE))).toEqual(SERVICES.map(() => true));
  });

  it('loses none of the four: every alert published while DynamoDB is down', () => {
    expect(new Set(firstPublish.map((f) => f.message?.eventId))).toEqual(new Set(events.map((e) => e.id)));
  });
});
