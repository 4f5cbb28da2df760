import { MAX_SUBJECT_LENGTH, renderEmail, renderSubject, truncate } from '../../shared/deliver';
import { normalizeEvent, type Alert } from '../../shared/normalize';
import { listFixtures, loadFixture } from '../support/fixtures';

const alertOf = (fixture: string): Alert => normalizeEvent(loadFixture(fixture));

describe('email rendering', () => {
  it.each(listFixtures().map((fixture) => ({ fixture })))('$fixture: subject is ASCII, one line, under 100 characters', ({ fixture }) => {
    const alert = alertOf(fixture);
    const subject = renderSubject(alert);
    expect(subject.length).toBeLessThanOrEqual(MAX_SUBJECT_LENGTH);
    expect(subject).toMatch(/^[\x20-\x7e]+$/);
    expect(subject.startsWith(`[${alert.severity.toUpperCase()}] ${alert.category} `) || subject.startsWith('[RESOLVED]')).toBe(true);
  });

  it('names severity, category, cluster and service in the subject', () => {
    expect(renderSubject(alertOf('ecs-task/stopped-oom'))).toBe(
      '[CRITICAL] oom prod/payments-api: container payments-api killed: out of memory (exit 137)',
    );
  });

  it('shows the evidence, hint, identifiers and event time in the body', () => {
    const { body } = renderEmail(alertOf('ecs-task/stopped-oom'));
    for (const section of ['What happened', 'Evidence', 'Likely cause / next step', 'Identifiers', 'Labels', 'Event']) {
      expect(body).toContain(`\n${section}\n`);
    }
    expect(body).toContain('stopCode:');
    expect(body).toContain('OutOfMemoryError: Container killed due to memory');
    expect(body).toContain('container payments-api: STOPPED, exit 137');
    expect(body).toContain('arn:aws:ecs:us-west-2:111122223333:task-definition/payments-api:41');
    expect(body).toContain('time:         2026-05-12T13:15:06Z');
  });

  it('cuts a long summary on a character boundary, never inside one', () => {
    const alert = alertOf('ecs-task/stopped-oom');
    const subject = renderSubject({ ...alert, summary: `prod/payments-api: ${'é'.repeat(200)}` });
    expect(subject.length).toBeLessThanOrEqual(MAX_SUBJECT_LENGTH);
    expect(subject.endsWith('...')).toBe(true);
    expect(subject).toContain('eeee');
    expect(truncate(`ab${'👩‍👩‍👧'.repeat(5)}`, 12)).toBe('ab👩‍👩‍👧…');
  });

  it('keeps untrusted event text from forging lines or sections', () => {
    const alert = alertOf('ecs-task/stopped-oom');
    const hostile: Alert = {
      ...alert,
      summary: 'boom\r\nBcc: victim@example.com\n\nEvidence\n  fake: yes',
      evidence: [{ name: 'stoppedReason', value: 'a\nIdentifiers\n  task: arn:aws:evil\u001b[31m\u202e' }],
    };
    const { subject, body } = renderEmail(hostile);
    expect(subject).not.toMatch(/[\r\n]/);
    expect(body.match(/^Evidence$/gm)).toHaveLength(1);
    expect(body.match(/^Identifiers$/gm)).toHaveLength(1);
    expect(body).not.toMatch(/[\u001b\u202e]/);
  });
});
