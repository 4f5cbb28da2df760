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

/** `heartbeat: off` */
export const HEARTBEAT_OFF = 'off';

/**
 * Clusters the heartbeat can watch by name, one Metrics Insights alarm each (200 per account
 * and Region by default; a composite alarm rule names at most 100 alarms).
 * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/alarm-limits.html
 */
export const MAX_HEARTBEAT_CLUSTERS = 20;

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
