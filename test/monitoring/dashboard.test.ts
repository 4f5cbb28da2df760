import { dashboardBody, dashboardWidgets, STACK_IDS, type Widget } from '../../shared/monitoring';
import { subVariables } from './support';

const ALARMS = ['${HeraldAlarmDeadLetterQueue.Arn}', '${HeraldAlarmHeartbeat.Arn}'];

const titles = (widgets: Widget[]) => widgets.map((w) => `${w.type} ${w.x},${w.y} ${w.width}x${w.height} ${String(w.properties.title)}`);

const COMMON = [
  "alarm 0,0 24x4 herald's alarms",
  'metric 0,4 8x6 Events in, alerts out',
  'metric 8,4 8x6 Alerts by severity',
  'metric 16,4 8x6 Alerts by category',
  'metric 0,10 8x6 Notified or muted, by gate outcome',
  'metric 8,10 8x6 Delivery failures',
  'metric 16,10 8x6 Latency: event time to alert sent (ms)',
  'metric 0,16 8x6 Enrichment calls, by API',
  'metric 8,16 8x6 Enrichment failures, by API and reason',
  'metric 16,16 8x6 Functions: errors and throttles',
  'metric 0,22 16x6 Alerts per cluster',
  'metric 16,22 8x6 Remediation',
  'log 0,28 12x8 Alerts by service',
  'log 12,28 12x8 Latest critical and warning alerts',
];

describe('dashboardWidgets', () => {
  it.each([
    { case: 'no named cluster', clusters: undefined, extra: [] },
    { case: 'one named cluster', clusters: ['prod'], extra: ['log 0,36 12x6 prod: alerts by service and category'] },
    {
      case: 'three named clusters, two tables a row',
      clusters: ['prod', 'staging', 'dev'],
      extra: ['log 0,36 12x6 prod: alerts by service and category', 'log 12,36 12x6 staging: alerts by service and category', 'log 0,42 12x6 dev: alerts by service and category'],
    },
  ])('lays out the grid for $case', ({ clusters, extra }) => {
    expect(titles(dashboardWidgets({ alarmArns: ALARMS, clusters }))).toEqual([...COMMON, ...extra]);
  });

  it('fills no more than the 24 columns, and no two widgets overlap', () => {
    const widgets = dashboardWidgets({ alarmArns: ALARMS, clusters: ['a', 'b', 'c'] });
    const cells = new Set<string>();
    for (const w of widgets) {
      expect(w.x + w.width).toBeLessThanOrEqual(24);
      for (let x = w.x; x < w.x + w.width; x++) for (let y = w.y; y < w.y + w.height; y++) {
        expect(cells.has(`${x},${y}`)).toBe(false);
        cells.add(`${x},${y}`);
      }
    }
  });

  it.each([
    {
      case: 'found by search when no cluster is named',
      clusters: undefined,
      metrics: [[{ expression: 'SEARCH(\'{EcsHerald,cluster,service} MetricName="Alerts" service="${AWS::StackName}"\', \'Sum\', 300)', label: '', id: 'clusters' }]],
    },
    {
      case: 'one line per named cluster',
      clusters: ['prod', 'dev'],
      metrics: [
        ['EcsHerald', 'Alerts', 'cluster', 'prod', 'service', '${AWS::StackName}', { label: 'prod' }],
        ['EcsHerald', 'Alerts', 'cluster', 'dev', 'service', '${AWS::StackName}', { label: 'dev' }],
      ],
    },
  ])('graphs alerts per cluster $case', ({ clusters, metrics }) => {
    const widget = dashboardWidgets({ alarmArns: ALARMS, clusters }).find((w) => w.properties.title === 'Alerts per cluster');
    expect(widget?.properties.metrics).toEqual(metrics);
  });

  it('breaks alerts down per service with Logs Insights over the router\'s "event processed" lines, not a metric', () => {
    const widget = dashboardWidgets({ alarmArns: ALARMS, clusters: ['prod'] }).find((w) => w.properties.title === 'prod: alerts by service and category');
    expect(widget?.properties.query).toBe(
      "SOURCE '/aws/lambda/${RouterLambdaFunction}' | filter message = 'event processed' | filter cluster = 'prod' | stats count(*) as alerts by ecsService, category, severity | sort alerts desc | limit 20",
    );
  });

  it('shows the alarms it is given', () => {
    expect(dashboardWidgets({ alarmArns: ALARMS })[0]?.properties.alarms).toEqual(ALARMS);
  });
});

describe('dashboardBody', () => {
  it('is JSON once CloudFormation resolves it, naming only the stack\'s resources and pseudo parameters', () => {
    const body = dashboardBody({ alarmArns: ALARMS, clusters: ['prod'] }) as { 'Fn::Sub': string };
    const known = new Set([...Object.values(STACK_IDS), 'DeadLetterQueue.QueueName', 'RemediationDeadLetterQueue.QueueName', 'AWS::Region', 'AWS::StackName', 'HeraldAlarmDeadLetterQueue.Arn', 'HeraldAlarmHeartbeat.Arn']);
    expect(new Set(subVariables(body['Fn::Sub'])).size).toBeGreaterThan(0);
    for (const variable of subVariables(body['Fn::Sub'])) expect(known).toContain(variable);
    const parsed = JSON.parse(body['Fn::Sub'].replace(/\$\{[^}]+\}/g, 'resolved')) as { widgets: unknown[] };
    expect(parsed.widgets).toHaveLength(15);
  });
});
