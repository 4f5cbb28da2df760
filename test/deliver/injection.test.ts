import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderMessage, type ChatNotification } from '../../shared/deliver';
import { normalizeEvent, type Alert } from '../../shared/normalize';
import { loadFixture } from '../support/fixtures';
import { checkSchema, type JsonSchema } from './json-schema';

const schema = JSON.parse(readFileSync(join(__dirname, '..', '..', 'docs', 'alert.schema.json'), 'utf8')) as JsonSchema;
const CONTEXT = { route: 'critical', topic: 'oncall' };

/** Event text that tries to forge structure: each is put in every event-supplied field. */
const HOSTILE: { case: string; text: string }[] = [
  { case: 'CR/LF and a forged section', text: 'boom\r\n\r\nEvidence\n  fake: yes\r\n*Evidence*' },
  { case: 'forged mail headers', text: 'x\nSubject: [RESOLVED] all good\nBcc: victim@example.com' },
  { case: 'a forged footer', text: 'x\n-- \nSent by ecs-herald, route "none".' },
  { case: 'Unicode line separators and NEL', text: 'a\u2028Identifiers\u2029b\u0085Labels' },
  { case: 'terminal escapes', text: 'red \u001b[31mALERT\u001b[0m \u0007' },
  { case: 'bidi overrides and invisibles', text: 'file\u202Etxt.exe \u2066x\u2069 zero\u200Bwidth \uFEFF' },
  { case: 'Slack special mentions', text: '<!channel> <!here|here> <!everyone> <!subteam^S0123|oncall>' },
  { case: 'user and channel mentions', text: '<@U0123ABCD> <#C0123|general> <at>Everyone</at>' },
  { case: 'plain-text mentions', text: '@here @channel @everyone (@oncall)' },
  { case: 'Slack link', text: '<https://evil.example/phish|Open the runbook>' },
  { case: 'Markdown link and image', text: '[Open the runbook](https://evil.example/phish) ![x](https://evil.example/p.png)' },
  { case: 'bare URL and autolink', text: 'see https://evil.example/x or <https://evil.example/y>' },
  { case: 'emphasis', text: '*URGENT* _rotate keys_ ~gone~ **bold** __under__' },
  { case: 'code span and fence', text: '`rm -rf /` ```js\nalert(1)\n```' },
  { case: 'block markers', text: '# Heading' },
  { case: 'a quote', text: '> quoted' },
  { case: 'a list item', text: '- item' },
  { case: 'an ordered list item', text: '1. item' },
  { case: 'entities', text: '&lt;!channel&gt; &amp;lt;@U1&amp;gt;' },
];

/** The OOM alert with `text` in every field that comes from the event. */
const hostileAlert = (text: string): Alert => {
  const alert = normalizeEvent(loadFixture('ecs-task/stopped-oom'));
  return {
    ...alert,
    summary: text,
    hint: text,
    labels: { ...alert.labels, cluster: text, service: text, container: text },
    evidence: [{ name: text, value: text }, ...alert.evidence],
    identifiers: [{ name: text, value: `arn:${text}` }, ...alert.identifiers],
    event: { ...alert.event, id: text, detailType: text, time: text },
    warnings: [text],
  };
};

const INVISIBLE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u200b\u200e\u200f\u2028-\u202e\u2066-\u2069\ufeff]/;

describe('email: event text cannot forge lines or sections', () => {
  const TITLES = ['What happened', 'Why it matters', 'Evidence', 'Next step', 'Identifiers', 'Labels', 'Event', 'Parse warnings'];

  it.each(HOSTILE)('$case', ({ text }) => {
    const { subject, body } = renderMessage(hostileAlert(text), 'email', CONTEXT);
    expect(subject).toMatch(/^\[CRITICAL\] oom: [\x20-\x7e]+$/);
    expect(body).not.toMatch(INVISIBLE);
    const lines = body.split('\n');
    // Column 0 belongs to ecs-herald: the headline, its rule, section titles and the footer.
    const atColumnZero = lines.filter((l) => l !== '' && !l.startsWith('  '));
    const footer = lines.slice(lines.indexOf('-- '));
    expect(atColumnZero).toEqual([lines[0], lines[1], ...TITLES, ...footer.filter((l) => l !== '')]);
    expect(footer).toEqual([
      '-- ',
      'Fingerprint 109829d778c640a3 identifies this incident for silencing: repeats',
      'of it and its resolution carry the same fingerprint.',
      'Sent to topic "oncall".',
      'Sent by ecs-herald, route "critical".',
      '',
    ]);
  });
});

/** Every string in a chat card, with where it is. */
const stringsOf = (value: unknown, path = 'card'): { path: string; text: string }[] => {
  if (typeof value === 'string') return [{ path, text: value }];
  if (Array.isArray(value)) return value.flatMap((v, n) => stringsOf(v, `${path}[${n}]`));
  if (value !== null && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => stringsOf(v, `${path}.${k}`));
  return [];
};

/** ecs-herald's own Markdown in the description: section titles, the cut notice, code tokens. */
const withoutOwnMarkup = (text: string): string =>
  text
    .replace(/^\*(What happened|Why it matters|Evidence|Identifiers|Labels|Event|Parse warnings)\*$/gm, '')
    .replace(/^_\d+ more lines cut to fit the card_$/gm, '')
    .replace(/`(109829d778c640a3|critical|oncall)`/g, '');

describe('chat: event text cannot inject links, mentions, formatting or code', () => {
  it.each(HOSTILE)('$case', ({ text }) => {
    const card = JSON.parse(renderMessage(hostileAlert(text), 'chat', CONTEXT).body) as ChatNotification;
    expect(card.content.description.match(/^\*[A-Z][a-z ]+\*$/gm)).toEqual(['*Why it matters*', '*Evidence*', '*Identifiers*', '*Labels*', '*Event*', '*Parse warnings*']);
    for (const { path, text: shown } of stringsOf(card).filter((s) => !['card.id', 'card.metadata.threadId'].includes(s.path))) {
      const rest = withoutOwnMarkup(shown);
      const where = `${path}: ${shown}`;
      expect({ where, links: /[<>]|\]\(|:\/\//.test(rest) }).toEqual({ where, links: false });
      expect({ where, mentions: /(^|[^\p{L}\p{N}._%+-])@/u.test(rest) }).toEqual({ where, mentions: false });
      expect({ where, formatting: /[*`~]|(^|[^\p{L}\p{N}])_|_($|[^\p{L}\p{N}])/u.test(rest) }).toEqual({ where, formatting: false });
      expect({ where, blocks: /^(#|>|[-+] |\d+[.)] )/m.test(rest) }).toEqual({ where, blocks: false });
      expect({ where, invisible: INVISIBLE.test(shown) }).toEqual({ where, invisible: false });
      if (path !== 'card.content.description') expect(shown).not.toContain('\n');
    }
  });

  it('keeps the hostile text readable', () => {
    const card = JSON.parse(renderMessage(hostileAlert('@here <!channel> [docs](https://x.example) *hot* a_b'), 'chat', CONTEXT).body) as ChatNotification;
    expect(card.content.nextSteps).toEqual(['＠here &lt;!channel&gt; [docs] (https[:]//x.example) ∗hot∗ a_b']);
  });
});

describe('json: event text stays data', () => {
  it.each(HOSTILE)('$case', ({ text }) => {
    const alert = hostileAlert(text);
    const body = renderMessage(alert, 'json', CONTEXT).body;
    expect(body).not.toMatch(/[\u2028\u2029\u202a-\u202e\u2066-\u2069]/);
    const doc = JSON.parse(body) as Record<string, unknown>;
    expect(doc).toMatchObject({ summary: text, hint: text, evidence: alert.evidence, identifiers: alert.identifiers, warnings: [text] });
    expect(checkSchema(schema, doc)).toEqual([]);
  });
});
