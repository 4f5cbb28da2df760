import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  CHAT_LIMITS,
  MAX_BODY_BYTES,
  renderAlertDocument,
  renderEmail,
  renderMessage,
  TOPIC_FORMATS,
  utf8Length,
  type ChatNotification,
} from '../../shared/deliver';
import { LABEL_NAMES, normalizeEvent, type Alert } from '../../shared/normalize';
import { loadFixture } from '../support/fixtures';
import { checkSchema, type JsonSchema } from './json-schema';

const schema = JSON.parse(readFileSync(join(__dirname, '..', '..', 'docs', 'alert.schema.json'), 'utf8')) as JsonSchema;
const CONTEXT = { route: 'critical', topic: 'oncall' };
const base = (): Alert => normalizeEvent(loadFixture('ecs-task/stopped-oom'));
const MiB = 1024 * 1024;

/** Alerts far over the SNS limit, each made from the OOM fixture with one change. */
const HUGE: { case: string; alert: () => Alert }[] = [
  { case: 'a 1 MiB evidence value', alert: () => ({ ...base(), evidence: [{ name: 'log', value: 'x'.repeat(MiB) }, ...base().evidence] }) },
  { case: '300,000 family emoji in an evidence value', alert: () => ({ ...base(), evidence: [{ name: 'log', value: '👩‍👩‍👧'.repeat(300_000) }] }) },
  { case: '300,000 control characters (6 bytes each as JSON)', alert: () => ({ ...base(), evidence: [{ name: 'log', value: '\u0001'.repeat(300_000) }] }) },
  { case: '20,000 evidence entries', alert: () => ({ ...base(), evidence: Array.from({ length: 20_000 }, (_, n) => ({ name: `container c${n}`, value: `STOPPED, exit ${n} ${'y'.repeat(80)}` })) }) },
  { case: 'a 1 MiB summary and hint', alert: () => ({ ...base(), summary: `prod/api: ${'s'.repeat(MiB)}`, hint: 'h'.repeat(MiB) }) },
  { case: 'every label 100 KiB long', alert: () => ({ ...base(), labels: Object.fromEntries(LABEL_NAMES.map((l) => [l, 'v'.repeat(100 * 1024)])) }) },
  { case: '5,000 identifiers and warnings', alert: () => ({ ...base(), identifiers: Array.from({ length: 5_000 }, (_, n) => ({ name: `arn${n}`, value: `arn:aws:ecs:us-west-2:1:task/${'t'.repeat(60)}${n}` })), warnings: Array.from({ length: 5_000 }, (_, n) => `warning ${n} ${'w'.repeat(60)}`) }) },
];

describe('the SNS size limit', () => {
  it.each(TOPIC_FORMATS.flatMap((format) => HUGE.map(({ case: name, alert }) => ({ case: `${format}: ${name}`, format, alert }))))(
    '$case fits in MAX_BODY_BYTES and stays valid',
    ({ format, alert }) => {
      const huge = alert();
      const message = renderMessage(huge, format, CONTEXT);
      expect(utf8Length(message.body)).toBeLessThanOrEqual(MAX_BODY_BYTES);
      expect(message.body).not.toMatch(/\uFFFD/);
      if (format === 'email') {
        expect(message.subject?.length).toBeLessThanOrEqual(99);
        // With every label set, the account's alias leads the scope, as in central mode.
        expect(message.body.startsWith(huge.labels.accountAlias === undefined ? '[CRITICAL] oom | cluster ' : '[CRITICAL] oom | vvv')).toBe(true);
        expect(message.body).toContain(`  fingerprint: ${huge.fingerprint}\n`);
        expect(message.body.endsWith('Sent to topic "oncall".\nSent by ecs-herald, route "critical".\n')).toBe(true);
      } else if (format === 'json') {
        const doc = JSON.parse(message.body) as Record<string, unknown>;
        expect(checkSchema(schema, doc)).toEqual([]);
        expect(doc).toMatchObject({ truncated: true, fingerprint: huge.fingerprint, event: huge.event, route: 'critical', topic: 'oncall' });
      } else {
        const card = JSON.parse(message.body) as ChatNotification;
        expect(card.content.title.length).toBeLessThanOrEqual(CHAT_LIMITS.title);
        expect(card.content.description.length).toBeLessThanOrEqual(CHAT_LIMITS.description);
        expect(card.metadata.threadId).toBe(huge.fingerprint);
      }
    },
  );

  it('says in the email how many lines it cut, and keeps the first ones', () => {
    const alert = HUGE.find((h) => h.case === '20,000 evidence entries')?.alert() ?? base();
    const { body } = renderEmail(alert, { maxBytes: 8 * 1024 });
    expect(utf8Length(body)).toBeLessThanOrEqual(8 * 1024);
    expect(body).toContain('  container c0:');
    expect(body).toMatch(/\n {2}\[\d+ more lines cut to fit the SNS message size limit\]\n/);
  });

  it.each([
    { case: 'fits', maxBytes: MAX_BODY_BYTES, truncated: false },
    { case: '2 KiB', maxBytes: 2 * 1024, truncated: true },
    { case: '6 KiB', maxBytes: 6 * 1024, truncated: true },
  ])('json within $case: cut strings end in …, the rest is whole', ({ maxBytes, truncated }) => {
    const alert = { ...base(), hint: 'h'.repeat(5_000) };
    const body = renderAlertDocument(alert, CONTEXT, maxBytes);
    const doc = JSON.parse(body) as { truncated: boolean; hint: string; summary: string; fingerprint: string };
    expect(utf8Length(body)).toBeLessThanOrEqual(maxBytes);
    expect(doc.truncated).toBe(truncated);
    expect(doc.hint.endsWith('…')).toBe(truncated);
    expect(doc.fingerprint).toBe(alert.fingerprint);
    if (maxBytes > 4 * 1024) expect(doc.summary).toBe(alert.summary);
  });
});
