import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CHAT_LIMITS, MAX_BODY_BYTES, renderEmail, renderMessage, TOPIC_FORMATS, utf8Length, type ChatNotification } from '../../shared/deliver';
import type { Notification } from '../../shared/deliver';
import { checkSchema, type JsonSchema } from './json-schema';
import { listSampleAlerts, loadSampleAlert } from './sample-alerts';

const schema = JSON.parse(readFileSync(join(__dirname, '..', '..', 'docs', 'alert.schema.json'), 'utf8')) as JsonSchema;
const CONTEXT = { route: 'critical', topic: 'oncall' };
const digest = () => loadSampleAlert('alerts/digest-oom');
const resolved = () => loadSampleAlert('alerts/resolved-oom');
const gateDown = () => loadSampleAlert('alerts/gate-unavailable-oom');
const chatOf = (alert: Notification) => JSON.parse(renderMessage(alert, 'chat', CONTEXT).body) as ChatNotification;
const documentOf = (alert: Notification) => JSON.parse(renderMessage(alert, 'json', CONTEXT).body) as Record<string, unknown>;

/** Every noise-control field at once: a digest, resolving an incident, sent while the state was unreachable. */
const everything = (): Notification => ({ ...resolved(), digest: digest().digest, gateUnavailable: 'connect ETIMEDOUT 52.94.0.10:443' });

describe('the samples', () => {
  it('resolve the OOM alert as the pipeline normalizes it', () => {
    const oom = digest().digest?.first;
    expect(resolved().resolves).toMatchObject({ fingerprint: '109829d778c640a3', category: 'oom', summary: oom?.summary });
  });

  it.each(listSampleAlerts().flatMap((sample) => TOPIC_FORMATS.map((format) => ({ case: `${format} ${sample}`, sample, format }))))(
    '$case: within the SNS limit; chat within its field limits; json valid',
    ({ sample, format }) => {
      const message = renderMessage(loadSampleAlert(sample), format, CONTEXT);
      expect(utf8Length(message.body)).toBeLessThanOrEqual(MAX_BODY_BYTES);
      if (format === 'email') expect(message.subject).toMatch(/^[\x20-\x7e]{1,99}$/);
      if (format === 'json') expect(checkSchema(schema, JSON.parse(message.body))).toEqual([]);
      if (format === 'chat') {
        const card = JSON.parse(message.body) as ChatNotification;
        expect(card.content.title.length).toBeLessThanOrEqual(CHAT_LIMITS.title);
        expect(card.content.description.length).toBeLessThanOrEqual(CHAT_LIMITS.description);
        expect(card.content.keywords.length).toBeLessThanOrEqual(CHAT_LIMITS.keywords);
      }
    },
  );
});

describe('email', () => {
  it('opens a digest with the group, window, count, first and last alert, and a table per category', () => {
    const { body } = renderEmail(digest(), CONTEXT);
    expect(body.split('\n').slice(0, 4)).toEqual(['[CRITICAL DIGEST] 1,234 alerts | cluster prod | service payments-api', '='.repeat(68), '', 'Digest']);
    expect(body).toContain([
      'Digest',
      '  group:  cluster=prod, service=payments-api',
      '  window: 2026-05-12 13:15:06 -> 13:20:06 UTC (5m)',
      '  alerts: 1,234',
      '  first:  2026-05-12 13:15:06 UTC, task cbc32545b881445133440842bacf91ce',
      '          prod/payments-api: container payments-api killed: out of memory',
      '          (exit 137)',
      '  last:   2026-05-12 13:20:01 UTC, task 5f0b6a2c9d8e4f7a8b1c2d3e4f5a6b7c',
      '          prod/payments-api: failed container health checks',
      '',
      '  alerts  category',
      '   1,200  oom',
      '      34  health-check',
      '',
      'What happened',
    ].join('\n'));
    expect(body).toContain('\nWhy it matters\n  DIGEST: 1,234 alerts of one group');
  });

  it("names the digest's first alert in one line and does not reprint its evidence, identifiers or labels", () => {
    const { body } = renderEmail(digest(), CONTEXT);
    const titles = body.split('\n').filter((line) => /^[A-Z][a-z ]+$/.test(line));
    expect(titles).toEqual(['Digest', 'What happened', 'Why it matters', 'Next step', 'Event']);
    expect(body).not.toContain('OutOfMemoryError: Container killed');
    expect(body).not.toContain('arn:aws:ecs:us-west-2:111122223333:task/prod/');
  });

  it('lists 20 categories of a digest and counts the rest in one row', () => {
    const alert = digest();
    if (alert.digest) alert.digest.categories = Array.from({ length: 25 }, (_, n) => ({ category: `c${n}`, count: 100 - n }));
    const { body } = renderEmail(alert);
    expect(body).toContain('     81  c19\n     390  in 5 more categories\n');
    expect(body).not.toContain('c20');
  });

  it('opens a resolution with the incident it ends, and says so in "Why it matters" and the footer', () => {
    const { body } = renderEmail(resolved(), CONTEXT);
    expect(body).toContain([
      '[RESOLVED] oom | cluster prod | service payments-api',
      '====================================================',
      '',
      'Incident resolved',
      '  category:    oom',
      '  summary:     prod/payments-api: container payments-api killed: out of',
      '               memory (exit 137)',
      '  fingerprint: 109829d778c640a3',
      '  started:     2026-05-12 09:08:12 UTC',
      '  ended:       2026-05-12 09:31:22 UTC',
      '  lasted:      23m 10s',
      '  alerts:      3',
      '',
      'What happened',
      '  prod/payments-api: service reached steady state',
    ].join('\n'));
    expect(body).toContain('  RESOLVED: the oom incident reported under fingerprint 109829d778c640a3\n  ended after 23m 10s.');
    expect(body).toContain('\n-- \nFingerprint eceb6c9c471e439b identifies this event for silencing. It ends\nthe incident with fingerprint 109829d778c640a3.\n');
  });

  it('says under the headline that noise control was unavailable', () => {
    const { body } = renderEmail(gateDown());
    expect(body.split('\n').slice(2, 7)).toEqual([
      '',
      '! Noise control unavailable (ResourceNotFoundException: Requested resource',
      '! not found): this alert was sent without deduplication and may repeat an',
      '! earlier one.',
      '',
    ]);
  });
});

describe('chat', () => {
  it('titles a digest with its counts and top categories, and opens the description with it', () => {
    const card = chatOf(digest());
    expect(card.content.title).toBe('🔴 CRITICAL DIGEST · prod/payments-api: 1,234 more alerts in 5m (oom 1,200, health-check 34)');
    expect(card.content.description.split('\n\n')[0]).toBe([
      '*Digest*',
      '• Group: cluster=prod, service=payments-api',
      '• Window: 2026-05-12 13:15:06 → 13:20:06 UTC (5m)',
      '• Alerts: 1,234 (oom 1,200, health-check 34)',
      '• First: 2026-05-12 13:15:06 UTC, task cbc32545b881445133440842bacf91ce: prod/payments-api: container payments-api killed: out of memory (exit 137)',
      '• Last: 2026-05-12 13:20:01 UTC, task 5f0b6a2c9d8e4f7a8b1c2d3e4f5a6b7c: prod/payments-api: failed container health checks',
    ].join('\n'));
    expect(card.content.keywords).toEqual(['digest', 'critical', 'oom', 'prod', 'payments-api']);
    expect(card.metadata.summary).toBe('CRITICAL DIGEST prod/payments-api: 1,234 more alerts in 5m');
  });

  it('names three categories in a digest title and counts the rest', () => {
    const alert = digest();
    if (alert.digest) alert.digest.categories = ['oom', 'health-check', 'image-pull', 'placement', 'spot'].map((category, n) => ({ category, count: 50 - n }));
    expect(chatOf(alert).content.title).toBe('🔴 CRITICAL DIGEST · prod/payments-api: 1,234 more alerts in 5m (oom 50, health-check 49, image-pull 48, +2 more)');
  });

  it('posts a resolution in the thread of the incident it ends, with how long it lasted', () => {
    const card = chatOf(resolved());
    expect(card.content.title).toBe('✅ RESOLVED · oom · prod/payments-api: container payments-api killed: out of memory (exit 137) · after 23m 10s');
    expect(card.metadata.threadId).toBe('109829d778c640a3');
    expect(card.metadata.threadId).toBe(chatOf(gateDown()).metadata.threadId);
    expect(card.content.description.split('\n\n').slice(0, 2)).toEqual([
      '*Incident resolved*\n• Incident: oom: prod/payments-api: container payments-api killed: out of memory (exit 137)\n• Started: 2026-05-12 09:08:12 UTC\n• Ended: 2026-05-12 09:31:22 UTC, after 23m 10s\n• Alerts: 3',
      '*What happened*\nprod/payments-api: service reached steady state',
    ]);
    expect(card.content.keywords).toEqual(['resolved', 'oom', 'prod', 'payments-api']);
    expect(card.metadata.summary).toBe('RESOLVED oom: prod/payments-api: container payments-api killed: out of memory (exit 137) after 23m 10s');
  });

  it('keeps the duration when the incident summary fills the title', () => {
    const alert = resolved();
    if (alert.resolves) alert.resolves.summary = 'x '.repeat(300);
    const { title } = chatOf(alert).content;
    expect(title.length).toBeLessThanOrEqual(CHAT_LIMITS.title);
    expect(title.endsWith('x… · after 23m 10s')).toBe(true);
  });

  it('opens the description with the noise-control notice', () => {
    expect(chatOf(gateDown()).content.description.split('\n\n')[0]).toBe(
      '⚠️ *Noise control unavailable* (ResourceNotFoundException: Requested resource not found): this alert was sent without deduplication and may repeat an earlier one.',
    );
  });
});

describe('json', () => {
  it('carries the three fields as the alert has them, before truncated', () => {
    const alert = everything();
    const doc = documentOf(alert);
    expect(Object.keys(doc).slice(-5)).toEqual(['warnings', 'digest', 'resolves', 'gateUnavailable', 'truncated']);
    expect(doc).toMatchObject({ digest: alert.digest, resolves: alert.resolves, gateUnavailable: alert.gateUnavailable });
    expect(checkSchema(schema, doc)).toEqual([]);
  });

  it.each([
    { case: 'a digest alert without taskId', change: (a: Notification) => a.digest && delete a.digest.last.taskId, key: 'digest' },
    { case: 'a digest without categories', change: (a: Notification) => a.digest && (a.digest.categories = []), key: 'digest' },
  ])('$case conforms', ({ change, key }) => {
    const alert = everything();
    change(alert);
    const doc = documentOf(alert);
    expect(doc[key]).toEqual(alert[key as keyof Notification]);
    expect(checkSchema(schema, doc)).toEqual([]);
  });

  it('leaves resolves out of a firing alert, and every field out of a plain one', () => {
    expect(Object.keys(documentOf({ ...resolved(), status: 'firing' }))).not.toContain('resolves');
    const { digest: _digest, resolves: _resolves, gateUnavailable: _gate, ...plain } = everything();
    expect(Object.keys(documentOf(plain))).toEqual(expect.not.arrayContaining(['digest', 'resolves', 'gateUnavailable']));
  });

  it.each([
    { case: 'a negative count', change: (d: Record<string, { count?: unknown }>) => d.digest && (d.digest.count = -1), error: '$.digest.count: less than 0' },
    { case: 'a fractional count', change: (d: Record<string, { count?: unknown }>) => d.digest && (d.digest.count = 1.5), error: '$.digest.count: expected integer, got number' },
    { case: 'an unknown digest key', change: (d: Record<string, { extra?: unknown }>) => d.digest && (d.digest.extra = 1), error: '$.digest.extra: not allowed' },
    { case: 'a resolves without alerts', change: (d: Record<string, { alerts?: unknown }>) => d.resolves && delete d.resolves.alerts, error: '$.resolves: missing required "alerts"' },
    { case: 'an empty gateUnavailable', change: (d: Record<string, unknown>) => (d.gateUnavailable = ''), error: '$.gateUnavailable: shorter than 1' },
  ])('the schema rejects $case', ({ change, error }) => {
    const doc = documentOf(everything()) as Record<string, never>;
    change(doc);
    expect(checkSchema(schema, doc)).toEqual([error]);
  });
});

/** Event and state text that tries to forge structure, put in every noise-control string. */
const HOSTILE = [
  { case: 'CR/LF and a forged section', text: 'boom\r\n\r\nEvidence\n  fake: yes\r\n*Evidence*\n-- \nSent by ecs-herald' },
  { case: 'mentions and links', text: '<!channel> @here [runbook](https://evil.example) <https://evil.example|x>' },
  { case: 'emphasis, code and blocks', text: '# *URGENT* `rm -rf /` > quote' },
  { case: 'bidi and separators', text: 'a\u202Eb\u2028c\u0085d' },
];

const hostile = (text: string): Notification => {
  const alert = everything();
  const entry = { summary: text, time: text, taskId: text };
  return {
    ...alert,
    gateUnavailable: text,
    digest: { group: text, count: 3, since: text, until: text, categories: [{ category: text, count: 3 }], first: entry, last: entry },
    resolves: { fingerprint: text, category: text, summary: text, startedAt: text, endedAt: text, durationMs: 1, alerts: 1 },
  };
};

describe('noise-control text cannot forge structure', () => {
  it.each(HOSTILE)('email: $case', ({ text }) => {
    const { subject, body } = renderMessage(hostile(text), 'email', CONTEXT);
    expect(subject).toMatch(/^\[RESOLVED\] [\x20-\x7e]+ after 0s$/);
    const lines = body.split('\n');
    const footer = lines.slice(lines.lastIndexOf('-- '));
    const atColumnZero = lines.slice(0, lines.lastIndexOf('-- ')).filter((l) => l !== '' && !l.startsWith('  ') && !l.startsWith('! '));
    expect(atColumnZero).toEqual([lines[0], lines[1], 'Digest', 'Incident resolved', 'What happened', 'Why it matters', 'Evidence', 'Next step', 'Identifiers', 'Labels', 'Event']);
    expect(footer.slice(-3)).toEqual(['Sent to topic "oncall".', 'Sent by ecs-herald, route "critical".', '']);
    expect(body).not.toMatch(/[\u0085\u2028\u202e]/);
  });

  // A chat card shows a resolution's incident, or else a digest: each is checked.
  it.each(HOSTILE.flatMap((h) => [{ ...h, kind: 'resolution' }, { ...h, kind: 'digest' }]))('chat: $case in a $kind', ({ text, kind }) => {
    const alert = kind === 'digest' ? { ...hostile(text), status: 'firing' as const } : hostile(text);
    const card = chatOf(alert);
    const shown = [card.content.title, card.content.description, card.metadata.summary, ...card.content.keywords].join('\n')
      .replace(/^\*(Digest|Incident resolved|What happened|Why it matters|Evidence|Identifiers|Labels|Event)\*$/gm, '')
      .replace(/^⚠️ \*Noise control unavailable\* /gmu, '')
      .replace(/`(eceb6c9c471e439b|critical|oncall)`/g, '');
    expect(shown).not.toMatch(/[<>`]|\]\(|:\/\/|(^|\s)@|\*|[\u0085\u2028\u202e]/u);
    expect(card.content.description.startsWith('⚠️ *Noise control unavailable* (')).toBe(true);
    const sections = kind === 'digest'
      ? ['*Digest*', '*Why it matters*', '*Event*']
      : ['*Incident resolved*', '*What happened*', '*Why it matters*', '*Evidence*', '*Identifiers*', '*Labels*', '*Event*'];
    expect(card.content.description.match(/^\*[A-Z][a-z ]+\*/gm)).toEqual(sections);
  });

  it.each(HOSTILE)('json: $case stays data', ({ text }) => {
    const alert = hostile(text);
    const doc = documentOf(alert);
    expect(doc).toMatchObject({ gateUnavailable: text, digest: alert.digest, resolves: alert.resolves });
    // The fingerprint pattern is the only check hostile text fails: state is trusted to hold fingerprints.
    expect(checkSchema(schema, doc)).toEqual(['$.resolves.fingerprint: does not match ^[0-9a-f]{16}$']);
  });
});

describe('the SNS size limit', () => {
  const MiB = 1024 * 1024;
  const huge = (): Notification => {
    const alert = everything();
    const entry = { summary: 's'.repeat(MiB), time: '2026-05-12T13:20:01Z', taskId: 't'.repeat(1_000) };
    return {
      ...alert,
      gateUnavailable: 'e'.repeat(MiB),
      digest: {
        group: 'g'.repeat(MiB),
        count: 50_000,
        since: '2026-05-12T13:15:06Z',
        until: '2026-05-12T13:20:06Z',
        categories: Array.from({ length: 20_000 }, (_, n) => ({ category: `category-${n}-${'c'.repeat(100)}`, count: 20_000 - n })),
        first: entry,
        last: entry,
      },
      resolves: { fingerprint: '109829d778c640a3', startedAt: 'x', endedAt: 'y', durationMs: 1_390_000, alerts: 9, summary: 'r'.repeat(MiB), category: 'k'.repeat(MiB) },
    };
  };

  it.each(TOPIC_FORMATS.map((format) => ({ format })))('$format: a digest of 20,000 categories and 1 MiB strings fits', ({ format }) => {
    const message = renderMessage(huge(), format, CONTEXT);
    expect(utf8Length(message.body)).toBeLessThanOrEqual(MAX_BODY_BYTES);
    if (format === 'email') expect(message.subject?.length).toBeLessThanOrEqual(99);
    if (format === 'json') {
      const doc = JSON.parse(message.body) as Record<string, unknown>;
      expect(doc.truncated).toBe(true);
      expect(checkSchema(schema, doc)).toEqual([]);
    }
    if (format === 'chat') {
      const card = JSON.parse(message.body) as ChatNotification;
      expect(card.content.title.length).toBeLessThanOrEqual(CHAT_LIMITS.title);
      expect(card.content.title.endsWith(' · after 23m 10s')).toBe(true);
      expect(card.content.description.length).toBeLessThanOrEqual(CHAT_LIMITS.description);
    }
  });
});
