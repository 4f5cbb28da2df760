import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { busPolicyStatements, compileAccountSettings } from '../../shared/accounts';
import { compileConfigText } from '../../shared/compile';
import { ResourceSpecification } from '../support/cfn-spec';
import { runCli } from '../support/cli';
import { actionsOf, type CfnResource, type CfnTemplate, packaged, type Statement, statementsOf } from '../support/serverless-package';

/**
 * Central mode as a security reviewer reads it, on `serverless package` output for
 * test/fixtures/config/central.yml: the central stack (serverless.yml) and the member stack
 * (serverless.member.yml). The bus admits only the members' forwarding roles; the router may
 * assume only the members' read roles; the read role trusts only the central router, with the
 * external id, and may only read what enrichment reads; every forwarded event ends in a queue
 * if the central bus does not take it; Trusted Advisor is forwarded from us-east-1 only.
 */

const ROOT = join(__dirname, '..', '..');
const CONFIG_FILE = 'test/fixtures/config/central.yml';
const COMPILED = compileConfigText(readFileSync(join(ROOT, CONFIG_FILE), 'utf8'), CONFIG_FILE);
const CENTRAL = '999988887777';
const SSM_EXTERNAL_ID = '{{resolve:ssm:/ecs-herald/external-id}}';
const sub = (text: string) => ({ 'Fn::Sub': text });

/** serverless.member.yml packaged offline, stage prod, without credentials. */
const packageMember = (): CfnTemplate => {
  const out = mkdtempSync(join(tmpdir(), 'herald-member-'));
  const result = spawnSync(process.execPath, [join(ROOT, 'node_modules', 'osls', 'bin', 'serverless.js'), 'package', '--config', 'serverless.member.yml', '--stage', 'prod', '--package', out], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, HERALD_CONFIG: CONFIG_FILE, AWS_ACCESS_KEY_ID: '', AWS_SECRET_ACCESS_KEY: '', AWS_SHARED_CREDENTIALS_FILE: '/dev/null', AWS_CONFIG_FILE: '/dev/null' },
    timeout: 120_000,
  });
  if (result.status !== 0) throw new Error(`serverless package --config serverless.member.yml failed:\n${result.stdout}${result.stderr}`);
  return JSON.parse(readFileSync(join(out, 'cloudformation-template-update-stack.json'), 'utf8')) as CfnTemplate;
};

const ofType = (template: CfnTemplate, type: string): [string, CfnResource][] => Object.entries(template.Resources).filter(([, r]) => r.Type === type);
const resource = (template: CfnTemplate, id: string): CfnResource => {
  const found = template.Resources[id];
  if (found === undefined) throw new Error(`no resource ${id}`);
  return found;
};
/** Every identity statement: roles' inline policies and IAM policy resources, by where they are. */
const identityStatements = (template: CfnTemplate): { where: string; statement: Statement }[] => [
  ...ofType(template, 'AWS::IAM::Role').flatMap(([id]) => (template.Resources[id]?.Properties.Policies === undefined ? [] : statementsOf(template, id).map((statement) => ({ where: id, statement })))),
  ...ofType(template, 'AWS::IAM::Policy').map(([id, r]) => ({ id, r })).flatMap(({ id, r }) => (r.Properties.PolicyDocument as { Statement: Statement[] }).Statement.map((statement) => ({ where: id, statement }))),
];
const spec = new ResourceSpecification();

describe('the central stack (serverless.yml, central.yml)', () => {
  let template: CfnTemplate;
  beforeAll(() => {
    template = packaged(CONFIG_FILE);
  }, 120_000);

  it('conforms to the CloudFormation resource specification', () => {
    expect(spec.problems(template)).toEqual([]);
  });

  it("has the central bus, whose policy admits only the members' forwarding roles, to put events", () => {
    const bus = resource(template, 'HeraldCentralBus');
    expect(bus.Properties.Name).toBe('herald-central');
    expect((bus.Properties.Policy as { Statement: Statement[] }).Statement).toEqual([{
      Sid: 'MembersForwardEcsEvents',
      Effect: 'Allow',
      Principal: { AWS: [sub('arn:${AWS::Partition}:iam::111122223333:root'), sub('arn:${AWS::Partition}:iam::222233334444:root')] },
      Action: 'events:PutEvents',
      Resource: sub('arn:${AWS::Partition}:events:${AWS::Region}:${AWS::AccountId}:event-bus/herald-central'),
      Condition: { ArnLike: { 'aws:PrincipalArn': [sub('arn:${AWS::Partition}:iam::111122223333:role/ecs-herald-forward-*'), sub('arn:${AWS::Partition}:iam::222233334444:role/ecs-herald-forward-*')] } },
    }]);
  });

  it("lets the router, a named role, assume the members' read roles and nothing else", () => {
    expect(resource(template, 'RouterRole').Properties.RoleName).toBe('ecs-herald-dev-router');
    const assume = identityStatements(template).filter(({ statement }) => actionsOf(statement).some((a) => a.startsWith('sts:')));
    expect(assume).toEqual([{
      where: 'HeraldRouterAssumeMemberRoles',
      statement: {
        Sid: 'AssumeMemberReadRoles',
        Effect: 'Allow',
        Action: 'sts:AssumeRole',
        Resource: [
          sub('arn:${AWS::Partition}:iam::111122223333:role/ecs-herald-read-us-east-1'),
          sub('arn:${AWS::Partition}:iam::111122223333:role/ecs-herald-read-eu-west-1'),
          sub('arn:${AWS::Partition}:iam::222233334444:role/herald-reader-eu-west-1'),
        ],
      },
    }]);
    expect(resource(template, 'HeraldRouterAssumeMemberRoles').Properties.Roles).toEqual([{ Ref: 'RouterRole' }]);
  });

  it('gives the router the external id from SSM, resolved at deploy', () => {
    expect((resource(template, 'RouterLambdaFunction').Properties.Environment as { Variables: Record<string, unknown> }).Variables.HERALD_EXTERNAL_ID).toBe(SSM_EXTERNAL_ID);
  });

  it('routes the same patterns from the default bus and the central bus, each with the dead-letter queue, which only those rules may use', () => {
    const rules = ofType(template, 'AWS::Events::Rule').filter(([, r]) => r.Properties.EventPattern !== undefined).map(([, r]) => r.Properties);
    const patterns = COMPILED.eventRules.map((rule) => rule.pattern);
    expect(rules.filter((r) => r.EventBusName === undefined).map((r) => r.EventPattern)).toEqual(patterns);
    expect(rules.filter((r) => r.EventBusName !== undefined).map((r) => [r.EventBusName, r.EventPattern])).toEqual(patterns.map((p) => [{ 'Fn::GetAtt': ['HeraldCentralBus', 'Name'] }, p]));
    for (const rule of rules) expect((rule.Targets as { DeadLetterConfig?: unknown }[])[0]?.DeadLetterConfig).toEqual({ Arn: { 'Fn::GetAtt': ['DeadLetterQueue', 'Arn'] } });
    const arns = rules.map((r) => sub(`arn:\${AWS::Partition}:events:\${AWS::Region}:\${AWS::AccountId}:rule/${r.EventBusName === undefined ? '' : 'herald-central/'}${String(r.Name)}`));
    const deadLetters = (resource(template, 'DeadLetterQueuePolicy').Properties.PolicyDocument as { Statement: Statement[] }).Statement[0];
    expect((deadLetters?.Condition as { ArnEquals: Record<string, unknown> }).ArnEquals['aws:SourceArn']).toEqual(arns);
  });

  it('archives the central bus apart from the default bus: the members\' events, encrypted with the stack key, for herald replay --archive', () => {
    const archives = ofType(template, 'AWS::Events::Archive').map(([id, r]) => [id, r.Properties]);
    expect(archives.map(([id]) => id)).toEqual(['HeraldArchive', 'HeraldCentralArchive']);
    const [, own] = archives[0] as [string, Record<string, unknown>];
    const [, central] = archives[1] as [string, Record<string, unknown>];
    expect(central.SourceArn).toEqual({ 'Fn::GetAtt': ['HeraldCentralBus', 'Arn'] });
    expect(central.EventPattern).toEqual(own.EventPattern);
    expect(central.RetentionDays).toEqual(own.RetentionDays);
    expect(central.KmsKeyIdentifier).toEqual({ 'Fn::GetAtt': ['HeraldKey', 'Arn'] });
    expect(String(central.ArchiveName)).toMatch(/-central$/);
  });
});

describe('single-account mode (the shipped herald.yml)', () => {
  it('has no central bus, no named router role, no AssumeRole and no external id', () => {
    const template = packaged();
    expect(template.Resources.HeraldCentralBus).toBeUndefined();
    expect(resource(template, 'RouterRole').Properties.RoleName).toBeUndefined();
    expect(identityStatements(template).filter(({ statement }) => actionsOf(statement).some((a) => a.startsWith('sts:')))).toEqual([]);
    expect(JSON.stringify(resource(template, 'RouterLambdaFunction').Properties.Environment)).not.toContain('HERALD_EXTERNAL_ID');
    expect(ofType(template, 'AWS::Events::Rule').filter(([, r]) => r.Properties.EventBusName !== undefined)).toEqual([]);
  }, 120_000);
});

describe('the member stack (serverless.member.yml, central.yml)', () => {
  let template: CfnTemplate & { Conditions?: Record<string, unknown>; Mappings?: Record<string, unknown> };
  beforeAll(() => {
    template = packageMember();
  }, 120_000);
  const bus = sub(`arn:\${AWS::Partition}:events:eu-west-1:${CENTRAL}:event-bus/herald-central`);

  it('conforms to the CloudFormation resource specification', () => {
    expect(spec.problems(template)).toEqual([]);
  });

  it('has a read role that trusts only the central router, with the external id', () => {
    const role = resource(template, 'HeraldReadRole').Properties;
    expect(role.RoleName).toEqual({ 'Fn::Join': ['-', [{ 'Fn::FindInMap': ['Members', { Ref: 'AWS::AccountId' }, 'RolePrefix'] }, { Ref: 'AWS::Region' }]] });
    expect(template.Mappings).toEqual({ Members: { '111122223333': { Alias: 'prod-payments', RolePrefix: 'ecs-herald-read' }, '222233334444': { Alias: 'staging', RolePrefix: 'herald-reader' } } });
    expect((role.AssumeRolePolicyDocument as { Statement: Statement[] }).Statement).toEqual([{
      Effect: 'Allow',
      Principal: { AWS: sub(`arn:\${AWS::Partition}:iam::${CENTRAL}:root`) },
      Action: 'sts:AssumeRole',
      Condition: {
        StringEquals: { 'sts:ExternalId': SSM_EXTERNAL_ID },
        ArnEquals: { 'aws:PrincipalArn': sub(`arn:\${AWS::Partition}:iam::${CENTRAL}:role/ecs-herald-prod-router`) },
      },
    }]);
  });

  it('lets the read role make exactly the reads enrichment makes, in its Region and named clusters, nothing mutating', () => {
    const statements = statementsOf(template, 'HeraldReadRole');
    expect(statements.flatMap(actionsOf).sort()).toEqual([
      'ecs:DescribeClusters', 'ecs:DescribeContainerInstances', 'ecs:DescribeServices', 'ecs:DescribeTaskDefinition', 'ecs:DescribeTasks', 'ecs:ListTagsForResource', 'ecs:ListTasks', 'logs:GetLogEvents', 'logs:GetLogEvents',
    ]);
    const everywhere = statements.filter((s) => s.Resource === '*').map((s) => [actionsOf(s), s.Condition !== undefined]);
    expect(everywhere).toEqual([[['ecs:ListTasks'], true], [['ecs:DescribeTaskDefinition'], false]]);
    const ecs = statements.find((s) => s.Sid === 'DescribeEcs');
    expect(ecs?.Resource).toEqual(['prod', 'staging'].flatMap((c) => [`cluster/${c}`, `service/${c}/*`, `task/${c}/*`].map((r) => sub(`arn:\${AWS::Partition}:ecs:\${AWS::Region}:\${AWS::AccountId}:${r}`))));
    expect(statements.find((s) => s.Sid === 'ReadLogTails')?.Resource).toEqual([sub('arn:${AWS::Partition}:logs:*:${AWS::AccountId}:log-group:/ecs/*:log-stream:*')]);
    // The instance logs (on by default): the CloudWatch agent's groups by name, in the stack's Region, and the clusters' container instances.
    expect(statements.find((s) => s.Sid === 'ReadInstanceLogs')?.Resource).toEqual(
      ['/var/log/ecs/ecs-agent.log', '/var/log/ecs/ecs-init.log', '/var/log/messages', '/var/log/docker'].map((g) => sub(`arn:\${AWS::Partition}:logs:\${AWS::Region}:\${AWS::AccountId}:log-group:${g}:log-stream:*`)),
    );
    expect(statements.find((s) => s.Sid === 'DescribeContainerInstances')?.Resource).toEqual(['prod', 'staging'].map((c) => sub(`arn:\${AWS::Partition}:ecs:\${AWS::Region}:\${AWS::AccountId}:container-instance/${c}/*`)));
  });

  it('forwards what the routes can match to the central bus, through its role, a day of retries, then a dead-letter queue', () => {
    const rules = ofType(template, 'AWS::Events::Rule');
    expect(rules.map(([, r]) => r.Properties.EventPattern)).toEqual(COMPILED.eventRules.map((rule) => rule.pattern));
    for (const [, rule] of rules) {
      expect(rule.Properties.EventBusName).toBeUndefined();
      expect(rule.Properties.Targets).toEqual([{
        Id: 'central-bus',
        Arn: bus,
        RoleArn: { 'Fn::GetAtt': ['HeraldForwardRole', 'Arn'] },
        RetryPolicy: { MaximumEventAgeInSeconds: 86_400, MaximumRetryAttempts: 185 },
        DeadLetterConfig: { Arn: { 'Fn::GetAtt': ['HeraldForwardDeadLetterQueue', 'Arn'] } },
      }]);
    }
    const forward = resource(template, 'HeraldForwardRole').Properties;
    expect(statementsOf(template, 'HeraldForwardRole')).toEqual([{ Sid: 'PutEventsOnCentralBus', Effect: 'Allow', Action: 'events:PutEvents', Resource: bus }]);
    const ruleArns = rules.map(([, r]) => sub(`arn:\${AWS::Partition}:events:\${AWS::Region}:\${AWS::AccountId}:rule/${String(r.Properties.Name)}`));
    expect((forward.AssumeRolePolicyDocument as { Statement: Statement[] }).Statement[0]).toMatchObject({
      Principal: { Service: 'events.amazonaws.com' },
      Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } }, ArnEquals: { 'aws:SourceArn': ruleArns } },
    });
    const queue = resource(template, 'HeraldForwardDeadLetterQueue');
    expect([queue.DeletionPolicy, queue.Properties.SqsManagedSseEnabled]).toEqual(['Retain', true]);
    const queuePolicy = (resource(template, 'HeraldForwardDeadLetterQueuePolicy').Properties.PolicyDocument as { Statement: Statement[] }).Statement;
    expect(queuePolicy.map((s) => [s.Effect, s.Action, JSON.stringify(s.Condition)])).toEqual([
      ['Allow', 'sqs:SendMessage', JSON.stringify({ ArnEquals: { 'aws:SourceArn': ruleArns }, StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } })],
      ['Deny', 'sqs:*', '{"Bool":{"aws:SecureTransport":"false"}}'],
    ]);
  });

  it('is what `herald member` prints for a StackSet, without the Serverless deployment bucket', async () => {
    const { code, stdout } = await runCli(['member', '--config', CONFIG_FILE, '--stage', 'prod']);
    const printed = JSON.parse(stdout) as CfnTemplate & { Conditions?: unknown; Mappings?: unknown };
    expect(code).toBe(0);
    const { ServerlessDeploymentBucket: _bucket, ServerlessDeploymentBucketPolicy: _policy, ...resources } = template.Resources;
    expect(printed.Resources).toEqual(resources);
    expect([printed.Conditions, printed.Mappings]).toEqual([template.Conditions, template.Mappings]);
    expect(spec.problems(printed)).toEqual([]);
  });

  it('forwards Trusted Advisor events from us-east-1 only, where they are emitted', () => {
    const conditional = ofType(template, 'AWS::Events::Rule').map(([, r]) => [(r.Properties.EventPattern as { source: string[] }).source, (r as { Condition?: string }).Condition]);
    expect(conditional).toEqual([[['aws.ecs'], undefined], [['aws.ecs'], undefined], [['aws.cloudwatch'], undefined], [['aws.trustedadvisor'], 'InTrustedAdvisorRegion']]);
    expect(template.Conditions).toEqual({ InTrustedAdvisorRegion: { 'Fn::Equals': [{ Ref: 'AWS::Region' }, 'us-east-1'] } });
  });
});

describe('the central bus policy', () => {
  const settings = (organization: string) => {
    const accounts = compileAccountSettings(compileConfigText(
      ['topics: {}', 'accounts:', `  central: { account: '${CENTRAL}', region: eu-west-1${organization} }`, "  members: [{ id: '111122223333', alias: a, regions: [eu-west-1] }]", '  external_id: x-123'].join('\n'),
      'herald.yml',
    ).config);
    if (accounts === undefined) throw new Error('no accounts');
    return accounts;
  };
  it.each([
    { case: 'listed members: their accounts, through their forwarding roles', organization: '', principal: { AWS: [sub('arn:${AWS::Partition}:iam::111122223333:root')] }, condition: { ArnLike: { 'aws:PrincipalArn': [sub('arn:${AWS::Partition}:iam::111122223333:role/ecs-herald-forward-*')] } } },
    { case: "an organization: any of its accounts' forwarding roles", organization: ', organization_id: o-a1b2c3d4e5', principal: '*', condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' }, ArnLike: { 'aws:PrincipalArn': sub('arn:${AWS::Partition}:iam::*:role/ecs-herald-forward-*') } } },
  ])('$case', ({ organization, principal, condition }) => {
    expect(busPolicyStatements(settings(organization)).map((s) => ({ principal: s.Principal, action: s.Action, condition: s.Condition }))).toEqual([{ principal, action: 'events:PutEvents', condition }]);
  });
});
