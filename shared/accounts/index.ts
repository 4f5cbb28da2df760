/**
 * Central mode (herald.yml `accounts:`): member accounts forward their ECS, alarm, CloudTrail
 * and Trusted Advisor events to a bus in the central account, whose router enriches each event
 * through a read role in the event's account. Here: the compiled settings (who is who, which role
 * to assume for an account and Region) and the CloudFormation the central and member stacks
 * need, generated from the same herald.yml.
 *
 * @example
 * ```ts
 * const accounts = compileAccountSettings(config);
 * if (accounts !== undefined) accountTargetOf(accounts, '111122223333', 'us-east-1');
 * // { kind: 'member', roleArn: 'arn:aws:iam::111122223333:role/ecs-herald-read-us-east-1', ... }
 * ```
 */
export { compileAccountSettings, memberRoleArn, partitionOf } from './settings';
export type { AccountSettings, MemberAccount } from './settings';
export { accountTargetOf } from './target';
export type { AccountTarget } from './target';
export { centralRouterRoleName, FORWARD_RETRY, FORWARD_ROLE_PREFIX, FORWARD_RULE_PREFIX, TRUSTED_ADVISOR_REGION, TRUSTED_ADVISOR_SOURCE } from './constants';
export { assumeRoleStatement, busPolicyStatements, CENTRAL_IDS, centralResources, ownBusArn } from './central';
export type { CentralResourcesOptions } from './central';
export { centralBusArn, MEMBER_IDS, memberTemplate } from './member';
export type { CfnTemplateDocument, MemberTemplateOptions } from './member';
export { enrichmentReadStatements } from './permissions';
export type { CfnValue, PolicyStatement, ReadScope } from './permissions';
export { externalIdValue } from './external-id';
