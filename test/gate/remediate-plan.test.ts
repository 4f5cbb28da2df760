import { compileConfigText } from '../../shared/compile';
import { parseEvent } from '../../shared/events';
import { createConfiguredGate } from '../../shared/gate';
import { normalizeEvent } from '../../shared/normalize';
import { matchRoutes } from '../../shared/route';
import { MemoryStateStore } from '../../shared/state';
import { eventOf } from './scenarios';

const CONFIG = `
topics: { oncall: {} }
default: { notify: [oncall], group_by: [cluster, service] }
actions:
  undo: { type: rollback }
  restart: { type: force-new-deployment }
silences:
  - { matchers: { service: [quiet-api] }, ends: 2099-01-01T00:00:00Z, comment: maintenance }
routes:
  - { name: everything, continue: true, notify: [], remediate: [restart] }
  - { name: crashes, match: { category: [oom] }, throttle: 1h }
  - { name: deployments, match: { category: [deployment-failed] }, remediate: [undo] }
  - { name: alarms, match: { category: [alarm, alarm-ok] }, remediate: [restart] }
  - { name: audits, match: { category: [remediation] }, remediate: [restart] }
`;

const planOf = async (events: Record<string, unknown>[]) => {
  const config = compileConfigText(CONFIG, 'herald.yml');
  const clock = Date.parse('2026-05-12T12:30:00Z');
  const gate = createConfiguredGate(config, { store: new MemoryStateStore(() => clock), now: () => clock, runtimeSilences: [] });
  const plans = [];
  for (const raw of events) {
    const parsed = parseEvent(raw);
    if (!parsed.ok) throw parsed.error;
    const alert = normalizeEvent(parsed.event);
    const plan = await gate.plan(parsed.event, alert, matchRoutes(config.routes, alert, raw));
    await gate.commit(plan.entries.map((entry) => ({ entry, done: true })));
    plans.push(plan.entries.map((e) => `${e.kind}:${e.route}${e.kind === 'remediate' ? `:${e.action}` : ''}${e.kind === 'mute' ? `:${e.outcome}` : ''}`));
  }
  return plans;
};

describe('gate: remediation entries', () => {
  it.each([
    {
      case: 'a firing alert: each route remediating it, before the messages that tell it (a record-only route too)',
      events: [eventOf('ecs-deployment/failed', '2026-05-12T12:30:00Z')],
      plans: [['remediate:everything:restart', 'remediate:deployments:undo', 'send:everything', 'send:deployments']],
    },
    {
      case: 'a repeat: throttled or grouped, still remediated (the remediator\'s cooldown decides)',
      events: [eventOf('ecs-task/stopped-oom', '2026-05-12T12:30:00Z'), eventOf('ecs-task/stopped-oom', '2026-05-12T12:30:05Z')],
      plans: [['remediate:everything:restart', 'send:everything', 'send:crashes'], ['remediate:everything:restart', 'send:everything', 'hold:crashes']],
    },
    {
      case: 'a silenced alert: not remediated',
      events: [JSON.parse(JSON.stringify(eventOf('ecs-task/stopped-oom', '2026-05-12T12:30:00Z')).replaceAll('payments-api', 'quiet-api')) as Record<string, unknown>],
      plans: [['send:everything', 'mute:crashes:silenced']],
    },
    {
      case: 'a resolved alert (an alarm back to OK): not remediated',
      events: [eventOf('cloudwatch-alarm/ok', '2026-05-12T12:30:00Z')],
      plans: [['send:everything', 'send:alarms']],
    },
    {
      case: 'a remediation decision: never remediated (no loop)',
      events: [eventOf('remediation-decision/skipped-cooldown', '2026-05-12T12:30:00Z')],
      plans: [['send:everything', 'send:audits']],
    },
  ])('$case', async ({ events, plans }) => {
    expect(await planOf(events)).toEqual(plans);
  });
});
