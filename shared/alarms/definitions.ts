import { formatDuration } from '../config/duration';
import { METRICS } from './constants';
import type { AlarmProperties, AlarmTiming, ResolvedServiceAlarms } from './types';

/** An alarm's properties but its name, which the compiler adds. */
export type AlarmDefinition = Omit<AlarmProperties, 'AlarmName'>;

/** Where every generated alarm's description ends. */
const ORIGIN = "Created by ecs-herald from herald.yml's alarms.";

/** `in 5 of the last 5 periods of 1m` */
const windowOf = (t: AlarmTiming): string => `in ${t.datapointsToAlarm} of the last ${t.evaluationPeriods} periods of ${formatDuration(t.periodSeconds * 1000)}`;

const timing = (t: AlarmTiming) => ({ EvaluationPeriods: t.evaluationPeriods, DatapointsToAlarm: t.datapointsToAlarm });

const serviceDimensions = (s: ResolvedServiceAlarms) => [
  { Name: 'ClusterName', Value: s.cluster },
  { Name: 'ServiceName', Value: s.service },
];

/**
 * `cpu` and `memory`: the service's average utilization (AWS/ECS, percent of what its tasks
 * reserve) above the threshold. No data is not breaching: ECS publishes these only while tasks
 * run, and a service without running tasks is the running-tasks alarm's to report.
 * @see https://docs.aws.amazon.com/AmazonECS/latest/developerguide/available-metrics.html
 */
export const utilizationAlarm = (s: ResolvedServiceAlarms, kind: 'cpu' | 'memory', t: AlarmTiming & { threshold: number }): AlarmDefinition => {
  const metric = METRICS[kind];
  const what = kind === 'cpu' ? 'CPU' : 'memory';
  const action = kind === 'cpu'
    ? "Unless a deployment is under way, the service is CPU-bound: scale it out (desired count, auto scaling) or raise the task definition's cpu, and check what the latest deployment changed."
    : "A container over its hard limit is killed (OutOfMemoryError): raise the task definition's memory, or find the leak, starting with what the latest deployment changed.";
  return {
    AlarmDescription: `${s.cluster}/${s.service}: average ${what} utilization above ${t.threshold}% of what its tasks reserve, ${windowOf(t)}. ${action} No data (no task running) is not breaching${s.runningTasks === undefined ? '' : ': the running-tasks alarm covers it'}. ${ORIGIN}`,
    Namespace: metric.namespace,
    MetricName: metric.name,
    Dimensions: serviceDimensions(s),
    Statistic: metric.stat,
    Period: t.periodSeconds,
    ...timing(t),
    Threshold: t.threshold,
    ComparisonOperator: 'GreaterThanThreshold',
    TreatMissingData: 'notBreaching',
  };
};

/**
 * `running_tasks`: Container Insights' RunningTaskCount below `minimum`, or (metric math) below
 * DesiredTaskCount. No data counts as breaching: a service that should run must not read as
 * healthy when its metrics stop (Container Insights off on the cluster, the service deleted).
 * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Container-Insights-metrics-ECS.html
 * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Create-alarm-on-metric-math-expression.html
 */
export const runningTasksAlarm = (s: ResolvedServiceAlarms, t: AlarmTiming & { minimum?: number }): AlarmDefinition => {
  const stat = (metric: typeof METRICS.runningTasks | typeof METRICS.desiredTasks) => ({
    Metric: { Namespace: metric.namespace, MetricName: metric.name, Dimensions: serviceDimensions(s) },
    Period: t.periodSeconds,
    Stat: metric.stat,
  });
  const condition = t.minimum === undefined
    ? 'fewer tasks RUNNING than desired (Container Insights DesiredTaskCount - RunningTaskCount above 0)'
    : `fewer than ${t.minimum} task(s) RUNNING (Container Insights RunningTaskCount)`;
  const common = {
    AlarmDescription: `${s.cluster}/${s.service}: ${condition}, ${windowOf(t)}. Tasks fail to start or keep stopping: herald's task and service alerts say why (stopped reasons, placement failures); see the service's events. Needs Container Insights on cluster ${s.cluster}: no data counts as breaching, so the alarm also fires when the metrics stop (Container Insights off, the service deleted). ${ORIGIN}`,
    ...timing(t),
    TreatMissingData: 'breaching',
  } as const;
  if (t.minimum !== undefined) {
    const metric = METRICS.runningTasks;
    return { ...common, Namespace: metric.namespace, MetricName: metric.name, Dimensions: serviceDimensions(s), Statistic: metric.stat, Period: t.periodSeconds, Threshold: t.minimum, ComparisonOperator: 'LessThanThreshold' };
  }
  return {
    ...common,
    // The metric first: herald's alert names the first metric with a name (RunningTaskCount).
    Metrics: [
      { Id: 'running', MetricStat: stat(METRICS.runningTasks), ReturnData: false },
      { Id: 'desired', MetricStat: stat(METRICS.desiredTasks), ReturnData: false },
      { Id: 'missing', Expression: 'desired - running', Label: 'Tasks short of the desired count', ReturnData: true },
    ],
    Threshold: 0,
    ComparisonOperator: 'GreaterThanThreshold',
  };
};

/**
 * `target_5xx`: HTTP 5xx responses from the service's targets, summed per period, above the
 * threshold. No data is not breaching: the load balancer publishes the count only for periods
 * with 5xx responses (and only while requests flow).
 * @see https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-cloudwatch-metrics.html
 */
export const targetErrorsAlarm = (s: ResolvedServiceAlarms, t: AlarmTiming & { loadBalancer: string; targetGroup: string; threshold: number }): AlarmDefinition => {
  const metric = METRICS.target5xx;
  return {
    AlarmDescription: `${s.cluster}/${s.service}: more than ${t.threshold} HTTP 5xx responses from its targets (target group ${t.targetGroup} of load balancer ${t.loadBalancer}) per period, ${windowOf(t)}. The application fails requests: read its logs and check what the latest deployment changed. No data is not breaching: the load balancer publishes the count only for periods with 5xx responses. ${ORIGIN}`,
    Namespace: metric.namespace,
    MetricName: metric.name,
    Dimensions: [
      { Name: 'LoadBalancer', Value: t.loadBalancer },
      { Name: 'TargetGroup', Value: t.targetGroup },
    ],
    Statistic: metric.stat,
    Period: t.periodSeconds,
    ...timing(t),
    Threshold: t.threshold,
    ComparisonOperator: 'GreaterThanThreshold',
    TreatMissingData: 'notBreaching',
  };
};
