import type { DeliveryResult, Notifier } from '../../shared/deliver';
import type { Alert } from '../../shared/normalize';
import { createPipeline, readRouterSettings, recordReport, routeBySeverity } from '../../shared/pipeline';
import { loadRawFixture } from '../support/fixtures';

class RecordingNotifier implements Notifier {
  public readonly sent: { alert: Alert; destinations: readonly string[] }[] = [];
  public async notify(alert: Alert, destinations: readonly string[]): Promise<DeliveryResult[]> {
    this.sent.push({ alert, destinations });
    return destinations.map((destination) => ({ destination, location: `mem://${destination}` }));
  }
}

describe('pipeline', () => {
  it('delivers an alert at or above the minimum severity', async () => {
    const notifier = new RecordingNotifier();
    const pipeline = createPipeline({ notifier, route: routeBySeverity('warning') });
    const report = await pipeline.processEvent(loadRawFixture('ecs-task/stopped-oom'));
    expect(report).toMatchObject({ outcome: 'alert', deliveries: [{ destination: 'default' }] });
    expect(notifier.sent).toHaveLength(1);
  });

  it('records but does not send a routine event', async () => {
    const notifier = new RecordingNotifier();
    const pipeline = createPipeline({ notifier, route: routeBySeverity('warning') });
    const report = await pipeline.processEvent(loadRawFixture('ecs-task/running'));
    expect(report).toMatchObject({ outcome: 'alert', deliveries: [] });
    expect(notifier.sent).toHaveLength(0);
  });

  it.each([
    { case: 'null', input: null, reason: 'not-eventbridge' },
    { case: 'a string', input: 'ECS Task State Change', reason: 'not-eventbridge' },
    { case: 'an EC2 event', input: { ...loadRawFixture('ecs-task/running'), source: 'aws.ec2', 'detail-type': 'EC2 Instance State-change Notification' }, reason: 'unsupported-event' },
    { case: 'a task without a taskArn', input: { ...loadRawFixture('ecs-task/running'), detail: { clusterArn: 'arn:aws:ecs:us-west-2:111122223333:cluster/prod', lastStatus: 'RUNNING' } }, reason: 'malformed-detail' },
  ])('skips $case with reason $reason, never throws', async ({ input, reason }) => {
    const pipeline = createPipeline({ notifier: new RecordingNotifier() });
    await expect(pipeline.processEvent(input)).resolves.toMatchObject({ outcome: 'skipped', reason });
  });

  it('throws when delivery fails, so the platform retries', async () => {
    const pipeline = createPipeline({ notifier: { notify: () => Promise.reject(new Error('SNS down')) } });
    await expect(pipeline.processEvent(loadRawFixture('ecs-task/stopped-oom'))).rejects.toThrow('SNS down');
  });

  it('logs one line per event and counts it', async () => {
    const lines: [string, string, Record<string, unknown>][] = [];
    const counted: string[] = [];
    const logger = {
      info: (message: string, data: Record<string, unknown> = {}) => lines.push(['info', message, data]),
      warn: (message: string, data: Record<string, unknown> = {}) => lines.push(['warn', message, data]),
    };
    const pipeline = createPipeline({ notifier: new RecordingNotifier(), route: routeBySeverity('warning') });
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
    { case: 'no topic', env: {}, error: 'HERALD_TOPIC_ARN must be an SNS topic ARN, got undefined' },
    { case: 'bad severity', env: { HERALD_TOPIC_ARN: 'arn:aws:sns:us-west-2:1:t', HERALD_MIN_SEVERITY: 'page' }, error: 'HERALD_MIN_SEVERITY must be one of critical, warning, info, got "page"' },
  ])('rejects $case', ({ env, error }) => {
    expect(() => readRouterSettings(env)).toThrow(error);
  });

  it('defaults the minimum severity to warning', () => {
    expect(readRouterSettings({ HERALD_TOPIC_ARN: 'arn:aws:sns:us-west-2:1:t' })).toEqual({ topicArn: 'arn:aws:sns:us-west-2:1:t', minSeverity: 'warning' });
  });
});
