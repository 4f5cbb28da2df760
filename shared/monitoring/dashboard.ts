import { GATE_OUTCOMES } from '../gate';
import { METRICS_NAMESPACE } from '../observability';
import { ALERT_DIMENSIONS, ENRICHMENT_DIMENSIONS, gateMetricName, remediationMetricName, REPORT_METRICS } from '../pipeline';
import { REMEDIATION_OUTCOMES } from '../remediate';
import { SEVERITIES } from '../normalize';
import { ALARM_PERIOD_SECONDS, STACK_IDS } from './constants';
import type { CfnValue } from './types';

/**
 * The dashboard's widgets, as the CloudWatch dashboard body takes them: a 24-column grid,
 * `${...}` resolved by CloudFormation (`Fn::Sub`).
 * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/CloudWatch-Dashboard-Body-Structure.html
 */
export interface Widget {
  type: 'metric' | 'log' | 'alarm';
  x: number;
  y: number;
  width: number;
  height: number;
  properties: Record<string, unknown>;
}

/** A widget before it is placed: its width (of 24) and its content. */
type Cell = Omit<Widget, 'x' | 'y' | 'height'>;

const REGION = '${AWS::Region}';
const SERVICE = '${AWS::StackName}';
const ROUTER_LOGS = `/aws/lambda/\${${STACK_IDS.router}}`;
const PERIOD = ALARM_PERIOD_SECONDS;

/** A metric line: `[namespace, name, dimension, value..., options]`. */
type MetricLine = (string | Record<string, unknown>)[];

const herald = (name: string, options: Record<string, unknown> = {}): MetricLine => [METRICS_NAMESPACE, name, 'service', SERVICE, { label: name, ...options }];
const lambda = (fn: string, name: string, label: string, options: Record<string, unknown> = {}): MetricLine => ['AWS/Lambda', name, 'FunctionName', `\${${fn}}`, { label, ...options }];
const queue = (id: string, label: string): MetricLine => ['AWS/SQS', 'ApproximateNumberOfMessagesVisible', 'QueueName', `\${${id}.QueueName}`, { label, stat: 'Maximum' }];
const expression = (text: string, label: string, id: string): MetricLine => [{ expression: text, label, id }];

/**
 * Every series of a breakdown, found by CloudWatch search: new categories, clusters and APIs
 * appear by themselves.
 * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/using-search-expressions.html
 */
const search = (name: string, dimensions: readonly string[], filter = ''): string =>
  `SEARCH('{${METRICS_NAMESPACE},${[...dimensions, 'service'].sort().join(',')}} MetricName="${name}" service="${SERVICE}"${filter}', 'Sum', ${PERIOD})`;

const graph = (title: string, width: number, metrics: MetricLine[], options: Record<string, unknown> = {}): Cell => ({
  type: 'metric',
  width,
  properties: { title, region: REGION, view: 'timeSeries', stat: 'Sum', period: PERIOD, metrics, ...options },
});

/**
 * A CloudWatch Logs Insights table over the router's `event processed` lines: per service,
 * without a metric per service to pay for (a query costs by the data it scans, each time the
 * dashboard loads or refreshes it).
 * @see https://aws.amazon.com/cloudwatch/pricing/
 */
const logTable = (title: string, width: number, query: string): Cell => ({
  type: 'log',
  width,
  properties: { title, region: REGION, view: 'table', query: `SOURCE '${ROUTER_LOGS}' | filter message = 'event processed' | ${query}` },
});

/** Places rows of cells left to right, top to bottom. */
const layout = (rows: readonly { height: number; cells: readonly Cell[] }[]): Widget[] => {
  const widgets: Widget[] = [];
  let y = 0;
  for (const { height, cells } of rows) {
    let x = 0;
    for (const cell of cells) {
      widgets.push({ ...cell, x, y, height });
      x += cell.width;
    }
    y += height;
  }
  return widgets;
};

/** What the dashboard shows: the alarms, the clusters herald.yml names (if any). */
export interface DashboardOptions {
  /** `${HeraldAlarm<Id>.Arn}` of every alarm that pages. */
  alarmArns: readonly string[];
  clusters?: readonly string[];
}

/**
 * The dashboard's widgets. Alerts by severity and category, and by cluster, come from the
 * `Alerts` breakdowns; per service from the router's log lines; notified and muted from the
 * gate's outcomes; delivery failures, enrichment calls, latency and the functions' health
 * beside them. A cluster herald.yml names gets a table of its services.
 */
export const dashboardWidgets = ({ alarmArns, clusters }: DashboardOptions): Widget[] => {
  const alerts = (filter = ''): string => search(REPORT_METRICS.alert, [ALERT_DIMENSIONS.category, ALERT_DIMENSIONS.severity], filter);
  const perCluster =
    clusters === undefined
      ? [expression(search(REPORT_METRICS.alert, [ALERT_DIMENSIONS.cluster]), '', 'clusters')]
      : clusters.map((cluster) => [METRICS_NAMESPACE, REPORT_METRICS.alert, ALERT_DIMENSIONS.cluster, cluster, 'service', SERVICE, { label: cluster }]);
  const clusterTables = (clusters ?? []).map((cluster) =>
    logTable(`${cluster}: alerts by service and category`, 12, `filter cluster = '${cluster}' | stats count(*) as alerts by ecsService, category, severity | sort alerts desc | limit 20`));
  const rows = [
    { height: 4, cells: [{ type: 'alarm', width: 24, properties: { title: "herald's alarms", alarms: alarmArns } } satisfies Cell] },
    {
      height: 6,
      cells: [
        graph('Events in, alerts out', 8, [
          lambda(STACK_IDS.router, 'Invocations', 'events received'),
          herald(REPORT_METRICS.alert, { label: 'alerts' }),
          herald(REPORT_METRICS.delivered, { label: 'alerts delivered' }),
          herald(REPORT_METRICS.skipped, { label: 'events skipped' }),
        ]),
        graph('Alerts by severity', 8, SEVERITIES.map((severity, i) => expression(`SUM(${alerts(` severity="${severity}"`)})`, severity, `severity${i}`)), { stacked: true }),
        graph('Alerts by category', 8, [expression(alerts(), '', 'categories')], { stacked: true }),
      ],
    },
    {
      height: 6,
      cells: [
        graph('Notified or muted, by gate outcome', 8, GATE_OUTCOMES.map((outcome) => herald(gateMetricName(outcome), { label: outcome })), { stacked: true }),
        graph('Delivery failures', 8, [
          herald(REPORT_METRICS.retried, { label: 'events retried (retryable delivery failure)' }),
          herald(REPORT_METRICS.deadLettered, { label: 'deliveries dead-lettered' }),
          herald(REPORT_METRICS.failOpen, { label: 'sent without noise control' }),
          queue(STACK_IDS.deadLetterQueue, 'dead-letter queue depth'),
        ]),
        graph('Latency: event time to alert sent (ms)', 8, [
          herald(REPORT_METRICS.latency, { stat: 'p50', label: 'p50' }),
          herald(REPORT_METRICS.latency, { stat: 'p99', label: 'p99' }),
          lambda(STACK_IDS.router, 'Duration', 'router duration p99', { stat: 'p99' }),
        ]),
      ],
    },
    {
      height: 6,
      cells: [
        graph('Enrichment calls, by API', 8, [expression(search(REPORT_METRICS.enrichmentCalls, [ENRICHMENT_DIMENSIONS.api]), '', 'calls')], { stacked: true }),
        graph('Enrichment failures, by API and reason', 8, [expression(search(REPORT_METRICS.enrichmentFailures, [ENRICHMENT_DIMENSIONS.api, ENRICHMENT_DIMENSIONS.reason]), '', 'failures')], { stacked: true }),
        graph('Functions: errors and throttles', 8, (['router', 'digest', 'remediator'] as const).flatMap((fn) => [
          lambda(STACK_IDS[fn], 'Errors', `${fn} errors`),
          lambda(STACK_IDS[fn], 'Throttles', `${fn} throttles`),
        ])),
      ],
    },
    {
      height: 6,
      cells: [
        graph('Alerts per cluster', 16, perCluster),
        graph('Remediation', 8, [
          ...REMEDIATION_OUTCOMES.map((outcome) => herald(remediationMetricName(outcome), { label: outcome })),
          herald(REPORT_METRICS.remediationRetried, { label: 'retried' }),
          queue(STACK_IDS.remediationDeadLetterQueue, 'dead-letter queue depth'),
        ]),
      ],
    },
    {
      height: 8,
      cells: [
        logTable('Alerts by service', 12, 'stats count(*) as alerts by cluster, ecsService | sort alerts desc | limit 25'),
        logTable('Latest critical and warning alerts', 12, "filter severity != 'info' | sort @timestamp desc | fields @timestamp, cluster, ecsService, category, outcome, summary | limit 50"),
      ],
    },
    ...Array.from({ length: Math.ceil(clusterTables.length / 2) }, (_, i) => ({ height: 6, cells: clusterTables.slice(2 * i, 2 * i + 2) })),
  ];
  return layout(rows);
};

/** The dashboard body: JSON, its `${...}` left for `Fn::Sub`. */
export const dashboardBody = (options: DashboardOptions): CfnValue => ({
  'Fn::Sub': JSON.stringify({ start: '-PT12H', periodOverride: 'inherit', widgets: dashboardWidgets(options) }),
});
