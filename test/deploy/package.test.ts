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
    const topics = resources.filter((r) => r.Type === 'AWS::SNS::Topic');
    expect(topics).toHaveLength(compiled.topics.size);
    for (const topic of topics) expect(topic.Properties.KmsMasterKeyId).toEqual(HERALD_KEY);
    const emails = resources.filter((r) => r.Type === 'AWS::SNS::Subscription').map((r) => r.Properties.Endpoint);
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
  const alarmsOf = (template: Template) => Object.entries(template.Resources).filter(([, r]) => r.Type === 'AWS::CloudWatch::Alarm');

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
