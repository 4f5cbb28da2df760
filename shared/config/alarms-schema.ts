import { z } from 'zod';
import { SERVICE_ALARM_KINDS } from './alarms';
import { parseDuration } from './duration';

// The schema of `alarms:`, apart from its types and the helpers reading it (alarms.ts) that
// the Lambda bundles use at run time.

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
