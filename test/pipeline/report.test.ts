import { RetryableDeliveryError } from '../../shared/deliver';
import { recordDue, recordEnrichmentCall, recordReport, recordRetry } from '../../shared/pipeline';
import type { StateStore } from '../../shared/state';
import { eventOf, scenario, SCENARIO_CONFIG } from '../gate/scenarios';

const T = (hhmmss: string) => `2026-05-12T${hhmmss}Z`;

/** Captures what recordReport logs and counts: names, breakdowns and durations. */
const sink = () => {
  const lines: { level: string; message: string; data: Record<string, unknown> }[] = [];
  const counted: string[] = [];
  const breakdowns: { name: string; by: Readonly<Record<string, string>>[] }[] = [];
  const durations: { name: string; ms: number }[] = [];
  return {
    lines,
    counted,
    breakdowns,
    durations,
    logger: {
      info: (message: string, data: Record<string, unknown> = {}) => lines.push({ level: 'info', message, data }),
      warn: (message: string, data: Record<string, unknown> = {}) => lines.push({ level: 'warn', message, data }),
      error: (message: string, data: Record<string, unknown> = {}) => lines.push({ level: 'error', message, data }),
    },
    metrics: {
      count: (name: string, by?: readonly Readonly<Record<string, string>>[]) => {
        counted.push(name);
        if (by !== undefined) breakdowns.push({ name, by: [...by] });
      },
      duration: (name: string, ms: number) => durations.push({ name, ms }),
    },
  };
};

describe('recordReport with noise control', () => {
  it('logs a muted alert with what muted it, and counts it per outcome', async () => {
    const s = scenario(`${SCENARIO_CONFIG}\nsilences:\n  - { matchers: { service: [payments-api] }, ends: "2026-05-12T13:00:00Z", comment: "ledger migration" }`);
    const out = sink();
    recordReport(await s.send(eventOf('ecs-task/stopped-oom', T('12:00:00'))), out.logger, out.metrics);
    expect(out.counted).toEqual(['Alerts', 'GateSilenced']);
    expect(out.lines).toEqual([
      expect.objectContaining({ level: 'info', message: 'event processed', data: expect.objectContaining({ outcome: 'silenced', gate: 'silenced', mutedBy: 'silence herald.yml#0 by herald.yml: ledger migration', decisions: ['critical:silenced'] }) }),
    ]);
  });

  it('warns about and counts an alert let through while the state table was unreachable', async () => {
    const fail = async (): Promise<never> => {
      throw new Error('connect ECONNREFUSED');
    };
    const down: StateStore = { get: fail, put: fail, putIfAbsent: fail, putIfGreater: fail, claim: fail, add: fail, addIfOpen: fail, query: fail, delete: fail };
    const s = scenario(SCENARIO_CONFIG, () => down);
    const out = sink();
    recordReport(await s.send(eventOf('ecs-task/stopped-oom', T('12:00:00'))), out.logger, out.metrics);
    expect(out.counted).toEqual(['Alerts', 'GateSent', 'AlertsDelivered', 'GateFailOpen']);
    expect(out.lines[0]).toMatchObject({ level: 'warn', data: { outcome: 'delivered', failOpen: expect.stringMatching(/ECONNREFUSED/) } });
  });

  it('logs and counts a digest, and a resolved message', async () => {
    const s = scenario();
    const out = sink();
    for (const n of [0, 1, 2]) recordReport(await s.send(eventOf('ecs-task/stopped-oom', T(`12:0${n}:00`))), out.logger, out.metrics);
    for (const digest of await s.flush(T('12:05:00'))) recordDue({ kind: 'digest', ...digest }, out.logger, out.metrics);
    recordReport(await s.send(eventOf('ecs-service-action/steady-state', T('12:30:00'), { service: 'payments-api' })), out.logger, out.metrics);
    expect(out.counted.filter((c) => c === 'DigestsSent' || c === 'ResolvedSent' || c === 'GateThrottled')).toEqual(['GateThrottled', 'GateThrottled', 'DigestsSent', 'ResolvedSent']);
    expect(out.lines.find((l) => l.message === 'digest sent')?.data).toMatchObject({ route: 'critical', group: 'cluster=prod, service=payments-api', count: 2 });
    expect(out.lines.at(-1)?.data).toMatchObject({ resolved: ['critical: prod/payments-api: container payments-api killed: out of memory (exit 137)'] });
  });
});

describe('recordReport: the dashboard breakdowns', () => {
  it('counts an alert by category and severity, and by cluster; per service is left to the log line', async () => {
    const out = sink();
    recordReport(await scenario().send(eventOf('ecs-task/stopped-oom', T('12:00:00'))), out.logger, out.metrics);
    expect(out.breakdowns).toEqual([{ name: 'Alerts', by: [{ category: 'oom', severity: 'critical' }, { cluster: 'prod' }] }]);
    expect(out.lines[0]?.data).toMatchObject({ cluster: 'prod', ecsService: 'payments-api', category: 'oom', severity: 'critical' });
  });

  it.each([
    { case: 'the event processed 90 seconds after its time', now: T('12:01:30'), durations: [{ name: 'AlertLatency', ms: 90_000 }] },
    { case: 'a clock behind the event time', now: T('11:59:00'), durations: [] },
  ])('records the latency of $case', async ({ now, durations }) => {
    const out = sink();
    recordReport(await scenario().send(eventOf('ecs-task/stopped-oom', T('12:00:00'))), out.logger, out.metrics, () => Date.parse(now));
    expect(out.durations).toEqual(durations);
  });

  it('records no latency for a redelivered copy, which says how late the redelivery was', async () => {
    const s = scenario();
    const event = eventOf('ecs-task/stopped-oom', T('12:00:00'));
    await s.send(event);
    const out = sink();
    recordReport(await s.send(event), out.logger, out.metrics, () => Date.parse(T('18:00:00')));
    expect(out.counted).toEqual(['Alerts', 'GateDuplicate']);
    expect(out.durations).toEqual([]);
  });
});

describe('recordEnrichmentCall', () => {
  it.each([
    { case: 'a call that answered', call: { source: 'ecs:DescribeServices' }, breakdowns: [{ name: 'EnrichmentCalls', by: [{ api: 'ecs:DescribeServices' }] }] },
    {
      case: 'a throttled call',
      call: { source: 'logs:GetLogEvents', failure: 'throttled' },
      breakdowns: [
        { name: 'EnrichmentCalls', by: [{ api: 'logs:GetLogEvents' }] },
        { name: 'EnrichmentFailures', by: [{ api: 'logs:GetLogEvents', reason: 'throttled' }] },
      ],
    },
  ])('counts $case by API, and its failure by API and kind', ({ call, breakdowns }) => {
    const out = sink();
    recordEnrichmentCall(call, out.metrics);
    expect(out.breakdowns).toEqual(breakdowns);
  });
});

describe('recordRetry', () => {
  it.each([
    {
      case: 'a retryable delivery failure: expected, counted as EventsRetried',
      error: new RetryableDeliveryError({ oncall: { name: 'InternalError', message: 'SNS down' } }),
      counted: ['EventsRetried'],
      message: 'event will be retried',
    },
    { case: 'anything else: a bug or an outage the errors alarm must see, not counted as a retry', error: new TypeError('x is undefined'), counted: [], message: 'event failed; Lambda will retry it' },
  ])('logs $case', ({ error, counted, message }) => {
    const out = sink();
    recordRetry('e-1', error, out.logger, out.metrics);
    expect(out.counted).toEqual(counted);
    expect(out.lines).toEqual([expect.objectContaining({ level: 'error', message, data: expect.objectContaining({ eventId: 'e-1' }) })]);
  });
});
