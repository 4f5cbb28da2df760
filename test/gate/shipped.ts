import configText from '../../herald.yml';
import { compileConfigText } from '../../shared/compile';
import { MemoryDeadLetters, type Notification, type Publisher } from '../../shared/deliver';
import { createHeraldPipeline, type DueReport, type EventReport } from '../../shared/pipeline';
import { MemoryStateStore, StateStorePersistenceLayer } from '../../shared/state';

export const MINUTE = 60_000;
/** Minute 0 of the simulated clock. */
export const START = Date.parse('2026-05-12T12:00:00Z');
/** The ISO time `minutes` after {@link START}. */
export const at = (minutes: number): string => new Date(START + minutes * MINUTE).toISOString();

/** A publisher that can be switched off (SNS down: every publish fails retryably) and records what it took. */
export class SwitchablePublisher implements Publisher {
  public readonly sent: Notification[] = [];
  public down = false;
  public async publish(_topic: unknown, _message: unknown, _attributes: unknown, alert: Notification): Promise<string> {
    if (this.down) throw Object.assign(new Error('Internal Error'), { name: 'InternalError', $metadata: { httpStatusCode: 500 } });
    this.sent.push(alert);
    return `msg-${this.sent.length}`;
  }
}

/**
 * The shipped herald.yml's pipeline (or `text`'s) on memory, on a clock the test moves, with
 * the scheduled function run at every simulated minute on the way to each event.
 */
export const shipped = (text: string = configText) => {
  const clock = { now: START };
  const now = () => clock.now;
  const store = new MemoryStateStore(now);
  const publisher = new SwitchablePublisher();
  const { pipeline, processDue } = createHeraldPipeline({
    config: compileConfigText(text, 'herald.yml'),
    store,
    idempotency: new StateStorePersistenceLayer({ store: new MemoryStateStore(now) }),
    publisher,
    deadLetters: new MemoryDeadLetters(),
    now,
  });
  const due: DueReport[] = [];
  /** Moves the clock to `minutes`, running the scheduled function at every minute on the way. */
  const until = async (minutes: number): Promise<void> => {
    for (let m = Math.floor((clock.now - START) / MINUTE) + 1; m <= minutes; m += 1) {
      clock.now = START + m * MINUTE;
      due.push(...(await processDue()));
    }
    clock.now = Math.max(clock.now, START + minutes * MINUTE);
  };
  const send = async (event: Record<string, unknown>): Promise<EventReport> => {
    await until((Date.parse(String(event.time)) - START) / MINUTE);
    return pipeline.processEvent(event);
  };
  return { publisher, send, until, due };
};
