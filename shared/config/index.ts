/**
 * `herald.yml`: its raw types, schema and validation, at the bottom of the stages: parsed,
 * validated strictly (unknown keys, undefined references, unreachable routes, invalid
 * patterns: every issue with file, line, column and path). Each stage compiles its own slice;
 * `shared/compile` puts them together.
 *
 * @example
 * ```ts
 * const { config, issues } = loadConfigText(text, 'herald.yml');
 * // config: the validated HeraldConfig, or undefined; issues: errors and warnings with positions
 * ```
 */
export { loadConfigText, loadConfigOrThrow, loadYamlDocument } from './load';
export type { RawIssue } from './issues';
export { suggest } from './issues';
export type { LoadConfigResult } from './load';
export { ConfigError, formatIssue } from './errors';
export type { ConfigIssue } from './errors';
export { MAX_ROUTE_DEPTH, MESSAGE_ATTRIBUTE_NAMES, ROOT_ROUTE_NAME, TOPIC_FORMATS } from './constants';
export type { TopicFormat } from './constants';
export { formatDuration, MAX_DURATION_MS, parseDuration } from './duration';
export { isTimeZone, parseSilenceTime, parseTimeOfDay, parseWeekdays, WEEKDAY_NAMES } from './time';
export type { Weekday } from './time';
export { HERALD_CONFIG_SCHEMA, INHIBIT_PRESETS } from './schema';
export { ACTION_TYPES } from './actions';
export { ACTION_SCHEMAS } from './actions-schema';
export { HEARTBEAT_OFF, MAX_HEARTBEAT_CLUSTERS } from './monitoring';
export type { MonitoringConfig, OperatorConfig } from './monitoring';
export { DEFAULT_HISTORY_RETENTION_DAYS, historyRetentionDays, MAX_HISTORY_RETENTION_DAYS, parseRetentionDays } from './history';
export type { HistoryConfig } from './history';
export { DEFAULT_INSTANCE_LOG_GROUPS, DEFAULT_INSTANCE_LOG_STREAM, INSTANCE_LOG_LINES, INSTANCE_LOG_PLACEHOLDERS } from './instance-logs';
export type { InstanceLogPlaceholder, InstanceLogsConfig } from './instance-logs';
export { DEFAULT_CENTRAL_BUS, DEFAULT_MEMBER_ROLE, memberRoleName } from './accounts';
export type { AccountsConfig, CentralAccountConfig, ExternalIdConfig, MemberAccountConfig } from './accounts';
export type {
  ActionConfig,
  ActionGuardsConfig,
  ActionType,
  DrainInstanceActionConfig,
  ForceNewDeploymentActionConfig,
  InvokeActionConfig,
  RollbackActionConfig,
  ScaleActionConfig,
  StopTaskActionConfig,
} from './actions';
export { alarmReceiveOf, alarmsMappingOf, alarmTargetGroupsOf, SERVICE_ALARM_KINDS } from './alarms';
export type {
  AlarmDefaultsConfig,
  AlarmReceiveConfig,
  AlarmsConfig,
  AlarmServiceRef,
  AlarmTimingConfig,
  RunningTasksAlarmConfig,
  ServiceAlarmKind,
  ServiceAlarmsConfig,
  TargetErrorsAlarmConfig,
  TargetErrorsAlarmSettingsConfig,
  UtilizationAlarmConfig,
} from './alarms';
export type {
  HeraldConfig,
  InhibitPreset,
  PatternConfig,
  RouteConfig,
  RouteOptionsConfig,
  SilenceConfig,
  TimeIntervalConfig,
  TopicConfig,
  WeekdayName,
} from './types';
