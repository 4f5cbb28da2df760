import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compileConfigFile } from '../../shared/compile';

const ROOT = join(__dirname, '..', '..');

/** Runs `serverless package` offline, without credentials, into a temporary directory. */
const packageStack = (env: Record<string, string> = {}) => {
  const out = mkdtempSync(join(tmpdir(), 'herald-package-'));
  const result = spawnSync(process.execPath, [join(ROOT, 'node_modules', 'osls', 'bin', 'serverless.js'), 'package', '--package', out], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, AWS_ACCESS_KEY_ID: '', AWS_SECRET_ACCESS_KEY: '', AWS_SHARED_CREDENTIALS_FILE: '/dev/null', AWS_CONFIG_FILE: '/dev/null', ...env },
    timeout: 120_000,
  });
  return { ...result, out };
};

interface Template { Resources: Record<string, { Type: string; Properties: Record<string, unknown> }> }

describe('serverless package', () => {
  it('deploys the EventBridge rules, topics and subscriptions that herald.yml compiles to', () => {
    const result = packageStack();
    expect(result.status).toBe(0);
    const template = JSON.parse(readFileSync(join(result.out, 'cloudformation-template-update-stack.json'), 'utf8')) as Template;
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
    for (const topic of topics) expect(topic.Properties.KmsMasterKeyId).toBe('alias/aws/sns');
    const emails = resources.filter((r) => r.Type === 'AWS::SNS::Subscription').map((r) => r.Properties.Endpoint);
    expect(emails).toEqual([...compiled.topics.values()].flatMap((t) => t.emails ?? []));
    const functions = resources.filter((r) => r.Type === 'AWS::Lambda::Function');
    expect(functions).toHaveLength(2);
    for (const fn of functions) expect(fn.Properties).toMatchObject({ Runtime: 'nodejs24.x', Architectures: ['arm64'] });
    // Least privilege on the state table: item operations on that table only, no Scan.
    const roles = resources.filter((r) => r.Type === 'AWS::IAM::Role');
    const tableStatements = roles.flatMap((role) => (role.Properties.Policies as { PolicyDocument: { Statement: { Action: string | string[]; Resource: unknown }[] } }[])
      .flatMap((p) => p.PolicyDocument.Statement)
      .filter((st) => ([] as string[]).concat(st.Action).some((a) => a.startsWith('dynamodb:'))));
    expect(tableStatements).toHaveLength(2);
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

describe('serverless package with named clusters', () => {
  it('lets the router describe only those clusters and their services', () => {
    const dir = mkdtempSync(join(tmpdir(), 'herald-clusters-'));
    const file = join(dir, 'herald.yml');
    writeFileSync(file, 'clusters: [prod, staging-eu]\ntopics:\n  oncall: { emails: [oncall@example.com] }\ndefault: { notify: [oncall] }\n');
    const result = packageStack({ HERALD_CONFIG: file });
    expect(result.status).toBe(0);
    const template = JSON.parse(readFileSync(join(result.out, 'cloudformation-template-update-stack.json'), 'utf8')) as Template;
    const role = Object.values(template.Resources).find((r) => r.Type === 'AWS::IAM::Role');
    const statements = (role?.Properties.Policies as { PolicyDocument: { Statement: { Action: string | string[]; Resource: unknown }[] } }[])[0]?.PolicyDocument.Statement ?? [];
    const describe = statements.find((s) => Array.isArray(s.Action) && s.Action.includes('ecs:DescribeServices'));
    const arn = (resource: string) => ({ 'Fn::Sub': `arn:\${AWS::Partition}:ecs:\${AWS::Region}:\${AWS::AccountId}:${resource}` });
    expect(describe?.Resource).toEqual(['cluster/prod', 'service/prod/*', 'task/prod/*', 'cluster/staging-eu', 'service/staging-eu/*', 'task/staging-eu/*'].map(arn));
    const listTasks = statements.find((s) => s.Action === 'ecs:ListTasks') as { Condition?: unknown } | undefined;
    expect(listTasks?.Condition).toEqual({ ArnEquals: { 'ecs:cluster': [arn('cluster/prod'), arn('cluster/staging-eu')] } });
  }, 120_000);
});
