import { MAX_SUBJECT_LENGTH, renderEmail, renderSubject, truncate } from '../../shared/deliver';
import { normalizeEvent, type Alert } from '../../shared/normalize';
import { listFixtures, loadFixture } from '../support/fixtures';

const alertOf = (fixture: string): Alert => normalizeEvent(loadFixture(fixture));
const SECTIONS = ['What happened', 'Why it matters', 'Evidence', 'Next step', 'Identifiers', 'Labels', 'Event'];

describe('email subject', () => {
  it.each(listFixtures().map((fixture) => ({ fixture })))('$fixture: subject is ASCII, one line, under 100 characters', ({ fixture }) => {
    const alert = alertOf(fixture);
    const subject = renderSubject(alert);
    expect(subject.length).toBeLessThanOrEqual(MAX_SUBJECT_LENGTH);
    expect(subject).toMatch(/^[\x20-\x7e]+$/);
    // What failed leads: severity (or RESOLVED), then the category, or a summary that says it.
    const status = `[${alert.status === 'resolved' ? 'RESOLVED' : alert.severity.toUpperCase()}] `;
    expect(subject.startsWith(status)).toBe(true);
    expect(subject.slice(status.length).toLowerCase().startsWith(`${alert.category.replaceAll('-', ' ')}`) || subject.startsWith(`${status}${alert.category}: `)).toBe(true);
  });

  it('leads with severity, category and what failed, then names cluster and service', () => {
    expect(renderSubject(alertOf('ecs-task/stopped-oom'))).toBe(
      '[CRITICAL] oom: container payments-api killed: out of memory (exit 137) | prod/payments-api',
    );
  });

  it('cuts a long summary on a character boundary, never inside one', () => {
    const alert = alertOf('ecs-task/stopped-oom');
    const subject = renderSubject({ ...alert, summary: `prod/payments-api: ${'é'.repeat(200)}` });
    expect(subject.length).toBeLessThanOrEqual(MAX_SUBJECT_LENGTH);
    expect(subject.endsWith('... | prod/payments-api')).toBe(true);
    expect(subject).toContain('eeee');
    expect(truncate(`ab${'👩‍👩‍👧'.repeat(5)}`, 12)).toBe('ab👩‍👩‍👧…');
  });
});

describe('email body', () => {
  it.each(listFixtures().map((fixture) => ({ fixture })))('$fixture: 76 columns but for unbreakable words, sections in order', ({ fixture }) => {
    const { body } = renderEmail(alertOf(fixture), { route: 'critical', topic: 'oncall' });
    for (const line of body.split('\n').filter((l) => l.length > 76)) {
      // Only a word longer than the space left (an ARN, a digest, a user agent) may overflow.
      expect(line.trimEnd().slice(0, line.trimEnd().lastIndexOf(' ')).length).toBeLessThan(76);
    }
    const titles = body.split('\n').filter((l) => SECTIONS.includes(l));
    expect(titles).toEqual(SECTIONS.filter((s) => titles.includes(s)));
    expect(titles).toEqual(expect.arrayContaining(['What happened', 'Why it matters', 'Event']));
    expect(body.endsWith('Sent by ecs-herald, route "critical".\n')).toBe(true);
  });

  it('shows the evidence, the next step, identifiers and the event', () => {
    const { body } = renderEmail(alertOf('ecs-task/stopped-oom'));
    for (const title of SECTIONS) expect(body).toContain(`\n${title}\n`);
    expect(body).toContain('stopCode:');
    expect(body).toContain('OutOfMemoryError: Container killed due to memory');
    expect(body).toContain('container payments-api: STOPPED, exit 137');
    expect(body).toContain('arn:aws:ecs:us-west-2:111122223333:task-definition/payments-api:41');
    expect(body).toContain('  time:        2026-05-12T13:15:06Z');
    expect(body).toContain('  fingerprint: 109829d778c640a3');
  });

  it.each([
    { case: 'critical', fixture: 'ecs-task/stopped-oom', says: ['[CRITICAL] oom | cluster prod | service payments-api', 'Severity critical: someone should look now.'] },
    { case: 'warning', fixture: 'ecs-task/stopped-unknown-stop-code', says: ['[WARNING] other | cluster prod | service worker', 'Severity warning:'] },
    { case: 'info', fixture: 'cloudtrail/update-service', says: ['[INFO] audit | cluster prod | service payments-api', 'Severity info: routine'] },
    { case: 'resolved alarm', fixture: 'cloudwatch-alarm/ok', says: ['[RESOLVED] alarm-ok | cluster prod | service web', '  RESOLVED: the condition reported earlier'] },
    { case: 'resolved instance health', fixture: 'ecs-container-instance-health/container-runtime-ok', says: ['[RESOLVED] instance-impaired | cluster prod', '  RESOLVED:'] },
    { case: 'no cluster', fixture: 'cloudwatch-alarm/composite', says: ['| account 111122223333 | region us-west-2'] },
  ])('$case: the headline and "Why it matters" say what the reader must do', ({ fixture, says }) => {
    const { body } = renderEmail(alertOf(fixture));
    for (const text of says) expect(body).toContain(text);
    expect(body.split('\n')[1]).toMatch(/^=+$/);
  });

  it.each([
    { case: 'route and topic', options: { route: 'critical', topic: 'oncall' }, footer: 'Sent to topic "oncall".\nSent by ecs-herald, route "critical".\n' },
    { case: 'route only', options: { route: 'critical' }, footer: '\nSent by ecs-herald, route "critical".\n' },
    { case: 'neither', options: {}, footer: 'carry the same fingerprint.\nSent by ecs-herald.\n' },
  ])('footer with $case names them and the fingerprint', ({ options, footer }) => {
    const { body } = renderEmail(alertOf('ecs-task/stopped-oom'), options);
    expect(body.endsWith(footer)).toBe(true);
    expect(body).toContain('\n-- \nFingerprint 109829d778c640a3 identifies this incident for silencing');
  });

  it('quotes label values with spaces, so each label reads as one', () => {
    const { body } = renderEmail(alertOf('ecs-task/stopped-oom'));
    expect(body).toContain('detailType="ECS Task State Change"');
    expect(body).toContain('  exitCode=137  category=oom  severity=critical\n');
  });

  it('shows parse warnings', () => {
    const { body } = renderEmail({ ...alertOf('ecs-task/stopped-oom'), warnings: ['detail.containers[0].exitCode: expected a number, got "x"'] });
    expect(body).toContain('\nParse warnings\n  detail.containers[0].exitCode: expected a number, got "x"\n');
  });
});
