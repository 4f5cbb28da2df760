/**
 * Which CloudWatch alarms herald receives: `ecs`, alarms on ECS or Container Insights metrics
 * or with a `ClusterName` dimension; `all`, every alarm of the account and Region; or a list of
 * namespaces to add to the ECS ones, e.g. `[AWS/ApplicationELB]`.
 */
export type AlarmReceiveConfig = 'ecs' | 'all' | string[];

/**
 * When an alarm fires: its threshold, and how many of how long periods must breach it. The
 * defaults are those of AWS's recommended alarms (shared/alarms/constants.ts).
 */
export interface AlarmTimingConfig {
  /** The length of one period, a whole number of minutes, e.g. `1m` or `5m`. @default 1m */
  period?: string;
  /** How many of the latest periods are evaluated. @default 5 */
  evaluation_periods?: number;
  /** How many of those must breach ("M out of N"). @default `evaluation_periods` (all of them) */
  datapoints_to_alarm?: number;
}

/** A utilization alarm (`cpu`, `memory`): average utilization of the service above a percentage. */
export interface UtilizationAlarmConfig extends AlarmTimingConfig {
  /** Percent of what the tasks reserve; may exceed 100. @default 80 */
  threshold?: number;
}

/** `running_tasks`: fewer tasks RUNNING than desired, or than `minimum`. */
export interface RunningTasksAlarmConfig extends AlarmTimingConfig {
  /** Alarm below this many running tasks instead of below the service's desired count. */
  minimum?: number;
}

/** `target_5xx` settings shared by every service (in `alarms.defaults`). */
export interface TargetErrorsAlarmSettingsConfig extends AlarmTimingConfig {
  /**
   * HTTP 5xx responses from the targets per period above which the alarm fires. AWS suggests
   * about 5% of the target group's usual requests per period (its `RequestCount`).
   */
  threshold?: number;
}

/** `target_5xx` of one service: the load balancer and target group in front of it. */
export interface TargetErrorsAlarmConfig extends TargetErrorsAlarmSettingsConfig {
  /** The load balancer as CloudWatch names it: `app/<name>/<id>`, the end of its ARN. */
  load_balancer: string;
  /** The service's target group: `targetgroup/<name>/<id>`, the end of its ARN. */
  target_group: string;
}

/** Settings applied to every service's alarms; a service's own win. `false` turns an alarm off. */
export interface AlarmDefaultsConfig {
  cpu?: boolean | UtilizationAlarmConfig;
  memory?: boolean | UtilizationAlarmConfig;
  running_tasks?: boolean | RunningTasksAlarmConfig;
  target_5xx?: TargetErrorsAlarmSettingsConfig;
}

/**
 * The alarms of one ECS service: CPU and memory utilization and running tasks by default
 * (`false` turns one off, `true` or a mapping turns it on), the target 5xx count when it
 * names its load balancer.
 */
export interface ServiceAlarmsConfig {
  cluster: string;
  service: string;
  cpu?: boolean | UtilizationAlarmConfig;
  memory?: boolean | UtilizationAlarmConfig;
  running_tasks?: boolean | RunningTasksAlarmConfig;
  target_5xx?: TargetErrorsAlarmConfig;
}

/** The mapping form of `alarms:`: what herald receives, and the alarms the stack creates. */
export interface AlarmsConfig {
  /** @default ecs */
  receive?: AlarmReceiveConfig;
  defaults?: AlarmDefaultsConfig;
  /** One entry per ECS service to create CloudWatch alarms for. */
  services?: ServiceAlarmsConfig[];
}

/** The kinds of alarm a service can have, as herald.yml names them. */
export const SERVICE_ALARM_KINDS = ['cpu', 'memory', 'running_tasks', 'target_5xx'] as const;

/** One of {@link SERVICE_ALARM_KINDS}. */
export type ServiceAlarmKind = (typeof SERVICE_ALARM_KINDS)[number];

/** `alarms:` in any of its forms: what herald receives (`ecs` when it is the mapping form without `receive`). */
export const alarmReceiveOf = (alarms: AlarmReceiveConfig | AlarmsConfig | undefined): AlarmReceiveConfig =>
  alarms === undefined ? 'ecs' : typeof alarms === 'string' || Array.isArray(alarms) ? alarms : (alarms.receive ?? 'ecs');

/** `alarms:` as the mapping form (the string and list forms create no alarms). */
export const alarmsMappingOf = (alarms: AlarmReceiveConfig | AlarmsConfig | undefined): AlarmsConfig =>
  alarms === undefined || typeof alarms === 'string' || Array.isArray(alarms) ? {} : alarms;

/** The ECS service an alarm is about. */
export interface AlarmServiceRef {
  cluster: string;
  service: string;
}

/**
 * The target groups `alarms.services` names (`target_5xx.target_group`), each with its ECS
 * service: an alarm on a load balancer metric carries the target group, not the service.
 */
export const alarmTargetGroupsOf = (alarms: AlarmReceiveConfig | AlarmsConfig | undefined): ReadonlyMap<string, AlarmServiceRef> =>
  new Map((alarmsMappingOf(alarms).services ?? []).flatMap((s) => (s.target_5xx === undefined ? [] : [[s.target_5xx.target_group, { cluster: s.cluster, service: s.service }] as const])));
