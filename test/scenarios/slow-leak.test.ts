import { performance } from 'node:perf_hooks';
import { eventId, FIXTURE_TIME, oomEvent, steadyStateEvent, taskId } from './events';
import { deliveryFigures, type Figures, reportFigures } from './figures';
import type { PublishedMessage } from './messages';
import { startWorld, type World } from './world';

// d. A slow leak: the service is OOM-killed every 20 minutes and, 2 minutes later, ECS
// reports it steady again (the replacement task is up). For 2 hours, with the digest function
// running every minute, on-call must not be paged for each round trip: at most 4 messages.

const SERVICE = 'payments-api';
const MINUTE = 60_000;
const DURATION_MINUTES = 120;
const OOM_EVERY_MINUTES = 20;
const STEADY_AFTER_MINUTES = 2;
const MAX_MESSAGES = 4;
/** The schedule does not fire on the events' second. */
const DIGEST_PHASE_MS = 30_000;

describe('d. a slow leak: an OOM kill every 20 minutes, steady state 2 minutes after each, for 2 hours', () => {
  let world: World;
  let messages: PublishedMessage[];
  let errors: number;

  beforeAll(async () => {
    const started = performance.now();
    world = await startWorld({ startAt: FIXTURE_TIME });
    errors = 0;
    let kills = 0;
    for (let minute = 0; minute < DURATION_MINUTES; minute++) {
      const at = FIXTURE_TIME + minute * MINUTE;
      world.setClock(at);
      const round = Math.floor(minute / OOM_EVERY_MINUTES);
      const event =
        minute % OOM_EVERY_MINUTES === 0
          ? oomEvent({ id: eventId('d', minute), service: SERVICE, task: taskId('d', round), at })
          : minute % OOM_EVERY_MINUTES === STEADY_AFTER_MINUTES
            ? steadyStateEvent({ id: eventId('d', minute), service: SERVICE, at })
            : undefined;
      if (event !== undefined) {
        if (minute % OOM_EVERY_MINUTES === 0) kills += 1;
        const result = await world.router.invokeAsync(event);
        errors += result.attempts.filter((a) => a.error !== undefined).length;
      }
      world.setClock(at + DIGEST_PHASE_MS);
      if ((await world.digest.invoke({})).error !== undefined) errors += 1;
    }
    messages = world.messages();

    const figures: Figures = {
      ooms: kills,
      steadyStates: kills,
      messages: messages.length,
      ...deliveryFigures(messages, world.deadLetterQueue.messages.length),
      messageMinutes: messages.map((m) => (m.request.receivedAt.getTime() - FIXTURE_TIME) / MINUTE).map((m) => Math.floor(m)),
      errors,
      elapsedMs: Math.round(performance.now() - started),
    };
    await world.close();
    reportFigures('d', 'slow-leak', figures);
  }, 60_000);
  afterAll(async () => {
    await world?.close();
  });

  it('premise: the first OOM kill is published', () => {
    expect(messages[0]).toMatchObject({ kind: 'alert', service: SERVICE });
  });

  it(`sends at most ${MAX_MESSAGES} SNS messages in the 2 hours`, () => {
    expect(messages.length).toBeLessThanOrEqual(MAX_MESSAGES);
  });
});
