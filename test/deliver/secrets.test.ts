import { escapeChatText, renderMessage, TOPIC_FORMATS, type Notification, type TopicFormat } from '../../shared/deliver';
import { createRedactor, redactLines } from '../../shared/enrich/redact';
import { parseEvent } from '../../shared/events';
import { normalizeEvent } from '../../shared/normalize';
import { loadFixture, loadRawFixture } from '../support/fixtures';
import {
  EVENT_SECRET_CASES,
  LOG_SECRET_CASES,
  NOTIFICATION_SECRET_CASES,
  plantedSecretCount,
} from './secret-corpus';

/*
 * The secret corpus (secret-corpus.ts) through the whole way out: log lines redacted as the
 * enrich stage redacts them, event text and what later stages add as they are, then every
 * format rendered as delivery renders it. No planted secret, nor any 12 characters of one,
 * may reach a message.
 */
const CONTEXT = { route: 'critical', topic: 'oncall' };
const redactor = createRedactor();

/** Every string of a JSON document, one per line: what a subscriber reads, unescaped. */
const stringsOf = (value: unknown): string[] => {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(stringsOf);
  if (value !== null && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => [k, ...stringsOf(v)]);
  return [];
};

/** What a subscriber of each format reads from the message. */
const renderedText = (alert: Notification, format: TopicFormat): string => {
  const message = renderMessage(alert, format, CONTEXT);
  return format === 'email' ? `${message.subject ?? ''}\n${message.body}` : stringsOf(JSON.parse(message.body)).join('\n');
};

/** The secret, whole or any 12 characters of it, as text or as chat escapes it. */
const leaks = (secret: string, text: string): boolean => {
  const forms = [secret, escapeChatText(secret)];
  const window = 12;
  return forms.some((form) => {
    if (text.includes(form)) return true;
    if (form.length < 16) return false;
    for (let i = 0; i + window <= form.length; i += 1) if (text.includes(form.slice(i, i + window))) return true;
    return false;
  });
};

const withLogTail = (lines: readonly string[]): Notification => {
  const alert: Notification = normalizeEvent(loadFixture('ecs-task/stopped-oom'));
  const tail = redactLines(redactor, lines);
  alert.context = {
    tags: {},
    links: [],
    failures: [],
    logTail: { group: '/ecs/payments-api', stream: 'ecs/payments-api/cbc32545b881445133440842bacf91ce', lines: tail.lines, redactions: tail.count },
  };
  return alert;
};

const withEvent = (fixture: string, plant: (detail: Record<string, unknown>) => void): Notification => {
  const raw = loadRawFixture(fixture);
  plant(raw.detail as Record<string, unknown>);
  const parsed = parseEvent(raw);
  if (!parsed.ok) throw new Error(`${fixture} no longer parses: ${parsed.error.message}`);
  return normalizeEvent(parsed.event);
};

const withNotification = (fixture: string, plant: (alert: Notification) => void): Notification => {
  const alert: Notification = normalizeEvent(loadFixture(fixture));
  plant(alert);
  return alert;
};

const cases = [
  ...LOG_SECRET_CASES.map((c) => ({ case: `log: ${c.case}`, where: 'log lines', secrets: c.secrets, alert: () => withLogTail(c.lines) })),
  ...EVENT_SECRET_CASES.map((c) => ({ case: `event: ${c.case}`, where: 'event fields', secrets: c.secrets, alert: () => withEvent(c.fixture, c.plant) })),
  ...NOTIFICATION_SECRET_CASES.map((c) => ({ case: `added: ${c.case}`, where: 'added by later stages', secrets: c.secrets, alert: () => withNotification(c.fixture, c.plant) })),
];

/** Per case: each format's planted secrets that reached its message. */
const leaked = cases.map((c) => {
  const alert = c.alert();
  return {
    ...c,
    byFormat: Object.fromEntries(TOPIC_FORMATS.map((format) => {
      const text = renderedText(alert, format);
      return [format, c.secrets.filter((s) => leaks(s, text))];
    })) as Record<TopicFormat, string[]>,
  };
});

describe('planted secrets', () => {
  it('the corpus plants at least 90 secrets', () => {
    expect(plantedSecretCount()).toBeGreaterThanOrEqual(90);
  });

  it.each(leaked)('$case: none reaches a message', ({ byFormat }) => {
    expect(byFormat).toEqual({ email: [], json: [], chat: [] });
  });

  it('reports how many reached each format', () => {
    const count = (where: string | undefined, format: TopicFormat) =>
      leaked.filter((c) => where === undefined || c.where === where).reduce((n, c) => n + c.byFormat[format].length, 0);
    const any = leaked.reduce((n, c) => n + new Set(TOPIC_FORMATS.flatMap((f) => c.byFormat[f])).size, 0);
    const rows = [undefined, 'log lines', 'event fields', 'added by later stages'].map((where) =>
      `${(where ?? 'all').padEnd(22)} planted ${String(leaked.filter((c) => where === undefined || c.where === where).reduce((n, c) => n + c.secrets.length, 0)).padStart(3)}  ` +
      TOPIC_FORMATS.map((f) => `${f} ${count(where, f)}`).join('  '));
    process.stdout.write(`\nplanted secrets that reached a message (any format: ${any}):\n${rows.join('\n')}\n`);
    expect(any).toBe(0);
  });
});
