import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { DescribeClustersCommand, DescribeServicesCommand, ECSClient } from '@aws-sdk/client-ecs';
import { mockClient } from 'aws-sdk-client-mock';
import shippedConfigText from '../../herald.yml';
import { compileConfigText } from '../../shared/compile';
import { MemoryDeadLetters, type Notification, type Publisher } from '../../shared/deliver';
import { AwsContextProvider, createRedactor } from '../../shared/enrich';
import { EcsContextReader } from '../../shared/enrich/ecs';
import { LogTailReader } from '../../shared/enrich/logs';
import { compilePattern } from '../../shared/route';
import { createHeraldPipeline, type EventReport } from '../../shared/pipeline';
import { MemoryStateStore, StateStorePersistenceLayer } from '../../shared/state';
import { loadRawFixture } from '../support/fixtures';

// The alarms herald.yml creates come back through herald with ECS context: the deployed rule
// takes their state changes, the router keeps them whatever `receive` says, and the alert
// names the cluster and service (from the metric's dimensions, or the target group herald.yml
// assigns to the service), so it is enriched, routed and grouped like the service's events.

const FIXTURE_CONFIG = readFileSync(join(__dirname, '..', 'fixtures', 'config', 'service-alarms.yml'), 'utf8');
/** The generated alarms' state changes, as EventBridge delivers them (stack `ecs-herald-prod`). */
const RUNNING_TASKS = 'cloudwatch-alarm/service-running-tasks';
const TARGET_5XX = 'cloudwatch-alarm/service-target-5xx';

const ecs = mockClient(ECSClient);
const logs = mockClient(CloudWatchLogsClient);

class RecordingPublisher implements Publisher {
  public readonly sent: Notification[] = [];
  public async publish(_topic: unknown, _message: unknown, _attributes: unknown, alert: Notification): Promise<string> {
    this.sent.push(alert);
    return `msg-${this.sent.length}`;
  }
}

/** The router's pipeline with `text`, enriched from a mocked ECS that knows every service. */
const pipelineWith = (text: string) => {
  const now = () => Date.parse('2026-05-12T18:00:00Z');
  const publisher = new RecordingPublisher();
  const enrich = new AwsContextProvider({
    ecs: new EcsContextReader({ client: new ECSClient({ region: 'us-west-2' }), rateLimitPerSecond: 1_000 }),
    logs: new LogTailReader({ client: new CloudWatchLogsClient({ region: 'us-west-2' }), redactor: createRedactor() }),
  });
  const { pipeline } = createHeraldPipeline({
    config: compileConfigText(text, 'herald.yml'),
    store: new MemoryStateStore(now),
    idempotency: new StateStorePersistenceLayer({ store: new MemoryStateStore(now) }),
    publisher,
    deadLetters: new MemoryDeadLetters(),
    enrich,
    now,
  });
  return { publisher, send: (event: Record<string, unknown>): Promise<EventReport> => pipeline.processEvent(event) };
};

beforeEach(() => {
  ecs.reset();
  logs.reset();
  ecs.on(DescribeServicesCommand).callsFake((input: { cluster: string; services: string[] }) => ({
    services: input.services.map((name) => ({
      serviceName: name,
      serviceArn: `arn:aws:ecs:us-west-2:111122223333:service/${input.cluster}/${name}`,
      clusterArn: `arn:aws:ecs:us-west-2:111122223333:cluster/${input.cluster}`,
      status: 'ACTIVE',
      desiredCount: 4,
      runningCount: 2,
      pendingCount: 0,
      deployments: [],
      events: [],
      tags: [{ key: 'team', value: 'payments' }],
    })),
    failures: [],
  }));
  ecs.on(DescribeClustersCommand).resolves({ clusters: [{ clusterName: 'prod', clusterArn: 'arn:aws:ecs:us-west-2:111122223333:cluster/prod', status: 'ACTIVE' }], failures: [] });
});

describe('alarms herald.yml creates come back with ECS context', () => {
  it.each([
    {
      case: 'running tasks below desired (metric math over Container Insights)',
      fixture: RUNNING_TASKS,
      labels: { cluster: 'prod', service: 'worker', alarmName: 'ecs-herald-prod-prod/worker-running-tasks', alarmState: 'ALARM', metricNamespace: 'ECS/ContainerInsights', metricName: 'RunningTaskCount' },
      summary: 'prod/worker: alarm ecs-herald-prod-prod/worker-running-tasks is ALARM (ECS/ContainerInsights RunningTaskCount)',
    },
    {
      case: 'target 5xx (a load balancer metric: the service from its target group)',
      fixture: TARGET_5XX,
      labels: { cluster: 'prod', service: 'payments-api', alarmName: 'ecs-herald-prod-prod/payments-api-target-5xx', alarmState: 'ALARM', metricNamespace: 'AWS/ApplicationELB', metricName: 'HTTPCode_Target_5XX_Count' },
      summary: 'prod/payments-api: alarm ecs-herald-prod-prod/payments-api-target-5xx is ALARM (AWS/ApplicationELB HTTPCode_Target_5XX_Count)',
    },
  ])('$case: taken by the deployed rule, labelled with its service, enriched and sent', async ({ fixture, labels, summary }) => {
    const compiled = compileConfigText(FIXTURE_CONFIG, 'herald.yml');
    const rule = compiled.eventRules.find((r) => JSON.stringify(r.pattern).includes('aws.cloudwatch'));
    expect(rule === undefined ? false : compilePattern(rule.pattern).matches(loadRawFixture(fixture))).toBe(true);

    const { send, publisher } = pipelineWith(FIXTURE_CONFIG);
    const report = await send(loadRawFixture(fixture));
    expect(report).toMatchObject({ outcome: 'alert', gate: 'sent', alert: { category: 'alarm', severity: 'warning', summary, labels } });
    // Enriched like the service's own events: the service read from ECS, its tags as labels.
    expect(report.outcome === 'alert' ? report.alert.labels.team : undefined).toBe('payments');
    expect(ecs.commandCalls(DescribeServicesCommand).map((call) => call.args[0].input)).toEqual([{ cluster: labels.cluster, services: [labels.service], include: ['TAGS'] }]);
    expect(publisher.sent).toHaveLength(1);
  });

  it('keeps them under `receive: ecs` while another target group\'s alarm stays out, with the line that opts in', async () => {
    const { send } = pipelineWith(FIXTURE_CONFIG);
    const other = loadRawFixture(TARGET_5XX) as { detail: { configuration: { metrics: { metricStat: { metric: { dimensions: Record<string, string> } } }[] } } };
    const metric = other.detail.configuration.metrics[0]?.metricStat.metric;
    if (metric !== undefined) metric.dimensions.TargetGroup = 'targetgroup/checkout/0011223344556677';
    expect(await send(other as unknown as Record<string, unknown>)).toMatchObject({
      outcome: 'skipped',
      reason: 'out-of-scope',
      message: "CloudWatch alarm outside ECS (namespaces AWS/ECS, ECS/ContainerInsights, a ClusterName dimension or a target group of alarms.services); herald.yml's `alarms.receive: all` or `alarms.receive: [<namespace>]` routes it",
    });
  });

  it('with the shipped `alarms: ecs` (no services), a Container Insights alarm is in and a load balancer one is out', async () => {
    const { send } = pipelineWith(shippedConfigText);
    expect(await send(loadRawFixture(RUNNING_TASKS))).toMatchObject({ outcome: 'alert', alert: { labels: { cluster: 'prod', service: 'worker' } } });
    expect(await send(loadRawFixture(TARGET_5XX))).toMatchObject({ outcome: 'skipped', reason: 'out-of-scope' });
  });
});
