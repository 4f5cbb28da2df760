import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { renderMessage, TOPIC_FORMATS, type RenderedMessage } from '../../shared/deliver';
import { normalizeEvent, type Alert } from '../../shared/normalize';
import { listFixtures, loadFixture } from '../support/fixtures';
import { listSampleAlerts, loadSampleAlert } from './sample-alerts';

/**
 * Golden files: test/golden/<format>/<fixture>.<txt|json> hold what a topic of each format
 * receives for every fixture event (route "critical", topic "oncall"), and
 * test/golden/<format>/alerts/<sample>.<txt|json> for every sample alert of noise control
 * (test/fixtures/alerts): for email a `Subject:` line, a blank line and the body, as the
 * outbox writes it; for json and chat the body.
 *
 * After an intended change to a format, rewrite them and review the diff like code:
 *
 *     UPDATE_GOLDEN=1 npx jest test/deliver
 */
const GOLDEN_DIR = join(__dirname, '..', 'golden');
const UPDATE = process.env.UPDATE_GOLDEN === '1';
const CONTEXT = { route: 'critical', topic: 'oncall' };

const fileText = (message: RenderedMessage): string =>
  message.subject === undefined ? `${message.body}\n` : `Subject: ${message.subject}\n\n${message.body}`;

const goldenPath = (format: string, fixture: string, extension: string) => join(GOLDEN_DIR, format, `${fixture}.${extension}`);

const alertOf = (fixture: string): Alert => (fixture.startsWith('alerts/') ? loadSampleAlert(fixture) : normalizeEvent(loadFixture(fixture)));

const cases = TOPIC_FORMATS.flatMap((format) => [...listFixtures(), ...listSampleAlerts()].map((fixture) => ({ case: `${format} ${fixture}`, format, fixture })));

describe('golden files', () => {
  it.each(cases)('$case matches its golden file', ({ format, fixture }) => {
    const message = renderMessage(alertOf(fixture), format, CONTEXT);
    const path = goldenPath(format, fixture, message.extension);
    if (UPDATE) {
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, fileText(message));
    }
    expect(existsSync(path) ? fileText(message) : `missing ${relative(GOLDEN_DIR, path)}: run UPDATE_GOLDEN=1 npx jest test/deliver`).toBe(readFileSync(path, 'utf8'));
  });

  it('has no golden file without a fixture', () => {
    const walk = (dir: string): string[] =>
      readdirSync(dir).flatMap((f) => (statSync(join(dir, f)).isDirectory() ? walk(join(dir, f)) : [relative(GOLDEN_DIR, join(dir, f))]));
    const expected = new Set(cases.map(({ format, fixture }) => relative(GOLDEN_DIR, goldenPath(format, fixture, format === 'email' ? 'txt' : 'json'))));
    expect(walk(GOLDEN_DIR).filter((f) => !expected.has(f))).toEqual([]);
  });
});
