import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { alarmLogicalId, alarmName, compileServiceAlarms, MAX_SERVICE_NAME_LENGTH, resolveServiceAlarms, type ServiceAlarm } from '../../shared/alarms';
import { alarmsMappingOf, loadConfigOrThrow } from '../../shared/config';

/** The alarms herald.yml's `alarms.services` compiles to: their metrics, thresholds and timings. */

const FIXTURE = join(__dirname, '..', 'fixtures', 'config', 'service-alarms.yml');
const compileText = (text: string): ServiceAlarm[] => compileServiceAlarms(loadConfigOrThrow(text, 'herald.yml').config);
const compileServices = (...lines: string[]): ServiceAlarm[] => compileText(['topics: {}', 'alarms:', ...lines].join('\n'));

/** One row per alarm: what an operator reads in the console. */
const rowOf = ({ properties: p }: ServiceAlarm) => ({
  name: p.AlarmName['Fn::Sub'],
  metric: p.Metrics === undefined
    ? `${p.Namespace ?? ''} ${p.MetricName ?? ''} ${p.Statistic ?? ''} ${JSON.stringify(Object.fromEntries((p.Dimensions ?? []).map((d) => [d.Name, d.Value])))}`
    : p.Metrics.map((m) => ('Expression' in m ? m.Expression : `${m.Id}=${m.MetricStat.Metric.MetricName}`)).join('; '),
  when: `${p.ComparisonOperator} ${p.Threshold}, ${p.DatapointsToAlarm} of ${p.EvaluationPeriods} x ${p.Period ?? (p.Metrics?.find((m) => 'MetricStat' in m) as { MetricStat: { Period: number } } | undefined)?.MetricStat.Period}s`,
  missing: p.TreatMissingData,
});

const PAYMENTS = '{"ClusterName":"prod","ServiceName":"payments-api"}';
const WORKER = '{"ClusterName":"prod","ServiceName":"worker"}';
const WEB = '{"ClusterName":"staging","ServiceName":"web"}';

describe('compileServiceAlarms: test/fixtures/config/service-alarms.yml', () => {
  const alarms = compileText(readFileSync(FIXTURE, 'utf8'));

  it.each([
    // payments-api: CPU over 5-minute periods, memory from defaults, a minimum of tasks, 5xx with its own threshold.
    { name: '${AWS::StackName}-prod/payments-api-cpu', metric: `AWS/ECS CPUUtilization Average ${PAYMENTS}`, when: 'GreaterThanThreshold 90, 3 of 3 x 300s', missing: 'notBreaching' },
    { name: '${AWS::StackName}-prod/payments-api-memory', metric: `AWS/ECS MemoryUtilization Average ${PAYMENTS}`, when: 'GreaterThanThreshold 85, 5 of 5 x 60s', missing: 'notBreaching' },
    { name: '${AWS::StackName}-prod/payments-api-running-tasks', metric: `ECS/ContainerInsights RunningTaskCount Average ${PAYMENTS}`, when: 'LessThanThreshold 2, 5 of 5 x 60s', missing: 'breaching' },
    { name: '${AWS::StackName}-prod/payments-api-target-5xx', metric: 'AWS/ApplicationELB HTTPCode_Target_5XX_Count Sum {"LoadBalancer":"app/prod-alb/0123456789abcdef","TargetGroup":"targetgroup/payments-api/89abcdef01234567"}', when: 'GreaterThanThreshold 10, 5 of 5 x 60s', missing: 'notBreaching' },
    // worker: AWS's recommended alarms, running tasks below the desired count (metric math).
    { name: '${AWS::StackName}-prod/worker-cpu', metric: `AWS/ECS CPUUtilization Average ${WORKER}`, when: 'GreaterThanThreshold 80, 5 of 5 x 60s', missing: 'notBreaching' },
    { name: '${AWS::StackName}-prod/worker-memory', metric: `AWS/ECS MemoryUtilization Average ${WORKER}`, when: 'GreaterThanThreshold 85, 5 of 5 x 60s', missing: 'notBreaching' },
    { name: '${AWS::StackName}-prod/worker-running-tasks', metric: 'running=RunningTaskCount; desired=DesiredTaskCount; desired - running', when: 'GreaterThanThreshold 0, 5 of 5 x 60s', missing: 'breaching' },
    // web: no memory alarm; 5xx with the defaults' threshold, 3 of 5.
    { name: '${AWS::StackName}-staging/web-cpu', metric: `AWS/ECS CPUUtilization Average ${WEB}`, when: 'GreaterThanThreshold 80, 5 of 5 x 60s', missing: 'notBreaching' },
    { name: '${AWS::StackName}-staging/web-running-tasks', metric: 'running=RunningTaskCount; desired=DesiredTaskCount; desired - running', when: 'GreaterThanThreshold 0, 5 of 5 x 60s', missing: 'breaching' },
    { name: '${AWS::StackName}-staging/web-target-5xx', metric: 'AWS/ApplicationELB HTTPCode_Target_5XX_Count Sum {"LoadBalancer":"app/staging-alb/fedcba9876543210","TargetGroup":"targetgroup/staging-web/76543210fedcba98"}', when: 'GreaterThanThreshold 25, 3 of 5 x 60s', missing: 'notBreaching' },
  ].map((row, i) => ({ ...row, i })))('$name', ({ i, ...row }) => {
    const alarm = alarms[i];
    expect(alarm === undefined ? undefined : rowOf(alarm)).toEqual(row);
  });

  it('creates those alarms and no others', () => {
    expect(alarms).toHaveLength(10);
  });

  it('reads running below desired as metric math over the two Container Insights metrics of the service', () => {
    const worker = alarms.find((a) => a.service === 'worker' && a.kind === 'running_tasks');
    const dimensions = [{ Name: 'ClusterName', Value: 'prod' }, { Name: 'ServiceName', Value: 'worker' }];
    expect(worker?.properties.Metrics).toEqual([
      { Id: 'running', MetricStat: { Metric: { Namespace: 'ECS/ContainerInsights', MetricName: 'RunningTaskCount', Dimensions: dimensions }, Period: 60, Stat: 'Average' }, ReturnData: false },
      { Id: 'desired', MetricStat: { Metric: { Namespace: 'ECS/ContainerInsights', MetricName: 'DesiredTaskCount', Dimensions: dimensions }, Period: 60, Stat: 'Average' }, ReturnData: false },
      { Id: 'missing', Expression: 'desired - running', Label: 'Tasks short of the desired count', ReturnData: true },
    ]);
    expect(worker?.properties).not.toHaveProperty('MetricName');
  });

  it('has no actions: state changes reach herald through EventBridge', () => {
    for (const { properties } of alarms) expect(Object.keys(properties).filter((key) => key.endsWith('Actions'))).toEqual([]);
  });

  it.each(alarms.map((alarm) => ({ alarm, name: alarm.properties.AlarmName['Fn::Sub'] })))('$name says what it means and what to do, within 1024 characters', ({ alarm }) => {
    const description = alarm.properties.AlarmDescription;
    expect(description.startsWith(`${alarm.cluster}/${alarm.service}: `)).toBe(true);
    expect(description).toMatch(/(breaching|RUNNING)/);
    expect(description.endsWith("Created by ecs-herald from herald.yml's alarms.")).toBe(true);
    expect(description.length).toBeLessThanOrEqual(1024);
  });

  it('says the running-tasks alarm covers missing utilization data only when there is one', () => {
    expect(alarms.find((a) => a.service === 'web' && a.kind === 'cpu')?.properties.AlarmDescription).toContain('the running-tasks alarm covers it');
    const without = compileServices('  services:', '    - { cluster: prod, service: web, running_tasks: false }');
    expect(without[0]?.properties.AlarmDescription).toContain('No data (no task running) is not breaching. Created');
  });
});

describe('defaults, service settings and AWS recommendations', () => {
  const WEB = '    - { cluster: prod, service: web }';
  it.each([
    { case: 'nothing set: AWS recommended', lines: ['  services:', WEB], cpu: { threshold: 80, periodSeconds: 60, evaluationPeriods: 5, datapointsToAlarm: 5 } },
    { case: 'defaults apply', lines: ['  defaults: { cpu: { threshold: 70, period: 2m } }', '  services:', WEB], cpu: { threshold: 70, periodSeconds: 120, evaluationPeriods: 5, datapointsToAlarm: 5 } },
    { case: 'the service wins over defaults, key by key', lines: ['  defaults: { cpu: { threshold: 70, period: 2m } }', '  services:', '    - { cluster: prod, service: web, cpu: { threshold: 95 } }'], cpu: { threshold: 95, periodSeconds: 120, evaluationPeriods: 5, datapointsToAlarm: 5 } },
    { case: 'datapoints follow evaluation periods unless set', lines: ['  services:', '    - { cluster: prod, service: web, cpu: { evaluation_periods: 3 } }'], cpu: { threshold: 80, periodSeconds: 60, evaluationPeriods: 3, datapointsToAlarm: 3 } },
    { case: 'M out of N', lines: ['  services:', '    - { cluster: prod, service: web, cpu: { evaluation_periods: 10, datapoints_to_alarm: 3 } }'], cpu: { threshold: 80, periodSeconds: 60, evaluationPeriods: 10, datapointsToAlarm: 3 } },
    { case: 'true: on, with the defaults', lines: ['  defaults: { cpu: { threshold: 60 } }', '  services:', '    - { cluster: prod, service: web, cpu: true }'], cpu: { threshold: 60, periodSeconds: 60, evaluationPeriods: 5, datapointsToAlarm: 5 } },
    { case: 'off in defaults', lines: ['  defaults: { cpu: false }', '  services:', WEB], cpu: undefined },
    { case: 'off in defaults, on again for the service', lines: ['  defaults: { cpu: false }', '  services:', '    - { cluster: prod, service: web, cpu: { threshold: 90 } }'], cpu: { threshold: 90, periodSeconds: 60, evaluationPeriods: 5, datapointsToAlarm: 5 } },
    { case: 'off for the service', lines: ['  services:', '    - { cluster: prod, service: web, cpu: false }'], cpu: undefined },
  ])('$case', ({ lines, cpu }) => {
    const [resolved] = resolveServiceAlarms(alarmsMappingOf(loadConfigOrThrow(['topics: {}', 'alarms:', ...lines].join('\n'), 'herald.yml').config.alarms));
    expect(resolved?.cpu).toEqual(cpu);
  });

  it.each([
    { case: 'ecs', text: 'alarms: ecs' },
    { case: 'all', text: 'alarms: all' },
    { case: 'a list of namespaces', text: 'alarms: [AWS/RDS]' },
    { case: 'the mapping without services', text: 'alarms: { receive: all }' },
    { case: 'no alarms key', text: '' },
  ])('$case creates no alarm', ({ text }) => {
    expect(compileText(`topics: {}\n${text}\n`)).toEqual([]);
  });
});

describe('names and logical ids', () => {
  it('keeps a logical id across deploys: from the cluster, service and kind only', () => {
    expect(alarmLogicalId('prod', 'payments-api', 'cpu')).toBe('AlarmProdPaymentsApiCpu0890fcfa');
    const [first] = compileServices('  services:', '    - { cluster: prod, service: payments-api, cpu: { threshold: 50 } }');
    expect(first?.logicalId).toBe('AlarmProdPaymentsApiCpu0890fcfa');
  });

  it.each([
    { case: 'a dash moved between cluster and service', a: ['prod-a', 'b'], b: ['prod', 'a-b'] },
    { case: 'a dash for an underscore', a: ['prod', 'web_1'], b: ['prod', 'web-1'] },
    { case: 'case', a: ['prod', 'Web'], b: ['prod', 'web'] },
  ])('tells apart services whose names read alike: $case', ({ a, b }) => {
    const [ca = '', sa = ''] = a;
    const [cb = '', sb = ''] = b;
    expect(alarmLogicalId(ca, sa, 'memory')).not.toBe(alarmLogicalId(cb, sb, 'memory'));
    expect(alarmName(ca, sa, 'memory')).not.toBe(alarmName(cb, sb, 'memory'));
  });

  it('makes ids CloudFormation takes: letters and digits, at most 255', () => {
    const long = 'x'.repeat(MAX_SERVICE_NAME_LENGTH);
    for (const id of [alarmLogicalId('prod', 'payments-api', 'target_5xx'), alarmLogicalId(long, long, 'running_tasks')]) {
      expect(id).toMatch(/^[A-Za-z0-9]{1,255}$/);
    }
  });

  it('fits CloudWatch alarm names with the longest stack name and the longest names allowed', () => {
    const cluster = 'c'.repeat(MAX_SERVICE_NAME_LENGTH - 50);
    const name = alarmName(cluster, 's'.repeat(50), 'running_tasks').replace('${AWS::StackName}', 'S'.repeat(128));
    expect(name.length).toBe(255);
  });
});
