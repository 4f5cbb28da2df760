import type { EventRule } from '../route';
import { FORWARD_RETRY, FORWARD_ROLE_PREFIX, FORWARD_RULE_PREFIX, TRUSTED_ADVISOR_REGION, TRUSTED_ADVISOR_SOURCE } from './constants';
import { externalIdValue } from './external-id';
import { type CfnValue, enrichmentReadStatements, type PolicyStatement, type ReadScope } from './permissions';
import type { AccountSettings } from './settings';

/** A CloudFormation template, as the member stack's generator makes it. */
export interface CfnTemplateDocument {
  AWSTemplateFormatVersion: '2010-09-09';
  Description: string;
  Conditions: Record<string, CfnValue>;
  Mappings: Record<string, Record<string, Record<string, string>>>;
  Resources: Record<string, { Type: string; Condition?: string; DeletionPolicy?: string; UpdateReplacePolicy?: string; Properties: Record<string, unknown> }>;
  Outputs: Record<string, { Description?: string; Value: CfnValue }>;
}

/** Options of {@link memberTemplate}. */
export interface MemberTemplateOptions {
  accounts: AccountSettings;
  /** The rules herald.yml's routes derive: the member forwards what they match. */
  eventRules: readonly EventRule[];
  /** What the read role may read. */
  read: ReadScope;
  /** The central router's role name ({@link centralRouterRoleName}). */
  centralRouterRole: string;
}

/** Logical ids of the member stack. */
export const MEMBER_IDS = {
  readRole: 'HeraldReadRole',
  forwardRole: 'HeraldForwardRole',
  deadLetterQueue: 'HeraldForwardDeadLetterQueue',
  deadLetterQueuePolicy: 'HeraldForwardDeadLetterQueuePolicy',
  rule: (n: number) => `HeraldForwardRule${n}`,
  trustedAdvisorCondition: 'InTrustedAdvisorRegion',
} as const;

const sub = (text: string): CfnValue => ({ 'Fn::Sub': text });

/** `arn:<partition>:events:<region>:<account>:event-bus/<name>` of the central bus. */
export const centralBusArn = (accounts: AccountSettings): CfnValue =>
  sub(`arn:\${AWS::Partition}:events:${accounts.central.region}:${accounts.central.account}:event-bus/${accounts.central.bus}`);

const ruleArn = (n: number): CfnValue => sub(`arn:\${AWS::Partition}:events:\${AWS::Region}:\${AWS::AccountId}:rule/${FORWARD_RULE_PREFIX}-${n}`);

const isTrustedAdvisorRule = (rule: EventRule): boolean => {
  const source = rule.pattern.source;
  return Array.isArray(source) && source.includes(TRUSTED_ADVISOR_SOURCE);
};

/**
 * The member stack, one template for every member account and Region (deploy it per account
 * with `serverless deploy --config serverless.member.yml`, or as a StackSet), from the same
 * herald.yml as the central stack:
 *
 * - one EventBridge rule per derived rule on the member's default bus (ECS, CloudWatch alarm,
 *   CloudTrail ECS, and Trusted Advisor only in us-east-1, where it emits), each forwarding to
 *   the central bus with a role of its own (cross-account bus targets need one), retried for a
 *   day, then kept in a dead-letter queue;
 * - the read role the central router assumes: trusted by the central account's router role only,
 *   with the external id; exactly the reads enrichment makes, in this Region's ECS and the
 *   account's log groups under `enrich.log_groups`; nothing that changes anything.
 *
 * The role's name prefix comes from a mapping keyed by account id, so a stack in an account
 * herald.yml does not list fails to create rather than trusting the central account blindly.
 */
export const memberTemplate = ({ accounts, eventRules, read, centralRouterRole }: MemberTemplateOptions): CfnTemplateDocument => {
  const bus = centralBusArn(accounts);
  const { central } = accounts;
  const ruleArns = eventRules.map((_, i) => ruleArn(i + 1));
  const Resources: CfnTemplateDocument['Resources'] = {};

  Resources[MEMBER_IDS.forwardRole] = {
    Type: 'AWS::IAM::Role',
    Properties: {
      RoleName: sub(`${FORWARD_ROLE_PREFIX}-\${AWS::Region}`),
      Description: `EventBridge forwards this account's ECS events to the ecs-herald bus ${central.bus} of ${central.account}`,
      // EventBridge, for this stack's rules only.
      // https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-use-identity-based.html#eb-target-permissions
      AssumeRolePolicyDocument: {
        Version: '2012-10-17',
        Statement: [{
          Effect: 'Allow',
          Principal: { Service: 'events.amazonaws.com' },
          Action: 'sts:AssumeRole',
          Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } }, ArnEquals: { 'aws:SourceArn': ruleArns } },
        }],
      },
      Policies: [{
        PolicyName: 'put-events-on-central-bus',
        PolicyDocument: { Version: '2012-10-17', Statement: [{ Sid: 'PutEventsOnCentralBus', Effect: 'Allow', Action: 'events:PutEvents', Resource: bus }] satisfies PolicyStatement[] },
      }],
    },
  };

  Resources[MEMBER_IDS.deadLetterQueue] = {
    Type: 'AWS::SQS::Queue',
    DeletionPolicy: 'Retain',
    UpdateReplacePolicy: 'Retain',
    // 14 days, the most SQS keeps a message; SQS-managed encryption, which EventBridge can use
    // without a key policy of its own.
    Properties: { MessageRetentionPeriod: 1_209_600, SqsManagedSseEnabled: true },
  };
  Resources[MEMBER_IDS.deadLetterQueuePolicy] = {
    Type: 'AWS::SQS::QueuePolicy',
    Properties: {
      Queues: [{ Ref: MEMBER_IDS.deadLetterQueue }],
      PolicyDocument: {
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: { Service: 'events.amazonaws.com' },
            Action: 'sqs:SendMessage',
            Resource: { 'Fn::GetAtt': [MEMBER_IDS.deadLetterQueue, 'Arn'] },
            Condition: { ArnEquals: { 'aws:SourceArn': ruleArns }, StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
          },
          { Effect: 'Deny', Principal: '*', Action: 'sqs:*', Resource: { 'Fn::GetAtt': [MEMBER_IDS.deadLetterQueue, 'Arn'] }, Condition: { Bool: { 'aws:SecureTransport': 'false' } } },
        ] satisfies PolicyStatement[],
      },
    },
  };

  eventRules.forEach((rule, i) => {
    const trustedAdvisor = isTrustedAdvisorRule(rule);
    Resources[MEMBER_IDS.rule(i + 1)] = {
      Type: 'AWS::Events::Rule',
      ...(trustedAdvisor ? { Condition: MEMBER_IDS.trustedAdvisorCondition } : {}),
      Properties: {
        Name: `${FORWARD_RULE_PREFIX}-${i + 1}`,
        Description: `Forwards to the ecs-herald central bus what routes ${rule.routes.join(', ')} can match`,
        State: 'ENABLED',
        EventPattern: rule.pattern,
        Targets: [{
          Id: 'central-bus',
          Arn: bus,
          RoleArn: { 'Fn::GetAtt': [MEMBER_IDS.forwardRole, 'Arn'] },
          RetryPolicy: FORWARD_RETRY,
          DeadLetterConfig: { Arn: { 'Fn::GetAtt': [MEMBER_IDS.deadLetterQueue, 'Arn'] } },
        }],
      },
    };
  });

  Resources[MEMBER_IDS.readRole] = {
    Type: 'AWS::IAM::Role',
    Properties: {
      RoleName: { 'Fn::Join': ['-', [{ 'Fn::FindInMap': ['Members', { Ref: 'AWS::AccountId' }, 'RolePrefix'] }, { Ref: 'AWS::Region' }]] },
      Description: `ecs-herald in ${central.account} reads this Region's ECS services, clusters, tasks, task definitions and log tails to enrich alerts`,
      // One hour: the router asks again five minutes before it ends.
      MaxSessionDuration: 3_600,
      AssumeRolePolicyDocument: {
        Version: '2012-10-17',
        Statement: [{
          // The central account, and in it only herald's router role (aws:PrincipalArn: the role
          // need not exist yet, and a role re-created under the name is still the router), with
          // the external id. https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_common-scenarios_third-party.html
          Effect: 'Allow',
          Principal: { AWS: sub(`arn:\${AWS::Partition}:iam::${central.account}:root`) },
          Action: 'sts:AssumeRole',
          Condition: {
            StringEquals: { 'sts:ExternalId': externalIdValue(accounts) },
            ArnEquals: { 'aws:PrincipalArn': sub(`arn:\${AWS::Partition}:iam::${central.account}:role/${centralRouterRole}`) },
          },
        }],
      },
      Policies: [{ PolicyName: 'enrichment-reads', PolicyDocument: { Version: '2012-10-17', Statement: enrichmentReadStatements(read) } }],
    },
  };

  return {
    AWSTemplateFormatVersion: '2010-09-09',
    Description: `ecs-herald member: forwards this account's ECS events to ${central.bus} in ${central.account} (${central.region}) and lets the central router read ECS context`,
    Conditions: { [MEMBER_IDS.trustedAdvisorCondition]: { 'Fn::Equals': [{ Ref: 'AWS::Region' }, TRUSTED_ADVISOR_REGION] } },
    // By account id: a stack in an account herald.yml does not list fails (FindInMap) instead of trusting the central account.
    Mappings: { Members: Object.fromEntries([...accounts.members.values()].map((m) => [m.id, { Alias: m.alias, RolePrefix: m.rolePrefix }])) },
    Resources,
    Outputs: {
      ReadRoleArn: { Description: 'The role the central router assumes', Value: { 'Fn::GetAtt': [MEMBER_IDS.readRole, 'Arn'] } },
      ForwardRoleArn: { Description: 'The role EventBridge forwards with', Value: { 'Fn::GetAtt': [MEMBER_IDS.forwardRole, 'Arn'] } },
      ForwardDeadLetterQueueUrl: { Description: 'Events the central bus did not take for a day', Value: { Ref: MEMBER_IDS.deadLetterQueue } },
    },
  };
};
