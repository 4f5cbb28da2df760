import { z } from 'zod';
import { parseDuration } from './duration';
import type { DocPath } from './locate';
import type { RawIssue } from './issues';

/** Who is told when herald itself is in trouble: a topic of its own, outside herald's routes. */
export interface OperatorConfig {
  /** Addresses the stack subscribes to the operator topic it creates; each confirms by email first. */
  emails?: string[];
  /**
   * An existing SNS topic to notify instead of creating one (subscriptions are then yours). It
   * must accept CloudWatch alarms: an access policy that lets `cloudwatch.amazonaws.com`
   * publish, and no encryption with the AWS managed key `aws/sns`.
   */
  arn?: string;
}

/**
 * herald watching itself: CloudWatch alarms on its dead-letter queues, its functions' errors
 * and throttles, its failed deliveries and remediations, and a heartbeat, sent straight to the
 * operator's topic (not through herald, which may be what is broken); and a dashboard.
 */
export interface MonitoringConfig {
  /** @default a topic created by the stack, with no subscriptions */
  operator?: OperatorConfig;
  /**
   * Alert when no event has reached the router for this long while ECS services run in the
   * watched clusters (the top-level `clusters`, else every cluster): whole hours from `1h` to
   * `7d`, or `off`. @default 6h
   */
  heartbeat?: string;
  /**
   * Retryable delivery failures (SNS throttling, 5xx, timeouts) are retried by Lambda and heal
   * by themselves; they page when every 5-minute period for this long had one. Whole 5-minute
   * periods from `5m` to `1d`. @default 15m
   */
  retries_for?: string;
  /** A CloudWatch dashboard of herald's metrics and alerts. @default true */
  dashboard?: boolean;
}

const HOUR_MS = 3_600_000;
const FIVE_MINUTES_MS = 300_000;
/** PutMetricAlarm: Period x EvaluationPeriods is at most 7 days for periods of an hour or more, 1 day below. */
const MAX_HEARTBEAT_MS = 7 * 24 * HOUR_MS;
const MAX_RETRIES_FOR_MS = 24 * HOUR_MS;

/** `heartbeat: off` */
export const HEARTBEAT_OFF = 'off';

/**
 * Clusters the heartbeat can watch by name, one Metrics Insights alarm each (200 per account
 * and Region by default; a composite alarm rule names at most 100 alarms).
 * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/alarm-limits.html
 */
export const MAX_HEARTBEAT_CLUSTERS = 20;

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

/**
 * What the schema cannot see: the heartbeat watches each named cluster with an alarm of its
 * own, so a long `clusters` list with the heartbeat on is refused before CloudFormation does.
 */
export const checkMonitoring = (monitoring: unknown, clusters: unknown): RawIssue[] => {
  const heartbeat = typeof monitoring === 'object' && monitoring !== null ? (monitoring as { heartbeat?: unknown }).heartbeat : undefined;
  if (heartbeat === HEARTBEAT_OFF || !Array.isArray(clusters) || clusters.length <= MAX_HEARTBEAT_CLUSTERS) return [];
  const path: DocPath = heartbeat === undefined ? ['clusters'] : ['monitoring', 'heartbeat'];
  return [{
    level: 'error',
    path,
    message: `the heartbeat watches at most ${MAX_HEARTBEAT_CLUSTERS} named clusters (one alarm each), clusters names ${clusters.length}: set monitoring.heartbeat to "off", or leave clusters out to watch every cluster`,
  }];
};
