import { performance } from 'node:perf_hooks';
import { deploymentEvent, eventId } from './events';
import { deliveryFigures, type Figures, reportFigures } from './figures';
import { countByKind, type PublishedMessage } from './messages';
import { startWorld, type World } from './world';

// e. EventBridge does not deliver in order. A deployment of payments-api fails and is
// alerted; then a COMPLETED event of the service arrives whose `time` is older than the
// failure (an earlier deployment's, delivered late). It says nothing about the service now:
// no RESOLVED message, not even after 2 more simulated hours of digest runs; a COMPLETED
// event newer than the failure then resolves it, once it has held for herald.yml's
// `resolve_hold` (30m) with the digest function running every minute. The control, in a world
// of its own: FAILED then a newer COMPLETED gives one RESOLVED, so the harness does see
// resolutions.


const SERVICE = 'payments-api';
const MINUTE = 60_000;
const FAILED_AT = Date.parse('2026-05-12T12:21:56Z');
/** The late event: the fixture's own time, 12 minutes before the failure. */
const OLDER_COMPLETED_AT = Date.parse('2026-05-12T12:09:41Z');
const WATCH_MINUTES = 120;
const DIGEST_PHASE_MS = 30_000;
/** herald.yml's `resolve_hold`, and a minute for the schedule. */
const HOLD_MINUTES = 31;

/** Runs the digest function every minute for `minutes` after `from`. */
const runDigestsFor = async (world: World, from: number, minutes: number): Promise<void> => {
  for (let minute = 1; minute <= minutes; minute++) {
    world.setClock(from + minute * MINUTE + DIGEST_PHASE_MS);
    await world.runDigest();
  }
};

describe('e. out of order: a deployment COMPLETED older than the FAILED already processed', () => {
  let world: World;
  let failedMessages: PublishedMessage[];
  let afterStale: PublishedMessage[];
  let afterNewer: PublishedMessage[];

  beforeAll(async () => {
    const started = performance.now();
    world = await startWorld({ startAt: FAILED_AT + 4_000 });
    const failed = deploymentEvent('failed', { id: eventId('e', 1), service: SERVICE, time: FAILED_AT });
    await world.router.invokeAsync(failed);
    failedMessages = world.messages();

    // Delivered a minute later, though it happened 12 minutes before the failure.
    world.setClock(FAILED_AT + MINUTE);
    await world.router.invokeAsync(deploymentEvent('completed', { id: eventId('e', 2), service: SERVICE, time: OLDER_COMPLETED_AT }));
    for (let minute = 1; minute <= WATCH_MINUTES; minute++) {
      world.setClock(FAILED_AT + minute * MINUTE + DIGEST_PHASE_MS);
      await world.runDigest();
    }
    afterStale = world.messages().slice(failedMessages.length);

    const newerAt = FAILED_AT + (WATCH_MINUTES + 1) * MINUTE;
    world.setClock(newerAt);
    await world.router.invokeAsync(deploymentEvent('completed', { id: eventId('e', 3), service: SERVICE, time: newerAt }));
    await runDigestsFor(world, newerAt, HOLD_MINUTES);
    afterNewer = world.messages().slice(failedMessages.length + afterStale.length);

    const stale = countByKind(afterStale);
    const figures: Figures = {
      alertsIn: 3,
      failedAlerts: countByKind(failedMessages).alert,
      resolvedAfterOlderCompleted: stale.resolved,
      otherMessagesAfterOlderCompleted: stale.alert + stale.digest,
      resolvedMinuteAfterFailure: afterStale.filter((m) => m.kind === 'resolved').map((m) => (m.request.receivedAt.getTime() - FAILED_AT) / MINUTE),
      resolvedAfterNewerCompleted: countByKind(afterNewer).resolved,
      ...deliveryFigures(world.messages(), world.deadLetterQueue.messages.length),
      elapsedMs: Math.round(performance.now() - started),
    };
    await world.close();
    reportFigures('e', 'out-of-order', figures);
  }, 60_000);
  afterAll(async () => {
    await world?.close();
  });

  it('premise: the failed deployment is alerted', () => {
    expect(failedMessages.map((m) => [m.kind, m.service])).toEqual([['alert', SERVICE]]);
  });

  it('sends no RESOLVED for the older COMPLETED, in the 2 hours after it', () => {
    expect(afterStale.filter((m) => m.kind === 'resolved')).toEqual([]);
  });

  it('keeps the incident open for a COMPLETED newer than the failure, which resolves it', () => {
    expect(countByKind(afterNewer).resolved).toBe(1);
  });
});

describe('e (control). in order: a deployment COMPLETED newer than the FAILED', () => {
  let world: World;
  afterAll(async () => {
    await world?.close();
  });

  it('sends one RESOLVED', async () => {
    world = await startWorld({ startAt: FAILED_AT + 4_000 });
    await world.router.invokeAsync(deploymentEvent('failed', { id: eventId('ec', 1), service: SERVICE, time: FAILED_AT }));
    world.setClock(FAILED_AT + 10 * MINUTE);
    await world.router.invokeAsync(deploymentEvent('completed', { id: eventId('ec', 2), service: SERVICE, time: FAILED_AT + 10 * MINUTE }));
    await runDigestsFor(world, FAILED_AT + 10 * MINUTE, HOLD_MINUTES);

    expect(world.messages().map((m) => m.kind)).toEqual(['alert', 'resolved']);
  });
});
