import { SNSClient, type SNSClientConfig } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { ConfiguredRetryStrategy } from '@smithy/core/retry';
import { performance } from 'node:perf_hooks';
import {
  createDelivery,
  type DeadLetters,
  type DeliveryResult,
  MemoryDeadLetters,
  MESSAGE_ATTRIBUTE_NAMES,
  renderMessage,
  RetryableDeliveryError,
  SNS_MAX_ATTEMPTS,
  SnsPublisher,
  SqsDeadLetters,
  type TopicFormat,
  type TopicTarget,
} from '../../shared/deliver';
import { type Alert, normalizeEvent } from '../../shared/normalize';
import { MemoryStateStore } from '../../shared/state';
import { loadFixture } from '../support/fixtures';
import { type LocalSns, SNS_ERRORS, type SnsErrorCode, type SnsFault, type SnsRequest, startLocalSns } from '../support/local-sns';
import { type LocalSqs, startLocalSqs } from '../support/local-sqs';

// A real SNSClient (and SQSClient) against loopback servers speaking the wire protocols: what
// the SDK serializes, how it reads SNS errors, and what its retry strategy does with them.

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
const ALL_TOPICS = ['oncall', 'chat', 'feed'];
const ROUTE = 'critical';
const OOM: Alert = normalizeEvent(loadFixture('ecs-task/stopped-oom'));

/** Retry backoff of the fast clients: exponential from 20 ms, plus up to 10 ms of jitter. */
const BACKOFF_BASE_MS = 10;
/** Node timers may fire up to a millisecond before the delay measured with performance.now(). */
const TIMER_SLACK_MS = 2;
/**
 * Client timeout for the slow-response tests, and how slow the slow responses are. Generous:
 * on a loaded machine a shorter timeout can expire before a request reaches the server, or
 * fire on a healthy request and make the SDK publish twice.
 */
const TIMEOUT_MS = 200;
const SLOW_RESPONSE_MS = 1_000;

let sns: LocalSns;
let sqs: LocalSqs;
const clients: Array<{ destroy(): void }> = [];

beforeAll(async () => {
  [sns, sqs] = await Promise.all([startLocalSns(), startLocalSqs()]);
});
afterEach(() => {
  for (const client of clients.splice(0)) client.destroy();
  sns.reset();
  sqs.reset();
});
afterAll(async () => {
  await Promise.all([sns.close(), sqs.close()]);
});

/**
 * A real SNSClient on the local endpoint, with SNS_MAX_ATTEMPTS attempts and a fast backoff
 * (the SDK's own standard strategy decides what to retry); the delays it chose are recorded.
 */
const snsClient = (config: Partial<SNSClientConfig> = {}) => {
  const backoffs: number[] = [];
  const client = new SNSClient({
    endpoint: sns.endpoint,
    region: REGION,
    credentials: CREDENTIALS,
    maxAttempts: SNS_MAX_ATTEMPTS,
    retryStrategy: new ConfiguredRetryStrategy(SNS_MAX_ATTEMPTS, (retry) => {
      const delay = BACKOFF_BASE_MS * 2 ** retry + Math.floor(Math.random() * BACKOFF_BASE_MS);
      backoffs.push(delay);
      return delay;
    }),
    ...config,
  });
  clients.push(client);
  return { client, backoffs };
};

const setup = (options: { client?: SNSClient; deadLetters?: DeadLetters } = {}) => {
  const { client, backoffs } = options.client === undefined ? snsClient() : { client: options.client, backoffs: [] };
  const log = new MemoryStateStore();
  const deadLetters = new MemoryDeadLetters();
  const deadLettered: string[] = [];
  const delivery = createDelivery({
    topics: TOPICS,
    publisher: new SnsPublisher({ arns: ARNS, client }),
    log,
    deadLetters: options.deadLetters ?? deadLetters,
    onDeadLetter: (topic) => deadLettered.push(topic),
  });
  return { delivery, log, deadLetters, deadLettered, backoffs };
};

const gapsBetween = (requests: readonly SnsRequest[]): number[] => requests.slice(1).map((r, i) => r.at - (requests[i]?.at ?? r.at));
const topicOf = (request: SnsRequest): string | undefined => Object.entries(ARNS).find(([, arn]) => arn === request.topicArn)?.[0];
const failureOf = (error: unknown) => (error instanceof RetryableDeliveryError ? error.failures : error);

describe('SNS delivery over the query protocol', () => {
  describe('a plain publish to an email, a chat and a json topic', () => {
    let seen: SnsRequest[];
    let results: DeliveryResult[];

    beforeAll(async () => {
      results = await setup().delivery.deliver(OOM, ALL_TOPICS, ROUTE, 'evt-plain');
      seen = [...sns.requests];
    });

    it('makes one signed form-encoded Publish per topic and reports the MessageId SNS returned', () => {
      expect(seen.map(topicOf)).toEqual(ALL_TOPICS);
      for (const request of seen) {
        expect(request).toMatchObject({ method: 'POST', path: '/', action: 'Publish', fields: { Version: '2010-03-31' }, outcome: 200 });
        expect(request.headers['content-type']).toBe('application/x-www-form-urlencoded');
        expect(request.headers.authorization).toMatch(new RegExp(`^AWS4-HMAC-SHA256 Credential=${CREDENTIALS.accessKeyId}/\\d{8}/${REGION}/sns/aws4_request, `));
      }
      expect(results).toEqual(seen.map((r) => ({ destination: topicOf(r), status: 'sent', location: r.messageId })));
    });

    it.each([
      { case: 'email', topic: 'oncall', format: 'email', subject: '[CRITICAL] oom: container payments-api killed: out of memory (exit 137) | prod/payments-api' },
      { case: 'chat', topic: 'chat', format: 'chat', subject: undefined },
      { case: 'json', topic: 'feed', format: 'json', subject: undefined },
    ] as Array<{ case: string; topic: keyof typeof ARNS; format: TopicFormat; subject: string | undefined }>)(
      'the $case topic gets its own body, a Subject only for email, and every message attribute',
      ({ topic, format, subject }) => {
        const [request] = seen.filter((r) => r.topicArn === ARNS[topic]);
        expect(request?.subject).toBe(subject);
        expect(request?.message).toBe(renderMessage(OOM, format, { route: ROUTE, topic }).body);
        expect(request?.attributes).toEqual({
          severity: { dataType: 'String', stringValue: 'critical' },
          category: { dataType: 'String', stringValue: 'oom' },
          status: { dataType: 'String', stringValue: 'firing' },
          route: { dataType: 'String', stringValue: ROUTE },
          cluster: { dataType: 'String', stringValue: 'prod' },
          service: { dataType: 'String', stringValue: 'payments-api' },
          account: { dataType: 'String', stringValue: '111122223333' },
          region: { dataType: 'String', stringValue: 'us-west-2' },
        });
        // Every one but accountAlias, which only central mode's alerts carry.
        expect(Object.keys(request?.attributes ?? {}).sort()).toEqual(MESSAGE_ATTRIBUTE_NAMES.filter((name) => name !== 'accountAlias').sort());
      },
    );
  });

  describe('transient failures, retried by the SDK inside the invocation', () => {
    it.each([
      { case: 'Throttled (429)', fault: { error: 'Throttled' }, failures: 3 },
      { case: 'Throttled sent with a 400', fault: { error: 'Throttled', status: 400 }, failures: 3 },
      { case: 'InternalError (500)', fault: { error: 'InternalError' }, failures: 2 },
      { case: 'a dropped connection', fault: { reset: true }, failures: 2 },
      { case: 'throttling up to the last attempt', fault: { error: 'Throttled' }, failures: SNS_MAX_ATTEMPTS - 1 },
    ] as Array<{ case: string; fault: SnsFault; failures: number }>)('$case: succeeds after $failures failed attempts, backing off', async ({ fault, failures }) => {
      sns.inject({ ...fault, topicArn: ARNS.oncall, times: failures });
      const { delivery, backoffs } = setup();
      const results = await delivery.deliver(OOM, ['oncall'], ROUTE, 'evt-transient');

      const attempts = sns.requestsFor(ARNS.oncall);
      expect(attempts).toHaveLength(failures + 1);
      expect(results).toEqual([{ destination: 'oncall', status: 'sent', location: attempts[failures]?.messageId }]);
      // One SDK invocation: one invocation id, numbered attempts out of SNS_MAX_ATTEMPTS.
      expect(new Set(attempts.map((a) => a.headers['amz-sdk-invocation-id'])).size).toBe(1);
      expect(attempts.map((a) => a.headers['amz-sdk-request'])).toEqual(attempts.map((_, i) => `attempt=${i + 1}; max=${SNS_MAX_ATTEMPTS}`));
      // Each gap is at least the backoff the strategy chose, and the backoffs grow.
      const gaps = gapsBetween(attempts);
      expect(backoffs).toHaveLength(failures);
      gaps.forEach((gap, i) => expect(gap).toBeGreaterThanOrEqual((backoffs[i] ?? 0) - TIMER_SLACK_MS));
      backoffs.slice(1).forEach((delay, i) => expect(delay).toBeGreaterThan(backoffs[i] ?? 0));
    });

    describe('with the default SnsPublisher client', () => {
      // The default client takes its endpoint, Region and credentials from the environment,
      // the only way to point it at the local server without passing a client.
      const ENV = {
        AWS_ENDPOINT_URL_SNS: undefined as string | undefined,
        AWS_REGION: REGION,
        AWS_ACCESS_KEY_ID: CREDENTIALS.accessKeyId,
        AWS_SECRET_ACCESS_KEY: CREDENTIALS.secretAccessKey,
        AWS_SESSION_TOKEN: undefined,
        AWS_MAX_ATTEMPTS: undefined,
        AWS_RETRY_MODE: undefined,
        AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: undefined,
      };
      const saved: Record<string, string | undefined> = {};
      const setEnv = (name: string, value: string | undefined) => {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      };
      beforeAll(() => {
        ENV.AWS_ENDPOINT_URL_SNS = sns.endpoint;
        for (const [name, value] of Object.entries(ENV)) {
          saved[name] = process.env[name];
          setEnv(name, value);
        }
      });
      afterAll(() => {
        for (const [name, value] of Object.entries(saved)) setEnv(name, value);
      });

      it('retries a throttle and a 500 itself, one SDK attempt each, with a backoff between them', async () => {
        sns.inject({ topicArn: ARNS.oncall, error: 'Throttled', times: 1 });
        sns.inject({ topicArn: ARNS.oncall, error: 'InternalError', times: 1 });
        const delivery = createDelivery({ topics: TOPICS, publisher: new SnsPublisher({ arns: ARNS }), log: new MemoryStateStore(), deadLetters: new MemoryDeadLetters() });
        const results = await delivery.deliver(OOM, ['oncall'], ROUTE, 'evt-default-client');

        const attempts = sns.requestsFor(ARNS.oncall);
        // The publisher retries (a timed-out attempt must not be sent again blindly), so each
        // attempt is an SDK invocation of its own, without SDK retries.
        expect(attempts.map((a) => [a.outcome, a.headers['amz-sdk-request']])).toEqual([
          [429, 'attempt=1; max=1'],
          [500, 'attempt=1; max=1'],
          [200, 'attempt=1; max=1'],
        ]);
        expect(new Set(attempts.map((a) => a.headers['amz-sdk-invocation-id'])).size).toBe(3);
        expect(results).toEqual([{ destination: 'oncall', status: 'sent', location: attempts[2]?.messageId }]);
        for (const gap of gapsBetween(attempts)) expect(gap).toBeGreaterThan(0);
      });
    });
  });

  describe('throttling that outlasts every attempt', () => {
    it('tries the other topics, throws a retryable error naming the topic, and the retry resends only that topic', async () => {
      sns.inject({ topicArn: ARNS.oncall, error: 'Throttled' });
      const { delivery, deadLetters } = setup();
      const error = await delivery.deliver(OOM, ALL_TOPICS, ROUTE, 'evt-outlasted').catch((e: unknown) => e);

      expect(error).toBeInstanceOf(RetryableDeliveryError);
      expect((error as Error).message).toBe('delivery failed for oncall (ThrottledException: Rate exceeded); will be retried');
      expect(failureOf(error)).toEqual({ oncall: { name: 'ThrottledException', message: 'Rate exceeded' } });
      // Topics are published in parallel: compare what each topic got.
      const first = [...sns.requests];
      const byTopic = (topic: string) => first.filter((r) => topicOf(r) === topic);
      expect(byTopic('oncall').map((r) => r.outcome)).toEqual(Array.from({ length: SNS_MAX_ATTEMPTS }, () => 429));
      expect(byTopic('chat').map((r) => r.outcome)).toEqual([200]);
      expect(byTopic('feed').map((r) => r.outcome)).toEqual([200]);
      expect(deadLetters).toEqual(new MemoryDeadLetters());

      sns.reset();
      const retry = await delivery.deliver(OOM, ALL_TOPICS, ROUTE, 'evt-outlasted');
      expect(sns.requests.map((r) => [topicOf(r), r.outcome])).toEqual([['oncall', 200]]);
      expect(retry).toEqual([
        { destination: 'oncall', status: 'sent', location: sns.requests[0]?.messageId },
        { destination: 'chat', status: 'already-sent', location: byTopic('chat')[0]?.messageId },
        { destination: 'feed', status: 'already-sent', location: byTopic('feed')[0]?.messageId },
      ]);
    });
  });

  describe('permanent failures', () => {
    it.each([
      { case: 'a missing topic', error: 'NotFound', status: 404, name: 'NotFoundException' },
      { case: 'a denied Publish', error: 'AuthorizationError', status: 403, name: 'AuthorizationErrorException' },
      { case: 'a disabled KMS key', error: 'KMSDisabled', status: 400, name: 'KMSDisabledException' },
      { case: 'an invalid parameter', error: 'InvalidParameter', status: 400, name: 'InvalidParameterException' },
    ] as Array<{ case: string; error: SnsErrorCode; status: number; name: string }>)(
      '$case ($status $error): one attempt, a dead letter, and the other topics delivered',
      async ({ error, status, name }) => {
        sns.inject({ topicArn: ARNS.chat, error });
        const { delivery, deadLetters, deadLettered, log } = setup();
        const results = await delivery.deliver(OOM, ALL_TOPICS, ROUTE, 'evt-permanent');

        const chat = sns.requestsFor(ARNS.chat);
        expect(chat.map((r) => r.outcome)).toEqual([status]);
        const { message } = SNS_ERRORS[error];
        expect(results).toEqual([
          { destination: 'oncall', status: 'sent', location: sns.requestsFor(ARNS.oncall)[0]?.messageId },
          { destination: 'chat', status: 'dead-lettered', location: `${name}: ${message}` },
          { destination: 'feed', status: 'sent', location: sns.requestsFor(ARNS.feed)[0]?.messageId },
        ]);
        expect(deadLetters.letters).toEqual([
          { reason: 'permanent-delivery-failure', eventId: 'evt-permanent', route: ROUTE, topic: 'chat', error: { name, message }, alert: OOM, message: chat[0]?.message },
        ]);
        expect(deadLettered).toEqual(['chat']);
        // Remembered, so a retry of the event does not dead-letter it twice.
        expect(await log.get('delivery#evt-permanent', 'chat')).toMatchObject({ data: { status: 'dead-lettered' } });
      },
    );

    it('sends the dead letter to SQS over AWS JSON 1.0', async () => {
      sns.inject({ topicArn: ARNS.oncall, error: 'NotFound' });
      const sqsClient = new SQSClient({ endpoint: sqs.endpoint, region: REGION, credentials: CREDENTIALS });
      clients.push(sqsClient);
      const queueUrl = sqs.queueUrl('herald-dead-letters');
      const { delivery } = setup({ deadLetters: new SqsDeadLetters({ queueUrl, client: sqsClient }) });
      const results = await delivery.deliver(OOM, ['oncall', 'feed'], ROUTE, 'evt-sqs');

      expect(results.map((r) => [r.destination, r.status])).toEqual([['oncall', 'dead-lettered'], ['feed', 'sent']]);
      expect(sqs.messages).toHaveLength(1);
      const [sent] = sqs.messages;
      expect(sent?.queueUrl).toBe(queueUrl);
      expect(sent?.headers).toMatchObject({ 'x-amz-target': 'AmazonSQS.SendMessage', 'content-type': 'application/x-amz-json-1.0' });
      expect(JSON.parse(sent?.body ?? '')).toEqual({
        reason: 'permanent-delivery-failure',
        eventId: 'evt-sqs',
        route: ROUTE,
        topic: 'oncall',
        error: { name: 'NotFoundException', message: 'Topic does not exist' },
        alert: JSON.parse(JSON.stringify(OOM)),
        message: sns.requestsFor(ARNS.oncall)[0]?.message,
      });
    });
  });

  describe('slow responses', () => {
    it.each([
      { case: 'requestTimeout with throwOnRequestTimeout', requestHandler: { requestTimeout: TIMEOUT_MS, throwOnRequestTimeout: true } },
      { case: 'socketTimeout', requestHandler: { socketTimeout: TIMEOUT_MS } },
    ])('a response slower than the $case is a timeout the SDK retries', async ({ requestHandler }) => {
      sns.inject({ topicArn: ARNS.oncall, delayMs: SLOW_RESPONSE_MS, times: 1 });
      const { client, backoffs } = snsClient({ requestHandler });
      const { delivery } = setup({ client });
      const started = performance.now();
      const results = await delivery.deliver(OOM, ['oncall'], ROUTE, 'evt-slow');

      const attempts = sns.requestsFor(ARNS.oncall);
      expect(attempts).toHaveLength(2);
      expect(attempts[1]?.outcome).toBe(200);
      // Measured from the start: the timeout clock starts before the first connection is made.
      expect((attempts[1]?.at ?? 0) - started).toBeGreaterThanOrEqual(TIMEOUT_MS + (backoffs[0] ?? 0) - TIMER_SLACK_MS);
      expect(results).toEqual([{ destination: 'oncall', status: 'sent', location: attempts[1]?.messageId }]);
    });

    it('a topic slow past every attempt is left for the platform to retry, after the other topics', async () => {
      sns.inject({ topicArn: ARNS.oncall, delayMs: SLOW_RESPONSE_MS });
      const { delivery } = setup({ client: snsClient({ requestHandler: { requestTimeout: TIMEOUT_MS, throwOnRequestTimeout: true } }).client });
      const error = await delivery.deliver(OOM, ['oncall', 'feed'], ROUTE, 'evt-always-slow').catch((e: unknown) => e);

      expect(error).toBeInstanceOf(RetryableDeliveryError);
      expect(failureOf(error)).toEqual({
        oncall: { name: 'TimeoutError', message: `@smithy/node-http-handler - [ERROR] a request has exceeded the configured ${TIMEOUT_MS} ms requestTimeout.` },
      });
      expect(sns.requestsFor(ARNS.oncall)).toHaveLength(SNS_MAX_ATTEMPTS);
      expect(sns.requestsFor(ARNS.feed).map((r) => r.outcome)).toEqual([200]);
    });

    it('requestTimeout alone only warns: the SDK waits for the slow response', async () => {
      // @smithy/node-http-handler 4.x logs a warning past requestTimeout unless
      // throwOnRequestTimeout is set; a client meant to give up must set it (or socketTimeout).
      const warnings: string[] = [];
      const logger = { debug: () => undefined, info: () => undefined, warn: (message: string) => warnings.push(message), error: () => undefined };
      sns.inject({ topicArn: ARNS.oncall, delayMs: 2 * TIMEOUT_MS, times: 1 });
      const { delivery } = setup({ client: snsClient({ requestHandler: { requestTimeout: TIMEOUT_MS, logger } }).client });
      const started = performance.now();
      const results = await delivery.deliver(OOM, ['oncall'], ROUTE, 'evt-warn-only');

      expect(performance.now() - started).toBeGreaterThanOrEqual(2 * TIMEOUT_MS - TIMER_SLACK_MS);
      expect(sns.requestsFor(ARNS.oncall).map((r) => r.outcome)).toEqual([200]);
      expect(results.map((r) => r.status)).toEqual(['sent']);
      expect(warnings).toEqual([expect.stringContaining(`a request has exceeded the configured ${TIMEOUT_MS} ms requestTimeout`)]);
    });
  });
});
