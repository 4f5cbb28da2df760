import { compileConfigText, type CompiledConfig } from '../../shared/compile';
import { MemoryDeadLetters, type Publisher } from '../../shared/deliver';
import type { Notification } from '../../shared/deliver';
import { createHeraldPipeline, type DigestReport, type DueReport, type EventReport } from '../../shared/pipeline';
import { MemoryStateStore, type StateStore, StateStorePersistenceLayer } from '../../shared/state';
import { loadRawFixture } from '../support/fixtures';

/** Records every published message: topic, route and the alert. */
export class RecordingPublisher implements Publisher {
  public readonly sent: { topic: string; route: string; alert: Notification }[] = [];
  public async publish(topic: { name: string }, _message: unknown, attributes: Readonly<Record<string, string>>, alert: Notification): Promise<string> {
    this.sent.push({ topic: topic.name, route: attributes.route ?? '', alert });
    return `mem://${topic.name}/${this.sent.length}`;
  }
}

/** The base configuration of the scenarios: one topic, grouping by service, both presets. */
export const SCENARIO_CONFIG = [
  'topics: { oncall: { emails: [oncall@example.com] } }',
  'default: { notify: [oncall], group_by: [cluster, service], group_interval: 5m, repeat_interval: 4h, resolve_hold: 0s }',
  'inhibit: [deployments, infrastructure]',
  'routes:',
  '  - { name: routine, match: { severity: [info] }, notify: [] }',
  '  - { name: critical, match: { severity: [critical] }, throttle: 15m }',
].join('\n');

/** A pipeline on the given store and clock, as the Lambda builds it (idempotency included). */
export const scenario = (configText = SCENARIO_CONFIG, makeStore: (now: () => number) => StateStore = (now) => new MemoryStateStore(now)) => {
  const config: CompiledConfig = compileConfigText(configText, 'scenario.yml');
  const publisher = new RecordingPublisher();
  const clock = { now: Date.parse('2026-05-12T12:00:00Z') };
  const now = () => clock.now;
  const store = makeStore(now);
  const failOpen: string[] = [];
  const { pipeline, processDue } = createHeraldPipeline({
    config,
    store,
    // Event ids are remembered apart from the gate's state, as Powertools does in its own items.
    idempotency: new StateStorePersistenceLayer({ store: new MemoryStateStore(now) }),
    publisher,
    deadLetters: new MemoryDeadLetters(),
    now,
    onFailOpen: (stage) => failOpen.push(stage),
  });
  return {
    config,
    publisher,
    clock,
    failOpen,
    store,
    /** Processes an event at its own `time` (the clock moves there). */
    async send(event: Record<string, unknown>): Promise<Extract<EventReport, { outcome: 'alert' }>> {
      const time = Date.parse(String(event.time));
      if (!Number.isNaN(time)) clock.now = Math.max(clock.now, time);
      const report = await pipeline.processEvent(event);
      if (report.outcome !== 'alert') throw new Error(`expected an alert, got ${report.reason}: ${report.message}`);
      return report;
    },
    /** Runs the digest function at `at`. */
    async flush(at: string): Promise<DigestReport[]> {
      clock.now = Math.max(clock.now, Date.parse(at));
      return (await processDue()).filter((r): r is Extract<DueReport, { kind: 'digest' }> => r.kind === 'digest');
    },
    /** Runs the scheduled function at `at`: resolutions whose hold ended, then digests. */
    async due(at: string): Promise<DueReport[]> {
      clock.now = Math.max(clock.now, Date.parse(at));
      return processDue();
    },
  };
};

let serial = 0;

/**
 * A fixture event with its own id, time and task (so it is a new event, not a redelivery),
 * optionally moved to another service, task version or container instance.
 */
export const eventOf = (
  fixture: string,
  time: string,
  options: { id?: string; service?: string; from?: string; task?: string; version?: number; instance?: string } = {},
): Record<string, unknown> => {
  serial += 1;
  let text = JSON.stringify(loadRawFixture(fixture));
  if (options.service !== undefined) text = text.replaceAll(options.from ?? 'payments-api', options.service);
  const event = JSON.parse(text) as Record<string, unknown> & { detail: Record<string, unknown> };
  event.id = options.id ?? `evt-${serial}-${fixture.replace(/\W/g, '-')}`;
  event.time = time;
  if (typeof event.detail.taskArn === 'string') {
    // A task of its own unless told otherwise: replacement tasks of a crash loop.
    const arn = `${event.detail.taskArn.slice(0, event.detail.taskArn.lastIndexOf('/') + 1)}${options.task ?? `task${serial}`}`;
    event.detail.taskArn = arn;
    event.resources = [arn];
  }
  if (options.version !== undefined) event.detail.version = options.version;
  if (options.instance !== undefined) {
    event.detail.containerInstanceArn = `arn:aws:ecs:us-west-2:111122223333:container-instance/prod/${options.instance}`;
  }
  return event;
};
