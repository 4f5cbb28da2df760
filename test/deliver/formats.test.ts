import {
  ALERT_DOCUMENT_SCHEMA,
  CHAT_LIMITS,
  MAX_BODY_BYTES,
  MAX_MESSAGE_BYTES,
  MAX_SUBJECT_LENGTH,
  renderMessage,
  TOPIC_FORMATS,
  utf8Length,
  type ChatNotification,
} from '../../shared/deliver';
import { LABEL_NAMES, normalizeEvent, type Alert } from '../../shared/normalize';
import { parseEvent } from '../../shared/events';
import { listFixtures, loadFixture, loadRawFixture } from '../support/fixtures';

const CONTEXT = { route: 'critical', topic: 'oncall' };
const alertOf = (fixture: string): Alert => normalizeEvent(loadFixture(fixture));
const everyFixture = listFixtures().map((fixture) => ({ fixture }));

describe('renderMessage', () => {
  it.each(TOPIC_FORMATS.flatMap((format) => listFixtures().map((fixture) => ({ case: `${format} ${fixture}`, format, fixture }))))(
    '$case: the format, its extension, a subject for email only, a body within the SNS limit',
    ({ format, fixture }) => {
      const message = renderMessage(alertOf(fixture), format, CONTEXT);
      expect(message.format).toBe(format);
      expect(message.extension).toBe(format === 'email' ? 'txt' : 'json');
      expect(utf8Length(message.body)).toBeLessThanOrEqual(MAX_BODY_BYTES);
      if (format === 'email') {
        expect(message.subject).toMatch(/^[\x20-\x7e]{1,99}$/);
      } else {
        expect(message.subject).toBeUndefined();
        expect(() => JSON.parse(message.body)).not.toThrow();
      }
    },
  );

  it('keeps room for message attributes under the 256 KiB SNS limit', () => {
    expect(MAX_MESSAGE_BYTES).toBe(262_144);
    expect(MAX_BODY_BYTES).toBeLessThan(MAX_MESSAGE_BYTES);
    expect(MAX_SUBJECT_LENGTH).toBeLessThan(100);
  });

  it('names the route and topic it was given in every format', () => {
    const context = { route: 'payments', topic: 'payments-chat' };
    const alert = alertOf('ecs-task/stopped-oom');
    expect(renderMessage(alert, 'email', context).body).toContain('Sent to topic "payments-chat".\nSent by ecs-herald, route "payments".\n');
    expect(JSON.parse(renderMessage(alert, 'json', context).body)).toMatchObject({ route: 'payments', topic: 'payments-chat' });
    const chat = JSON.parse(renderMessage(alert, 'chat', context).body) as ChatNotification;
    expect(chat.metadata.additionalContext).toMatchObject({ route: 'payments', topic: 'payments-chat' });
    expect(chat.content.description).toContain('Sent by route `payments` to topic `payments-chat`.');
  });
});

describe('json format', () => {
  it.each(everyFixture)('$fixture: the alert, whole, under schema and version', ({ fixture }) => {
    const alert = alertOf(fixture);
    const doc = JSON.parse(renderMessage(alert, 'json', CONTEXT).body) as Record<string, unknown>;
    expect(Object.keys(doc)).toEqual([
      'schema', 'version', 'route', 'topic', 'status', 'fingerprint', 'category', 'severity', 'summary', 'hint',
      'labels', 'evidence', 'identifiers', 'event', 'warnings', 'truncated',
    ]);
    expect(doc).toEqual({
      schema: ALERT_DOCUMENT_SCHEMA,
      version: 1,
      ...CONTEXT,
      status: alert.status,
      fingerprint: alert.fingerprint,
      category: alert.category,
      severity: alert.severity,
      summary: alert.summary,
      hint: alert.hint,
      // Built-in labels only, in their order: tags are labels for routing, not document fields.
      labels: Object.fromEntries(LABEL_NAMES.filter((name) => alert.labels[name] !== undefined).map((name) => [name, alert.labels[name]])),
      evidence: alert.evidence,
      identifiers: alert.identifiers,
      event: alert.event,
      warnings: alert.warnings,
      truncated: false,
    });
  });

  it('orders labels as LABEL_NAMES does, whatever order the alert has them in', () => {
    const alert = alertOf('ecs-task/stopped-oom');
    const reversed = { ...alert, labels: Object.fromEntries(Object.entries(alert.labels).reverse()) };
    expect(renderMessage(reversed, 'json', CONTEXT).body).toBe(renderMessage(alert, 'json', CONTEXT).body);
  });
});

describe('chat format', () => {
  it.each(everyFixture)('$fixture: a custom notification within the field limits, threaded by fingerprint', ({ fixture }) => {
    const alert = alertOf(fixture);
    const card = JSON.parse(renderMessage(alert, 'chat', CONTEXT).body) as ChatNotification;
    expect(Object.keys(card)).toEqual(['version', 'source', 'id', 'content', 'metadata']);
    expect(card).toMatchObject({ version: '1.0', source: 'custom', id: alert.event.id, content: { textType: 'client-markdown' } });
    expect(card.metadata).toMatchObject({ threadId: alert.fingerprint, eventType: alert.category });
    const { title, description, nextSteps, keywords } = card.content;
    expect(title.length).toBeLessThanOrEqual(CHAT_LIMITS.title);
    expect(title).not.toContain('\n');
    expect(description.length).toBeLessThanOrEqual(CHAT_LIMITS.description);
    expect(nextSteps.length).toBeLessThanOrEqual(CHAT_LIMITS.nextSteps);
    expect(keywords.length).toBeLessThanOrEqual(CHAT_LIMITS.keywords);
    for (const step of nextSteps) expect(step.length).toBeLessThanOrEqual(CHAT_LIMITS.nextStep);
    for (const keyword of keywords) expect(keyword.length).toBeLessThanOrEqual(CHAT_LIMITS.keyword);
    expect(card.metadata.summary.length).toBeLessThanOrEqual(CHAT_LIMITS.summary);
    expect(card.metadata.relatedResources.length).toBeLessThanOrEqual(CHAT_LIMITS.relatedResources);
    for (const arn of card.metadata.relatedResources) expect(arn).toMatch(/^arn:/);
    expect(Object.keys(card.metadata.additionalContext).length).toBeLessThanOrEqual(CHAT_LIMITS.additionalContext);
    expect(description).toContain(`Fingerprint \`${alert.fingerprint}\` identifies this incident for silencing`);
  });

  it.each([
    { case: 'critical', fixture: 'ecs-task/stopped-oom', title: '🔴 CRITICAL · oom · prod/payments-api: container payments-api killed' },
    { case: 'warning', fixture: 'ecs-task/stopped-health-check', title: '🟠 WARNING · health-check · ' },
    { case: 'info', fixture: 'cloudtrail/update-service', title: '🔵 INFO · audit · prod/payments-api: UpdateService by github-actions-deploy (role ci-deployer)' },
    { case: 'resolved', fixture: 'cloudwatch-alarm/ok', title: '✅ RESOLVED · alarm-ok · prod/web: alarm prod-web-memory-high is OK' },
  ])('$case: the title leads with status and category', ({ fixture, title }) => {
    const card = JSON.parse(renderMessage(alertOf(fixture), 'chat', CONTEXT).body) as ChatNotification;
    expect(card.content.title.startsWith(title)).toBe(true);
  });

  it('threads an alarm and its resolution together', () => {
    const raw = loadRawFixture('cloudwatch-alarm/ok');
    const alarm = structuredClone(raw) as { detail: { state: { value: string }; previousState: { value: string } } };
    alarm.detail.state.value = 'ALARM';
    alarm.detail.previousState.value = 'OK';
    const [firing, resolved] = [alarm, raw].map((event) => {
      const parsed = parseEvent(event);
      if (!parsed.ok) throw new Error(parsed.error.message);
      return JSON.parse(renderMessage(normalizeEvent(parsed.event), 'chat', CONTEXT).body) as ChatNotification;
    });
    expect(firing?.content.title).toMatch(/^🟠 WARNING · alarm · /);
    expect(firing?.metadata.threadId).toBe(resolved?.metadata.threadId);
    expect(resolved?.content.description).toContain('RESOLVED: the condition reported earlier');
    expect(resolved?.content.keywords[0]).toBe('resolved');
  });

  it('repeats the summary in the description only when the title had to cut it', () => {
    const alert = alertOf('ecs-task/stopped-oom');
    const short = JSON.parse(renderMessage(alert, 'chat', CONTEXT).body) as ChatNotification;
    expect(short.content.description.startsWith('*Why it matters*')).toBe(true);
    const long = JSON.parse(renderMessage({ ...alert, summary: `prod/payments-api: ${'x '.repeat(200)}end` }, 'chat', CONTEXT).body) as ChatNotification;
    expect(long.content.title.length).toBeLessThanOrEqual(CHAT_LIMITS.title);
    expect(long.content.title.endsWith('…')).toBe(true);
    expect(long.content.description.startsWith('*What happened*\nprod/payments-api: x x')).toBe(true);
    expect(long.content.description).toContain('x end');
  });
});
