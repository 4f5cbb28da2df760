import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createDelivery,
  MAX_SUBJECT_LENGTH,
  MemoryDeadLetters,
  messageAttributes,
  OutboxPublisher,
  renderMessage,
  SnsPublisher,
  SqsDeadLetters,
  TOPIC_FORMATS,
  type TopicTarget,
} from '../../shared/deliver';
import { illFormedPaths, LONE_HIGH, LONE_LOW, oomAlertWith } from '../support/ill-formed-text';

// Every place delivery hands text to an encoder gets well-formed text: a lone surrogate in the
// event is sent as U+FFFD, never a reason to drop the alert.

const sns = mockClient(SNSClient);
const sqs = mockClient(SQSClient);
const ARNS = { oncall: 'arn:aws:sns:us-west-2:111122223333:oncall', chat: 'arn:aws:sns:us-west-2:111122223333:chat', feed: 'arn:aws:sns:us-west-2:111122223333:feed' };
const TOPICS = new Map<string, TopicTarget>([
  ['oncall', { name: 'oncall', format: 'email' }],
  ['chat', { name: 'chat', format: 'chat' }],
  ['feed', { name: 'feed', format: 'json' }],
]);
const CONTEXT = { route: 'critical', topic: 'oncall' };
/** JSON's escape for a lone surrogate: what a document carries when it was not repaired. */
const SURROGATE_ESCAPE = /\\ud[89a-f][0-9a-f]{2}/i;

/** Where event text can hold a lone surrogate, and what the alert then shows. */
const CASES = [
  { case: 'a stoppedReason cut inside an emoji', text: { stoppedReason: `Essential container in task exited ${LONE_HIGH}` }, shown: 'Essential container in task exited \ufffd' },
  { case: 'a container name', text: { container: `payments-${LONE_LOW}api` }, shown: 'payments-\ufffdapi' },
  { case: 'a service name (a message attribute)', text: { service: `payments-api${LONE_HIGH}` }, shown: 'payments-api\ufffd' },
  { case: 'a cluster name (a message attribute)', text: { cluster: `${LONE_LOW}prod` }, shown: '\ufffdprod' },
];

beforeEach(() => {
  sns.reset();
  sqs.reset();
});

describe('rendering', () => {
  it.each(CASES)('$case: every format renders U+FFFD, the JSON formats no surrogate escape', ({ text, shown }) => {
    const alert = oomAlertWith(text);
    for (const format of TOPIC_FORMATS) {
      const { body } = renderMessage(alert, format, CONTEXT);
      expect(body.isWellFormed()).toBe(true);
      expect(body).not.toMatch(SURROGATE_ESCAPE);
      if (format !== 'email') expect(illFormedPaths(JSON.parse(body))).toEqual([]);
      // The email's plain text shows the name or reason as it was, repaired.
      if (format === 'email') expect(body).toContain(shown);
    }
  });

  it.each(CASES)('$case: the email subject stays printable ASCII under the SNS limit', ({ text }) => {
    const { subject } = renderMessage(oomAlertWith(text), 'email', CONTEXT);
    expect(subject).toMatch(/^\[CRITICAL\] oom: [\x20-\x7e]+$/);
    expect(subject?.length).toBeLessThanOrEqual(MAX_SUBJECT_LENGTH);
  });
});

describe('SNS publish', () => {
  it.each(CASES)('$case: body, subject and every attribute value are well-formed', async ({ text, shown }) => {
    sns.on(PublishCommand).resolves({ MessageId: 'm' });
    const alert = oomAlertWith(text);
    const publisher = new SnsPublisher({ arns: ARNS, client: new SNSClient({ region: 'us-west-2' }) });
    for (const topic of TOPICS.values()) await publisher.publish(topic, renderMessage(alert, topic.format, CONTEXT), messageAttributes(alert, 'critical'));

    const inputs = sns.commandCalls(PublishCommand).map((call) => call.args[0].input);
    expect(inputs).toHaveLength(TOPICS.size);
    for (const input of inputs) expect(illFormedPaths(input)).toEqual([]);
    expect(inputs.some((input) => input.Message?.includes(shown) === true || Object.values(input.MessageAttributes ?? {}).some((a) => a.StringValue === shown))).toBe(true);
  });

  it('repairs what it is given even when the caller did not', async () => {
    sns.on(PublishCommand).resolves({ MessageId: 'm' });
    const publisher = new SnsPublisher({ arns: ARNS, client: new SNSClient({ region: 'us-west-2' }) });
    await publisher.publish(
      { name: 'oncall', format: 'email' },
      { format: 'email', subject: `[CRITICAL] ${LONE_HIGH}`, body: `body ${LONE_LOW}`, extension: 'txt' },
      { service: `payments${LONE_HIGH}` },
    );
    expect(sns.commandCalls(PublishCommand)[0]?.args[0].input).toEqual({
      TopicArn: ARNS.oncall,
      Subject: '[CRITICAL] \ufffd',
      Message: 'body \ufffd',
      MessageAttributes: { service: { DataType: 'String', StringValue: 'payments\ufffd' } },
    });
  });
});

describe('SQS dead letter', () => {
  it.each(CASES)('$case: the body is JSON with U+FFFD, no surrogate escape', async ({ text, shown }) => {
    sqs.on(SendMessageCommand).resolves({ MessageId: 'd' });
    const alert = oomAlertWith(text);
    const deadLetters = new SqsDeadLetters({ queueUrl: 'https://sqs.us-west-2.amazonaws.com/111122223333/herald-dlq', client: new SQSClient({ region: 'us-west-2' }) });
    // A letter made before rendering, so the alert and the message are still ill-formed.
    await deadLetters.send({
      reason: 'permanent-delivery-failure', eventId: 'evt-dlq', route: 'critical', topic: 'oncall',
      error: { name: 'NotFoundException', message: `Topic ${LONE_HIGH} does not exist` }, alert, message: `rendered ${LONE_LOW}`,
    });
    const body = sqs.commandCalls(SendMessageCommand)[0]?.args[0].input.MessageBody ?? '';
    expect(body).not.toMatch(SURROGATE_ESCAPE);
    const letter = JSON.parse(body) as { alert: unknown; message: string; error: { message: string } };
    expect(illFormedPaths(letter)).toEqual([]);
    expect(JSON.stringify(letter.alert)).toContain(JSON.stringify(shown).slice(1, -1));
    expect(letter).toMatchObject({ message: 'rendered \ufffd', error: { message: 'Topic \ufffd does not exist' } });
  });
});

describe('outbox', () => {
  let directory: string;
  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), 'herald-outbox-'));
  });
  afterEach(() => rmSync(directory, { recursive: true, force: true }));

  it.each(CASES)('$case: the files hold U+FFFD, as SNS would carry it', async ({ text, shown }) => {
    const delivery = createDelivery({ topics: TOPICS, publisher: new OutboxPublisher({ directory }), deadLetters: new MemoryDeadLetters() });
    const results = await delivery.deliver(oomAlertWith(text), [...TOPICS.keys()], 'critical', 'evt-outbox');
    expect(results.map((r) => r.status)).toEqual(['sent', 'sent', 'sent']);

    const files = [...TOPICS.keys()].flatMap((topic) => readdirSync(join(directory, topic)).map((file) => readFileSync(join(directory, topic, file), 'utf8')));
    expect(files).toHaveLength(3 * TOPICS.size);
    for (const file of files) expect(file).not.toMatch(SURROGATE_ESCAPE);
    expect(files.some((file) => file.includes(shown))).toBe(true);
    const oncall = readFileSync(join(directory, 'oncall', '1.txt'), 'utf8');
    expect(oncall).toMatch(/^Subject: \[CRITICAL\] oom: [\x20-\x7e]+\n\n/);
  });
});
