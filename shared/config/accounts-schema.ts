import { z } from 'zod';
import type { AccountsConfig } from './accounts';

// The schema of `accounts:`, apart from its types and constants (accounts.ts) that the Lambda
// bundles use at run time.

// YAML reads an unquoted 111122223333 as a number (and 012345678901 loses its zero): ask for a string.
const accountId = z.custom<string>().superRefine((value, ctx) => {
  if (typeof value === 'string' && /^\d{12}$/.test(value)) return;
  const unquoted = typeof value === 'number' ? ` (unquoted, YAML reads ${value} as a number${String(value).length < 12 ? ' and drops its leading zeros' : ''})` : '';
  ctx.addIssue({ code: 'custom', message: `expected a 12-digit account id in quotes, e.g. '111122223333'${unquoted}` });
});

// https://docs.aws.amazon.com/general/latest/gr/rande.html: us-east-1, eu-central-2, us-gov-west-1, cn-north-1...
const region = z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d{1,2}$/, { message: 'expected a Region code such as "us-east-1" or "eu-west-1"' });

// Event bus names: 1 to 256 of these characters; "default" is the account's own bus, not one the stack can create.
// https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_CreateEventBus.html
const bus = z.string()
  .regex(/^[A-Za-z0-9._-]{1,256}$/, { message: 'expected an event bus name: letters, digits, ".", "-" or "_" (at most 256)' })
  .refine((name) => name !== 'default', { message: 'the central bus is a bus of its own: "default" is the account\'s default bus' });

// https://docs.aws.amazon.com/organizations/latest/APIReference/API_Organization.html (Id)
const organizationId = z.string().regex(/^o-[a-z0-9]{10,32}$/, { message: 'expected an organization id such as "o-a1b2c3d4e5"' });

// Readable in every alert; the IAM account alias rules, plus capitals and "_" or ".".
const alias = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/, { message: 'expected an alias: a letter or digit, then letters, digits, "-", "_" or "." (at most 63)' });

// IAM role names: letters, digits and +=,.@_- (at most 64, the Region appended included: checkAccounts).
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html
const role = z.string().regex(/^[\w+=,.@-]{1,50}$/, { message: 'expected a role name prefix: letters, digits and "+=,.@_-" (at most 50: the Region is appended)' });

// sts:AssumeRole ExternalId: 2 to 1224 characters of [\w+=,.@:/-].
// https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html
const externalIdText = z.string().regex(/^[\w+=,.@:/-]{2,1224}$/, { message: 'expected an external id of 2 to 1224 letters, digits and "+=,.@:/-"' });
// https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_PutParameter.html (Name)
const ssmName = z.string().regex(/^[A-Za-z0-9_.\-/]{1,1011}$/, { message: 'expected an SSM parameter name such as "/ecs-herald/external-id"' });
const externalId = z.union([externalIdText, z.strictObject({ ssm: ssmName })], { message: 'expected an external id (a string), or { ssm: <parameter name> }' });

/** The schema of `accounts:`. */
export const ACCOUNTS_SCHEMA: z.ZodType<AccountsConfig> = z.strictObject({
  central: z.strictObject({
    account: accountId,
    region,
    bus: bus.optional(),
    organization_id: organizationId.optional(),
    alias: alias.optional(),
  }),
  members: z.array(z.strictObject({
    id: accountId,
    alias,
    regions: z.array(region).min(1),
    role: role.optional(),
  })).min(1),
  role: role.optional(),
  external_id: externalId,
});

/** Keys of `accounts:` and its parts, for "did you mean" hints. */
export const ACCOUNTS_KEYS = {
  accounts: ['central', 'members', 'role', 'external_id'],
  central: ['account', 'region', 'bus', 'organization_id', 'alias'],
  member: ['id', 'alias', 'regions', 'role'],
  externalId: ['ssm'],
} as const;

/** Which keys a mapping at `path` below `accounts` may have. */
export const accountsKeysAt = (below: readonly (string | number)[]): readonly string[] => {
  if (below[0] === 'central') return ACCOUNTS_KEYS.central;
  if (below[0] === 'members') return ACCOUNTS_KEYS.member;
  if (below[0] === 'external_id') return ACCOUNTS_KEYS.externalId;
  return ACCOUNTS_KEYS.accounts;
};
