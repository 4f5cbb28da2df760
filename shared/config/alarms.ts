import { z } from 'zod';
import { parseDuration } from './duration';

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

// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_CreateService.html (serviceName)
const ECS_NAME = /^[A-Za-z0-9_-]{1,255}$/;
// The CloudWatch dimension values: the ends of the ARNs. Load balancer and target group names
// are up to 32 letters, digits and hyphens; the id is 16 hex digits.
// https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-cloudwatch-metrics.html#load-balancer-metric-dimensions-alb
const LOAD_BALANCER = /^app\/[A-Za-z0-9-]{1,32}\/[0-9a-f]{16}$/;
const TARGET_GROUP = /^targetgroup\/[A-Za-z0-9-]{1,32}\/[0-9a-f]{16}$/;

/** A CloudWatch namespace, as `alarms: [AWS/RDS]` adds one. */
const NAMESPACE = /^[A-Za-z0-9/_.#:-]{1,255}$/;

const count = (what: string) => z.number().int({ message: `expected a whole number of ${what}` }).min(1);

// Standard-resolution metrics (ECS, Container Insights, load balancers) have one data point a
// minute; CloudWatch takes 10, 20, 30 or a multiple of 60 seconds.
// https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricAlarm.html (Period)
const period = z.string().refine((text) => {
  const ms = parseDuration(text);
  return ms !== undefined && ms > 0 && ms % 60_000 === 0;
}, { message: 'expected a whole number of minutes such as "1m", "5m" or "1h" (these metrics have one data point a minute)' });

const timing = {
  period: period.optional(),
  evaluation_periods: count('periods').optional(),
  datapoints_to_alarm: count('periods').optional(),
};

const utilization = z.union([z.boolean(), z.strictObject({ threshold: z.number().min(1).optional(), ...timing })], {
  message: 'expected true, false or a mapping of threshold, period, evaluation_periods and datapoints_to_alarm',
});

const runningTasks = z.union([z.boolean(), z.strictObject({ minimum: count('tasks').optional(), ...timing })], {
  message: 'expected true (below the desired count), false or a mapping of minimum, period, evaluation_periods and datapoints_to_alarm',
});

const targetErrorSettings = { threshold: z.number().min(0).optional(), ...timing };

/** The string form: `ecs` or `all` (a string first, so a mapping is not reported as a wrong word). */
const receiveWord = z.string().pipe(z.enum(['ecs', 'all']));
const namespaces = z.array(z.string().regex(NAMESPACE, { message: 'expected a CloudWatch namespace such as "AWS/RDS"' })).min(1);

const service = z.strictObject({
  cluster: z.string().regex(ECS_NAME, { message: 'expected a cluster name: letters, digits, "-" or "_" (at most 255)' }),
  service: z.string().regex(ECS_NAME, { message: 'expected a service name: letters, digits, "-" or "_" (at most 255)' }),
  cpu: utilization.optional(),
  memory: utilization.optional(),
  running_tasks: runningTasks.optional(),
  target_5xx: z
    .strictObject({
      load_balancer: z.string().regex(LOAD_BALANCER, { message: 'expected the load balancer as CloudWatch names it, "app/<name>/<id>": the end of its ARN, after "loadbalancer/"' }),
      target_group: z.string().regex(TARGET_GROUP, { message: 'expected the target group as CloudWatch names it, "targetgroup/<name>/<id>": the end of its ARN' }),
      ...targetErrorSettings,
    })
    .optional(),
});

const defaults = z.strictObject({
  cpu: utilization.optional(),
  memory: utilization.optional(),
  running_tasks: runningTasks.optional(),
  target_5xx: z.strictObject(targetErrorSettings).optional(),
});

/** `alarms:`: `ecs`, `all`, a list of namespaces, or the mapping form. */
export const ALARMS_SCHEMA = z.union(
  [
    receiveWord,
    namespaces,
    z.strictObject({
      receive: z.union([receiveWord, namespaces], { message: 'expected "ecs", "all" or a list of CloudWatch namespaces to add to the ECS ones' }).optional(),
      defaults: defaults.optional(),
      services: z.array(service).optional(),
    }),
  ],
  { message: 'expected "ecs", "all", a list of CloudWatch namespaces to add to the ECS ones, or a mapping of receive, defaults and services' },
);

/** Keys of the mappings under `alarms:`, for "did you mean" on unknown keys. */
export const ALARM_KEYS = {
  alarms: ['receive', 'defaults', 'services'],
  defaults: [...SERVICE_ALARM_KINDS],
  service: Object.keys(service.shape),
  utilization: ['threshold', ...Object.keys(timing)],
  runningTasks: ['minimum', ...Object.keys(timing)],
  targetErrors: ['load_balancer', 'target_group', ...Object.keys(targetErrorSettings)],
  targetErrorSettings: Object.keys(targetErrorSettings),
} as const;

/** Which keys the mapping at `alarms.<below>` may have (`below`: the path after `alarms`). */
export const alarmKeysAt = (below: readonly (string | number)[]): readonly string[] => {
  if (below.length === 0) return ALARM_KEYS.alarms;
  const [section, ...rest] = below;
  // defaults.<kind>, or services[i] and services[i].<kind>
  const kind = section === 'defaults' ? rest[0] : section === 'services' ? rest[1] : undefined;
  if (section === 'defaults' && rest.length === 0) return ALARM_KEYS.defaults;
  if (section === 'services' && rest.length === 1) return ALARM_KEYS.service;
  if (kind === 'running_tasks') return ALARM_KEYS.runningTasks;
  if (kind === 'target_5xx') return section === 'defaults' ? ALARM_KEYS.targetErrorSettings : ALARM_KEYS.targetErrors;
  return ALARM_KEYS.utilization;
};
