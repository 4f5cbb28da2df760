import { join } from 'node:path';
import { compileConfigFile } from '../../shared/compile';
import { actionsOf, packaged, statementsOf } from '../support/serverless-package';

// herald.yml's history (the archive) and enrich.instance_logs (the router's reads) in the packaged
// stack, when they are set and when they are off; the shipped herald.yml's defaults are checked
// with every example in template.test.ts.

const ROOT = join(__dirname, '..', '..');
const SET = join(ROOT, 'test', 'fixtures', 'config', 'history.yml');
const OFF = join(ROOT, 'test', 'fixtures', 'config', 'history-off.yml');
const sub = (arn: string) => ({ 'Fn::Sub': arn });

describe('serverless package: history and instance logs', () => {
  it('archives the rules\' events for the retention herald.yml sets', () => {
    const template = packaged(SET);
    const archive = template.Resources.HeraldArchive;
    const rules = compileConfigFile(SET).eventRules.map((rule) => rule.pattern);
    expect(archive?.Type).toBe('AWS::Events::Archive');
    expect(archive?.Properties).toMatchObject({ ArchiveName: 'ecs-herald-dev', RetentionDays: 7, EventPattern: rules.length === 1 ? rules[0] : { $or: rules }, KmsKeyIdentifier: { 'Fn::GetAtt': ['HeraldKey', 'Arn'] } });
    expect(Object.keys(template.Outputs)).toEqual(expect.arrayContaining(['ArchiveName', 'ArchiveArn']));
  });

  it('lets the router read exactly the instance log groups, in its Region, and describe the cluster\'s container instances', () => {
    const statements = statementsOf(packaged(SET), 'RouterRole');
    const logReads = statements.filter((s) => actionsOf(s).includes('logs:GetLogEvents')).map((s) => s.Resource);
    expect(logReads[1]).toEqual(['/ecs/ecs-agent', '/ecs/ecs-init'].map((group) => sub(`arn:\${AWS::Partition}:logs:\${AWS::Region}:\${AWS::AccountId}:log-group:${group}:log-stream:*`)));
    expect(statements.filter((s) => actionsOf(s).includes('ecs:DescribeContainerInstances')).map((s) => s.Resource)).toEqual([
      [sub('arn:${AWS::Partition}:ecs:${AWS::Region}:${AWS::AccountId}:container-instance/prod/*')],
    ]);
  });

  it('deploys no archive, and lets the router read no instance log, when both are off', () => {
    const template = packaged(OFF);
    expect(Object.values(template.Resources).filter((r) => r.Type === 'AWS::Events::Archive')).toEqual([]);
    expect(template.Outputs.ArchiveName).toBeUndefined();
    const logReads = statementsOf(template, 'RouterRole').filter((s) => actionsOf(s).includes('logs:GetLogEvents')).map((s) => s.Resource);
    expect(logReads[1]).toEqual([sub('arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:herald-no-instance-logs:log-stream:*')]);
  });
});
