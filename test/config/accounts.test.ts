import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { accountTargetOf, compileAccountSettings } from '../../shared/accounts';
import { formatIssue, loadConfigText } from '../../shared/config';

/**
 * `accounts:` in herald.yml (central mode): every form loads, every mistake is reported with its
 * exact message and position, and the compiled settings say which role serves which event.
 */

const FILE = 'herald.yml';
const yaml = (...lines: string[]): string => `${['topics: {}', ...lines].join('\n')}\n`;
const issuesOf = (text: string): string[] => loadConfigText(text, FILE).issues.map(formatIssue);
const CENTRAL = "  central: { account: '999988887777', region: eu-west-1 }";
const MEMBER = "    - { id: '111122223333', alias: prod-payments, regions: [us-east-1, eu-west-1] }";
const EXTERNAL = '  external_id: herald-7f3c9a1e';

describe('accounts: every form loads', () => {
  it.each([
    { case: 'listed members with an external id', lines: ['accounts:', CENTRAL, '  members:', MEMBER, EXTERNAL] },
    { case: 'an organization, a bus name, an alias for the central account', lines: ['accounts:', "  central: { account: '999988887777', region: eu-west-1, bus: ecs-events, organization_id: o-a1b2c3d4e5, alias: central-ops }", '  members:', MEMBER, EXTERNAL] },
    { case: 'the external id in SSM, a role prefix, one member with its own', lines: ['accounts:', CENTRAL, '  role: herald-read', '  members:', MEMBER, "    - { id: '222233334444', alias: staging, regions: [eu-west-1], role: reader }", '  external_id: { ssm: /ecs-herald/external-id }'] },
  ])('$case', ({ lines }) => {
    expect(loadConfigText(yaml(...lines), FILE)).toMatchObject({ config: expect.anything(), issues: [] });
  });

  it('the fixture of the packaged central and member stacks', () => {
    expect(loadConfigText(readFileSync(join(__dirname, '..', 'fixtures', 'config', 'central.yml'), 'utf8'), FILE)).toMatchObject({ config: expect.anything(), issues: [] });
  });
});

describe('accounts: what is wrong, and where', () => {
  it.each([
    {
      case: 'an unquoted account id (YAML reads a number)',
      lines: ['accounts:', CENTRAL, '  members:', '    - { id: 111122223333, alias: a, regions: [us-east-1] }', EXTERNAL],
      issues: ["herald.yml:5:13: accounts.members[0].id: expected a 12-digit account id in quotes, e.g. '111122223333' (unquoted, YAML reads 111122223333 as a number)"],
    },
    {
      case: 'an unquoted account id with a leading zero',
      lines: ['accounts:', '  central: { account: 012345678901, region: eu-west-1 }', '  members:', MEMBER, EXTERNAL],
      issues: ["herald.yml:3:23: accounts.central.account: expected a 12-digit account id in quotes, e.g. '111122223333' (unquoted, YAML reads 12345678901 as a number and drops its leading zeros)"],
    },
    {
      case: 'a short account id',
      lines: ['accounts:', "  central: { account: '9999', region: eu-west-1 }", '  members:', MEMBER, EXTERNAL],
      issues: ["herald.yml:3:23: accounts.central.account: expected a 12-digit account id in quotes, e.g. '111122223333'"],
    },
    {
      case: 'a misspelt key of accounts',
      lines: ['accounts:', CENTRAL, '  member:', MEMBER, EXTERNAL],
      issues: [
        'herald.yml:3:3: accounts: missing required key "members"',
        'herald.yml:4:3: accounts.member: unknown key "member" (did you mean "members"?); expected one of: central, members, role, external_id',
      ],
    },
    {
      case: 'a misspelt key of central',
      lines: ['accounts:', "  central: { account: '999988887777', region: eu-west-1, organisation_id: o-a1b2c3d4e5 }", '  members:', MEMBER, EXTERNAL],
      issues: ['herald.yml:3:58: accounts.central.organisation_id: unknown key "organisation_id" (did you mean "organization_id"?); expected one of: account, region, bus, organization_id, alias'],
    },
    {
      case: 'a misspelt key of a member',
      lines: ['accounts:', CENTRAL, '  members:', "    - { id: '111122223333', alias: a, region: [us-east-1] }", EXTERNAL],
      issues: [
        'herald.yml:5:7: accounts.members[0]: missing required key "regions"',
        'herald.yml:5:39: accounts.members[0].region: unknown key "region" (did you mean "regions"?); expected one of: id, alias, regions, role',
      ],
    },
    {
      case: 'a Region that is not one',
      lines: ['accounts:', CENTRAL, '  members:', "    - { id: '111122223333', alias: a, regions: [eu-west] }", EXTERNAL],
      issues: ['herald.yml:5:49: accounts.members[0].regions[0]: expected a Region code such as "us-east-1" or "eu-west-1"'],
    },
    {
      case: 'no member',
      lines: ['accounts:', CENTRAL, '  members: []', EXTERNAL],
      issues: ['herald.yml:4:12: accounts.members: expected a non-empty value, got a list'],
    },
    {
      case: 'the default bus as the central bus',
      lines: ['accounts:', "  central: { account: '999988887777', region: eu-west-1, bus: default }", '  members:', MEMBER, EXTERNAL],
      issues: ['herald.yml:3:63: accounts.central.bus: the central bus is a bus of its own: "default" is the account\'s default bus'],
    },
    {
      case: 'an organization id that is not one',
      lines: ['accounts:', "  central: { account: '999988887777', region: eu-west-1, organization_id: r-abc }", '  members:', MEMBER, EXTERNAL],
      issues: ['herald.yml:3:75: accounts.central.organization_id: expected an organization id such as "o-a1b2c3d4e5"'],
    },
    {
      case: 'no external id',
      lines: ['accounts:', CENTRAL, '  members:', MEMBER],
      issues: ['herald.yml:3:3: accounts: missing required key "external_id"'],
    },
    {
      case: 'an external id with a space',
      lines: ['accounts:', CENTRAL, '  members:', MEMBER, '  external_id: not allowed'],
      issues: ['herald.yml:6:16: accounts.external_id: expected an external id of 2 to 1224 letters, digits and "+=,.@:/-"'],
    },
    {
      case: 'an external id mapping without ssm',
      lines: ['accounts:', CENTRAL, '  members:', MEMBER, '  external_id: { parameter: /x }'],
      issues: [
        'herald.yml:6:16: accounts.external_id: missing required key "ssm"',
        'herald.yml:6:18: accounts.external_id.parameter: unknown key "parameter"; expected one of: ssm',
      ],
    },
    {
      case: 'a member listed twice',
      lines: ['accounts:', CENTRAL, '  members:', MEMBER, "    - { id: '111122223333', alias: other, regions: [us-west-2] }", EXTERNAL],
      issues: ['herald.yml:6:13: accounts.members[1].id: account 111122223333 is listed twice (also accounts.members[0]): list its Regions under one entry'],
    },
    {
      case: 'the central account as a member',
      lines: ['accounts:', CENTRAL, '  members:', "    - { id: '999988887777', alias: central, regions: [eu-west-1] }", EXTERNAL],
      issues: ["herald.yml:5:13: accounts.members[0].id: account 999988887777 is the central account: its events are enriched with the router's own role; name it with accounts.central.alias instead"],
    },
    {
      case: 'one alias for two accounts',
      lines: ['accounts:', "  central: { account: '999988887777', region: eu-west-1, alias: prod-payments }", '  members:', MEMBER, EXTERNAL],
      issues: ['herald.yml:5:36: accounts.members[0].alias: alias "prod-payments" is already used (accounts.central.alias): each account needs its own, alerts name accounts by it'],
    },
    {
      case: 'a Region listed twice',
      lines: ['accounts:', CENTRAL, '  members:', "    - { id: '111122223333', alias: a, regions: [us-east-1, us-east-1] }", EXTERNAL],
      issues: ['herald.yml:5:60: accounts.members[0].regions[1]: Region us-east-1 is listed twice'],
    },
    {
      case: 'a role prefix too long for its Region',
      lines: ['accounts:', CENTRAL, `  role: ${'r'.repeat(50)}`, '  members:', "    - { id: '111122223333', alias: a, regions: [ap-southeast-2] }", EXTERNAL],
      issues: [`herald.yml:6:48: accounts.members[0].regions: the read role's name "${'r'.repeat(50)}-ap-southeast-2" is longer than 64 characters: shorten the role prefix`],
    },
  ])('$case', ({ lines, issues }) => {
    expect(issuesOf(yaml(...lines))).toEqual(issues);
  });
});

describe('accounts: which role serves which event', () => {
  const config = loadConfigText(yaml('accounts:', CENTRAL, '  members:', MEMBER, "    - { id: '222233334444', alias: staging, regions: [eu-west-1], role: reader }", EXTERNAL), FILE).config;
  const settings = config === undefined ? undefined : compileAccountSettings(config);

  it.each([
    { case: 'the central account, any Region: its own role', account: '999988887777', region: 'eu-west-1', target: { kind: 'own', account: '999988887777', region: 'eu-west-1' } },
    { case: 'a member in a listed Region: its read role for that Region', account: '111122223333', region: 'us-east-1', target: { kind: 'member', alias: 'prod-payments', roleArn: 'arn:aws:iam::111122223333:role/ecs-herald-read-us-east-1' } },
    { case: "a member's own role prefix", account: '222233334444', region: 'eu-west-1', target: { kind: 'member', alias: 'staging', roleArn: 'arn:aws:iam::222233334444:role/reader-eu-west-1' } },
    { case: 'a member in another Region: none', account: '111122223333', region: 'ap-south-1', target: { kind: 'unknown', reason: 'Region ap-south-1 is not listed for account 111122223333 (prod-payments) in herald.yml accounts.members' } },
    { case: 'an account not listed: none', account: '444455556666', region: 'us-east-1', target: { kind: 'unknown', reason: 'account 444455556666 is not listed in herald.yml accounts.members' } },
    { case: 'an event without an account: none', account: undefined, region: 'us-east-1', target: { kind: 'unknown', reason: 'the event names no account or Region' } },
  ])('$case', ({ account, region, target }) => {
    if (settings === undefined) throw new Error('the configuration did not load');
    expect(accountTargetOf(settings, account, region)).toMatchObject(target);
  });

  it('single-account mode has no settings', () => {
    expect(compileAccountSettings({})).toBeUndefined();
  });
});
