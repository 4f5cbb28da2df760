import configText from '../../herald.yml';
import { compileConfigText } from '../../shared/compile';
import { loadRawFixture } from '../support/fixtures';
import { eventOf } from '../gate/scenarios';
import { at, MINUTE, shipped } from '../gate/shipped';

// What the shipped herald.yml does with events that page for the wrong things elsewhere:
// alarms that are not ECS's, alerts without a service, an agent that disconnects for a moment.

/** An alarm fixture on another metric: `namespace`, with `dimensions`. */
const alarmOn = (namespace: string, dimensions: Readonly<Record<string, string | undefined>>, time: string, id: string): Record<string, unknown> => {
  const event = structuredClone(loadRawFixture('cloudwatch-alarm/alarm')) as Record<string, unknown> & { detail: { alarmName: string; configuration: { metrics: { metricStat: { metric: Record<string, unknown> } }[] } } };
  const metric = event.detail.configuration.metrics[0]?.metricStat.metric;
  if (metric !== undefined) Object.assign(metric, { namespace, dimensions });
  event.detail.alarmName = `${namespace.replace('/', '-')}-alarm`;
  return { ...event, id, time };
};

describe('CloudWatch alarms: ECS ones by default, others opt in with one line', () => {
  it.each([
    { $case: 'an ECS service metric', namespace: 'AWS/ECS', dimensions: { ClusterName: 'prod', ServiceName: 'web' }, routed: true },
    { $case: 'a Container Insights metric', namespace: 'ECS/ContainerInsights', dimensions: { ClusterName: 'prod', TaskDefinitionFamily: 'web' }, routed: true },
    { $case: 'a custom metric with a ClusterName dimension', namespace: 'Acme/Web', dimensions: { ClusterName: 'prod' }, routed: true },
    { $case: 'an RDS metric', namespace: 'AWS/RDS', dimensions: { DBInstanceIdentifier: 'orders' }, routed: false },
    { $case: 'a Lambda metric', namespace: 'AWS/Lambda', dimensions: { FunctionName: 'thumbnails' }, routed: false },
  ])('$case: routed $routed', async ({ namespace, dimensions, routed }) => {
    const report = await shipped().send(alarmOn(namespace, dimensions, at(0), `alarm-${namespace}`));
    if (routed) expect(report).toMatchObject({ outcome: 'alert', gate: 'sent' });
    else expect(report).toMatchObject({ outcome: 'skipped', reason: 'out-of-scope', message: expect.stringContaining('`alarms: all`') });
  });

  it.each([
    { $case: 'alarms: all', line: 'alarms: all' },
    { $case: 'alarms: [AWS/RDS]', line: 'alarms: [AWS/RDS]' },
  ])('$case routes the RDS alarm', async ({ line }) => {
    const s = shipped(configText.replace('alarms: ecs', line));
    expect(await s.send(alarmOn('AWS/RDS', { DBInstanceIdentifier: 'orders' }, at(0), 'alarm-rds'))).toMatchObject({ outcome: 'alert', gate: 'sent' });
  });

  it('narrows the deployed EventBridge rule the same way', () => {
    const rule = compileConfigText(configText, 'herald.yml').eventRules.find((r) => JSON.stringify(r.pattern).includes('aws.cloudwatch'));
    expect(rule?.pattern).toMatchObject({ detail: { $or: [{ configuration: { metrics: { metricStat: { metric: { namespace: ['AWS/ECS', 'ECS/ContainerInsights'] } } } } }, expect.anything()] } });
    const all = compileConfigText(configText.replace('alarms: ecs', 'alarms: all'), 'herald.yml').eventRules.find((r) => JSON.stringify(r.pattern).includes('aws.cloudwatch'));
    expect(all?.pattern).toEqual({ source: ['aws.cloudwatch'], 'detail-type': ['CloudWatch Alarm State Change'] });
  });
});

describe('alerts without a service group by their own resource', () => {
  it('two instances in trouble are two groups: both page', async () => {
    const s = shipped();
    await s.send(eventOf('ecs-container-instance-health/container-runtime-impaired', at(0), { instance: 'aaaa1111' }));
    const second = await s.send(eventOf('ecs-container-instance-health/accelerated-compute-impaired', at(1), { instance: 'bbbb2222' }));
    expect(second).toMatchObject({ outcome: 'alert', gate: 'sent' });
    expect(s.publisher.sent).toHaveLength(2);
  });

  it('two unrelated alarms of a cluster are two groups', async () => {
    const s = shipped();
    await s.send(alarmOn('ECS/ContainerInsights', { ClusterName: 'prod' }, at(0), 'alarm-a'));
    const other = alarmOn('AWS/ECS', { ClusterName: 'prod' }, at(1), 'alarm-b');
    expect(await s.send(other)).toMatchObject({ outcome: 'alert', gate: 'sent' });
  });
});

describe('an ECS agent that disconnects', () => {
  const disconnect = (time: string, instance = 'cccc3333') => eventOf('ecs-container-instance/agent-disconnected', time, { instance, version: Date.parse(time) });
  /** The same instance, active with its agent connected again. */
  const reconnect = (time: string, instance = 'cccc3333') => {
    const event = eventOf('ecs-container-instance/agent-disconnected', time, { instance, version: Date.parse(time) }) as Record<string, unknown> & { detail: Record<string, unknown> };
    event.detail.agentConnected = true;
    return event;
  };

  it('for a moment: held 5 minutes, withdrawn by the reconnect, nothing sent', async () => {
    const s = shipped();
    expect(await s.send(disconnect(at(0)))).toMatchObject({ gate: 'grouped', mutedBy: expect.stringContaining('held for group_wait') });
    expect(await s.send(reconnect(at(2)))).toMatchObject({ outcome: 'alert', alert: { status: 'resolved', category: 'instance-lifecycle' } });
    await s.until(30);
    expect(s.publisher.sent).toEqual([]);
    // The next disconnect is held and sent afresh: nothing was left claimed.
    await s.send(disconnect(at(31)));
    await s.until(40);
    expect(s.publisher.sent.map((a) => a.category)).toEqual(['agent-disconnected']);
  });

  it('for longer: paged after 5 minutes, resolved when the agent is back', async () => {
    const s = shipped();
    await s.send(disconnect(at(0)));
    await s.until(6);
    expect(s.publisher.sent.map((a) => [a.category, a.status])).toEqual([['agent-disconnected', 'firing']]);
    await s.send(reconnect(at(20)));
    await s.until(25);
    expect(s.publisher.sent.map((a) => [a.category, a.status])).toEqual([
      ['agent-disconnected', 'firing'],
      ['instance-lifecycle', 'resolved'],
    ]);
    expect(s.publisher.sent[1]?.resolves).toMatchObject({ category: 'agent-disconnected', durationMs: 15 * MINUTE });
  });
});
