import { FORWARD_ROLE_PREFIX } from './constants';
import { externalIdValue } from './external-id';
import type { CfnValue, PolicyStatement } from './permissions';
import type { AccountSettings } from './settings';

/** Logical ids the central stack adds (RouterRole and RouterLambdaFunction are serverless.yml's). */
export const CENTRAL_IDS = {
  bus: 'HeraldCentralBus',
  assumePolicy: 'HeraldRouterAssumeMemberRoles',
  routerRole: 'RouterRole',
  routerFunction: 'RouterLambdaFunction',
} as const;

/** Options of {@link centralResources}. */
export interface CentralResourcesOptions {
  accounts: AccountSettings;
  /** The router role's name ({@link centralRouterRoleName}), which the members' read roles trust. */
  routerRoleName: string;
}

const sub = (text: string): CfnValue => ({ 'Fn::Sub': text });

/** The central bus's ARN in the stack's own account and Region. */
export const ownBusArn = (accounts: AccountSettings): CfnValue => sub(`arn:\${AWS::Partition}:events:\${AWS::Region}:\${AWS::AccountId}:event-bus/${accounts.central.bus}`);

/**
 * Who may put events on the central bus: the listed member accounts, or every account of the
 * organization (`aws:PrincipalOrgID`); in either case only through herald's forwarding roles
 * (`ecs-herald-forward-<region>`, which only EventBridge rules of the member stacks assume).
 * @see https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-bus-perms.html
 */
export const busPolicyStatements = (accounts: AccountSettings): PolicyStatement[] => {
  const resource = ownBusArn(accounts);
  const forwardRole = (account: string): CfnValue => sub(`arn:\${AWS::Partition}:iam::${account}:role/${FORWARD_ROLE_PREFIX}-*`);
  const { organizationId } = accounts.central;
  if (organizationId !== undefined) {
    return [{
      Sid: 'OrganizationForwardsEcsEvents',
      Effect: 'Allow',
      Principal: '*',
      Action: 'events:PutEvents',
      Resource: resource,
      Condition: { StringEquals: { 'aws:PrincipalOrgID': organizationId }, ArnLike: { 'aws:PrincipalArn': forwardRole('*') } },
    }];
  }
  const members = [...accounts.members.keys()];
  return [{
    Sid: 'MembersForwardEcsEvents',
    Effect: 'Allow',
    Principal: { AWS: members.map((id) => sub(`arn:\${AWS::Partition}:iam::${id}:root`)) },
    Action: 'events:PutEvents',
    Resource: resource,
    Condition: { ArnLike: { 'aws:PrincipalArn': members.map(forwardRole) } },
  }];
};

/** The members' read roles the router may assume: one per member and Region, nothing else. */
export const assumeRoleStatement = (accounts: AccountSettings): PolicyStatement => ({
  Sid: 'AssumeMemberReadRoles',
  Effect: 'Allow',
  Action: 'sts:AssumeRole',
  Resource: [...accounts.members.values()].flatMap((m) => m.regions.map((region) => sub(`arn:\${AWS::Partition}:iam::${m.id}:role/${m.rolePrefix}-${region}`))),
});

/**
 * What central mode adds to the stack: the central bus with its policy, the router role's name
 * (so members trust it by ARN) and its right to assume the members' read roles, and, when the
 * external id is in SSM, the router's `HERALD_EXTERNAL_ID` resolved from it at deploy. The rules
 * on the bus are the router's own, from deploy/config.cjs. Empty in single-account mode.
 */
export const centralResources = ({ accounts, routerRoleName }: CentralResourcesOptions): { Resources: Record<string, unknown> } => ({
  Resources: {
    [CENTRAL_IDS.bus]: {
      Type: 'AWS::Events::EventBus',
      Properties: {
        Name: accounts.central.bus,
        Description: 'ECS, alarm, CloudTrail and Trusted Advisor events that member accounts forward to ecs-herald',
        Policy: { Version: '2012-10-17', Statement: busPolicyStatements(accounts) },
      },
    },
    // Merged into serverless.yml's RouterRole.
    [CENTRAL_IDS.routerRole]: { Properties: { RoleName: routerRoleName } },
    [CENTRAL_IDS.assumePolicy]: {
      Type: 'AWS::IAM::Policy',
      Properties: {
        PolicyName: 'assume-member-read-roles',
        Roles: [{ Ref: CENTRAL_IDS.routerRole }],
        PolicyDocument: { Version: '2012-10-17', Statement: [assumeRoleStatement(accounts)] },
      },
    },
    ...(accounts.externalId !== undefined ? {} : {
      // Merged into the router function serverless generates (its Type, as every resource there needs one).
      [CENTRAL_IDS.routerFunction]: { Type: 'AWS::Lambda::Function', Properties: { Environment: { Variables: { HERALD_EXTERNAL_ID: externalIdValue(accounts) } } } },
    }),
  },
});
