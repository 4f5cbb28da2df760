import { performance } from 'node:perf_hooks';
import { eventId, FIXTURE_TIME, oomEvent, taskId } from './events';
import { deliveryFigures, type Figures, reportFigures } from './figures';
import { countByKind, type PublishedMessage } from './messages';
import { startWorld, type World } from './world';

// c. A 10-hour crash loop: one service is OOM-killed once a minute (600 tasks, each its own
// event), and the digest function runs every minute as scheduled. Every kill must reach
// on-call, as an alert or counted in a digest, and digests must keep coming to the end.

const SERVICE = 'payments-api';
const MINUTE = 60_000;
const STORM_MINUTES = 600;
/**
 * The digest function keeps running after the last kill, so the last window's digest goes out:
 * windows double up to herald.yml's `group_interval_max` (1h), so the last one ends at most an
 * hour after the last kill.
 */
const DRAIN_MINUTES = 61;
/** The schedule does not fire on the events' second: half a minute after each kill. */
const DIGEST_PHASE_MS = 30_000;
/** Ten hours pass in half a minute: spread over warm environments, the ECS pacing stays out of the way. */
const ROUTER_ENVIRONMENTS = 8;
/** "Until the end": a digest must cover some minute after 9h30. */
const LATE_IN_STORM_MS = (9 * 60 + 30) * MINUTE;

describe('c. a 10-hour storm: 600 OOM kills of one service, one a minute, digest every minute', () => {
  let world: World;
  let messages: PublishedMessage[];
  let routerErrors: number;
  let digestErrors: number;

  beforeAll(async () => {
    const started = performance.now();
    world = await startWorld({ startAt: FIXTURE_TIME, spreadRouterOver: ROUTER_ENVIRONMENTS });
    routerErrors = 0;
    digestErrors = 0;
    for (let minute = 0; minute < STORM_MINUTES + DRAIN_MINUTES; minute++) {
      const at = FIXTURE_TIME + minute * MINUTE;
      if (minute < STORM_MINUTES) {
        world.setClock(at);
        const result = await world.router.invokeAsync(oomEvent({ id: eventId('c', minute), service: SERVICE, task: taskId('c', minute), at }));
        routerErrors += result.attempts.filter((a) => a.error !== undefined).length;
      }
      world.setClock(at + DIGEST_PHASE_MS);
      const run = await world.digest.invoke({});
      if (run.error !== undefined) digestErrors += 1;
    }
    messages = world.messages();

    const kinds = countByKind(messages);
    const digests = messages.filter((m) => m.kind === 'digest');
    const lastUntil = Math.max(...digests.map((d) => d.digestUntil ?? Number.NEGATIVE_INFINITY));
    const figures: Figures = {
      alertsIn: STORM_MINUTES,
      ...deliveryFigures(messages, world.deadLetterQueue.messages.length),
      digestCountSum: digests.reduce((sum, d) => sum + (d.digestCount ?? 0), 0),
      digestsWithoutCount: digests.filter((d) => d.digestCount === undefined).length,
      accountedFor: kinds.alert + digests.reduce((sum, d) => sum + (d.digestCount ?? 0), 0),
      lastDigestWindowEndMinute: Number.isFinite(lastUntil) ? (lastUntil - FIXTURE_TIME) / MINUTE : null,
      digestsAfter9h30: digests.filter((d) => (d.digestUntil ?? 0) > FIXTURE_TIME + LATE_IN_STORM_MS).length,
      // eventId('c', minute) ends with the minute in hex.
      alertMinutes: messages.filter((m) => m.kind === 'alert').map((m) => parseInt((m.eventId ?? '').slice(-12), 16)),
      routerErrors,
      digestErrors,
      elapsedMs: Math.round(performance.now() - started),
    };
    await world.close();
    reportFigures('c', 'storm', figures);
  }, 180_000);
  afterAll(async () => {
    await world?.close();
  });

  it('premise: every digest says how many alerts it counts', () => {
    expect(messages.filter((m) => m.kind === 'digest' && m.digestCount === undefined)).toEqual([]);
  });

  it('accounts for all 600 kills: alerts published plus alerts counted in digests = 600', () => {
    const kinds = countByKind(messages);
    const counted = messages.reduce((sum, m) => sum + (m.digestCount ?? 0), 0);
    expect(kinds.alert + counted).toBe(STORM_MINUTES);
  });

  it('keeps sending digests to the end: one covers minutes after 9h30', () => {
    const late = messages.filter((m) => m.kind === 'digest' && (m.digestUntil ?? 0) > FIXTURE_TIME + LATE_IN_STORM_MS);
    expect(late.length).toBeGreaterThan(0);
  });
});
