import type { DocPath } from './locate';
import type { RawIssue } from './issues';

/**
 * The central account: where herald runs, receives every member's events on its own event bus
 * and enriches them through the members' read roles.
 */
export interface CentralAccountConfig {
  /** The central account id (12 digits, quoted in YAML). Members forward to its bus and trust its router. */
  account: string;
  /** The Region of the central stack, and of its bus. */
  region: string;
  /** Name of the event bus the central stack creates for the members' events. @default herald-central */
  bus?: string;
  /**
   * An AWS Organizations id (`o-...`): the bus admits every account of the organization
   * (`aws:PrincipalOrgID`) instead of the listed members only.
   */
  organization_id?: string;
  /** How alerts name the central account's own events. */
  alias?: string;
}

/** A member account: its events are forwarded to the central bus and enriched through its read role. */
export interface MemberAccountConfig {
  /** The account id (12 digits, quoted in YAML). */
  id: string;
  /** How alerts name the account (`accountAlias` label), e.g. `prod-payments`. */
  alias: string;
  /** Regions whose ECS events it forwards (a member stack in each); an event from another Region is not enriched. */
  regions: string[];
  /** The read role's name prefix in this account, instead of `accounts.role`. */
  role?: string;
}

/** Where the external id the read roles demand comes from. */
export type ExternalIdConfig = string | { ssm: string };

/**
 * Central mode (herald.yml `accounts:`): member accounts forward their ECS, alarm, CloudTrail and
 * Trusted Advisor events to a bus in the central account; the central router enriches each event
 * through a read-only role it assumes in the event's account, for the event's Region.
 */
export interface AccountsConfig {
  central: CentralAccountConfig;
  members: MemberAccountConfig[];
  /**
   * Name prefix of the read role in each member account; the Region is appended
   * (`ecs-herald-read-eu-west-1`), one role per member stack. @default ecs-herald-read
   */
  role?: string;
  /**
   * The external id every read role demands (`sts:ExternalId`): a string, or `{ ssm: <name> }`,
   * a String parameter resolved by CloudFormation when each stack deploys (in the central
   * account for the router, in each member account and Region for its role). It is not a
   * secret (AWS: it guards against the confused deputy), but herald never logs or sends it.
   */
  external_id: ExternalIdConfig;
}

/** The bus the central stack creates when `accounts.central.bus` names none. */
export const DEFAULT_CENTRAL_BUS = 'herald-central';

/** The read roles' name prefix when `accounts.role` names none. */
export const DEFAULT_MEMBER_ROLE = 'ecs-herald-read';

/** IAM role names are at most 64 characters. https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html */
export const MAX_ROLE_NAME = 64;

/** A member's read role in `region`: the prefix, a hyphen, the Region. */
export const memberRoleName = (prefix: string, region: string): string => `${prefix}-${region}`;

const isMapping = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * What the schema cannot see: a member listed twice (by id or alias), the central account listed
 * as a member, a Region listed twice, a role name too long for a Region, an alias shared with
 * the central account.
 */
export const checkAccounts = (accounts: unknown): RawIssue[] => {
  if (!isMapping(accounts) || !Array.isArray(accounts.members)) return [];
  const issues: RawIssue[] = [];
  const central = isMapping(accounts.central) ? accounts.central : {};
  const defaultRole = typeof accounts.role === 'string' ? accounts.role : DEFAULT_MEMBER_ROLE;
  const ids = new Map<string, number>();
  const aliases = new Map<string, DocPath>();
  if (typeof central.alias === 'string') aliases.set(central.alias, ['accounts', 'central', 'alias']);
  accounts.members.forEach((member, i) => {
    if (!isMapping(member)) return;
    const here: DocPath = ['accounts', 'members', i];
    if (typeof member.id === 'string') {
      const first = ids.get(member.id);
      if (member.id === central.account) {
        issues.push({ level: 'error', path: [...here, 'id'], message: `account ${member.id} is the central account: its events are enriched with the router's own role; name it with accounts.central.alias instead` });
      } else if (first !== undefined) {
        issues.push({ level: 'error', path: [...here, 'id'], message: `account ${member.id} is listed twice (also accounts.members[${first}]): list its Regions under one entry` });
      } else {
        ids.set(member.id, i);
      }
    }
    if (typeof member.alias === 'string') {
      const first = aliases.get(member.alias);
      if (first !== undefined) issues.push({ level: 'error', path: [...here, 'alias'], message: `alias "${member.alias}" is already used (${first.join('.').replace(/\.(\d+)/g, '[$1]')}): each account needs its own, alerts name accounts by it` });
      else aliases.set(member.alias, [...here, 'alias']);
    }
    const regions: unknown = member.regions;
    if (!Array.isArray(regions)) return;
    const role = typeof member.role === 'string' ? member.role : defaultRole;
    regions.forEach((region: unknown, j) => {
      if (typeof region !== 'string') return;
      if (regions.indexOf(region) < j) issues.push({ level: 'error', path: [...here, 'regions', j], message: `Region ${region} is listed twice` });
      const name = memberRoleName(role, region);
      if (name.length > MAX_ROLE_NAME) {
        issues.push({ level: 'error', path: [...here, typeof member.role === 'string' ? 'role' : 'regions'], message: `the read role's name "${name}" is longer than ${MAX_ROLE_NAME} characters: shorten the role prefix` });
      }
    });
  });
  return issues;
};
