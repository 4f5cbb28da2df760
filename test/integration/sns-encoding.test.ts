import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { ConfiguredRetryStrategy } from '@smithy/core/retry';
import {
  createDelivery,
  MAX_ATTRIBUTE_VALUE_LENGTH,
  MAX_MESSAGE_BYTES,
  MemoryDeadLetters,
  RetryableDeliveryError,
  SNS_MAX_ATTEMPTS,
  SnsPublisher,
  type TopicTarget,
} from '../../shared/deliver';
import type { Alert } from '../../shared/normalize';
import { MemoryStateStore } from '../../shared/state';
import { illFormedPaths, LONE_HIGH, LONE_LOW, oomAlertWith } from '../support/ill-formed-text';
import { type LocalSns, messageBytes, type SnsRequest, startLocalSns } from '../support/local-sns';

// A real SNSClient against the loopback SNS: what its query-protocol serializer makes of event
// text it cannot encode, and of event text far beyond the SNS message size.

const REGION = 'us-west-2';
const CREDENTIALS = { accessKeyId: 'AKIDLOCALTEST', secretAccessKey: 'local-test-secret' };
const ARNS = {
  oncall: 'arn:aws:sns:us-west-2:111122223333:oncall',
  chat: 'arn:aws:sns:us-west-2:111122223333:chat',
  feed: 'arn:aws:sns:us-west-2:111122223333:feed',
};
const TOPICS = new Map<string, TopicTarget>([
  ['oncall', { name: 'oncall', format: 'email' }],
  ['chat', { name: 'chat', format: 'chat' }],
  ['feed', { name: 'feed', format: 'json' }],
]);
const ALL_TOPICS = [...TOPICS.keys()];
/** JSON's escape for a lone surrogate: what a document carries when it was not repaired. */
const SURROGATE_ESCAPE = /\\ud[89a-f][0-9a-f]{2}/i;

let sns: LocalSns;
const clients: SNSClient[] = [];

beforeAll(async () => {
  sns = await startLocalSns();
});
afterEach(() => {
  for (const client of clients.splice(0)) client.destroy();
  sns.reset();
});
afterAll(async () => sns.close());

/** A real client on the loopback endpoint, retrying as SnsPublisher's does but without waiting. */
const snsClient = (): SNSClient => {
  const client = new SNSClient({
    endpoint: sns.endpoint,
    region: REGION,
    credentials: CREDENTIALS,
    maxAttempts: SNS_MAX_ATTEMPTS,
    retryStrategy: new ConfiguredRetryStrategy(SNS_MAX_ATTEMPTS, () => 1),
  });
  clients.push(client);
  return client;
};

const deliverWith = async (client: SNSClient, alert: Alert, topics = ALL_TOPICS) => {
  const deadLetters = new MemoryDeadLetters();
  const delivery = createDelivery({ topics: TOPICS, publisher: new SnsPublisher({ arns: ARNS, client }), log: new MemoryStateStore(), deadLetters });
  const results = await delivery.deliver(alert, topics, 'critical', 'evt-encoding');
  return { results, deadLetters };
};

const topicOf = (request: SnsRequest): string | undefined => Object.entries(ARNS).find(([, arn]) => arn === request.topicArn)?.[0];

describe('SNS publish of text the query protocol cannot encode', () => {
  it("the SDK's serializer throws a URIError on a lone surrogate, before sending: what delivery must never pass it", async () => {
    const error = await snsClient().send(new PublishCommand({ TopicArn: ARNS.oncall, Message: `exited ${LONE_HIGH}` })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(URIError);
    expect(sns.requests).toHaveLength(0);
  });

  it.each([
    { case: 'a stoppedReason cut inside an emoji', text: { stoppedReason: `Essential container in task exited ${LONE_HIGH}` }, shown: 'Essential container in task exited \ufffd', attribute: undefined },
    { case: 'a container name', text: { container: `payments-${LONE_LOW}api` }, shown: 'payments-\ufffdapi', attribute: undefined },
    { case: 'a service name', text: { service: `payments-api${LONE_HIGH}` }, shown: 'payments-api\ufffd', attribute: { service: 'payments-api\ufffd' } },
    { case: 'a cluster name', text: { cluster: `prod${LONE_LOW}` }, shown: 'prod\ufffd', attribute: { cluster: 'prod\ufffd' } },
  ])('$case: published once per topic with U+FFFD in its place, nothing dead-lettered', async ({ text, shown, attribute }) => {
    const { results, deadLetters } = await deliverWith(snsClient(), oomAlertWith(text));

    expect(sns.requests.map((r) => [topicOf(r), r.outcome])).toEqual(ALL_TOPICS.map((topic) => [topic, 200]));
    expect(results).toEqual(sns.requests.map((r) => ({ destination: topicOf(r), status: 'sent', location: r.messageId })));
    expect(deadLetters.letters).toEqual([]);
    for (const request of sns.requests) {
      expect(illFormedPaths(request.fields)).toEqual([]);
      expect(request.message).not.toMatch(SURROGATE_ESCAPE);
      expect(request.message).toContain(shown);
      expect(request.subject ?? '').toMatch(/^[\x20-\x7e]*$/);
      for (const [name, value] of Object.entries(attribute ?? {})) expect(request.attributes[name]?.stringValue).toBe(value);
    }
    const [email] = sns.requestsFor(ARNS.oncall);
    expect(email?.subject).toMatch(/^\[CRITICAL\] oom: /);
  });
});

describe('SNS publish of a 250 KB service name', () => {
  it('the loopback SNS refuses what SNS refuses: body and attributes over 256 KiB', async () => {
    const attributes = { service: { DataType: 'String', StringValue: 'x'.repeat(250_000) } };
    const error = await snsClient().send(new PublishCommand({ TopicArn: ARNS.feed, Message: 'y'.repeat(MAX_MESSAGE_BYTES - 250_000), MessageAttributes: attributes })).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'InvalidParameterException', message: 'Invalid parameter: Message too long' });
  });

  it('is accepted by every topic, the attribute capped and body plus attributes within 256 KiB', async () => {
    const service = `payments-${'x'.repeat(250_000)}`;
    const { results, deadLetters } = await deliverWith(snsClient(), oomAlertWith({ service }));

    expect(results.map((r) => [r.destination, r.status])).toEqual(ALL_TOPICS.map((topic) => [topic, 'sent']));
    expect(deadLetters.letters).toEqual([]);
    expect(sns.requests.map((r) => r.outcome)).toEqual(ALL_TOPICS.map(() => 200));
    for (const request of sns.requests) {
      const value = request.attributes.service?.stringValue ?? '';
      expect(value.length).toBeLessThanOrEqual(MAX_ATTRIBUTE_VALUE_LENGTH);
      expect(value).toMatch(/^payments-x+…$/);
      expect(messageBytes(request)).toBeLessThanOrEqual(MAX_MESSAGE_BYTES);
    }
  });
});

describe('a request the SDK cannot serialize', () => {
  /** A client whose `step` fails with `error` on every request, as a serializer bug would. */
  const failingClient = (step: 'serialize' | 'finalizeRequest', error: () => Error): SNSClient => {
    const client = snsClient();
    const fail = () => () => {
      throw error();
    };
    if (step === 'serialize') client.middlewareStack.add(fail, { step, priority: 'low', name: 'failingForTest' });
    else client.middlewareStack.add(fail, { step, priority: 'low', name: 'failingForTest' });
    return client;
  };

  it('is dead-lettered at once, never sent and never retried', async () => {
    const { results, deadLetters } = await deliverWith(failingClient('serialize', () => new URIError('URI malformed')), oomAlertWith({}), ['oncall']);

    const failure = 'RequestSerializationError: the Publish request could not be serialized: URIError: URI malformed';
    expect(results).toEqual([{ destination: 'oncall', status: 'dead-lettered', location: failure }]);
    expect(deadLetters.letters.map((l) => [l.topic, l.error.name])).toEqual([['oncall', 'RequestSerializationError']]);
    expect(sns.requests).toHaveLength(0);
  });

  it('a failure after the request was built keeps its own verdict (here: retried)', async () => {
    const error = await deliverWith(failingClient('finalizeRequest', () => new TypeError('fetch failed')), oomAlertWith({}), ['oncall']).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(RetryableDeliveryError);
    expect((error as RetryableDeliveryError).failures).toEqual({ oncall: { name: 'TypeError', message: 'fetch failed' } });
  });
});
