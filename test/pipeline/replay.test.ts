import shippedConfigText from '../../herald.yml';
import { compileConfigText } from '../../shared/compile';
import { MemoryDeadLetters, type Notification, type Publisher } from '../../shared/deliver';
import { parseEvent } from '../../shared/events';
import { addSilence } from '../../shared/gate';
import { createHeraldPipeline, type EventReport, recordReport, REPORT_METRICS } from '../../shared/pipeline';
import { MemoryStateStore, StateStorePersistenceLayer } from '../../shared/state';
import { loadRawFixture } from '../support/fixtures';

// Replayed events (EventBridge `replay-name`) through the router's composition: evaluated and
// reported like live ones, never published, and logged and counted apart from live events.

class RecordingPublisher implements Publisher {
  public readonly sent: Notification[] = [];
  public async publish(_topic: unknown, _message: unknown, _attributes: unknown, alert: Notification): Promise<string> {
    this.sent.push(alert);
    return `msg-${this.sent.length}`;
  }
}

const NOW = Date.parse('2026-05-13T09:00:00Z');
const OOM = 'ecs-task/stopped-oom';
const replayOf = (fixture: string, name = 'r1', mutate: (e: Record<string, unknown>) => void = () => undefined): Record<string, unknown> => {
  const event = { ...structuredClone(loadRawFixture(fixture)), 'replay-name': name };
  mutate(event);
  return event;
};

const setup = () => {
  const store = new MemoryStateStore(() => NOW);
  const publisher = new RecordingPublisher();
  const { pipeline } = createHeraldPipeline({
    config: compileConfigText(shippedConfigText, 'herald.yml'),
    store,
    idempotency: new StateStorePersistenceLayer({ store }),
    publisher,
    deadLetters: new MemoryDeadLetters(),
    now: () => NOW,
  });
  return { store, publisher, pipeline };
};

const outcomeOf = (report: EventReport) =>
  report.outcome === 'skipped'
    ? { replay: report.replay, outcome: 'skipped', reason: report.reason }
    : { replay: report.replay, gate: report.gate, deliveries: report.deliveries.map((d) => `${d.destination}:${d.status}`), mutedBy: report.mutedBy };

describe('replayed events through the router composition', () => {
  it.each([
    { case: 'an OOM kill: oncall would receive it', events: [replayOf(OOM)], last: { replay: 'r1', gate: 'sent', deliveries: ['oncall:replayed'], mutedBy: undefined } },
    { case: 'a routine event: recorded only', events: [replayOf('ecs-service-action/steady-state')], last: { replay: 'r1', gate: 'sent', deliveries: [], mutedBy: undefined } },
    { case: 'the same copy twice: a duplicate of the first', events: [replayOf(OOM), replayOf(OOM)], last: { replay: 'r1', gate: 'duplicate', deliveries: [], mutedBy: expect.any(String) } },
    { case: 'the same event in two replays: each judges it alone', events: [replayOf(OOM, 'r1'), replayOf(OOM, 'r2')], last: { replay: 'r2', gate: 'sent', deliveries: ['oncall:replayed'], mutedBy: undefined } },
    { case: 'an event herald does not handle: skipped, said to be replayed', events: [replayOf(OOM, 'r1', (e) => { e.source = 'aws.s3'; })], last: { replay: 'r1', outcome: 'skipped', reason: 'unsupported-event' } },
  ])('$case', async ({ events, last }) => {
    const { publisher, pipeline } = setup();
    let report: EventReport | undefined;
    for (const event of events) report = await pipeline.processEvent(event);
    expect(report === undefined ? undefined : outcomeOf(report)).toEqual(last);
    expect(publisher.sent).toEqual([]);
  });

  it('applies a run-time silence of the state table, at the event\'s time', async () => {
    const { store, publisher, pipeline } = setup();
    const time = Date.parse(String(loadRawFixture(OOM).time));
    await addSilence(store, { matchers: { service: ['payments-api'] }, startsAt: time - 60_000, endsAt: time + 60_000, comment: 'migration', createdBy: 'alice' }, time, { allowEnded: true });
    const report = await pipeline.processEvent(replayOf(OOM));
    expect(report).toMatchObject({ replay: 'r1', gate: 'silenced', mutedBy: expect.stringContaining('by alice: migration') });
    expect(publisher.sent).toEqual([]);
  });

  it('says which topics took the event live, and never sends it again, however old', async () => {
    const { publisher, pipeline } = setup();
    const live = structuredClone(loadRawFixture(OOM));
    await pipeline.processEvent(live);
    expect(publisher.sent).toHaveLength(1);
    const report = await pipeline.processEvent(replayOf(OOM));
    expect(report.outcome === 'alert' ? report.deliveries : []).toEqual([{ destination: 'oncall', status: 'replayed', location: 'not sent: replay r1; delivered live when the event first came' }]);
    expect(publisher.sent).toHaveLength(1);
  });

  it('is logged as "event replayed" and counted as EventsReplayed alone', async () => {
    const { pipeline } = setup();
    const logged: [string, Record<string, unknown>][] = [];
    const counted: string[] = [];
    const durations: string[] = [];
    recordReport(await pipeline.processEvent(replayOf(OOM)), { info: (m, ...f) => logged.push([m, Object.assign({}, ...f)]), warn: (m, ...f) => logged.push([m, Object.assign({}, ...f)]) }, { count: (name) => counted.push(name), duration: (name) => durations.push(name) });
    expect(logged.map(([message, fields]) => [message, fields.replay, fields.wouldBe, fields.deliveries])).toEqual([['event replayed', 'r1', 'delivered', ['oncall:replayed']]]);
    expect(counted).toEqual([REPORT_METRICS.replayed]);
    expect(durations).toEqual([]);
  });
});

describe('the replay-name field', () => {
  it.each([
    { case: 'a replay\'s name', value: 'r1', replayName: 'r1', warnings: [] },
    { case: 'absent (a live event)', value: undefined, replayName: undefined, warnings: [] },
    { case: 'not a string: dropped with a warning', value: 7, replayName: undefined, warnings: ['replay-name: expected a non-empty string, got a number; ignored'] },
  ])('$case', ({ value, replayName, warnings }) => {
    const raw = { ...structuredClone(loadRawFixture(OOM)), ...(value === undefined ? {} : { 'replay-name': value }) };
    const parsed = parseEvent(raw);
    expect(parsed.ok ? [parsed.event.envelope.replayName, parsed.event.warnings] : parsed.error).toEqual([replayName, warnings]);
  });
});
