import type { DeliveryResult, Notifier } from '../../shared/deliver';
import type { Alert } from '../../shared/normalize';
import { compileConfigText } from '../../shared/config';
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

class RecordingNotifier implements Notifier {
  public readonly sent: { alert: Alert; destinations: readonly string[] }[] = [];
  public readonly routes: string[] = [];
  public async notify(alert: Alert, destinations: readonly string[], routeName: string): Promise<DeliveryResult[]> {
    this.sent.push({ alert, destinations });
    this.routes.push(routeName);
    return destinations.map((destination) => ({ destination, location: `mem://${destination}` }));
  }
}

describe('pipeline', () => {
  it('delivers to each matched route, each topic once, with the route\'s severity override', async () => {
    const notifier = new RecordingNotifier();
    const pipeline = createPipeline({ notifier, route });
    const report = await pipeline.processEvent(loadRawFixture('ecs-task/stopped-oom'));
    if (report.outcome !== 'alert') throw new Error('expected an alert');
    expect(report.routes.map((r) => r.route)).toEqual(['payments', 'critical']);
    expect(report.deliveries.map((d) => d.destination)).toEqual(['payments', 'oncall']);
    expect(notifier.routes).toEqual(['payments']);
    expect(notifier.sent[0]?.alert.severity).toBe('warning');
    expect(notifier.sent[0]?.alert.labels.severity).toBe('warning');
    expect(report.alert.severity).toBe('critical');
  });

  it('records but does not send a routine event', async () => {
    const notifier = new RecordingNotifier();
    const pipeline = createPipeline({ notifier, route });
    const report = await pipeline.processEvent(loadRawFixture('ecs-task/running'));
    expect(report).toMatchObject({ outcome: 'alert', deliveries: [], routes: [{ route: 'routine' }] });
    expect(notifier.sent).toHaveLength(0);
  });

  it.each([
    { case: 'null', input: null, reason: 'not-eventbridge' },
    { case: 'a string', input: 'ECS Task State Change', reason: 'not-eventbridge' },
    { case: 'an EC2 event', input: { ...loadRawFixture('ecs-task/running'), source: 'aws.ec2', 'detail-type': 'EC2 Instance State-change Notification' }, reason: 'unsupported-event' },
    { case: 'a task without a taskArn', input: { ...loadRawFixture('ecs-task/running'), detail: { clusterArn: 'arn:aws:ecs:us-west-2:111122223333:cluster/prod', lastStatus: 'RUNNING' } }, reason: 'malformed-detail' },
  ])('skips $case with reason $reason, never throws', async ({ input, reason }) => {
    const pipeline = createPipeline({ notifier: new RecordingNotifier(), route });
    await expect(pipeline.processEvent(input)).resolves.toMatchObject({ outcome: 'skipped', reason });
  });

  it('throws when delivery fails, so the platform retries', async () => {
    const pipeline = createPipeline({ notifier: { notify: () => Promise.reject(new Error('SNS down')) }, route });
    await expect(pipeline.processEvent(loadRawFixture('ecs-task/stopped-oom'))).rejects.toThrow('SNS down');
  });

  it('logs one line per event and counts it', async () => {
    const lines: [string, string, Record<string, unknown>][] = [];
    const counted: string[] = [];
    const logger = {
      info: (message: string, data: Record<string, unknown> = {}) => lines.push(['info', message, data]),
      warn: (message: string, data: Record<string, unknown> = {}) => lines.push(['warn', message, data]),
    };
    const pipeline = createPipeline({ notifier: new RecordingNotifier(), route });
    for (const input of [loadRawFixture('ecs-task/stopped-oom'), loadRawFixture('ecs-task/running'), { nope: true }]) {
      recordReport(await pipeline.processEvent(input), logger, { count: (name) => counted.push(name) });
    }
    expect(lines.map(([level, message, data]) => [level, message, data.outcome ?? data.reason])).toEqual([
      ['info', 'event processed', 'delivered'],
      ['info', 'event processed', 'not-routed'],
      ['warn', 'event skipped', 'not-eventbridge'],
    ]);
    expect(counted).toEqual(['Alerts', 'AlertsDelivered', 'Alerts', 'AlertsNotRouted', 'EventsSkipped']);
  });
});

describe('router settings', () => {
  it.each([
    { case: 'no HERALD_TOPICS', env: {}, error: 'HERALD_TOPICS must be a JSON object of topic name to SNS topic ARN, got undefined' },
    { case: 'not JSON', env: { HERALD_TOPICS: 'oncall' }, error: 'HERALD_TOPICS must be a JSON object of topic name to SNS topic ARN, got "oncall"' },
    { case: 'a value that is not an ARN', env: { HERALD_TOPICS: '{"oncall":""}' }, error: 'HERALD_TOPICS.oncall must be an SNS topic ARN, got ""' },
    { case: 'a configured topic without an ARN', env: { HERALD_TOPICS: '{}' }, error: 'HERALD_TOPICS has no ARN for topic(s) oncall of herald.yml: redeploy the stack' },
  ])('rejects $case', ({ env, error }) => {
    expect(() => readRouterSettings(env, ['oncall'])).toThrow(error);
  });

  it('reads topic ARNs by name', () => {
    expect(readRouterSettings({ HERALD_TOPICS: '{"oncall":"arn:aws:sns:us-west-2:111122223333:t"}' }, ['oncall'])).toEqual({
      topics: { oncall: 'arn:aws:sns:us-west-2:111122223333:t' },
    });
  });
});
