import { type AccountSettings, memberRoleArn } from './settings';

/** Where an event's lookups go: the function's own account, a member's role, or nowhere. */
export type AccountTarget =
  | { kind: 'own'; account: string; region: string }
  | { kind: 'member'; account: string; region: string; alias: string; roleArn: string }
  | { kind: 'unknown'; account?: string; region?: string; reason: string };

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
