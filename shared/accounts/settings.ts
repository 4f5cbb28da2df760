import { type AccountsConfig, DEFAULT_CENTRAL_BUS, DEFAULT_MEMBER_ROLE, type HeraldConfig, memberRoleName } from '../config';

/** A member account as the router knows it. */
export interface MemberAccount {
  id: string;
  alias: string;
  regions: readonly string[];
  /** The read role's name prefix in this account (the Region is appended). */
  rolePrefix: string;
}

/** Central mode's slice of herald.yml, compiled: who is who, and which role to assume where. */
export interface AccountSettings {
  central: {
    account: string;
    region: string;
    /** The central event bus's name. */
    bus: string;
    organizationId?: string;
    alias?: string;
  };
  /** Members by account id. */
  members: ReadonlyMap<string, MemberAccount>;
  /** The external id from herald.yml when it is written there; `undefined` when it comes from SSM (the stack passes it in the environment). */
  externalId?: string;
  /** The SSM parameter holding the external id, when herald.yml names one. */
  externalIdParameter?: string;
}

/** Where an event's lookups go: the function's own account, a member's role, or nowhere. */
export type AccountTarget =
  | { kind: 'own'; account: string; region: string }
  | { kind: 'member'; account: string; region: string; alias: string; roleArn: string }
  | { kind: 'unknown'; account?: string; region?: string; reason: string };

/** `accounts:` compiled, defaults applied; `undefined` in single-account mode. */
export const compileAccountSettings = (config: Pick<HeraldConfig, 'accounts'>): AccountSettings | undefined => {
  const accounts: AccountsConfig | undefined = config.accounts;
  if (accounts === undefined) return undefined;
  const { central } = accounts;
  return {
    central: {
      account: central.account,
      region: central.region,
      bus: central.bus ?? DEFAULT_CENTRAL_BUS,
      ...(central.organization_id === undefined ? {} : { organizationId: central.organization_id }),
      ...(central.alias === undefined ? {} : { alias: central.alias }),
    },
    members: new Map(accounts.members.map((m) => [m.id, { id: m.id, alias: m.alias, regions: [...m.regions], rolePrefix: m.role ?? accounts.role ?? DEFAULT_MEMBER_ROLE }])),
    ...(typeof accounts.external_id === 'string' ? { externalId: accounts.external_id } : { externalIdParameter: accounts.external_id.ssm }),
  };
};

/** The ARN of a member's read role for `region` (partition from the Region: aws-cn, aws-us-gov, else aws). */
export const memberRoleArn = (member: MemberAccount, region: string): string => `arn:${partitionOf(region)}:iam::${member.id}:role/${memberRoleName(member.rolePrefix, region)}`;

/** The partition of a Region. https://docs.aws.amazon.com/whitepapers/latest/aws-fault-isolation-boundaries/partitions.html */
export const partitionOf = (region: string): string => (region.startsWith('cn-') ? 'aws-cn' : region.startsWith('us-gov-') ? 'aws-us-gov' : 'aws');

/**
 * Where the lookups of an event from `account` and `region` go. Never the function's own
 * account for another account's event: an account or Region herald.yml does not list is
 * `unknown`, and its alert goes out without lookups rather than with another account's data.
 */
export const accountTargetOf = (settings: AccountSettings, account: string | undefined, region: string | undefined): AccountTarget => {
  if (account === undefined || region === undefined) return { kind: 'unknown', account, region, reason: 'the event names no account or Region' };
  if (account === settings.central.account) return { kind: 'own', account, region };
  const member = settings.members.get(account);
  if (member === undefined) return { kind: 'unknown', account, region, reason: `account ${account} is not listed in herald.yml accounts.members` };
  if (!member.regions.includes(region)) return { kind: 'unknown', account, region, reason: `Region ${region} is not listed for account ${account} (${member.alias}) in herald.yml accounts.members` };
  return { kind: 'member', account, region, alias: member.alias, roleArn: memberRoleArn(member, region) };
};

/** The alias herald.yml gives an account (a member's, or the central account's), if any. */
export const accountAliasOf = (settings: AccountSettings | undefined, account: string | undefined): string | undefined => {
  if (settings === undefined || account === undefined) return undefined;
  if (account === settings.central.account) return settings.central.alias;
  return settings.members.get(account)?.alias;
};
