'use strict';
// Resource-policy fragments the stack's generators share (deploy/config.cjs builds herald.yml's
// topics with them; a generator of other topics, e.g. an operator topic for alarms, can too).
// Plain CloudFormation objects: no herald.yml, no serverless variables.

/** `arn:<partition>:<service>:<region>:<account>:<resource>` of this stack's account and Region. */
const stackArn = (service, resource) => ({ 'Fn::Sub': `arn:\${AWS::Partition}:${service}:\${AWS::Region}:\${AWS::AccountId}:${resource}` });

/**
 * Refuses publishing over plain HTTP, as the SNS security best practices show.
 * https://docs.aws.amazon.com/sns/latest/dg/sns-security-best-practices.html#enforce-encryption-data-in-transit
 */
const denyInsecurePublish = (topicArn) => ({
  Sid: 'DenyPublishWithoutTls',
  Effect: 'Deny',
  Principal: '*',
  Action: 'sns:Publish',
  Resource: topicArn,
  Condition: { Bool: { 'aws:SecureTransport': 'false' } },
});

/**
 * Lets CloudWatch alarms of this account and Region publish to the topic: what a topic named in
 * an alarm's actions needs (the same account's IAM principals need no topic policy: their IAM
 * policies grant them sns:Publish).
 * https://repost.aws/knowledge-center/cloudwatch-receive-sns-for-alarm-trigger
 */
const allowAlarmPublish = (topicArn) => ({
  Sid: 'AllowCloudWatchAlarms',
  Effect: 'Allow',
  Principal: { Service: 'cloudwatch.amazonaws.com' },
  Action: 'sns:Publish',
  Resource: topicArn,
  Condition: {
    ArnLike: { 'aws:SourceArn': stackArn('cloudwatch', 'alarm:*') },
    StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
  },
});

/**
 * An `AWS::SNS::TopicPolicy` for one topic: TLS only, plus `allow` statements (functions of the
 * topic's ARN, e.g. {@link allowAlarmPublish}). A topic policy replaces the topic's default one,
 * which granted the account's principals what their IAM policies already grant.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-sns-topicpolicy.html
 *
 * @example
 * Resources.OperatorTopicPolicy = tlsOnlyTopicPolicy({ Ref: 'OperatorTopic' }, { allow: [allowAlarmPublish] });
 */
const tlsOnlyTopicPolicy = (topicRef, { allow = [] } = {}) => ({
  Type: 'AWS::SNS::TopicPolicy',
  Properties: {
    Topics: [topicRef],
    PolicyDocument: {
      Version: '2012-10-17',
      Statement: [...allow.map((statement) => statement(topicRef)), denyInsecurePublish(topicRef)],
    },
  },
});

module.exports = { stackArn, denyInsecurePublish, allowAlarmPublish, tlsOnlyTopicPolicy };
