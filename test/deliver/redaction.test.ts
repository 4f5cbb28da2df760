import { compileConfigText } from '../../shared/compile';
import { MemoryDeadLetters, redactNotification, renderMessage, type Notification, type Publisher, type RenderedMessage } from '../../shared/deliver';
import { createRedactor } from '../../shared/enrich';
import { normalizeEvent } from '../../shared/normalize';
import { createHeraldPipeline } from '../../shared/pipeline';
import { MemoryStateStore, StateStorePersistenceLayer } from '../../shared/state';
import { loadFixture, loadRawFixture } from '../support/fixtures';

const CONTEXT = { route: 'critical', topic: 'oncall' };
const redactor = createRedactor();
const oom = (): Notification => normalizeEvent(loadFixture('ecs-task/stopped-oom'));
const SECRET = 'password=Jd5Rk9Tw3Xm7Qb';
const REDACTED = 'password=[REDACTED:password]';

describe('redactNotification', () => {
  it.each<{ case: string; plant: (a: Notification) => void; read: (a: Notification) => unknown }>([
    { case: 'summary', plant: (a) => { a.summary = `x ${SECRET}`; }, read: (a) => a.summary },
    { case: 'hint', plant: (a) => { a.hint = `x ${SECRET}`; }, read: (a) => a.hint },
    { case: 'a label value', plant: (a) => { a.labels = { ...a.labels, note: SECRET }; }, read: (a) => a.labels.note },
    { case: 'an evidence value', plant: (a) => { a.evidence = [{ name: 'stoppedReason', value: SECRET }]; }, read: (a) => a.evidence[0]?.value },
    { case: 'an identifier value', plant: (a) => { a.identifiers = [{ name: 'startedBy', value: SECRET }]; }, read: (a) => a.identifiers[0]?.value },
    { case: 'a parse warning', plant: (a) => { a.warnings = [SECRET]; }, read: (a) => a.warnings[0] },
    { case: 'the noise-control error', plant: (a) => { a.gateUnavailable = SECRET; }, read: (a) => a.gateUnavailable },
    { case: 'a tag', plant: (a) => { a.context = { tags: { note: SECRET }, links: [], failures: [] }; }, read: (a) => a.context?.tags.note },
    {
      case: 'a log tail line',
      plant: (a) => { a.context = { tags: {}, links: [], failures: [], logTail: { group: 'g', stream: 's', lines: [SECRET], redactions: 0 } }; },
      read: (a) => a.context?.logTail?.lines[0],
    },
    {
      case: "a stopped task's container reason",
      plant: (a) => { a.context = { tags: {}, links: [], failures: [], stoppedTasks: [{ taskId: 't', containers: [{ name: 'app', reason: SECRET }] }] }; },
      read: (a) => a.context?.stoppedTasks?.[0]?.containers[0]?.reason,
    },
  ])('redacts $case', ({ plant, read }) => {
    const alert = oom();
    plant(alert);
    const redacted = redactNotification(alert, redactor);
    expect(String(read(redacted))).toContain(REDACTED);
    expect(String(read(alert))).toContain(SECRET);
  });

  it('keeps ARNs, the event and the fingerprint as they are', () => {
    const alert = oom();
    const redacted = redactNotification(alert, redactor);
    expect(redacted.identifiers).toEqual(alert.identifiers);
    expect(redacted.event).toEqual(alert.event);
    expect(redacted.fingerprint).toBe(alert.fingerprint);
    expect(redacted).toEqual(alert);
  });
});

describe('renderMessage redaction', () => {
  it('applies the patterns of the redactor it is given in every format', () => {
    const alert = { ...oom(), summary: 'prod/payments-api: customer cust-12345678 failed' };
    const custom = createRedactor(['\\bcust-[0-9]{8}\\b']);
    for (const format of ['email', 'json', 'chat'] as const) {
      expect(renderMessage(alert, format, CONTEXT).body).toContain('cust-12345678');
      expect(renderMessage(alert, format, CONTEXT, { redactor: custom }).body).not.toContain('cust-12345678');
      expect(renderMessage(alert, format, CONTEXT, { redactor: custom }).body).toContain('[REDACTED:custom]');
    }
  });
});

describe('the composed pipeline', () => {
  it("redacts every message with herald.yml's enrich.redact patterns", async () => {
    const config = compileConfigText(
      ['topics: { oncall: { emails: [oncall@example.com] }, data: { arn: "arn:aws:sns:us-west-2:111122223333:data", format: json } }', 'default: { notify: [oncall, data] }', 'enrich: { redact: ["\\\\bcust-[0-9]{8}\\\\b"] }'].join('\n'),
      'test.yml',
    );
    const messages: RenderedMessage[] = [];
    const publisher: Publisher = { publish: async (topic, message) => { messages.push(message); return `mem://${topic.name}`; } };
    const store = new MemoryStateStore();
    const { pipeline } = createHeraldPipeline({ config, store, idempotency: new StateStorePersistenceLayer({ store }), publisher, deadLetters: new MemoryDeadLetters(), runtimeSilences: [] });
    const event = loadRawFixture('ecs-task/stopped-unknown-stop-code');
    (event.detail as Record<string, unknown>).stoppedReason = 'Task stopped: billing run for cust-12345678 with password=Jd5Rk9Tw3Xm7Qb';
    await pipeline.processEvent(event);
    expect(messages.map((m) => m.format)).toEqual(['email', 'json']);
    for (const message of messages) {
      expect(`${message.subject ?? ''}${message.body}`).not.toMatch(/cust-12345678|Jd5Rk9Tw3Xm7Qb/);
      expect(message.body).toContain('[REDACTED:custom]');
    }
  });
});
