import { z } from 'zod';
import { TOPIC_FORMATS } from './constants';
import { isTimeZone, parseSilenceTime, parseTimeOfDay, parseWeekdays, WEEKDAY_NAMES } from './time';
import { SEVERITIES } from '../normalize/constants';
import { MAX_DURATION_MS, parseDuration } from './duration';
import { ACTION_KEYS, ACTION_SCHEMA } from './actions-schema';
import { ALARMS_SCHEMA } from './alarms-schema';
import { MONITORING_KEYS, MONITORING_SCHEMA, OPERATOR_KEYS } from './monitoring-schema';
import { HISTORY_KEYS, HISTORY_SCHEMA } from './history-schema';
import { INSTANCE_LOGS_KEYS, INSTANCE_LOGS_SCHEMA } from './instance-logs-schema';
import { ACCOUNTS_SCHEMA } from './accounts-schema';
import type { HeraldConfig, InhibitPreset, RouteConfig, TimeIntervalConfig } from './types';

/** Topic and action names: they become CloudFormation logical ids and SNS topic names. */
export const NAME = /^[A-Za-z][A-Za-z0-9_-]{0,63}$/;
/** Route names: readable in alerts and in `herald silence`. */
export const ROUTE_NAME = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}$/;


/** Inhibition presets `inhibit` may switch on (see {@link InhibitPreset}). */
export const INHIBIT_PRESETS = ['deployments', 'infrastructure'] as const satisfies readonly InhibitPreset[];

const duration = z.string().refine((text) => {
  const ms = parseDuration(text);
  return ms !== undefined && ms <= MAX_DURATION_MS;
}, { message: 'expected a duration such as "30s", "15m" or "1h30m" (units ms, s, m, h, d; at most 31d)' });

const name = (what: 'a topic' | 'an action' | 'a time interval') => z.string().regex(NAME, { message: `expected ${what} name: a letter, then letters, digits, "-" or "_" (at most 64)` });

// Patterns are checked by the pattern compiler, which reports every problem with its path.
const pattern = z.record(z.string(), z.unknown());

const options = {
  notify: z.array(name('a topic')).optional(),
  remediate: z.array(name('an action')).optional(),
  throttle: duration.optional(),
  throttle_by: z.array(z.string().min(1)).min(1).optional(),
  group_by: z.array(z.string().min(1)).optional(),
  group_wait: duration.optional(),
  group_interval: duration.optional(),
  group_interval_max: duration.optional(),
  repeat_interval: duration.optional(),
  resolve_hold: duration.optional(),
  severity: z.enum(SEVERITIES).optional(),
  // Names are checked against `time_intervals` by the validator, with "did you mean".
  mute_time_intervals: z.array(z.string().min(1)).optional(),
  active_time_intervals: z.array(z.string().min(1)).optional(),
};

const route: z.ZodType<RouteConfig> = z.lazy(() =>
  z.strictObject({
    name: z.string().regex(ROUTE_NAME, { message: 'expected a route name: letters, digits, ".", ":", "-" or "_" (at most 128)' }),
    match: pattern.optional(),
    event: pattern.optional(),
    continue: z.boolean().optional(),
    ...options,
    routes: z.array(route).optional(),
  }),
);

const email = z.email({ message: 'expected an email address' });

const topic = z
  .strictObject({
    display_name: z.string().min(1).max(100).optional(),
    emails: z.array(z.union([email, z.strictObject({ address: email, filter: pattern })], { message: 'expected an email address, or a mapping with "address" and "filter"' })).optional(),
    format: z.enum(TOPIC_FORMATS).optional(),
    min_severity: z.enum(SEVERITIES).optional(),
    arn: z.string().regex(/^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}$/, { message: 'expected an SNS topic ARN (arn:aws:sns:<region>:<account>:<name>)' }).optional(),
  })
  .refine((t) => !(t.arn !== undefined && t.emails !== undefined), {
    message: 'a topic given by "arn" is not managed by the stack: subscribe its emails where the topic is defined, or drop "arn"',
    path: ['emails'],
  });

const dateTime = z.string().refine((text) => parseSilenceTime(text) !== undefined, {
  message: 'expected an ISO 8601 date-time with a time zone, e.g. "2026-12-01T22:00:00Z" or "2026-12-01T23:00:00+01:00"',
});

const silence = z.strictObject({
  matchers: pattern,
  starts: dateTime.optional(),
  ends: dateTime,
  comment: z.string().regex(/\S/, { message: 'expected a comment saying why the alerts are muted' }),
  created_by: z.string().min(1).optional(),
});

/** A lowercase day name for "Monday" or "mon". */
const suggestWeekday = (word: string): string | undefined => WEEKDAY_NAMES.find((day) => day.startsWith(word.toLowerCase().slice(0, 3)) && word.length >= 3);

const weekday = z.string().superRefine((entry, ctx) => {
  if (parseWeekdays(entry) !== undefined) return;
  const [first = '', last] = entry.split(':');
  const wrong = [first, last].find((day) => day !== undefined && !(WEEKDAY_NAMES as readonly string[]).includes(day));
  const hint = wrong === undefined ? undefined : suggestWeekday(wrong);
  ctx.addIssue({
    code: 'custom',
    message: `expected a weekday (lowercase, "monday" to "sunday") or a range such as "monday:friday", got ${JSON.stringify(entry)}${hint === undefined ? '' : ` (did you mean "${hint}"?)`}`,
  });
});

const timeOfDay = z.string().refine((text) => parseTimeOfDay(text) !== undefined, { message: 'expected a time of day "HH:MM" from "00:00" to "24:00"' });

const timeRange = z.strictObject({ start: timeOfDay, end: timeOfDay }).superRefine((range, ctx) => {
  const [start, end] = [parseTimeOfDay(range.start), parseTimeOfDay(range.end)];
  // An invalid time is reported on its own.
  if (start === undefined || end === undefined || start < end) return;
  ctx.addIssue({
    code: 'custom',
    path: ['end'],
    message: `a time range must start before it ends, "${range.start}" to "${range.end}" does not; one that crosses midnight is written as two entries, e.g. {start: "22:00", end: "24:00"} and {start: "00:00", end: "06:00"}`,
  });
});

const timeInterval: z.ZodType<TimeIntervalConfig> = z.strictObject({
  weekdays: z.array(weekday).min(1).optional(),
  times: z.array(timeRange).min(1).optional(),
  location: z.string().refine(isTimeZone, { message: 'expected an IANA time zone such as "Europe/Berlin" or "UTC"' }).optional(),
});

const inhibit = z.array(z.enum(INHIBIT_PRESETS)).superRefine((presets, ctx) => {
  presets.forEach((preset, i) => {
    if (presets.indexOf(preset) < i) ctx.addIssue({ code: 'custom', path: [i], message: `duplicate preset "${preset}"` });
  });
});

/** The strict schema of `herald.yml`: unknown keys are errors, to catch typos. */
export const HERALD_CONFIG_SCHEMA: z.ZodType<HeraldConfig> = z.strictObject({
  version: z.literal(1).optional(),
  // https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_CreateCluster.html (clusterName)
  clusters: z.array(z.string().regex(/^[A-Za-z0-9_-]{1,255}$/, { message: 'expected a cluster name: letters, digits, "-" or "_" (at most 255)' })).min(1).optional(),
  enrich: z.strictObject({
    log_lines: z.number().int({ message: 'expected a whole number of lines' }).min(0).max(100, { message: 'at most 100 log lines' }).optional(),
    redact: z.array(z.string().min(1).refine((source) => {
      try {
        new RegExp(source);
        return true;
      } catch {
        return false;
      }
    }, { message: 'expected a regular expression (JavaScript syntax)' })).optional(),
    budget: duration.refine((text) => (parseDuration(text) ?? 0) <= 20_000, { message: 'at most 20s: the function must still deliver' }).optional(),
    // Log group names: 1 to 512 of these characters. A prefix becomes part of an IAM resource ARN.
    // https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_CreateLogGroup.html
    log_groups: z
      .array(z.string().regex(/^[A-Za-z0-9_./#-]{1,512}$/, { message: 'expected a log group name prefix such as "/ecs/": letters, digits, "_", "-", ".", "/" or "#" (at most 512)' }))
      .min(1)
      .optional(),
    instance_logs: INSTANCE_LOGS_SCHEMA.optional(),
  }).optional(),
  topics: z.record(name('a topic'), topic),
  default: z.strictObject(options).optional(),
  routes: z.array(route).optional(),
  actions: z.record(name('an action'), ACTION_SCHEMA).optional(),
  silences: z.array(silence).optional(),
  time_intervals: z
    .record(name('a time interval'), z.union([timeInterval, z.array(timeInterval).min(1)], { message: 'expected a time interval (a mapping of weekdays, times and location) or a non-empty list of them' }))
    .optional(),
  inhibit: inhibit.optional(),
  alarms: ALARMS_SCHEMA.optional(),
  monitoring: MONITORING_SCHEMA.optional(),
  history: HISTORY_SCHEMA.optional(),
  accounts: ACCOUNTS_SCHEMA.optional(),
});

/** Keys a mapping at a path may have, for "did you mean" hints on unknown keys. */
export const KNOWN_KEYS = {
  root: ['version', 'clusters', 'enrich', 'topics', 'default', 'routes', 'actions', 'silences', 'time_intervals', 'inhibit', 'alarms', 'monitoring', 'history', 'accounts'],
  enrich: ['log_lines', 'redact', 'budget', 'log_groups', 'instance_logs'],
  instanceLogs: INSTANCE_LOGS_KEYS,
  history: HISTORY_KEYS,
  route: ['name', 'match', 'event', 'continue', ...Object.keys(options), 'routes'],
  default: Object.keys(options),
  topic: ['display_name', 'emails', 'arn', 'format', 'min_severity'],
  action: ACTION_KEYS,
  silence: Object.keys(silence.shape),
  timeInterval: ['weekdays', 'times', 'location'],
  timeRange: ['start', 'end'],
  monitoring: MONITORING_KEYS,
  operator: OPERATOR_KEYS,
} as const;
