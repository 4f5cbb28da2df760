import { join } from 'node:path';

/** deploy/policies.cjs: the resource-policy fragments any topic generator of the stack may use. */
interface Policies {
  tlsOnlyTopicPolicy: (topicRef: unknown, options?: { allow?: ((topicArn: unknown) => object)[] }) => { Type: string; Properties: { Topics: unknown[]; PolicyDocument: { Statement: object[] } } };
  allowAlarmPublish: (topicArn: unknown) => object;
}
const { tlsOnlyTopicPolicy, allowAlarmPublish } = require(join(__dirname, '..', '..', 'deploy', 'policies.cjs')) as Policies;

const TOPIC = { Ref: 'OperatorTopic' };
const DENY_PLAIN_HTTP = {
  Sid: 'DenyPublishWithoutTls',
  Effect: 'Deny',
  Principal: '*',
  Action: 'sns:Publish',
  Resource: TOPIC,
  Condition: { Bool: { 'aws:SecureTransport': 'false' } },
};

describe('tlsOnlyTopicPolicy', () => {
  it('refuses publishing without TLS, and allows nothing by itself', () => {
    expect(tlsOnlyTopicPolicy(TOPIC)).toEqual({
      Type: 'AWS::SNS::TopicPolicy',
      Properties: { Topics: [TOPIC], PolicyDocument: { Version: '2012-10-17', Statement: [DENY_PLAIN_HTTP] } },
    });
  });

  it('lets the alarms of this account and Region publish, when asked', () => {
    expect(tlsOnlyTopicPolicy(TOPIC, { allow: [allowAlarmPublish] }).Properties.PolicyDocument.Statement).toEqual([
      {
        Sid: 'AllowCloudWatchAlarms',
        Effect: 'Allow',
        Principal: { Service: 'cloudwatch.amazonaws.com' },
        Action: 'sns:Publish',
        Resource: TOPIC,
        Condition: {
          ArnLike: { 'aws:SourceArn': { 'Fn::Sub': 'arn:${AWS::Partition}:cloudwatch:${AWS::Region}:${AWS::AccountId}:alarm:*' } },
          StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
        },
      },
      DENY_PLAIN_HTTP,
    ]);
  });
});
