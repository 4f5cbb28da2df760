import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compileConfigFile } from '../../shared/compile';
import { actionsOf, type CfnTemplate as Template, packaged, packageStack, statementsOf, type Statement } from '../support/serverless-package';

const ROOT = join(__dirname, '..', '..');

/** What changes something or runs code: ECS calls other than reads, and any Lambda, SSM or IAM call. */
const isMutating = (action: string): boolean => /^ecs:(?!Describe|List)/.test(action) || /^(lambda|ssm|iam):/.test(action);

const sub = (arn: string) => ({ 'Fn::Sub': arn });
/** The stack's customer managed key (topics, queues, state table). */
const HERALD_KEY = { 'Fn::GetAtt': ['HeraldKey', 'Arn'] };
const ecsArn = (resource: string) => sub(`arn:\${AWS::Partition}:ecs:\${AWS::Region}:\${AWS::AccountId}:${resource}`);

/** Live actions on prod (and a dry run on both clusters): test/fixtures/config/remediation.yml. */
const REMEDIATION_CONFIG = join(ROOT, 'test', 'fixtures', 'config', 'remediation.yml');

/** Alarms as code for three services: test/fixtures/config/service-alarms.yml. */
const SERVICE_ALARMS_CONFIG = join(ROOT, 'test', 'fixtures', 'config', 'service-alarms.yml');

describe('serverless package', () => {
  it('deploys the EventBridge rules, topics and subscriptions that herald.yml compiles to', () => {
    const template = packaged();
    const resources = Object.values(template.Resources);
    const rules = resources.filter((r) => r.Type === 'AWS::Events::Rule');
    const deployed = rules.filter((r) => r.Properties.EventPattern !== undefined).map((r) => r.Properties.EventPattern);
    const compiled = compileConfigFile(join(ROOT, 'herald.yml'));
    expect(deployed).toEqual(compiled.eventRules.map((rule) => rule.pattern));
    // The default herald.yml notifies from its root, so every group gets its rule: ECS events,
    // ECS CloudTrail calls, CloudWatch alarms and Trusted Advisor check items.
    expect(deployed.map((pattern) => (pattern as { source: string[] }).source)).toEqual([['aws.ecs'], ['aws.ecs'], ['aws.cloudwatch'], ['aws.trustedadvisor']]);
    expect(deployed).toContainEqual({ source: ['aws.trustedadvisor'], 'detail-type': ['Trusted Advisor Check Item Refresh Notification'] });
    // The digest function's schedule: every minute.
    expect(rules.filter((r) => r.Properties.EventPattern === undefined).map((r) => r.Properties.ScheduleExpression)).toEqual(['rate(1 minute)']);
    // herald.yml's topics; the operator's (herald watching itself) is tested below.
    const operator = (r: { Properties: Record<string, unknown> }) => r === template.Resources.HeraldOperatorTopic || JSON.stringify(r.Properties.TopicArn) === '{"Ref":"HeraldOperatorTopic"}';
    const topics = resources.filter((r) => r.Type === 'AWS::SNS::Topic');
    expect(topics.filter((t) => !operator(t))).toHaveLength(compiled.topics.size);
    // Every topic on the stack's key, the operator's too (CloudWatch alarms may use it).
    for (const topic of topics) expect(topic.Properties.KmsMasterKeyId).toEqual(HERALD_KEY);
    const emails = resources.filter((r) => r.Type === 'AWS::SNS::Subscription' && !operator(r)).map((r) => r.Properties.Endpoint);
    expect(emails).toEqual([...compiled.topics.values()].flatMap((t) => t.emails ?? []));
    const functions = resources.filter((r) => r.Type === 'AWS::Lambda::Function');
    // The router, the digest and the remediator.
    expect(functions).toHaveLength(3);
    for (const fn of functions) expect(fn.Properties).toMatchObject({ Runtime: 'nodejs24.x', Architectures: ['arm64'] });
    // Least privilege on the state table: item operations on that table only, no Scan.
    const roles = resources.filter((r) => r.Type === 'AWS::IAM::Role');
    const tableStatements = roles.flatMap((role) => (role.Properties.Policies as { PolicyDocument: { Statement: { Action: string | string[]; Resource: unknown }[] } }[])
      .flatMap((p) => p.PolicyDocument.Statement)
      .filter((st) => ([] as string[]).concat(st.Action).some((a) => a.startsWith('dynamodb:'))));
    expect(tableStatements).toHaveLength(3);
    for (const st of tableStatements) {
      expect(st.Action).toEqual(['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:Query']);
      expect(st.Resource).toEqual({ 'Fn::GetAtt': ['StateTable', 'Arn'] });
    }
  }, 120_000);

  it('fails with the messages of herald check when herald.yml is invalid', () => {
    const dir = mkdtempSync(join(tmpdir(), 'herald-bad-'));
    const bad = join(dir, 'herald.yml');
    writeFileSync(bad, 'topics:\n  oncall: {}\nroutes:\n  - name: a\n    notify: [pager]\n');
    const result = packageStack({ HERALD_CONFIG: bad });
    expect(result.status).not.toBe(0);
    expect(`${result.stdout}${result.stderr}`).toContain(`${bad}:5:14: routes[0].notify[0]: undefined topic "pager" used in route "a"; defined topics: oncall`);
  }, 120_000);
});

describe('serverless package: the router never acts', () => {
  it.each([
    { case: 'the shipped herald.yml', config: undefined },
    { case: 'live remediation actions', config: REMEDIATION_CONFIG },
  ])('with $case, the router holds no permission that changes ECS or invokes anything', ({ config }) => {
    const actions = statementsOf(packaged(config), 'RouterRole').flatMap(actionsOf);
    expect(actions.filter(isMutating)).toEqual([]);
    expect(actions).not.toContain('ecs:*');
  }, 120_000);
});

describe('serverless package with remediation actions (and named clusters)', () => {
  it('lets the router describe only the named clusters and their services', () => {
    const statements = statementsOf(packaged(REMEDIATION_CONFIG), 'RouterRole');
    const describe = statements.find((s) => actionsOf(s).includes('ecs:DescribeServices'));
    expect(describe?.Resource).toEqual(['cluster/prod', 'service/prod/*', 'task/prod/*', 'cluster/staging-eu', 'service/staging-eu/*', 'task/staging-eu/*'].map(ecsArn));
    const listTasks = statements.find((s) => s.Action === 'ecs:ListTasks');
    expect(listTasks?.Condition).toEqual({ ArnEquals: { 'ecs:cluster': [ecsArn('cluster/prod'), ecsArn('cluster/staging-eu')] } });
  }, 120_000);

  it('gives the remediator exactly the changes its live actions make, on their clusters and services', () => {
    const statements = statementsOf(packaged(REMEDIATION_CONFIG), 'RemediatorRole');
    const onProd = { ArnEquals: { 'ecs:cluster': [ecsArn('cluster/prod')] } };
    expect(statements.filter((s) => actionsOf(s).some(isMutating))).toEqual([
      { Sid: 'ForceNewDeployment', Effect: 'Allow', Action: ['ecs:UpdateService'], Resource: [ecsArn('service/prod/web-*')], Condition: onProd },
      { Sid: 'Rollback', Effect: 'Allow', Action: ['ecs:UpdateService'], Resource: [ecsArn('service/prod/api')], Condition: onProd },
      { Sid: 'StopTask', Effect: 'Allow', Action: ['ecs:StopTask'], Resource: [ecsArn('task/prod/*')], Condition: onProd },
      { Sid: 'InvokeFunction', Effect: 'Allow', Action: ['lambda:InvokeFunction'], Resource: [sub('arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:function:remediation-hook')] },
    ]);
    // The dry-run drain-instance only reads, on both clusters.
    expect(statements.find((s) => s.Sid === 'ReadContainerInstances')).toEqual({
      Sid: 'ReadContainerInstances',
      Effect: 'Allow',
      Action: ['ecs:DescribeContainerInstances'],
      Resource: [ecsArn('container-instance/prod/*'), ecsArn('container-instance/staging-eu/*')],
      Condition: { ArnEquals: { 'ecs:cluster': [ecsArn('cluster/prod'), ecsArn('cluster/staging-eu')] } },
    });
    // Its fixed permissions: its logs, the topics, the dead-letter queue, the state table, its queue, the key.
    expect(statements.filter((s) => s.Sid === undefined).map(actionsOf)).toEqual([
      ['logs:CreateLogStream', 'logs:PutLogEvents'],
      ['sns:Publish'],
      ['sqs:SendMessage'],
      ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:Query'],
      ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes', 'sqs:ChangeMessageVisibility'],
      ['kms:Decrypt', 'kms:GenerateDataKey'],
    ]);
  }, 120_000);

  it('lets the remediator only read for the dry runs of the shipped herald.yml', () => {
    const derived = statementsOf(packaged(), 'RemediatorRole').filter((s) => s.Sid !== undefined);
    expect(derived.map((s) => s.Sid)).toEqual(['ReadServices', 'ReadServiceDeployments', 'ReadContainerInstances']);
    expect(derived.flatMap(actionsOf).filter(isMutating)).toEqual([]);
  }, 120_000);

  it('carries decisions on an encrypted queue with a dead-letter queue, one per invocation, two at most at once', () => {
    const template = packaged(REMEDIATION_CONFIG);
    const { Resources: resources } = template;
    const remediator = resources.RemediatorLambdaFunction?.Properties ?? {};
    expect(remediator).toMatchObject({ Handler: 'dist/remediator/index.handler', Timeout: 60 });
    // A reserved concurrency below the event source's would throttle batches into the dead-letter queue.
    expect(remediator.ReservedConcurrentExecutions).toBeUndefined();
    expect(resources.RemediationQueue?.Properties).toEqual({
      VisibilityTimeout: 6 * 60,
      KmsMasterKeyId: HERALD_KEY,
      RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': ['RemediationDeadLetterQueue', 'Arn'] }, maxReceiveCount: 5 },
    });
    expect(resources.RemediationDeadLetterQueue?.Properties).toEqual({ MessageRetentionPeriod: 14 * 86400, KmsMasterKeyId: HERALD_KEY });
    const tlsOnly = resources.RemediationQueuePolicy?.Properties as { Queues: unknown[]; PolicyDocument: { Statement: Statement[] } };
    expect(tlsOnly.Queues).toEqual([{ Ref: 'RemediationQueue' }, { Ref: 'RemediationDeadLetterQueue' }]);
    expect(tlsOnly.PolicyDocument.Statement).toContainEqual(expect.objectContaining({ Effect: 'Deny', Action: 'sqs:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }));
    const mapping = Object.values(resources).find((r) => r.Type === 'AWS::Lambda::EventSourceMapping');
    expect(mapping?.Properties).toMatchObject({
      EventSourceArn: { 'Fn::GetAtt': ['RemediationQueue', 'Arn'] },
      FunctionName: { 'Fn::GetAtt': ['RemediatorLambdaFunction', 'Arn'] },
      BatchSize: 1,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      ScalingConfig: { MaximumConcurrency: 2 },
    });
    // The router writes decisions to the queue, and only there.
    const router = resources.RouterLambdaFunction?.Properties as { Environment: { Variables: Record<string, unknown> } };
    expect(router.Environment.Variables.HERALD_REMEDIATION_QUEUE_URL).toEqual({ Ref: 'RemediationQueue' });
    expect(statementsOf(template, 'RouterRole').filter((s) => JSON.stringify(s.Resource).includes('RemediationQueue'))).toEqual([
      { Effect: 'Allow', Action: 'sqs:SendMessage', Resource: { 'Fn::GetAtt': ['RemediationQueue', 'Arn'] } },
    ]);
    expect(template.Outputs.RemediationQueueUrl?.Value).toEqual({ Ref: 'RemediationQueue' });
  }, 120_000);
});

describe('serverless package with alarms.services', () => {
  /** The services' alarms (`<stack>-<cluster>/<service>-<kind>`), not herald's own. */
  const alarmsOf = (template: Template) => Object.entries(template.Resources).filter(([, r]) => r.Type === 'AWS::CloudWatch::Alarm' && /^\$\{AWS::StackName\}-[^/]+\/[^/]+-/.test(String((r.Properties.AlarmName as { 'Fn::Sub'?: string } | undefined)?.['Fn::Sub'])));

  it('creates the alarms herald.yml compiles to, under their logical ids', () => {
    const compiled = compileConfigFile(SERVICE_ALARMS_CONFIG);
    expect(Object.fromEntries(alarmsOf(packaged(SERVICE_ALARMS_CONFIG)))).toEqual(
      Object.fromEntries(compiled.serviceAlarms.map((a) => [a.logicalId, { Type: 'AWS::CloudWatch::Alarm', Properties: a.properties }])),
    );
  }, 120_000);

  it.each([
    {
      case: 'CPU of prod/payments-api, 3 of 3 five-minute periods above 90%',
      name: '${AWS::StackName}-prod/payments-api-cpu',
      properties: { Namespace: 'AWS/ECS', MetricName: 'CPUUtilization', Dimensions: [{ Name: 'ClusterName', Value: 'prod' }, { Name: 'ServiceName', Value: 'payments-api' }], Statistic: 'Average', Period: 300, EvaluationPeriods: 3, DatapointsToAlarm: 3, Threshold: 90, ComparisonOperator: 'GreaterThanThreshold', TreatMissingData: 'notBreaching' },
    },
    {
      case: 'memory of prod/worker, the defaults\' 85%',
      name: '${AWS::StackName}-prod/worker-memory',
      properties: { Namespace: 'AWS/ECS', MetricName: 'MemoryUtilization', Statistic: 'Average', Period: 60, EvaluationPeriods: 5, DatapointsToAlarm: 5, Threshold: 85 },
    },
    {
      case: 'fewer than two tasks of prod/payments-api',
      name: '${AWS::StackName}-prod/payments-api-running-tasks',
      properties: { Namespace: 'ECS/ContainerInsights', MetricName: 'RunningTaskCount', Threshold: 2, ComparisonOperator: 'LessThanThreshold', TreatMissingData: 'breaching' },
    },
    {
      case: 'prod/worker running below its desired count (metric math)',
      name: '${AWS::StackName}-prod/worker-running-tasks',
      properties: { Metrics: [expect.objectContaining({ Id: 'running' }), expect.objectContaining({ Id: 'desired' }), { Id: 'missing', Expression: 'desired - running', Label: 'Tasks short of the desired count', ReturnData: true }], Threshold: 0, ComparisonOperator: 'GreaterThanThreshold', TreatMissingData: 'breaching' },
    },
    {
      case: '5xx of staging/web behind its load balancer, the defaults\' threshold, 3 of 5',
      name: '${AWS::StackName}-staging/web-target-5xx',
      properties: { Namespace: 'AWS/ApplicationELB', MetricName: 'HTTPCode_Target_5XX_Count', Dimensions: [{ Name: 'LoadBalancer', Value: 'app/staging-alb/fedcba9876543210' }, { Name: 'TargetGroup', Value: 'targetgroup/staging-web/76543210fedcba98' }], Statistic: 'Sum', Period: 60, EvaluationPeriods: 5, DatapointsToAlarm: 3, Threshold: 25 },
    },
  ])('$case', ({ name, properties }) => {
    const alarm = alarmsOf(packaged(SERVICE_ALARMS_CONFIG)).map(([, r]) => r.Properties).find((p) => JSON.stringify(p.AlarmName) === JSON.stringify({ 'Fn::Sub': name }));
    expect(alarm).toMatchObject(properties);
  }, 120_000);

  it('deploys a CloudWatch alarm rule that takes the services\' target groups', () => {
    const rule = Object.values(packaged(SERVICE_ALARMS_CONFIG).Resources).find((r) => r.Type === 'AWS::Events::Rule' && JSON.stringify(r.Properties.EventPattern ?? {}).includes('aws.cloudwatch'));
    expect(JSON.stringify(rule?.Properties.EventPattern)).toContain('"TargetGroup":["targetgroup/payments-api/89abcdef01234567","targetgroup/staging-web/76543210fedcba98"]');
  }, 120_000);

  it('creates none for the shipped herald.yml', () => {
    expect(alarmsOf(packaged())).toEqual([]);
  }, 120_000);
});

/** Alarms to a topic the stack does not own, no heartbeat, no dashboard: test/fixtures/config/monitoring.yml. */
const MONITORING_CONFIG = join(ROOT, 'test', 'fixtures', 'config', 'monitoring.yml');

const resourcesOfType = (template: Template, type: string) => Object.entries(template.Resources).filter(([, r]) => r.Type === type);

const subText = (value: unknown): string => (typeof value === 'string' ? value : ((value as { 'Fn::Sub'?: string })['Fn::Sub'] ?? ''));

/** Alarms by their name after the stack's: `dead-letter-queue`... */
const alarmsByName = (template: Template): Map<string, Record<string, unknown>> =>
  new Map(
    [...resourcesOfType(template, 'AWS::CloudWatch::Alarm'), ...resourcesOfType(template, 'AWS::CloudWatch::CompositeAlarm')].map(([, alarm]) => [
      subText(alarm.Properties.AlarmName).replace('${AWS::StackName}-', ''),
      alarm.Properties,
    ]),
  );

/** What an alarm evaluates: `Namespace MetricName`, or its expression or query. */
const evaluates = (alarm: Record<string, unknown>): string => {
  if (typeof alarm.MetricName === 'string') return `${String(alarm.Namespace)} ${alarm.MetricName}`;
  const metrics = (alarm.Metrics ?? []) as { Expression?: string; ReturnData?: boolean }[];
  return metrics.find((m) => m.ReturnData === true)?.Expression ?? subText(alarm.AlarmRule);
};

/**
 * Every SQS queue of the template that something else sends what it could not handle: a queue's
 * RedrivePolicy target, an EventBridge target's or a function's DeadLetterConfig, an on-failure
 * destination (Lambda or an event source mapping), an SNS subscription's redrive target.
 */
const deadLetterQueues = (template: Template): Set<string> => {
  const found = new Set<string>();
  const queueOf = (ref: unknown): string => {
    const getAtt = (ref as { 'Fn::GetAtt'?: [string, string] } | undefined)?.['Fn::GetAtt'];
    if (getAtt !== undefined && getAtt[1] === 'Arn' && template.Resources[getAtt[0]]?.Type === 'AWS::SQS::Queue') return getAtt[0];
    throw new Error(`a dead-letter target that is not a queue of the stack: ${JSON.stringify(ref)}`);
  };
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (typeof node !== 'object' || node === null) return;
    for (const [key, value] of Object.entries(node)) {
      if (key === 'deadLetterTargetArn') found.add(queueOf(value));
      else if (key === 'DeadLetterConfig') found.add(queueOf((value as { Arn?: unknown; TargetArn?: unknown }).Arn ?? (value as { TargetArn?: unknown }).TargetArn));
      else if (key === 'OnFailure') found.add(queueOf((value as { Destination?: unknown }).Destination));
      else visit(value);
    }
  };
  for (const [, resource] of Object.entries(template.Resources)) {
    // Roles and policies name the queues too, as resources they may use: not targets.
    if (!/^AWS::(IAM|CloudWatch)::/.test(resource.Type)) visit(resource.Properties);
  }
  return found;
};

describe('serverless package: herald watches itself', () => {
  const OPERATOR = { Ref: 'HeraldOperatorTopic' };

  it.each([
    { name: 'dead-letter-queue', evaluates: 'AWS/SQS ApproximateNumberOfMessagesVisible', threshold: 0, period: 300, breaching: '1/1' },
    { name: 'remediation-dead-letter-queue', evaluates: 'AWS/SQS ApproximateNumberOfMessagesVisible', threshold: 0, period: 300, breaching: '1/1' },
    { name: 'router-errors', evaluates: 'errors - retried', threshold: 0, period: 300, breaching: '2/3' },
    { name: 'digest-errors', evaluates: 'AWS/Lambda Errors', threshold: 0, period: 300, breaching: '2/3' },
    { name: 'remediator-errors', evaluates: 'AWS/Lambda Errors', threshold: 0, period: 300, breaching: '2/3' },
    { name: 'router-throttles', evaluates: 'AWS/Lambda Throttles', threshold: 0, period: 300, breaching: '2/3' },
    { name: 'digest-throttles', evaluates: 'AWS/Lambda Throttles', threshold: 0, period: 300, breaching: '2/3' },
    { name: 'remediator-throttles', evaluates: 'AWS/Lambda Throttles', threshold: 0, period: 300, breaching: '2/3' },
    { name: 'gate-fail-open', evaluates: 'EcsHerald GateFailOpen', threshold: 0, period: 300, breaching: '1/1' },
    { name: 'deliveries-dead-lettered', evaluates: 'EcsHerald DeliveriesDeadLettered', threshold: 0, period: 300, breaching: '1/1' },
    { name: 'events-retried', evaluates: 'EcsHerald EventsRetried', threshold: 0, period: 300, breaching: '3/3' },
    { name: 'remediation-failed', evaluates: 'EcsHerald RemediationFailed', threshold: 0, period: 300, breaching: '1/1' },
    { name: 'remediation-unreadable', evaluates: 'EcsHerald RemediationUnreadable', threshold: 0, period: 300, breaching: '1/1' },
  ])('deploys the $name alarm, telling the operator topic', ({ name, evaluates: expected, threshold, period, breaching }) => {
    const alarm = alarmsByName(packaged()).get(name);
    expect(alarm).toBeDefined();
    expect(evaluates(alarm ?? {})).toBe(expected);
    expect(alarm).toMatchObject({ ComparisonOperator: 'GreaterThanThreshold', Threshold: threshold, TreatMissingData: 'notBreaching', AlarmActions: [OPERATOR], OKActions: [OPERATOR] });
    const periods = (alarm?.Metrics as { MetricStat?: { Period: number } }[] | undefined)?.flatMap((m) => (m.MetricStat === undefined ? [] : [m.MetricStat.Period])) ?? [alarm?.Period];
    expect(new Set(periods)).toEqual(new Set([period]));
    expect(`${String(alarm?.DatapointsToAlarm)}/${String(alarm?.EvaluationPeriods)}`).toBe(breaching);
  }, 120_000);

  it('deploys the heartbeat: no router invocation for 6 hours while services ran, telling the operator', () => {
    const alarms = alarmsByName(packaged());
    expect(alarms.get('heartbeat')).toMatchObject({ AlarmActions: [OPERATOR], AlarmRule: { 'Fn::Sub': 'ALARM(${HeraldAlarmHeartbeatQuiet.Arn}) AND ALARM(${HeraldAlarmHeartbeatFleet.Arn})' } });
    expect(alarms.get('heartbeat-quiet')).toMatchObject({ ActionsEnabled: false, ComparisonOperator: 'LessThanThreshold', Threshold: 1, EvaluationPeriods: 6, DatapointsToAlarm: 6 });
    expect(evaluates(alarms.get('heartbeat-fleet') ?? {})).toBe('SELECT COUNT(CPUUtilization) FROM "AWS/ECS"');
  }, 120_000);

  it('subscribes the operator\'s email to a topic of its own, which this stack\'s alarms may publish to', () => {
    const template = packaged();
    const subscriptions = resourcesOfType(template, 'AWS::SNS::Subscription').map(([, s]) => s.Properties).filter((s) => JSON.stringify(s.TopicArn) === JSON.stringify(OPERATOR));
    expect(subscriptions).toEqual([{ TopicArn: OPERATOR, Protocol: 'email', Endpoint: 'ops@example.com' }]);
    const policy = template.Resources.HeraldOperatorTopicPolicy?.Properties as { Topics: unknown[]; PolicyDocument: { Statement: Statement[] } };
    expect(policy.Topics).toEqual([OPERATOR]);
    expect(policy.PolicyDocument.Statement.map((s) => [s.Effect, s.Action])).toEqual([['Allow', 'sns:Publish'], ['Deny', 'sns:*']]);
    expect(template.Outputs.OperatorTopicArn?.Value).toEqual(OPERATOR);
  }, 120_000);

  it('gives the functions the stack\'s name as the service dimension the alarms watch', () => {
    const template = packaged();
    for (const [, fn] of resourcesOfType(template, 'AWS::Lambda::Function')) {
      expect((fn.Properties as { Environment: { Variables: Record<string, unknown> } }).Environment.Variables.HERALD_METRICS_SERVICE).toEqual({ Ref: 'AWS::StackName' });
    }
    const retried = (alarmsByName(template).get('events-retried')?.Dimensions ?? []) as unknown[];
    expect(retried).toEqual([{ Name: 'service', Value: { Ref: 'AWS::StackName' } }]);
  }, 120_000);

  it.each([
    { case: 'no named cluster', config: undefined, widgets: 14 },
    { case: 'two named clusters: a table of services each', config: REMEDIATION_CONFIG, widgets: 16 },
  ])('deploys a dashboard whose body is JSON once resolved, with $case', ({ config, widgets }) => {
    const template = packaged(config);
    const body = subText(template.Resources.HeraldDashboard?.Properties.DashboardBody);
    for (const [, variable = ''] of body.matchAll(/\$\{([^}]+)\}/g)) {
      const [resource = '', attribute] = variable.split('.');
      if (!resource.startsWith('AWS::')) expect([resource, attribute, template.Resources[resource]?.Type]).toEqual([resource, attribute, expect.any(String)]);
    }
    const parsed = JSON.parse(body.replace(/\$\{[^}]+\}/g, 'resolved')) as { widgets: { type: string; properties: { title: string; alarms?: unknown[] } }[] };
    expect(parsed.widgets).toHaveLength(widgets);
    expect(parsed.widgets.map((w) => w.properties.title)).toEqual(expect.arrayContaining(["herald's alarms", 'Alerts by severity', 'Alerts by category', 'Alerts per cluster', 'Notified or muted, by gate outcome', 'Delivery failures', 'Enrichment calls, by API', 'Latency: event time to alert sent (ms)', 'Alerts by service']));
    // Every alarm that pages is on it.
    const paging = [...alarmsByName(template).values()].filter((a) => a.ActionsEnabled === true);
    expect(parsed.widgets[0]?.properties.alarms).toHaveLength(paging.length);
  }, 120_000);

  it.each([
    { case: 'the shipped herald.yml', config: undefined },
    { case: 'live remediation actions', config: REMEDIATION_CONFIG },
    { case: 'monitoring without its defaults', config: MONITORING_CONFIG },
  ])('alarms on every dead-letter queue of the stack, with $case', ({ config }) => {
    const template = packaged(config);
    const queues = deadLetterQueues(template);
    expect([...queues].sort()).toEqual(['DeadLetterQueue', 'RemediationDeadLetterQueue']);
    const alarms = resourcesOfType(template, 'AWS::CloudWatch::Alarm').map(([, a]) => a.Properties);
    for (const queue of queues) {
      expect(alarms).toContainEqual(expect.objectContaining({
        Namespace: 'AWS/SQS',
        MetricName: 'ApproximateNumberOfMessagesVisible',
        Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [queue, 'QueueName'] } }],
        ComparisonOperator: 'GreaterThanThreshold',
        Threshold: 0,
        AlarmActions: [expect.anything()],
      }));
    }
  }, 120_000);

  it('watches each named cluster for the heartbeat: two clusters, either one running', () => {
    const alarms = alarmsByName(packaged(REMEDIATION_CONFIG));
    expect(evaluates(alarms.get('heartbeat-fleet-prod') ?? {})).toBe("SELECT COUNT(CPUUtilization) FROM \"AWS/ECS\" WHERE ClusterName = 'prod'");
    expect(evaluates(alarms.get('heartbeat-fleet-staging-eu') ?? {})).toBe("SELECT COUNT(CPUUtilization) FROM \"AWS/ECS\" WHERE ClusterName = 'staging-eu'");
    expect(evaluates(alarms.get('heartbeat') ?? {})).toBe('ALARM(${HeraldAlarmHeartbeatQuiet.Arn}) AND (ALARM(${HeraldAlarmHeartbeatFleet1.Arn}) OR ALARM(${HeraldAlarmHeartbeatFleet2.Arn}))');
  }, 120_000);

  it('sends the alarms to an existing topic, with no heartbeat and no dashboard, when herald.yml says so', () => {
    const template = packaged(MONITORING_CONFIG);
    const alarms = alarmsByName(template);
    const topic = 'arn:aws:sns:us-east-1:123456789012:platform-operators';
    expect(template.Resources.HeraldOperatorTopic).toBeUndefined();
    expect(template.Resources.HeraldDashboard).toBeUndefined();
    expect([...alarms.keys()].filter((name) => name.startsWith('heartbeat'))).toEqual([]);
    for (const alarm of alarms.values()) expect(alarm).toMatchObject({ AlarmActions: [topic], OKActions: [topic] });
    expect(alarms.get('events-retried')).toMatchObject({ EvaluationPeriods: 6, DatapointsToAlarm: 6 });
  }, 120_000);
});
