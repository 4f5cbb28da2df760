import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import {
  createDelivery,
  dryRunPublisher,
  MemoryDeadLetters,
  RetryableDeliveryError,
  SnsPublisher,
  type TopicTarget,
  UnknownTopicError,
} from '../../shared/deliver';
import { normalizeEvent, type Alert } from '../../shared/normalize';
import { MemoryStateStore } from '../../shared/state';
import { loadFixture } from '../support/fixtures';

const sns = mockClient(SNSClient);
const ARNS = { oncall: 'arn:aws:sns:us-west-2:111122223333:oncall', chat: 'arn:aws:sns:us-west-2:111122223333:chat', feed: 'arn:aws:sns:us-west-2:111122223333:feed', critical: 'arn:aws:sns:us-west-2:111122223333:critical' };
const TOPICS = new Map<string, TopicTarget>([
  ['oncall', { name: 'oncall', format: 'email' }],
  ['chat', { name: 'chat', format: 'chat' }],
  ['feed', { name: 'feed', format: 'json' }],
  ['critical', { name: 'critical', format: 'email', minSeverity: 'critical' }],
]);
const OOM: Alert = normalizeEvent(loadFixture('ecs-task/stopped-oom'));
const SPOT: Alert = normalizeEvent(loadFixture('ecs-task/stopped-spot'));

const setup = () => {
  const log = new MemoryStateStore();
  const deadLetters = new MemoryDeadLetters();
  const deadLettered: string[] = [];
  const delivery = createDelivery({
    topics: TOPICS,
    publisher: new SnsPublisher({ arns: ARNS, client: new SNSClient({ region: 'us-west-2' }) }),
    log,
    deadLetters,
    onDeadLetter: (topic) => deadLettered.push(topic),
  });
  return { delivery, log, deadLetters, deadLettered };
};

const published = () => sns.commandCalls(PublishCommand).map((c) => c.args[0].input);

describe('delivery through SNS', () => {
  beforeEach(() => sns.reset());

  it('publishes each topic its format, with filterable message attributes', async () => {
    sns.on(PublishCommand).callsFake((input: { TopicArn: string }) => ({ MessageId: `m-${input.TopicArn.split(':').pop() ?? ''}` }));
    const { delivery } = setup();
    const results = await delivery.deliver(OOM, ['oncall', 'chat', 'feed'], 'critical', 'evt-1');
    expect(results).toEqual([
      { destination: 'oncall', status: 'sent', location: 'm-oncall' },
      { destination: 'chat', status: 'sent', location: 'm-chat' },
      { destination: 'feed', status: 'sent', location: 'm-feed' },
    ]);
    const [email, chat, feed] = published();
    expect(email).toMatchObject({
      TopicArn: ARNS.oncall,
      Subject: '[CRITICAL] oom: container payments-api killed: out of memory (exit 137) | prod/payments-api',
      MessageAttributes: {
        severity: { DataType: 'String', StringValue: 'critical' },
        category: { DataType: 'String', StringValue: 'oom' },
        status: { DataType: 'String', StringValue: 'firing' },
        route: { DataType: 'String', StringValue: 'critical' },
        cluster: { DataType: 'String', StringValue: 'prod' },
        service: { DataType: 'String', StringValue: 'payments-api' },
        account: { DataType: 'String', StringValue: '111122223333' },
        region: { DataType: 'String', StringValue: 'us-west-2' },
      },
    });
    expect(chat?.Subject).toBeUndefined();
    expect(JSON.parse(chat?.Message ?? '')).toMatchObject({ version: '1.0', source: 'custom' });
    expect(feed?.Subject).toBeUndefined();
    expect(JSON.parse(feed?.Message ?? '')).toMatchObject({ schema: 'ecs-herald.alert', fingerprint: OOM.fingerprint });
  });

  it('skips a topic whose min_severity the alert is below', async () => {
    sns.on(PublishCommand).resolves({ MessageId: 'm' });
    const { delivery } = setup();
    const results = await delivery.deliver(SPOT, ['oncall', 'critical'], 'default', 'evt-2');
    expect(results.map((r) => [r.destination, r.status])).toEqual([['oncall', 'sent'], ['critical', 'below-min-severity']]);
    expect(published()).toHaveLength(1);
  });

  it('tries every topic, then throws a retryable failure; the retry resends only what failed', async () => {
    sns.on(PublishCommand, { TopicArn: ARNS.oncall }).resolves({ MessageId: 'm-1' });
    sns.on(PublishCommand, { TopicArn: ARNS.chat }).rejectsOnce(Object.assign(new Error('Rate exceeded'), { name: 'Throttled', $metadata: { httpStatusCode: 400 } })).resolves({ MessageId: 'm-2' });
    const { delivery, deadLetters } = setup();
    const first = delivery.deliver(OOM, ['oncall', 'chat'], 'critical', 'evt-3');
    await expect(first).rejects.toThrow(RetryableDeliveryError);
    await expect(first).rejects.toThrow('delivery failed for chat (Throttled: Rate exceeded); will be retried');
    expect(published().map((p) => p.TopicArn)).toEqual([ARNS.oncall, ARNS.chat]);
    const retry = await delivery.deliver(OOM, ['oncall', 'chat'], 'critical', 'evt-3');
    expect(retry.map((r) => [r.destination, r.status])).toEqual([['oncall', 'already-sent'], ['chat', 'sent']]);
    expect(published().map((p) => p.TopicArn)).toEqual([ARNS.oncall, ARNS.chat, ARNS.chat]);
    expect(deadLetters.letters).toEqual([]);
  });

  it.each([
    { case: 'a missing topic', error: { name: 'NotFound', message: 'Topic does not exist', $metadata: { httpStatusCode: 404 } } },
    { case: 'denied access', error: { name: 'AuthorizationError', message: 'not authorized to perform: SNS:Publish', $metadata: { httpStatusCode: 403 } } },
    { case: 'a disabled KMS key', error: { name: 'KMSDisabled', message: 'key is disabled', $metadata: { httpStatusCode: 400 } } },
  ])('sends the alert to the dead-letter queue for $case, and delivers the rest', async ({ error }) => {
    sns.on(PublishCommand, { TopicArn: ARNS.oncall }).rejects(Object.assign(new Error(error.message), error));
    sns.on(PublishCommand, { TopicArn: ARNS.feed }).resolves({ MessageId: 'm-feed' });
    const { delivery, deadLetters, deadLettered, log } = setup();
    const results = await delivery.deliver(OOM, ['oncall', 'feed'], 'critical', 'evt-4');
    expect(results.map((r) => [r.destination, r.status])).toEqual([['oncall', 'dead-lettered'], ['feed', 'sent']]);
    expect(deadLetters.letters).toEqual([expect.objectContaining({
      reason: 'permanent-delivery-failure', eventId: 'evt-4', route: 'critical', topic: 'oncall', error: { name: error.name, message: error.message }, alert: OOM,
    })]);
    expect(deadLettered).toEqual(['oncall']);
    expect(await log.get('delivery#evt-4', 'oncall')).toMatchObject({ data: { status: 'dead-lettered' } });
    expect(await log.get('delivery#evt-4', 'feed')).toBeDefined();
  });

  it('refuses a topic it does not know', async () => {
    const { delivery } = setup();
    await expect(delivery.deliver(OOM, ['pager'], 'critical', 'evt-5')).rejects.toThrow(UnknownTopicError);
  });
});

describe('delivery edge cases', () => {
  beforeEach(() => sns.reset());
  const TWO_EMAILS = new Map<string, TopicTarget>([['oncall', { name: 'oncall', format: 'email' }], ['critical', { name: 'critical', format: 'email' }]]);

  it('renders each topic its own message: every format names its topic', async () => {
    sns.on(PublishCommand).resolves({ MessageId: 'm' });
    const delivery = createDelivery({ topics: TWO_EMAILS, publisher: new SnsPublisher({ arns: ARNS, client: new SNSClient({ region: 'us-west-2' }) }), deadLetters: new MemoryDeadLetters() });
    await delivery.deliver(OOM, ['oncall', 'critical'], 'critical', 'evt-6');
    const [first, second] = published();
    expect(first?.Message).toContain('"oncall"');
    expect(second?.Message).toContain('"critical"');
    expect(second?.Message).not.toContain('"oncall"');
  });

  it('renders nothing for a publisher that reads no message (a dry run), and reports where each would go', async () => {
    const seen: { topic: string; body: string; format: string }[] = [];
    const publisher = { readsMessages: false, publish: async (topic: TopicTarget, message: { body: string; format: string }) => (seen.push({ topic: topic.name, body: message.body, format: message.format }), `(dry run) ${topic.name}`) };
    const log = new MemoryStateStore();
    const delivery = createDelivery({ topics: TOPICS, publisher, log, deadLetters: new MemoryDeadLetters() });
    const results = await delivery.deliver(OOM, ['oncall', 'chat'], 'critical', 'evt-dry');
    expect(results).toEqual([
      { destination: 'oncall', status: 'sent', location: '(dry run) oncall' },
      { destination: 'chat', status: 'sent', location: '(dry run) chat' },
    ]);
    expect(seen).toEqual([{ topic: 'oncall', body: '', format: 'email' }, { topic: 'chat', body: '', format: 'chat' }]);
    expect(dryRunPublisher.readsMessages).toBe(false);
  });

  it('reports a sent message as sent even when it cannot be remembered', async () => {
    sns.on(PublishCommand).resolves({ MessageId: 'm-7' });
    const failures: string[] = [];
    const log = new MemoryStateStore();
    log.put = () => Promise.reject(new Error('table gone'));
    const delivery = createDelivery({
      topics: TOPICS, publisher: new SnsPublisher({ arns: ARNS, client: new SNSClient({ region: 'us-west-2' }) }), log,
      deadLetters: new MemoryDeadLetters(), onLogFailure: (topic) => failures.push(topic),
    });
    expect(await delivery.deliver(OOM, ['oncall'], 'critical', 'evt-7')).toEqual([{ destination: 'oncall', status: 'sent', location: 'm-7' }]);
    expect(failures).toEqual(['oncall']);
  });

  it('fails the event retryably when the dead-letter queue itself fails, after the other topics', async () => {
    sns.on(PublishCommand, { TopicArn: ARNS.oncall }).rejects(Object.assign(new Error('Topic does not exist'), { name: 'NotFound', $metadata: { httpStatusCode: 404 } }));
    sns.on(PublishCommand, { TopicArn: ARNS.feed }).resolves({ MessageId: 'm-feed' });
    const delivery = createDelivery({
      topics: TOPICS, publisher: new SnsPublisher({ arns: ARNS, client: new SNSClient({ region: 'us-west-2' }) }), log: new MemoryStateStore(),
      deadLetters: { send: () => Promise.reject(Object.assign(new Error('queue unreachable'), { name: 'ServiceUnavailable', $metadata: { httpStatusCode: 503 } })) },
    });
    await expect(delivery.deliver(OOM, ['oncall', 'feed'], 'critical', 'evt-8')).rejects.toThrow(
      'delivery failed for oncall (ServiceUnavailable: NotFound (Topic does not exist), and the dead-letter queue failed: queue unreachable); will be retried',
    );
    expect(published().map((p) => p.TopicArn)).toEqual([ARNS.oncall, ARNS.feed]);
  });

  it('does not dead-letter the same topic twice when the event is retried for another topic', async () => {
    sns.on(PublishCommand, { TopicArn: ARNS.oncall }).rejects(Object.assign(new Error('Topic does not exist'), { name: 'NotFound', $metadata: { httpStatusCode: 404 } }));
    sns.on(PublishCommand, { TopicArn: ARNS.chat }).rejectsOnce(Object.assign(new Error('Rate exceeded'), { name: 'Throttled', $metadata: { httpStatusCode: 429 } })).resolves({ MessageId: 'm-chat' });
    const { delivery, deadLetters } = setup();
    await expect(delivery.deliver(OOM, ['oncall', 'chat'], 'critical', 'evt-9')).rejects.toThrow(RetryableDeliveryError);
    const retry = await delivery.deliver(OOM, ['oncall', 'chat'], 'critical', 'evt-9');
    expect(retry.map((r) => [r.destination, r.status])).toEqual([['oncall', 'dead-lettered'], ['chat', 'sent']]);
    expect(deadLetters.letters).toHaveLength(1);
  });
});
