import { MONITORING_IDS } from './constants';
import type { CfnResource, CfnValue, MonitoringSettings } from './types';

/** Where the alarms go, and what the stack creates for it. */
export interface OperatorTopic {
  /** The topic's ARN: the stack's own, or herald.yml's `monitoring.operator.arn`. */
  arn: CfnValue;
  resources: Record<string, CfnResource>;
}

/**
 * The operator's topic: separate from herald's own topics, so the alarms reach a person
 * directly and not through herald, which may be what is broken. Its email addresses are
 * subscribed (each confirms first).
 *
 * Encrypted with the stack's customer managed key (`HeraldKey`), whose policy lets CloudWatch
 * alarms of this account use it: the AWS managed key `aws/sns` cannot (CloudWatch needs
 * `kms:Decrypt` and `kms:GenerateDataKey*`, which only a customer managed key can grant it).
 * @see https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html#compatibility-with-aws-services
 *
 * Its policy lets CloudWatch publish only for this stack's alarms (`aws:SourceArn`, the
 * confused-deputy guard) and refuses plain HTTP.
 * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Notify_Users_Alarm_Changes.html
 */
export const operatorTopic = (settings: MonitoringSettings): OperatorTopic => {
  if (settings.operator.arn !== undefined) return { arn: settings.operator.arn, resources: {} };
  const topic = MONITORING_IDS.operatorTopic;
  const arn = { Ref: topic };
  const resources: Record<string, CfnResource> = {
    [topic]: { Type: 'AWS::SNS::Topic', Properties: { DisplayName: 'ecs-herald operator', KmsMasterKeyId: { 'Fn::GetAtt': [MONITORING_IDS.key, 'Arn'] } } },
    [MONITORING_IDS.operatorTopicPolicy]: {
      Type: 'AWS::SNS::TopicPolicy',
      Properties: {
        Topics: [arn],
        PolicyDocument: {
          Version: '2012-10-17',
          Statement: [
            {
              Sid: 'StackAlarmsPublish',
              Effect: 'Allow',
              Principal: { Service: 'cloudwatch.amazonaws.com' },
              Action: 'sns:Publish',
              Resource: arn,
              Condition: {
                ArnLike: { 'aws:SourceArn': { 'Fn::Sub': 'arn:${AWS::Partition}:cloudwatch:${AWS::Region}:${AWS::AccountId}:alarm:${AWS::StackName}-*' } },
                StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
              },
            },
            { Sid: 'TlsOnly', Effect: 'Deny', Principal: '*', Action: 'sns:*', Resource: arn, Condition: { Bool: { 'aws:SecureTransport': 'false' } } },
          ],
        },
      },
    },
  };
  settings.operator.emails.forEach((address, i) => {
    resources[`${topic}Email${i + 1}`] = { Type: 'AWS::SNS::Subscription', Properties: { TopicArn: arn, Protocol: 'email', Endpoint: address } };
  });
  return { arn, resources };
};
