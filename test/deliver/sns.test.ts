import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { SnsNotifier, UnknownDestinationError } from '../../shared/deliver';
import { normalizeEvent } from '../../shared/normalize';
import { loadFixture } from '../support/fixtures';

const sns = mockClient(SNSClient);
const TOPIC = 'arn:aws:sns:us-west-2:111122223333:ecs-alerts';

describe('SnsNotifier', () => {
  beforeEach(() => sns.reset());

  it('publishes the email with filterable message attributes', async () => {
    sns.on(PublishCommand).resolves({ MessageId: 'm-1' });
    const notifier = new SnsNotifier({ client: new SNSClient({ region: 'us-west-2' }), topics: { default: TOPIC } });
    const alert = normalizeEvent(loadFixture('ecs-task/stopped-oom'));
    const results = await notifier.notify(alert, ['default'], 'critical');
    expect(results).toEqual([{ destination: 'default', location: 'm-1' }]);
    const input = sns.commandCalls(PublishCommand)[0]?.args[0].input;
    expect(input).toMatchObject({
      TopicArn: TOPIC,
      Subject: '[CRITICAL] oom prod/payments-api: container payments-api killed: out of memory (exit 137)',
      MessageAttributes: {
        severity: { DataType: 'String', StringValue: 'critical' },
        category: { DataType: 'String', StringValue: 'oom' },
        cluster: { DataType: 'String', StringValue: 'prod' },
        service: { DataType: 'String', StringValue: 'payments-api' },
        account: { DataType: 'String', StringValue: '111122223333' },
        region: { DataType: 'String', StringValue: 'us-west-2' },
        route: { DataType: 'String', StringValue: 'critical' },
      },
    });
    expect(input?.Message).toContain('Likely cause / next step');
    expect(input?.Message).toContain('Sent by ecs-herald, route "critical".');
  });

  it('omits attributes an alert does not have', async () => {
    sns.on(PublishCommand).resolves({ MessageId: 'm-2' });
    const notifier = new SnsNotifier({ client: new SNSClient({ region: 'us-west-2' }), topics: { default: TOPIC } });
    await notifier.notify(normalizeEvent(loadFixture('cloudwatch-alarm/composite')), ['default'], 'default');
    const attributes = sns.commandCalls(PublishCommand)[0]?.args[0].input.MessageAttributes ?? {};
    expect(Object.keys(attributes).sort()).toEqual(['account', 'category', 'region', 'route', 'severity', 'status']);
  });

  it('throws when SNS fails, so the event is retried', async () => {
    sns.on(PublishCommand).rejects(Object.assign(new Error('Rate exceeded'), { name: 'ThrottledException' }));
    const notifier = new SnsNotifier({ client: new SNSClient({ region: 'us-west-2' }), topics: { default: TOPIC } });
    await expect(notifier.notify(normalizeEvent(loadFixture('ecs-task/stopped-oom')), ['default'], 'critical')).rejects.toThrow('Rate exceeded');
  });

  it('rejects a destination with no topic', async () => {
    const notifier = new SnsNotifier({ client: new SNSClient({ region: 'us-west-2' }), topics: {} });
    await expect(notifier.notify(normalizeEvent(loadFixture('ecs-task/stopped-oom')), ['pager'], 'critical')).rejects.toThrow(UnknownDestinationError);
  });
});
