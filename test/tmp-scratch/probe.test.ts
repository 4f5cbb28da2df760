import { parseEvent } from '../../shared/events';
import { normalizeEvent } from '../../shared/normalize';
import { loadRawFixture } from '../support/fixtures';
const show = (raw: unknown) => { const r = parseEvent(raw); if (!r.ok) return { reason: r.error.reason, message: r.error.message, path: r.error.path }; try { const a = normalizeEvent(r.event); return { cat: a.category, sum: a.summary, w: r.event.warnings }; } catch (e) { return { THROWS: String(e) }; } };
it('probe', () => {
  const out: Record<string, unknown> = {};
  for (const [fx, name] of [['ecs-service-action/steady-state','constructor'],['ecs-deployment/failed','toString'],['ecs-hook/failed','__proto__'],['ecs-daemon-deployment/stopped','hasOwnProperty'],['ecs-service-action/steady-state','valueOf']] as const) {
    const raw = loadRawFixture(fx); (raw.detail as any).eventName = name; out[`${fx}:${name}`] = show(raw);
  }
  const t = loadRawFixture('ecs-task/stopped-essential-exit'); (t.detail as any).containers[0].exitCode = 'abc'; (t.detail as any).stoppedReason = 42; (t.detail as any).startedAt = {}; out.task = show(t);
  const e = loadRawFixture('ecs-task/stopped-essential-exit'); (e as any).resources = [1]; out.res = show(e);
  const f = loadRawFixture('ecs-task/stopped-essential-exit'); (f.detail as any).taskArn = {}; out.obj = show(f);
  out.nul = show(null); out.num = show(3); out.str = show('x'); out.arr = show([]); out.undef = show(undefined); out.fn = show(() => 1);
  const g = loadRawFixture('cloudwatch-alarm/alarm'); (g.detail as any).state = 'ALARM'; out.alarmState = show(g);
  const h = loadRawFixture('cloudwatch-alarm/alarm'); delete (h.detail as any).state; out.alarmNoState = show(h);
  const i = loadRawFixture('cloudwatch-alarm/alarm'); (i.detail as any).configuration.metrics[0].metricStat.metric.dimensions = {__proto__: null, constructor: 'x'}; out.dims = show(i);
  const j = loadRawFixture('ecs-task/stopped-essential-exit'); (j.detail as any).stopCode = 'constructor'; out.sc = show(j);
  console.log(JSON.stringify(out, null, 1));
});
