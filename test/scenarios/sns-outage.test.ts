import { performance } from 'node:perf_hooks';
import type { AsyncInvocationResult } from '../support/lambda';
import { eventId, FIXTURE_TIME, oomEvent, taskId } from './events';
import { deliveryFigures, type Figures, reportFigures } from './figures';
import type { PublishedMessage } from './messages';
import { startWorld, type World } from './world';

// a. SNS fails every publish for longer than Lambda retries an event: each of 30 services'
// OOM kill ends on the failure destination. SNS recovers, and each service is OOM-killed
// again (a new task, 10 minutes later, inside the critical route's 15-minute throttle). The
// new kills must reach on-call: the failed first ones told nobody.

const SERVICES = Array.from({ length: 30 }, (_, i) => `svc-${String(i + 1).padStart(2, '0')}`);
/** The second kill of each service: after Lambda's retries (1 + 2 minutes), inside the 15-minute throttle. */
const RECOVERY_AFTER_MS = 10 * 60_000;
/** Lambda scales out for 30 events at once; ten environments keep memory in check (the rest queue). */
const CONCURRENCY = 10;

describe('a. an SNS outage that outlasts Lambda retries, then a new OOM kill per service', () => {
  let world: World;
  let outage: AsyncInvocationResult[];
  let recovery: AsyncInvocationResult[];
  let duringOutage: PublishedMessage[];
  let afterRecovery: PublishedMessage[];
  const second = SERVICES.map((service, i) => oomEvent({ id: eventId('a2', i), service, task: taskId('a2', i), at: FIXTURE_TIME + RECOVERY_AFTER_MS }));

  beforeAll(async () => {
    const started = performance.now();
    world = await startWorld({ startAt: FIXTURE_TIME, routerConcurrency: CONCURRENCY });
    world.sns.inject({ error: 'InternalError' });
    const first = SERVICES.map((service, i) => oomEvent({ id: eventId('a1', i), service, task: taskId('a1', i), at: FIXTURE_TIME }));
    outage = await Promise.all(first.map((event) => world.router.invokeAsync(event)));
    duringOutage = world.messages();

    world.sns.clearFaults();
    world.setClock(FIXTURE_TIME + RECOVERY_AFTER_MS);
    const from = world.sns.requests.length;
    recovery = await Promise.all(second.map((event) => world.router.invokeAsync(event)));
    afterRecovery = world.messages().filter((m) => world.sns.requests.indexOf(m.request) >= from);

    const figures: Figures = {
      alertsIn: first.length + second.length,
      outageOnFailureDestination: outage.filter((r) => r.onFailureDestination).length,
      outagePublishAttempts: from,
      recoveryServicesAlerted: new Set(afterRecovery.filter((m) => m.kind === 'alert').map((m) => m.service)).size,
      recoveryOnFailureDestination: recovery.filter((r) => r.onFailureDestination).length,
      recoveryGateOutcomes: gateOutcomes(world, second.map((e) => String(e.id))),
      // Delivery after recovery (nothing was accepted during the outage).
      ...deliveryFigures(afterRecovery, world.deadLetterQueue.messages.length),
      elapsedMs: Math.round(performance.now() - started),
    };
    await world.close();
    reportFigures('a', 'sns-outage', figures);
  }, 120_000);
  afterAll(async () => {
    await world?.close();
  });

  it('premise: every publish fails during the outage, so each first kill ends on the failure destination', () => {
    expect(duringOutage).toEqual([]);
    expect(outage.map((r) => r.onFailureDestination)).toEqual(SERVICES.map(() => true));
    // Failed by SNS's answers, not by anything else.
    expect(outage.flatMap((r) => r.attempts.map((a) => String(a.error)))).toEqual(expect.arrayContaining([expect.stringContaining('InternalError')]));
    expect(outage.flatMap((r) => r.attempts).every((a) => String(a.error).includes('InternalError'))).toBe(true);
  });

  it('delivers the new OOM kill of each of the 30 services once SNS is back: 30 of 30', () => {
    const alerted = afterRecovery.filter((m) => m.kind === 'alert');
    expect(alerted.map((m) => m.service).sort()).toEqual(SERVICES);
    expect(alerted.map((m) => m.eventId).sort()).toEqual(second.map((e) => e.id).sort());
    expect(recovery.every((r) => !r.onFailureDestination)).toBe(true);
  });
});

/** `gate` of the router's `event processed` lines for these events, counted: `sent:3,throttled:27`. */
const gateOutcomes = (world: World, ids: readonly string[]): string => {
  const wanted = new Set(ids);
  const counts = new Map<string, number>();
  for (const line of world.logLines) {
    if (line.message !== 'event processed' || !wanted.has(String(line.eventId))) continue;
    const gate = String(line.gate ?? line.outcome);
    counts.set(gate, (counts.get(gate) ?? 0) + 1);
  }
  return [...counts].map(([gate, n]) => `${gate}:${n}`).join(',');
};
