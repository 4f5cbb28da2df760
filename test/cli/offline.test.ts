import { join } from 'node:path';
import { IdempotencyConfig, IdempotencyItemAlreadyExistsError } from '@aws-lambda-powertools/idempotency';
import { loadCliConfig } from '../../cli/config';
import { createOfflineRun } from '../../cli/offline';
import { ReplayIdempotencyLayer } from '../../cli/offline-idempotency';
import { loadRawFixture } from '../support/fixtures';

const CONFIG = join(__dirname, '..', '..', 'herald.yml');

/** An unversioned event (its id is its idempotency key) at `time`. */
const steadyAt = (time: string): Record<string, unknown> => ({ ...loadRawFixture('ecs-service-action/steady-state'), time });

describe('the offline run remembers event ids on the events’ clock', () => {
  it.each([
    { case: 'a copy an hour later is a duplicate', later: '2026-05-12T10:31:22Z', duplicate: true },
    { case: 'a copy a day later is a duplicate', later: '2026-05-13T09:31:22Z', duplicate: true },
    // The id's record lasts 2 days (EVENT_MEMORY_SECONDS) of event time, as in the state table,
    // not 2 days of today's clock, which would keep every id of a replay until its end.
    { case: 'a copy three days later is processed again', later: '2026-05-15T09:31:22Z', duplicate: false },
  ])('$case', async ({ later, duplicate }) => {
    const run = createOfflineRun(loadCliConfig(CONFIG));
    for (const event of [steadyAt('2026-05-12T09:31:22Z'), steadyAt(later)]) {
      run.advanceTo(event);
      const report = await run.pipeline.processEvent(event);
      if (event.time === later) {
        expect(report.outcome === 'alert' && report.gate === 'duplicate' && /already processed/.test(report.mutedBy ?? '')).toBe(duplicate);
      }
      run.forgetExpired();
    }
  });
});

describe('ReplayIdempotencyLayer', () => {
  const DAY_MS = 86_400_000;
  const configured = (clock: { now: number }) => {
    const layer = new ReplayIdempotencyLayer(() => clock.now);
    layer.configure({ config: new IdempotencyConfig({ expiresAfterSeconds: 2 * 86_400 }), functionName: 'router' });
    return layer;
  };

  it('answers a copy with the stored result within 2 days of event time, and forgets it after', async () => {
    const clock = { now: Date.parse('2026-05-12T09:00:00Z') };
    const layer = configured(clock);
    await layer.saveInProgress('event-1', 120_000);
    await layer.saveSuccess('event-1', { processedAt: '2026-05-12T09:00:00.000Z' });
    clock.now += DAY_MS;
    await expect(layer.saveInProgress('event-1', 120_000)).rejects.toBeInstanceOf(IdempotencyItemAlreadyExistsError);
    expect((await layer.getRecord('event-1')).getResponse()).toEqual({ processedAt: '2026-05-12T09:00:00.000Z' });
    expect(layer.forgetExpired()).toBe(0);
    // Powertools rounds an expiry to the second.
    clock.now += DAY_MS + 1_000;
    expect(layer.forgetExpired()).toBe(1);
    expect(layer.size).toBe(0);
    await expect(layer.saveInProgress('event-1', 120_000)).resolves.toBeUndefined();
  });

  it.each([
    { case: 'an in-progress record within its deadline stops a copy', remainingMs: 60_000, takenOver: false },
    { case: 'an in-progress record past its deadline is taken over', remainingMs: -1_000, takenOver: true },
  ])('$case', async ({ remainingMs, takenOver }) => {
    const clock = { now: Date.parse('2026-05-12T09:00:00Z') };
    const layer = configured(clock);
    await layer.saveInProgress('event-2', remainingMs);
    const again = layer.saveInProgress('event-2', 60_000);
    if (takenOver) await expect(again).resolves.toBeUndefined();
    else await expect(again).rejects.toBeInstanceOf(IdempotencyItemAlreadyExistsError);
  });

  it('keys an id as itself, not a digest of it', async () => {
    const layer = configured({ now: Date.parse('2026-05-12T09:00:00Z') });
    await layer.saveInProgress('event-3', 120_000);
    expect((await layer.getRecord('event-3')).idempotencyKey).toMatch(/^[^#]*router#event-3$/);
  });
});
