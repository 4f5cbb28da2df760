import { recordDue, recordReport } from '../../shared/pipeline';
import type { StateStore } from '../../shared/state';
import { eventOf, scenario, SCENARIO_CONFIG } from '../gate/scenarios';

const T = (hhmmss: string) => `2026-05-12T${hhmmss}Z`;

/** Captures what recordReport logs and counts. */
const sink = () => {
  const lines: { level: string; message: string; data: Record<string, unknown> }[] = [];
  const counted: string[] = [];
  return {
    lines,
    counted,
    logger: {
      info: (message: string, data: Record<string, unknown> = {}) => lines.push({ level: 'info', message, data }),
      warn: (message: string, data: Record<string, unknown> = {}) => lines.push({ level: 'warn', message, data }),
    },
    metrics: { count: (name: string) => counted.push(name) },
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
    const down: StateStore = { get: fail, put: fail, putIfAbsent: fail, putIfGreater: fail, claim: fail, add: fail, query: fail, delete: fail };
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
