import { join } from 'node:path';
import { runCli } from '../support/cli';

/** `herald check` and `herald member` on a central-mode configuration. */

const ROOT = join(__dirname, '..', '..');
const CENTRAL = join(ROOT, 'test', 'fixtures', 'config', 'central.yml');

describe('herald check, central mode', () => {
  it('names the bus, what it admits, each member with its read roles, and where the external id comes from (never its value)', async () => {
    const { code, stdout } = await runCli(['check', CENTRAL]);
    expect(code).toBe(0);
    expect(stdout.split('\n')).toEqual([
      'central mode: bus herald-central in 999988887777 (central-ops), eu-west-1, admitting the forwarding roles of 2 member account(s)',
      '  prod-payments  111122223333  read roles ecs-herald-read-us-east-1, ecs-herald-read-eu-west-1',
      '  staging        222233334444  read roles herald-reader-eu-west-1',
      '  external id: SSM parameter /ecs-herald/external-id, resolved when each stack deploys',
      `${CENTRAL}: ok (1 topic(s), 2 route(s), 4 EventBridge rule(s))`,
      '',
    ]);
  });

  it('says nothing of it in single-account mode', async () => {
    const { stdout } = await runCli(['check', join(ROOT, 'herald.yml')]);
    expect(stdout).not.toContain('central mode');
  });
});

describe('herald member', () => {
  it('needs the central stack stage, and a configuration with accounts', async () => {
    expect((await runCli(['member', '--config', CENTRAL])).code).toBe(2);
    const single = await runCli(['member', '--config', join(ROOT, 'herald.yml'), '--stage', 'prod']);
    expect(single).toMatchObject({ code: 1, stdout: '' });
    expect(single.stderr).toContain('has no accounts: section');
  });

  it('trusts the router of the stage and service given', async () => {
    const { code, stdout } = await runCli(['member', '--config', CENTRAL, '--stage', 'staging', '--central-service', 'ops-herald']);
    expect(code).toBe(0);
    expect(stdout).toContain('"Fn::Sub": "arn:${AWS::Partition}:iam::999988887777:role/ops-herald-staging-router"');
  });
});
