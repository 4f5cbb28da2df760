/**
 * herald watching itself, generated from herald.yml's `monitoring:` at package time: the
 * operator topic, CloudWatch alarms on the dead-letter queues, the functions' errors and
 * throttles and herald's own failure metrics, the heartbeat, and the dashboard, as a
 * CloudFormation fragment that `deploy/config.cjs` hands serverless.yml.
 *
 * @example
 * ```ts
 * const { Resources, Outputs } = monitoringResources(compileConfigFile('herald.yml').config);
 * // Resources.HeraldAlarmDeadLetterQueue: an AWS::CloudWatch::Alarm telling HeraldOperatorTopic
 * ```
 */
export { heraldAlarms } from './alarms';
export { ALARM_PERIOD_SECONDS, FLEET_PERIOD_SECONDS, HEARTBEAT_PERIOD_SECONDS, METRICS_SERVICE, MONITORING_DEFAULTS, MONITORING_IDS, STACK_IDS } from './constants';
export type { FunctionId } from './constants';
export { dashboardBody, dashboardWidgets } from './dashboard';
export type { DashboardOptions, Widget } from './dashboard';
export { fleetQuery, heartbeatAlarms } from './heartbeat';
export type { HeartbeatAlarms } from './heartbeat';
export { operatorTopic } from './operator';
export type { OperatorTopic } from './operator';
export { alarmLogicalId, renderAlarm, renderCompositeAlarm } from './render';
export { compileMonitoringSettings } from './settings';
export { monitoringResources } from './template';
export type { AlarmQuery, AlarmSpec, CfnFragment, CfnResource, CfnValue, Comparison, CompositeAlarmSpec, MetricSpec, MonitoringSettings } from './types';
