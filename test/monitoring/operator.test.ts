import { operatorTopic } from '../../shared/monitoring';
import { settingsOf } from './support';

describe('operatorTopic', () => {
  it('creates a topic of its own with its email subscriptions, publishable by this stack\'s alarms over TLS only', () => {
    const { arn, resources } = operatorTopic(settingsOf('monitoring:', '  operator: {emails: [ops@example.com, sre@example.com]}'));
    expect(arn).toEqual({ Ref: 'HeraldOperatorTopic' });
    expect(Object.keys(resources)).toEqual(['HeraldOperatorTopic', 'HeraldOperatorTopicPolicy', 'HeraldOperatorTopicEmail1', 'HeraldOperatorTopicEmail2']);
    expect(resources.HeraldOperatorTopicEmail2?.Properties).toEqual({ TopicArn: { Ref: 'HeraldOperatorTopic' }, Protocol: 'email', Endpoint: 'sre@example.com' });
    // No aws/sns key: CloudWatch could not publish through it.
    expect(resources.HeraldOperatorTopic?.Properties.KmsMasterKeyId).toEqual({ 'Fn::GetAtt': ['HeraldKey', 'Arn'] });
    const policy = resources.HeraldOperatorTopicPolicy?.Properties.PolicyDocument as { Statement: Record<string, unknown>[] };
    expect(policy.Statement).toEqual([
      expect.objectContaining({
        Effect: 'Allow',
        Principal: { Service: 'cloudwatch.amazonaws.com' },
        Action: 'sns:Publish',
        Condition: {
          ArnLike: { 'aws:SourceArn': { 'Fn::Sub': 'arn:${AWS::Partition}:cloudwatch:${AWS::Region}:${AWS::AccountId}:alarm:${AWS::StackName}-*' } },
          StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
        },
      }),
      expect.objectContaining({ Effect: 'Deny', Action: 'sns:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
    ]);
  });

  it('creates a topic with no subscription when herald.yml names no operator', () => {
    expect(Object.keys(operatorTopic(settingsOf()).resources)).toEqual(['HeraldOperatorTopic', 'HeraldOperatorTopicPolicy']);
  });

  it('creates nothing for an existing topic, and sends the alarms there', () => {
    expect(operatorTopic(settingsOf('monitoring:', '  operator: {arn: "arn:aws:sns:us-east-1:123456789012:ops"}'))).toEqual({ arn: 'arn:aws:sns:us-east-1:123456789012:ops', resources: {} });
  });
});
