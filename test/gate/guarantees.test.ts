import { EVENT_BUDGET_MS, TIME_BUDGET, worstCaseEventMs } from '../../shared/budget';
import { type GroupHead, windowAt, windowByIndex } from '../../shared/gate';
import { eventOf } from './scenarios';
import { at, MINUTE, shipped, START } from './shipped';

describe('digest windows', () => {
  const head = (intervalMs: number, maxIntervalMs: number, waitMs = 0): GroupHead => ({ startedAt: START, waitMs, intervalMs, maxIntervalMs, endsAt: START + 4 * 60 * MINUTE, owner: 'e' });

  it.each([
    { $case: 'fixed 5m windows', group: head(5 * MINUTE, 5 * MINUTE), bounds: [[0, 5], [5, 10], [10, 15], [15, 20]] },
    { $case: 'doubling from 5m up to 1h', group: head(5 * MINUTE, 60 * MINUTE), bounds: [[0, 5], [5, 15], [15, 35], [35, 75], [75, 135], [135, 195]] },
    { $case: 'doubling after a group_wait', group: head(5 * MINUTE, 20 * MINUTE, MINUTE), bounds: [[1, 6], [6, 16], [16, 36], [36, 56]] },
  ])('$case: windowAt and windowByIndex agree', ({ group, bounds }) => {
    bounds.forEach(([since = 0, until = 0], i) => {
      const window = windowByIndex(group, i + 1);
      expect([window.since, window.until]).toEqual([START + since * MINUTE, START + until * MINUTE]);
      for (const t of [since, (since + until) / 2, until - 0.001]) expect(windowAt(group, START + t * MINUTE).index).toBe(i + 1);
    });
  });
});

describe('never lose, hide or flap an alert (shipped herald.yml, scheduled run every minute)', () => {
  it('an alert that was never delivered does not count as sent: after an SNS outage, the next alerts go out', async () => {
    const s = shipped();
    s.publisher.down = true;
    const services = Array.from({ length: 30 }, (_, i) => `svc-${i}`);
    for (const service of services) {
      // Lambda's three attempts, all failing.
      const event = eventOf('ecs-task/stopped-oom', at(1), { service });
      for (let attempt = 0; attempt < 3; attempt += 1) await expect(s.send(event)).rejects.toThrow('will be retried');
    }
    s.publisher.down = false;
    for (const service of services) await s.send(eventOf('ecs-task/stopped-oom', at(5), { service }));
    expect(s.publisher.sent.map((a) => a.labels.service)).toEqual(services);
  });

  it('a 10-hour crash loop: every alert is paged or counted in a digest, and digests go on to its end', async () => {
    const s = shipped();
    for (let minute = 0; minute < 600; minute += 1) await s.send(eventOf('ecs-task/stopped-oom', at(minute)));
    await s.until(11 * 60);
    const pages = s.publisher.sent.filter((a) => a.digest === undefined);
    const digests = s.due.filter((r) => r.kind === 'digest');
    expect(pages.map((a) => a.event.time)).toEqual([at(0), at(240), at(480)]);
    expect(pages.length + digests.reduce((sum, d) => sum + (d.kind === 'digest' ? d.count : 0), 0)).toBe(600);
    // The last digest's window holds the loop's last alert (minute 599).
    const last = digests.at(-1);
    expect(last !== undefined && last.kind === 'digest' && Date.parse(last.since) <= START + 599 * MINUTE && Date.parse(last.until) > START + 599 * MINUTE).toBe(true);
  });

  it('a slow leak (an OOM every 20 minutes, steady 2 minutes later) sends at most 4 notifications in 2 hours, then one resolved', async () => {
    const s = shipped();
    for (let minute = 0; minute < 120; minute += 20) {
      await s.send(eventOf('ecs-task/stopped-oom', at(minute)));
      await s.send(eventOf('ecs-service-action/steady-state', at(minute + 2)));
    }
    await s.until(120);
    expect(s.publisher.sent.length).toBeLessThanOrEqual(4);
    expect(s.publisher.sent.filter((a) => a.status === 'resolved')).toEqual([]);
    // Quiet at last: one resolved message after the hold, which takes in the pending window.
    await s.until(200);
    const resolved = s.publisher.sent.filter((a) => a.status === 'resolved');
    expect(resolved).toHaveLength(1);
    expect(resolved[0]?.resolves).toMatchObject({ alerts: 6, durationMs: 102 * MINUTE });
    expect(s.publisher.sent.at(-1)?.status).toBe('resolved');
  });

  it('an older recovery never resolves a newer incident', async () => {
    const s = shipped();
    await s.send(eventOf('ecs-deployment/failed', at(10)));
    // Delivered late: the deployment completed before it failed.
    await s.send(eventOf('ecs-deployment/completed', at(5), { service: 'payments-api', from: 'web' }));
    await s.until(180);
    expect(s.publisher.sent.map((a) => a.status)).toEqual(['firing']);
  });

  it('a recovery that holds resolves once; one that a new failure interrupts does not', async () => {
    const s = shipped();
    await s.send(eventOf('ecs-task/stopped-oom', at(0)));
    await s.send(eventOf('ecs-service-action/steady-state', at(2)));
    await s.send(eventOf('ecs-task/stopped-oom', at(25)));
    await s.until(40);
    expect(s.publisher.sent.filter((a) => a.status === 'resolved')).toEqual([]);
    await s.send(eventOf('ecs-service-action/steady-state', at(41)));
    await s.until(70);
    expect(s.publisher.sent.filter((a) => a.status === 'resolved')).toEqual([]);
    await s.until(72);
    expect(s.publisher.sent.filter((a) => a.status === 'resolved')).toHaveLength(1);
  });
});

describe('the event time budget', () => {
  it('adds up, every dependency hung, to at most the event budget, inside the router timeout (120s)', () => {
    expect(worstCaseEventMs()).toBeLessThanOrEqual(EVENT_BUDGET_MS);
    expect(EVENT_BUDGET_MS).toBeLessThan(120_000);
    // A slow SNS answers within one request; a timed-out one is tried once per invocation.
    expect(TIME_BUDGET.publish.requestMs).toBeLessThanOrEqual(TIME_BUDGET.publish.totalMs);
  });
});

describe('alerts that resolve themselves', () => {
  it('an impaired instance healthy again resolves its incident at once, in one message per topic', async () => {
    const s = shipped();
    await s.send(eventOf('ecs-container-instance-health/container-runtime-impaired', at(0)));
    await s.send(eventOf('ecs-container-instance-health/container-runtime-ok', at(10)));
    await s.until(60);
    expect(s.publisher.sent.map((a) => [a.status, a.resolves === undefined ? 'alert' : 'incident'])).toEqual([
      ['firing', 'alert'],
      ['resolved', 'incident'],
    ]);
  });
});
