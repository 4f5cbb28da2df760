import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compileConfigText } from '../../shared/compile';
import { ResourceSpecification } from '../support/cfn-spec';
import { actionsOf, type CfnTemplate, packaged, type Statement } from '../support/serverless-package';

/**
 * What a security reviewer checks on `serverless package` output, for the shipped herald.yml,
 * every example and the remediation fixture (live actions): the template conforms to the
 * CloudFormation resource specification; no identity policy grants a change on every resource;
 * every topic, queue and table is encrypted with the stack's key and every stateful resource is
 * kept on removal; every asynchronous path ends in a dead-letter queue; every service principal
 * is bound to its sources; the deployed rule patterns are the compiled routes'.
 */

const ROOT = join(__dirname, '..', '..');

const CONFIGS: { name: string; file?: string }[] = [
  { name: 'herald.yml' },
  ...readdirSync(join(ROOT, 'examples'))
    .filter((dir) => readdirSync(join(ROOT, 'examples', dir)).includes('herald.yml'))
    .map((dir) => ({ name: `examples/${dir}`, file: `examples/${dir}/herald.yml` })),
  { name: 'live remediation actions', file: 'test/fixtures/config/remediation.yml' },
];

/**
 * Actions that may name every resource, each with why: reads that support no resource-level
 * permission, or scope by a condition instead.
 * https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonelasticcontainerservice.html
 */
const READS_ON_EVERY_RESOURCE: Record<string, string> = {
  'ecs:DescribeTaskDefinition': 'supports no resource-level permissions (task definitions are read by ARN from the event)',
  'ecs:ListTasks': 'names no resource of its own; scoped with the ecs:cluster condition when herald.yml names clusters',
};

/** Rules without an event pattern (schedules) and why they need no dead-letter queue. */
const SCHEDULES_WITHOUT_DEAD_LETTERS: Record<string, string> = {
  DigestLambdaFunction: 'a schedule carries no event to keep: the digest state is in the table, and the next run a minute later sends what a failed one did not',
};

/**
 * The action that creates each resource type the stack may hold, which the README's deployer
 * policy must allow. A type the stack gains fails the README check until it is added here and
 * its actions there.
 */
const CREATED_BY: Record<string, string> = {
  'AWS::S3::Bucket': 's3:CreateBucket',
  'AWS::S3::BucketPolicy': 's3:PutBucketPolicy',
  'AWS::Logs::LogGroup': 'logs:CreateLogGroup',
  'AWS::IAM::Role': 'iam:CreateRole',
  'AWS::Lambda::Function': 'lambda:CreateFunction',
  'AWS::Lambda::Version': 'lambda:PublishVersion',
  'AWS::Lambda::Permission': 'lambda:AddPermission',
  'AWS::Lambda::EventInvokeConfig': 'lambda:PutFunctionEventInvokeConfig',
  'AWS::Lambda::EventSourceMapping': 'lambda:CreateEventSourceMapping',
  'AWS::Events::Rule': 'events:PutRule',
  'AWS::SNS::Topic': 'sns:CreateTopic',
  'AWS::SNS::Subscription': 'sns:Subscribe',
  'AWS::SNS::TopicPolicy': 'sns:SetTopicAttributes',
  'AWS::SQS::Queue': 'sqs:CreateQueue',
  'AWS::SQS::QueuePolicy': 'sqs:SetQueueAttributes',
  'AWS::DynamoDB::Table': 'dynamodb:CreateTable',
  'AWS::KMS::Key': 'kms:CreateKey',
  'AWS::KMS::Alias': 'kms:CreateAlias',
  'AWS::CloudWatch::Alarm': 'cloudwatch:PutMetricAlarm',
  'AWS::CloudWatch::CompositeAlarm': 'cloudwatch:PutCompositeAlarm',
  'AWS::CloudWatch::Dashboard': 'cloudwatch:PutDashboard',
  'AWS::Events::Archive': 'events:CreateArchive',
};

/**
 * Key policy statements for EventBridge's archive of the default bus: EventBridge names no
 * rule when it encrypts what it archives, so they are bound to the account and (for data keys)
 * to the bus's encryption context instead of a source ARN.
 * https://docs.aws.amazon.com/eventbridge/latest/userguide/encryption-archives.html
 */
const ARCHIVE_KEY_STATEMENTS = ['EventBridgeArchiveDescribe', 'EventBridgeArchive'];

/** The deployer policy of the README's "Deploy" section (its first JSON block). */
const readmeDeployerPolicy = (): Statement[] => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('\n## Deploy\n'));
  const match = /```json\n([\s\S]*?)\n```/.exec(section);
  if (match?.[1] === undefined) throw new Error('README.md: no JSON block in the Deploy section');
  return (JSON.parse(match[1]) as { Statement: Statement[] }).Statement;
};

const KEY = { 'Fn::GetAtt': ['HeraldKey', 'Arn'] };
const RETAINED_TYPES = ['AWS::DynamoDB::Table', 'AWS::SQS::Queue', 'AWS::KMS::Key'];

const spec = new ResourceSpecification();

const ofType = (template: CfnTemplate, type: string): [string, Record<string, unknown>][] =>
  Object.entries(template.Resources)
    .filter(([, r]) => r.Type === type)
    .map(([id, r]) => [id, r.Properties]);

/** The logical id behind `{ 'Fn::GetAtt': [id, 'Arn'] }`, if that is what the value is. */
const arnOf = (value: unknown): string | undefined => {
  const getAtt = (value as { 'Fn::GetAtt'?: unknown } | undefined)?.['Fn::GetAtt'];
  return Array.isArray(getAtt) && getAtt[1] === 'Arn' && typeof getAtt[0] === 'string' ? getAtt[0] : undefined;
};

const isQueue = (template: CfnTemplate, id: string | undefined): boolean => id !== undefined && template.Resources[id]?.Type === 'AWS::SQS::Queue';

/** Every identity policy statement: the roles' inline policies and any IAM policy resource. */
const identityStatements = (template: CfnTemplate): { where: string; statement: Statement }[] => [
  ...ofType(template, 'AWS::IAM::Role').flatMap(([id, p]) =>
    ((p.Policies ?? []) as { PolicyDocument: { Statement: Statement[] } }[]).flatMap((policy) => policy.PolicyDocument.Statement.map((statement) => ({ where: id, statement })))),
  ...[...ofType(template, 'AWS::IAM::Policy'), ...ofType(template, 'AWS::IAM::ManagedPolicy')].flatMap(([id, p]) =>
    (p.PolicyDocument as { Statement: Statement[] }).Statement.map((statement) => ({ where: id, statement }))),
];

/** Every resource policy statement: queues', topics' and keys'. */
const resourceStatements = (template: CfnTemplate): { where: string; statement: Statement }[] =>
  [
    ...ofType(template, 'AWS::SQS::QueuePolicy').map(([id, p]) => [id, p.PolicyDocument] as const),
    ...ofType(template, 'AWS::SNS::TopicPolicy').map(([id, p]) => [id, p.PolicyDocument] as const),
    ...ofType(template, 'AWS::KMS::Key').map(([id, p]) => [id, p.KeyPolicy] as const),
  ].flatMap(([id, document]) => (document as { Statement: Statement[] }).Statement.map((statement) => ({ where: id, statement })));

const resourcesOf = (statement: Statement): unknown[] => ([] as unknown[]).concat(statement.Resource);

/** The ARNs of the template's rules with an event pattern, as the policies name them. */
const patternRuleArns = (template: CfnTemplate): unknown[] =>
  ofType(template, 'AWS::Events::Rule')
    .filter(([, p]) => p.EventPattern !== undefined)
    .map(([, p]) => ({ 'Fn::Sub': `arn:\${AWS::Partition}:events:\${AWS::Region}:\${AWS::AccountId}:rule/${String(p.Name)}` }));

describe.each(CONFIGS)('the packaged stack for $name', ({ file }) => {
  let template: CfnTemplate;
  beforeAll(() => {
    template = packaged(file);
  }, 120_000);

  it('conforms to the CloudFormation resource specification', () => {
    expect(spec.problems(template)).toEqual([]);
  });

  it('grants no change on every resource, and no action wildcard', () => {
    const statements = identityStatements(template).filter(({ statement }) => statement.Effect === 'Allow');
    const onEverything = statements.filter(({ statement }) => resourcesOf(statement).includes('*'));
    expect(onEverything.flatMap(({ where, statement }) => actionsOf(statement).filter((a) => READS_ON_EVERY_RESOURCE[a] === undefined).map((a) => `${where}: ${a} on *`))).toEqual([]);
    expect(statements.flatMap(({ where, statement }) => actionsOf(statement).filter((a) => a.includes('*')).map((a) => `${where}: ${a}`))).toEqual([]);
  });

  it('encrypts every topic, queue and table with the stack key, rotated, and keeps what holds state', () => {
    for (const [, topic] of ofType(template, 'AWS::SNS::Topic')) expect(topic.KmsMasterKeyId).toEqual(KEY);
    for (const [, queue] of ofType(template, 'AWS::SQS::Queue')) expect(queue.KmsMasterKeyId).toEqual(KEY);
    for (const [, table] of ofType(template, 'AWS::DynamoDB::Table')) expect(table.SSESpecification).toEqual({ SSEEnabled: true, SSEType: 'KMS', KMSMasterKeyId: KEY });
    expect(ofType(template, 'AWS::KMS::Key').map(([id, key]) => [id, key.EnableKeyRotation])).toEqual([['HeraldKey', true]]);
    const stateful = Object.entries(template.Resources).filter(([, r]) => RETAINED_TYPES.includes(r.Type));
    expect(stateful.length).toBeGreaterThanOrEqual(5);
    for (const [id, r] of stateful) expect([id, r.DeletionPolicy, r.UpdateReplacePolicy]).toEqual([id, 'Retain', 'Retain']);
  });

  it('refuses plain HTTP on every topic and queue', () => {
    const tlsOnly = (document: unknown, actions: readonly string[]) =>
      (document as { Statement: Statement[] }).Statement.some((s) => s.Effect === 'Deny' && s.Principal === '*' && typeof s.Action === 'string' && actions.includes(s.Action) && JSON.stringify(s.Condition) === '{"Bool":{"aws:SecureTransport":"false"}}');
    // Publishing over plain HTTP refused at least (the operator's topic refuses every call).
    const topicPolicies = ofType(template, 'AWS::SNS::TopicPolicy').filter(([, p]) => tlsOnly(p.PolicyDocument, ['sns:Publish', 'sns:*']));
    const queuePolicies = ofType(template, 'AWS::SQS::QueuePolicy').filter(([, p]) => tlsOnly(p.PolicyDocument, ['sqs:*']));
    expect(ofType(template, 'AWS::SNS::Topic').length).toBeGreaterThan(0);
    const covered = [...topicPolicies.flatMap(([, p]) => p.Topics as unknown[]), ...queuePolicies.flatMap(([, p]) => p.Queues as unknown[])];
    for (const [id] of [...ofType(template, 'AWS::SNS::Topic'), ...ofType(template, 'AWS::SQS::Queue')]) expect(covered).toContainEqual({ Ref: id });
  });

  it('ends every asynchronous path in a dead-letter queue', () => {
    const rules = ofType(template, 'AWS::Events::Rule');
    const targets = rules.flatMap(([id, p]) => (p.Targets as { Arn: unknown; DeadLetterConfig?: { Arn: unknown } }[]).map((target) => ({ id, pattern: p.EventPattern, target })));
    // EventBridge keeps what it could not deliver to the function.
    for (const { id, target } of targets.filter((t) => t.pattern !== undefined)) expect([id, isQueue(template, arnOf(target.DeadLetterConfig?.Arn))]).toEqual([id, true]);
    // Schedules carry no event: only the allowed ones.
    expect(targets.filter((t) => t.pattern === undefined).map((t) => arnOf(t.target.Arn))).toEqual(Object.keys(SCHEDULES_WITHOUT_DEAD_LETTERS));
    // Lambda keeps the events the function failed on, or that aged out throttled.
    const invoked = [...new Set(targets.filter((t) => t.pattern !== undefined).map((t) => arnOf(t.target.Arn)))];
    expect(invoked).toEqual(['RouterLambdaFunction']);
    const configs = ofType(template, 'AWS::Lambda::EventInvokeConfig');
    for (const fn of invoked) {
      const config = configs.find(([, p]) => JSON.stringify(p.FunctionName) === JSON.stringify({ Ref: fn }))?.[1];
      expect([fn, isQueue(template, arnOf((config?.DestinationConfig as { OnFailure?: { Destination: unknown } } | undefined)?.OnFailure?.Destination))]).toEqual([fn, true]);
      // Throttled by its reserved concurrency, an event waits in Lambda's queue up to 6 hours.
      expect(config?.MaximumEventAgeInSeconds).toBe(6 * 3600);
    }
    expect(template.Resources.RouterLambdaFunction?.Properties.ReservedConcurrentExecutions).toBe(2);
    // SQS keeps what the consuming function failed on too often.
    const mappings = ofType(template, 'AWS::Lambda::EventSourceMapping');
    expect(mappings.length).toBeGreaterThan(0);
    for (const [id, mapping] of mappings) {
      const source = arnOf(mapping.EventSourceArn);
      const redrive = source === undefined ? undefined : (template.Resources[source]?.Properties.RedrivePolicy as { deadLetterTargetArn?: unknown } | undefined);
      expect([id, isQueue(template, arnOf(redrive?.deadLetterTargetArn))]).toEqual([id, true]);
    }
  });

  it('binds every service principal to its sources: the router rules for EventBridge', () => {
    const allServices = resourceStatements(template).filter(({ statement }) => statement.Effect === 'Allow' && (statement.Principal as { Service?: unknown } | undefined)?.Service !== undefined);
    const archive = allServices.filter(({ statement }) => ARCHIVE_KEY_STATEMENTS.includes(String(statement.Sid)));
    expect(archive.map(({ where, statement }) => [where, statement.Sid, JSON.stringify(statement.Condition).includes('"aws:SourceAccount"')])).toEqual(ARCHIVE_KEY_STATEMENTS.map((sid) => ['HeraldKey', sid, true]));
    expect(JSON.stringify(archive[1]?.statement.Condition)).toContain('kms:EncryptionContext:aws:events:event-bus:arn');
    const services = allServices.filter((entry) => !archive.includes(entry));
    expect(services.length).toBeGreaterThan(0);
    for (const { where, statement } of services) {
      const condition = JSON.stringify(statement.Condition ?? {});
      expect([where, statement.Sid, condition.includes('"aws:SourceArn"'), condition.includes('"aws:SourceAccount"')]).toEqual([where, statement.Sid, true, true]);
    }
    const rules = patternRuleArns(template);
    const fromEventBridge = services.filter(({ statement }) => (statement.Principal as { Service: unknown }).Service === 'events.amazonaws.com');
    // The dead-letter queue's policy and the key's.
    expect(fromEventBridge.map(({ where }) => where).sort()).toEqual(['DeadLetterQueuePolicy', 'HeraldKey']);
    for (const { statement } of fromEventBridge) expect((statement.Condition as { ArnEquals: Record<string, unknown> }).ArnEquals['aws:SourceArn']).toEqual(rules);
    for (const [id, permission] of ofType(template, 'AWS::Lambda::Permission')) expect([id, permission.SourceArn !== undefined]).toEqual([id, true]);
  });

  it("is what the README's deployer policy allows creating", () => {
    const allowed = new Set(readmeDeployerPolicy().filter((st) => st.Effect === 'Allow').flatMap(actionsOf));
    const types = [...new Set(Object.values(template.Resources).map((r) => r.Type))];
    expect(types.map((type) => [type, CREATED_BY[type] !== undefined && allowed.has(CREATED_BY[type])])).toEqual(types.map((type) => [type, true]));
    expect(['cloudformation:CreateStack', 'cloudformation:UpdateStack', 'cloudformation:DeleteStack', 'iam:PassRole'].filter((a) => !allowed.has(a))).toEqual([]);
  });

  it('deploys one rule per compiled route group, with the compiled pattern', () => {
    const text = readFileSync(join(ROOT, file ?? 'herald.yml'), 'utf8');
    const compiled = compileConfigText(text, file ?? 'herald.yml');
    const deployed = ofType(template, 'AWS::Events::Rule').filter(([, p]) => p.EventPattern !== undefined).map(([, p]) => p.EventPattern);
    expect(deployed).toEqual(compiled.eventRules.map((rule) => rule.pattern));
    // Log tails only from the log groups herald.yml names.
    const logReads = identityStatements(template).filter(({ statement }) => actionsOf(statement).includes('logs:GetLogEvents'));
    expect(logReads.map(({ where, statement }) => [where, statement.Resource])).toEqual([
      ['RouterRole', compiled.enrich.logGroups.map((prefix) => ({ 'Fn::Sub': `arn:\${AWS::Partition}:logs:*:\${AWS::AccountId}:log-group:${prefix}*:log-stream:*` }))],
      // Instance logs: exactly the groups enrich.instance_logs names, in the stack's Region.
      ['RouterRole', (compiled.enrich.instanceLogs?.groups ?? ['herald-no-instance-logs']).map((group) => ({ 'Fn::Sub': `arn:\${AWS::Partition}:logs:\${AWS::Region}:\${AWS::AccountId}:log-group:${group}:log-stream:*` }))],
    ]);
  });

  it('archives exactly what the rules forward, for the retention herald.yml sets, with the stack key', () => {
    const text = readFileSync(join(ROOT, file ?? 'herald.yml'), 'utf8');
    const compiled = compileConfigText(text, file ?? 'herald.yml');
    const archives = ofType(template, 'AWS::Events::Archive');
    expect(archives.map(([id]) => id)).toEqual(['HeraldArchive']);
    const [, archive] = archives[0] ?? ['', {}];
    const patterns = compiled.eventRules.map((rule) => rule.pattern);
    expect(archive.EventPattern).toEqual(patterns.length === 1 ? patterns[0] : { $or: patterns });
    expect(archive.RetentionDays).toBe(30);
    expect(archive.KmsKeyIdentifier).toEqual(KEY);
    expect(archive.SourceArn).toEqual({ 'Fn::Sub': 'arn:${AWS::Partition}:events:${AWS::Region}:${AWS::AccountId}:event-bus/default' });
    expect(archive.ArchiveName).toBe('ecs-herald-dev');
    expect(template.Outputs.ArchiveName).toEqual({ Description: 'For herald replay --archive', Value: { Ref: 'HeraldArchive' } });
  });
});

describe('the resource specification check', () => {
  const propsOf = (t: CfnTemplate, id: string): Record<string, unknown> => {
    const resource = t.Resources[id];
    if (resource === undefined) throw new Error(`no resource ${id}`);
    return resource.Properties;
  };
  const base = (): CfnTemplate => ({
    Resources: {
      Key: { Type: 'AWS::KMS::Key', Properties: { EnableKeyRotation: true, KeySpec: 'SYMMETRIC_DEFAULT' } },
      Queue: { Type: 'AWS::SQS::Queue', Properties: { KmsMasterKeyId: { 'Fn::GetAtt': ['Key', 'Arn'] }, RedrivePolicy: { deadLetterTargetArn: 'x', maxReceiveCount: 5 } } },
      Table: { Type: 'AWS::DynamoDB::Table', Properties: { KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }], SSESpecification: { SSEEnabled: true } } },
    },
    Outputs: {},
  });

  it.each<{ case: string; mutate: (t: CfnTemplate) => void; problems: string[] }>([
    { case: 'a conforming template', mutate: () => undefined, problems: [] },
    { case: 'an unknown type', mutate: (t) => { t.Resources.X = { Type: 'AWS::SQS::Queues', Properties: {} }; }, problems: ['X (AWS::SQS::Queues): unknown resource type'] },
    { case: 'an unknown property', mutate: (t) => { propsOf(t, 'Queue').SqsManagedSse = true; }, problems: ['Queue (AWS::SQS::Queue): unknown property SqsManagedSse'] },
    { case: 'an unknown nested property', mutate: (t) => { (propsOf(t, 'Table').SSESpecification as Record<string, unknown>).KmsKeyId = 'k'; }, problems: ['Table (AWS::DynamoDB::Table).SSESpecification: unknown property KmsKeyId'] },
    { case: 'a missing required property', mutate: (t) => { delete propsOf(t, 'Table').KeySchema; }, problems: ['Table (AWS::DynamoDB::Table): missing required property KeySchema'] },
    { case: 'a value outside an enumeration', mutate: (t) => { propsOf(t, 'Key').KeySpec = 'AES_256'; }, problems: [expect.stringMatching(/^Key \(AWS::KMS::Key\)\.KeySpec: "AES_256" is not one of "SYMMETRIC_DEFAULT", /) as unknown as string] },
    { case: 'a mapping where a string goes', mutate: (t) => { propsOf(t, 'Key').Description = { text: 'x' }; }, problems: ['Key (AWS::KMS::Key).Description: expected a string, got a mapping'] },
    { case: 'an attribute the type lacks', mutate: (t) => { t.Outputs.Id = { Value: { 'Fn::GetAtt': ['Key', 'KeyArn'] } }; }, problems: ['Fn::GetAtt Key.KeyArn: AWS::KMS::Key has no attribute KeyArn'] },
    { case: 'an unknown resource attribute', mutate: (t) => { (t.Resources.Key as unknown as Record<string, unknown>).DeletePolicy = 'Retain'; }, problems: ['Key (AWS::KMS::Key): unknown resource attribute DeletePolicy'] },
  ])('reports $case', ({ mutate, problems }) => {
    const template = structuredClone(base());
    mutate(template);
    expect(spec.problems(template)).toEqual(problems);
  });
});
