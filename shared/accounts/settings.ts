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
