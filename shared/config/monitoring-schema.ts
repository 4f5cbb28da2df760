import { z } from 'zod';
import { parseDuration } from './duration';
import { HEARTBEAT_OFF, type MonitoringConfig } from './monitoring';

// The schema of `monitoring:`, apart from its types and constants (monitoring.ts) that the
// Lambda bundles use at run time.

const HOUR_MS = 3_600_000;
const FIVE_MINUTES_MS = 300_000;
/** PutMetricAlarm: Period x EvaluationPeriods is at most 7 days for periods of an hour or more, 1 day below. */
const MAX_HEARTBEAT_MS = 7 * 24 * HOUR_MS;
const MAX_RETRIES_FOR_MS = 24 * HOUR_MS;

const HEARTBEAT_MESSAGE = 'expected a duration in whole hours from "1h" to "7d" (e.g. "6h"), or "off"';
const RETRIES_FOR_MESSAGE = 'expected a duration in whole 5-minute periods from "5m" to "1d" (e.g. "15m")';

/** A duration that is a whole number of `unit`s within `min`..`max`. */
const multipleOf = (text: string, unit: number, max: number): boolean => {
  const ms = parseDuration(text);
  return ms !== undefined && ms >= unit && ms <= max && ms % unit === 0;
};

const email = z.email({ message: 'expected an email address' });

const operator = z
  .strictObject({
    emails: z.array(email).optional(),
    arn: z.string().regex(/^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}$/, { message: 'expected an SNS topic ARN (arn:aws:sns:<region>:<account>:<name>)' }).optional(),
  })
  .refine((o) => !(o.arn !== undefined && o.emails !== undefined), {
    message: 'an operator topic given by "arn" is not managed by the stack: subscribe its emails where the topic is defined, or drop "arn"',
    path: ['emails'],
  });

/** The schema of `monitoring:`. */
export const MONITORING_SCHEMA: z.ZodType<MonitoringConfig> = z.strictObject({
  operator: operator.optional(),
  heartbeat: z.string().refine((text) => text === HEARTBEAT_OFF || multipleOf(text, HOUR_MS, MAX_HEARTBEAT_MS), { message: HEARTBEAT_MESSAGE }).optional(),
  retries_for: z.string().refine((text) => multipleOf(text, FIVE_MINUTES_MS, MAX_RETRIES_FOR_MS), { message: RETRIES_FOR_MESSAGE }).optional(),
  dashboard: z.boolean({ message: 'expected true or false' }).optional(),
});

/** Keys of `monitoring:`, for "did you mean" hints. */
export const MONITORING_KEYS = ['operator', 'heartbeat', 'retries_for', 'dashboard'] as const;

/** Keys of `monitoring.operator:`, for "did you mean" hints. */
export const OPERATOR_KEYS = ['emails', 'arn'] as const;
