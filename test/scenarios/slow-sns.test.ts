import { performance } from 'node:perf_hooks';
import type { AsyncInvocationResult } from '../support/lambda';
import { eventId, FIXTURE_TIME, oomEvent, taskId } from './events';
import { deliveryFigures, errorNames, type Figures, lastErrorMessage, reportFigures } from './figures';
import type { PublishedMessage } from './messages';
import { startWorld, type World } from './world';

// g. SNS is slow: it accepts every Publish (the message goes out to subscribers) but answers
// only after 5 s, or after 7 s, longer than the publisher waits for one request (6 s).
// Whatever the client makes of that, a subscriber must not get a pile of copies: at most 3 of
// each alert in all, across Lambda's retries of the event. Whether the event ended on the
// failure destination is reported.

const SERVICES = ['payments-api', 'orders-api'];
const MAX_COPIES = 3;

describe.each([
  { name: 'slow-sns', answerAfterMs: 5_000 },
  { name: 'slower-sns', answerAfterMs: 7_000 },
])('g. a slow SNS: every publish accepted, answered after $answerAfterMs ms', ({ name, answerAfterMs }) => {
  let world: World;
  let results: AsyncInvocationResult[];
  let copies: Map<string, PublishedMessage[]>;
  const events = SERVICES.map((service, i) => oomEvent({ id: eventId(name, i), service, task: taskId(name, i), at: FIXTURE_TIME }));

  beforeAll(async () => {
    const started = performance.now();
    world = await startWorld({ startAt: FIXTURE_TIME });
    world.sns.inject({ delayMs: answerAfterMs });
    results = await Promise.all(events.map((event) => world.router.invokeAsync(event)));
    const messages = world.messages();
    copies = new Map(events.map((event) => [String(event.id), messages.filter((m) => m.eventId === event.id)]));

    const figures: Figures = {
      alertsIn: events.length,
      copiesPerAlert: events.map((e) => copies.get(String(e.id))?.length ?? 0),
      publishRequests: world.sns.requests.length,
      attemptsPerEvent: results.map((r) => r.attempts.length),
      onFailureDestination: results.filter((r) => r.onFailureDestination).length,
      errors: errorNames(results.flatMap((r) => r.attempts.map((a) => a.error))),
      lastError: lastErrorMessage(results.flatMap((r) => r.attempts.map((a) => a.error))),
      invocationMs: results.flatMap((r) => r.attempts.map((a) => Math.round(a.elapsedMs))),
      ...deliveryFigures(messages, world.deadLetterQueue.messages.length),
      elapsedMs: Math.round(performance.now() - started),
    };
    await world.close();
    reportFigures('g', name, figures);
  }, 240_000);
  afterAll(async () => {
    await world?.close();
  });

  it('premise: SNS received each alert at least once', () => {
    expect(events.map((e) => (copies.get(String(e.id))?.length ?? 0) > 0)).toEqual(SERVICES.map(() => true));
  });

  it.each(SERVICES.map((service, i) => ({ service, i })))(`sends at most ${MAX_COPIES} copies of the $service alert in all`, ({ i }) => {
    expect(copies.get(String(events[i]?.id))?.length).toBeLessThanOrEqual(MAX_COPIES);
  });
});
