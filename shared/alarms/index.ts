/**
 * Alarms as code: the CloudWatch alarms herald.yml's `alarms.services` asks for, per ECS
 * service (CPU and memory utilization, running tasks below desired via Container Insights,
 * the targets' 5xx count behind a load balancer), with AWS's recommended thresholds and
 * periods unless herald.yml sets its own. deploy/config.cjs adds them to the stack; their
 * state changes come back through EventBridge to the router, labelled with the service.
 *
 * @example
 * ```ts
 * const alarms = compileServiceAlarms(config);
 * // [{ logicalId: 'AlarmProdPaymentsApiCpu…', cluster: 'prod', service: 'payments-api', kind: 'cpu', properties: { AlarmName: …, MetricName: 'CPUUtilization', … } }, …]
 * ```
 */
export { alarmLogicalId, alarmName, compileServiceAlarms } from './compile';
export { ALARM_NAME_SUFFIXES, MAX_EVALUATION_SECONDS, MAX_SERVICE_NAME_LENGTH, METRICS, RECOMMENDED_ALARMS } from './constants';
export { resolveAlarmTiming, resolveServiceAlarms } from './settings';
export type { AlarmMetricStat, AlarmProperties, AlarmTiming, FnSub, ResolvedServiceAlarms, ServiceAlarm } from './types';
