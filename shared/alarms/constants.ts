import type { ServiceAlarmKind } from '../config/alarms';

/**
 * The defaults of each alarm, from AWS's recommended alarms for Amazon ECS: CPUUtilization and
 * MemoryUtilization (ClusterName, ServiceName) above 80, RunningTaskCount (Container Insights)
 * at or below 0, HTTPCode_Target_5XX_Count summed; each over 5 of 5 one-minute periods. The
 * 5xx threshold "depends on your situation" (about 5% of the usual requests), so it has none:
 * herald.yml sets it. A `running_tasks` alarm compares with the desired count by default,
 * which catches a service short of tasks, not only one with none.
 * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Best_Practice_Recommended_Alarms_AWS_Services.html#ECS
 * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Best_Practice_Recommended_Alarms_AWS_Services.html#ECS-ContainerInsights
 */
export const RECOMMENDED_ALARMS = {
  cpu: { threshold: 80, periodSeconds: 60, evaluationPeriods: 5 },
  memory: { threshold: 80, periodSeconds: 60, evaluationPeriods: 5 },
  running_tasks: { periodSeconds: 60, evaluationPeriods: 5 },
  target_5xx: { periodSeconds: 60, evaluationPeriods: 5 },
} as const satisfies Record<ServiceAlarmKind, { threshold?: number; periodSeconds: number; evaluationPeriods: number }>;

/** What each kind is called at the end of its alarm's name: `<stack>-prod/web-running-tasks`. */
export const ALARM_NAME_SUFFIXES = {
  cpu: 'cpu',
  memory: 'memory',
  running_tasks: 'running-tasks',
  target_5xx: 'target-5xx',
} as const satisfies Record<ServiceAlarmKind, string>;

/**
 * Alarm names: at most 255 characters. They start with the stack's name, at most 128.
 * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricAlarm.html
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_CreateStack.html
 */
export const MAX_ALARM_NAME_LENGTH = 255;
export const MAX_STACK_NAME_LENGTH = 128;

/**
 * How long a service's cluster and service names may be together for every alarm name to fit:
 * `<stack>-<cluster>/<service>-running-tasks`.
 */
export const MAX_SERVICE_NAME_LENGTH =
  MAX_ALARM_NAME_LENGTH - MAX_STACK_NAME_LENGTH - '-/'.length - Math.max(...Object.values(ALARM_NAME_SUFFIXES).map((s) => s.length + 1));

/**
 * CloudWatch evaluates at most one day of periods under an hour long, seven days otherwise.
 * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricAlarm.html (EvaluationPeriods)
 */
export const MAX_EVALUATION_SECONDS = { underAnHour: 86_400, otherwise: 604_800 } as const;

/**
 * The metrics, as ECS, Container Insights and Elastic Load Balancing publish them.
 * @see https://docs.aws.amazon.com/AmazonECS/latest/developerguide/available-metrics.html
 * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Container-Insights-metrics-ECS.html
 * @see https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-cloudwatch-metrics.html
 */
export const METRICS = {
  cpu: { namespace: 'AWS/ECS', name: 'CPUUtilization', stat: 'Average' },
  memory: { namespace: 'AWS/ECS', name: 'MemoryUtilization', stat: 'Average' },
  runningTasks: { namespace: 'ECS/ContainerInsights', name: 'RunningTaskCount', stat: 'Average' },
  desiredTasks: { namespace: 'ECS/ContainerInsights', name: 'DesiredTaskCount', stat: 'Average' },
  target5xx: { namespace: 'AWS/ApplicationELB', name: 'HTTPCode_Target_5XX_Count', stat: 'Sum' },
} as const;
