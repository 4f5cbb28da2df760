import { z } from 'zod';
import { TOPIC_FORMATS } from '../deliver/formats/constants';
import { SEVERITIES } from '../normalize';
import { MAX_DURATION_MS, parseDuration } from './duration';
import type { HeraldConfig, RouteConfig } from './types';

/** Topic and action names: they become CloudFormation logical ids and SNS topic names. */
export const NAME = /^[A-Za-z][A-Za-z0-9_-]{0,63}$/;
/** Route names: readable in alerts and in `herald silence`. */
export const ROUTE_NAME = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}$/;

/** Remediation action types (their behaviour is defined by the remediation stage). */
export const ACTION_TYPES = ['force-new-deployment', 'rollback', 'scale', 'stop-task', 'drain-instance'] as const;

const duration = z.string().refine((text) => {
  const ms = parseDuration(text);
  return ms !== undefined && ms <= MAX_DURATION_MS;
}, { message: 'expected a duration such as "30s", "15m" or "1h30m" (units ms, s, m, h, d; at most 31d)' });

const name = (what: 'a topic' | 'an action') => z.string().regex(NAME, { message: `expected ${what} name: a letter, then letters, digits, "-" or "_" (at most 64)` });

// Patterns are checked by the pattern compiler, which reports every problem with its path.
const pattern = z.record(z.string(), z.unknown());

const options = {
  notify: z.array(name('a topic')).optional(),
  remediate: z.array(name('an action')).optional(),
  throttle: duration.optional(),
  group_by: z.array(z.string().min(1)).optional(),
  group_wait: duration.optional(),
  group_interval: duration.optional(),
  repeat_interval: duration.optional(),
  severity: z.enum(SEVERITIES).optional(),
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
  }).optional(),
  topics: z.record(name('a topic'), topic),
  default: z.strictObject(options).optional(),
  routes: z.array(route).optional(),
  actions: z.record(name('an action'), z.strictObject({ type: z.enum(ACTION_TYPES) })).optional(),
});

/** Keys a mapping at a path may have, for "did you mean" hints on unknown keys. */
export const KNOWN_KEYS = {
  root: ['version', 'clusters', 'enrich', 'topics', 'default', 'routes', 'actions'],
  enrich: ['log_lines', 'redact', 'budget'],
  route: ['name', 'match', 'event', 'continue', ...Object.keys(options), 'routes'],
  default: Object.keys(options),
  topic: ['display_name', 'emails', 'arn', 'format', 'min_severity'],
  action: ['type'],
} as const;
