import { performance } from 'node:perf_hooks';
import type { InvocationResult } from '../support/lambda';
import { eventId, FIXTURE_TIME, oomEvent, taskId } from './events';
import { deliveryFigures, errorNames, type Figures, reportFigures } from './figures';
import { countByKind, type PublishedMessage } from './messages';
import { startWorld, type World } from './world';

// i. EventBridge delivers at least once: the same event can reach two execution environments
// at the same moment. One publish, and neither invocation fails (a throw is a Lambda error:
// it pages whoever watches the function's error alarm, and is retried).

describe('i. concurrent copies: the same event invoked twice at once', () => {
  let world: World;
  let copies: InvocationResult[];
  let messages: PublishedMessage[];
  const event = oomEvent({ id: eventId('i', 1), service: 'payments-api', task: taskId('i', 1), at: FIXTURE_TIME });

  beforeAll(async () => {
    const started = performance.now();
    world = await startWorld({ startAt: FIXTURE_TIME });
    world.router.prewarm(2);
    copies = await Promise.all([world.router.invoke(structuredClone(event)), world.router.invoke(structuredClone(event))]);
    messages = world.messages();

    const figures: Figures = {
      alertsIn: 1,
      invocations: copies.length,
      environments: new Set(copies.map((c) => c.environment)).size,
      ...deliveryFigures(messages, world.deadLetterQueue.messages.length),
      thrown: copies.filter((c) => c.error !== undefined).length,
      errors: errorNames(copies.map((c) => c.error)),
      elapsedMs: Math.round(performance.now() - started),
    };
    await world.close();
    reportFigures('i', 'concurrent-copies', figures);
  }, 60_000);
  afterAll(async () => {
    await world?.close();
  });

  it('premise: the two copies ran in two environments at once', () => {
    expect(new Set(copies.map((c) => c.environment)).size).toBe(2);
  });

  it('publishes exactly once', () => {
    expect(countByKind(messages)).toEqual({ alert: 1, digest: 0, resolved: 0 });
  });

  it('fails neither invocation', () => {
    expect(copies.map((c) => c.error)).toEqual([undefined, undefined]);
  });
});
