import { createDelivery, type Delivery, MemoryDeadLetters, type Publisher } from '../../shared/deliver';
import type { Alert } from '../../shared/normalize';
import { MemoryStateStore } from '../../shared/state';
import { compileConfigText } from '../../shared/compile';
import { createPipeline, readRouterSettings, recordReport, routeWith } from '../../shared/pipeline';
import { loadRawFixture } from '../support/fixtures';

const CONFIG = compileConfigText(
  [
    'topics: { oncall: { emails: [oncall@example.com] }, payments: { emails: [payments@example.com] } }',
    'default: { notify: [oncall] }',
    'routes:',
    '  - { name: routine, match: { severity: [info] }, notify: [] }',
    '  - { name: payments, match: { service: [payments-api] }, notify: [payments, oncall], severity: warning, continue: true }',
    '  - { name: critical, match: { severity: [critical] } }',
  ].join('\n'),
  'test.yml',
);
const route = routeWith(CONFIG.routes);

/** Records what each topic was sent, and by which route (from the message attributes). */
class RecordingPublisher implements Publisher {
  public readonly sent: { topic: string; route: string; alert: Alert }[] = [];
  public async publish(topic: { name: string }, _message: unknown, attributes: Readonly<Record<string, string>>, alert: Alert): Promise<string> {
    this.sent.push({ topic: topic.name, route: attributes.route ?? '', alert });
    return `mem://${topic.name}`;
  }
}

const deliveryWith = (publisher: Publisher): Delivery =>
  createDelivery({ topics: CONFIG.targets, publisher, log: new MemoryStateStore(), deadLetters: new MemoryDeadLetters() });

describe('pipeline', () => {
  it('delivers to each matched route, each topic once, with the route\'s severity override', async () => {
    const publisher = new RecordingPublisher();
    const pipeline = createPipeline({ delivery: deliveryWith(publisher), route });
    const report = await pipeline.processEvent(loadRawFixture('ecs-task/stopped-oom'));
    if (report.outcome !== 'alert') throw new Error('expected an alert');
    expect(report.routes.map((r) => r.route)).toEqual(['payments', 'critical']);
    expect(report.deliveries.map((d) => [d.destination, d.status])).toEqual([['payments', 'sent'], ['oncall', 'sent']]);
    expect(publisher.sent.map((s) => [s.topic, s.route])).toEqual([['payments', 'payments'], ['oncall', 'payments']]);
    expect(publisher.sent[0]?.alert.severity).toBe('warning');
    expect(publisher.sent[0]?.alert.labels.severity).toBe('warning');
    expect(report.alert.severity).toBe('critical');
  });

  it('alerts on a stopped task whose detail lost its taskArn, noting the partial event', async () => {
    const publisher = new RecordingPublisher();
    const pipeline = createPipeline({ delivery: deliveryWith(publisher), route });
    const report = await pipeline.processEvent(loadRawFixture('ecs-task/stopped-no-task-arn'));
    expect(report).toMatchObject({ outcome: 'alert', alert: { category: 'task-init', severity: 'critical' } });
    expect(publisher.sent.length).toBeGreaterThan(0);
    expect(publisher.sent[0]?.alert.warnings).toEqual(['partial event: detail.taskArn is missing; the task ARN was taken from resources[0]']);
  });

  it('records but does not send a routine event', async () => {
    const publisher = new RecordingPublisher();
    const pipeline = createPipeline({ delivery: deliveryWith(publisher), route });
    const report = await pipeline.processEvent(loadRawFixture('ecs-task/running'));
    expect(report).toMatchObject({ outcome: 'alert', deliveries: [], routes: [{ route: 'routine' }] });
    expect(publisher.sent).toHaveLength(0);
  });

  it.each([
    { case: 'null', input: null, reason: 'not-eventbridge' },
    { case: 'a string', input: 'ECS Task State Change', reason: 'not-eventbridge' },
    { case: 'an EC2 event', input: { ...loadRawFixture('ecs-task/running'), source: 'aws.ec2', 'detail-type': 'EC2 Instance State-change Notification' }, reason: 'unsupported-event' },
    { case: 'a task that nothing identifies (no task ARN anywhere, no cluster, group or task definition)', input: { ...loadRawFixture('ecs-task/running'), resources: [], detail: { lastStatus: 'RUNNING' } }, reason: 'malformed-detail' },
  ])('skips $case with reason $reason, never throws', async ({ input, reason }) => {
    const pipeline = createPipeline({ delivery: deliveryWith(new RecordingPublisher()), route });
    await expect(pipeline.processEvent(input)).resolves.toMatchObject({ outcome: 'skipped', reason });
  });

  it('throws when delivery fails retryably, after trying every route\'s topics', async () => {
    const publisher: Publisher = { publish: () => Promise.reject(Object.assign(new Error('SNS down'), { name: 'InternalError', $metadata: { httpStatusCode: 500 } })) };
    const pipeline = createPipeline({ delivery: deliveryWith(publisher), route });
    await expect(pipeline.processEvent(loadRawFixture('ecs-task/stopped-oom'))).rejects.toThrow(
      'delivery failed for payments (InternalError: SNS down), oncall (InternalError: SNS down); will be retried',
    );
  });

  it('logs one line per event and counts it', async () => {
    const lines: [string, string, Record<string, unknown>][] = [];
    const counted: string[] = [];
    const logger = {
      info: (message: string, data: Record<string, unknown> = {}) => lines.push(['info', message, data]),
      warn: (message: string, data: Record<string, unknown> = {}) => lines.push(['warn', message, data]),
    };
    const pipeline = createPipeline({ delivery: deliveryWith(new RecordingPublisher()), route });
    for (const input of [loadRawFixture('ecs-task/stopped-oom'), loadRawFixture('ecs-task/running'), { nope: true }]) {
      recordReport(await pipeline.processEvent(input), logger, { count: (name) => counted.push(name), duration: () => undefined });
    }
    expect(lines.map(([level, message, data]) => [level, message, data.outcome ?? data.reason])).toEqual([
      ['info', 'event processed', 'delivered'],
      ['info', 'event processed', 'not-routed'],
      ['warn', 'event skipped', 'not-eventbridge'],
    ]);
    expect(counted).toEqual(['Alerts', 'GateSent', 'AlertsDelivered', 'Alerts', 'GateSent', 'AlertsNotRouted', 'EventsSkipped']);
  });
});

describe('router settings', () => {
  it.each([
    { case: 'no HERALD_TOPICS', env: {}, error: 'HERALD_TOPICS must be a JSON object of topic name to SNS topic ARN, got undefined' },
    { case: 'not JSON', env: { HERALD_TOPICS: 'oncall' }, error: 'HERALD_TOPICS must be a JSON object of topic name to SNS topic ARN, got "oncall"' },
    { case: 'a value that is not an ARN', env: { HERALD_TOPICS: '{"oncall":""}' }, error: 'HERALD_TOPICS.oncall must be an SNS topic ARN, got ""' },
    { case: 'a configured topic without an ARN', env: { HERALD_TOPICS: '{}' }, error: 'HERALD_TOPICS has no ARN for topic(s) oncall of herald.yml: redeploy the stack' },
    { case: 'no state table', env: { HERALD_TOPICS: '{"oncall":"arn:aws:sns:us-west-2:111122223333:t"}' }, error: 'HERALD_STATE_TABLE must name the state table' },
    { case: 'no dead-letter queue', env: { HERALD_TOPICS: '{"oncall":"arn:aws:sns:us-west-2:111122223333:t"}', HERALD_STATE_TABLE: 'state' }, error: 'HERALD_DEAD_LETTER_QUEUE_URL must be an SQS queue URL, got undefined' },
  ])('rejects $case', ({ env, error }) => {
    expect(() => readRouterSettings(env, ['oncall'])).toThrow(error);
  });

  it('reads topic ARNs by name, the state table and the dead-letter queue', () => {
    const env = {
      HERALD_TOPICS: '{"oncall":"arn:aws:sns:us-west-2:111122223333:t"}',
      HERALD_STATE_TABLE: 'ecs-herald-state',
      HERALD_DEAD_LETTER_QUEUE_URL: 'https://sqs.us-west-2.amazonaws.com/111122223333/dlq',
    };
    expect(readRouterSettings(env, ['oncall'])).toEqual({
      topics: { oncall: 'arn:aws:sns:us-west-2:111122223333:t' },
      stateTable: 'ecs-herald-state',
      deadLetterQueueUrl: 'https://sqs.us-west-2.amazonaws.com/111122223333/dlq',
    });
  });
});
