import { join } from 'node:path';
import { loadCliConfig } from '../../cli/config';
import { createOfflineRun } from '../../cli/offline';
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
