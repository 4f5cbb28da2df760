import { REPORT_METRICS, remediationMetricName } from '../pipeline';
import { ALARM_PERIOD_SECONDS, type FunctionId, STACK_IDS } from './constants';
import { heraldMetric, lambdaMetric, queueDepth } from './metrics';
import type { AlarmQuery, AlarmSpec, MonitoringSettings } from './types';

/** `> 0` in `of` of the last `periods` 5-minute periods; no data is no news. */
const anyIn = (id: string, name: string, description: string, query: AlarmQuery, periods = 1, of = periods): AlarmSpec => ({
  id,
  name,
  description,
  query,
  comparison: 'GreaterThanThreshold',
  threshold: 0,
  periodSeconds: ALARM_PERIOD_SECONDS,
  evaluationPeriods: periods,
  datapointsToAlarm: of,
  treatMissingData: 'notBreaching',
  notify: true,
});

const log = (fn: FunctionId): string => `/aws/lambda/\${${fn}}`;

/**
 * A function's errors page when they last: 2 of the last 3 periods. One failed event or
 * decision is not lost (Lambda or SQS retries it, then its dead-letter queue keeps it, and
 * that queue's alarm pages), so a lone error is no reason to wake anyone.
 */
const SUSTAINED = [3, 2] as const;

const FUNCTIONS: readonly { id: FunctionId; name: string; what: string }[] = [
  { id: STACK_IDS.router, name: 'router', what: 'ECS events are delayed (Lambda retries them for up to 6 hours)' },
  { id: STACK_IDS.digest, name: 'digest', what: 'digests and resolved messages are late (they stay due)' },
  { id: STACK_IDS.remediator, name: 'remediator', what: 'remediation decisions wait in their queue' },
];

/**
 * Every alarm on herald itself except the heartbeat: its dead-letter queues, its functions'
 * errors and throttles, and the outcomes its own metrics count that someone must act on.
 * Each says what happened and what to do; each notifies the operator, not through herald.
 */
export const heraldAlarms = (settings: MonitoringSettings): AlarmSpec[] => [
  anyIn(
    'DeadLetterQueue',
    'dead-letter-queue',
    'Events or alerts herald could not deliver wait in its dead-letter queue (kept 14 days). Read them: aws sqs receive-message --queue-url ${DeadLetterQueue} --max-number-of-messages 10. ' +
      'A body with "reason": "permanent-delivery-failure" is an alert SNS refused (topic deleted, access or KMS key denied): fix the topic, then send its rendered message by hand. ' +
      `Any other body is an event the router failed on after Lambda's retries (see ${log(STACK_IDS.router)}): fix the cause, then act on the event by hand. Delete each message once handled; the alarm clears when the queue is empty.`,
    { kind: 'metric', metric: queueDepth(STACK_IDS.deadLetterQueue) },
  ),
  anyIn(
    'RemediationDeadLetterQueue',
    'remediation-dead-letter-queue',
    'Remediation decisions the remediator could not carry out in 5 deliveries, or could not read, wait in the remediation dead-letter queue (kept 14 days); their audit alerts said so. ' +
      'Read them: aws sqs receive-message --queue-url ${RemediationDeadLetterQueue}. Each body names the action, the service and the alert that asked for it. ' +
      `Act by hand if the service still needs it, then delete the message. The AWS error is in ${log(STACK_IDS.remediator)}.`,
    { kind: 'metric', metric: queueDepth(STACK_IDS.remediationDeadLetterQueue) },
  ),
  anyIn(
    'RouterErrors',
    'router-errors',
    'The router failed for a reason other than a retryable delivery failure (a bug, a timeout, a crash, a bad deployment) in 2 of the last 3 five-minute periods. ' +
      `Lambda retries each event twice, then the dead-letter queue keeps it. Search ${log(STACK_IDS.router)} for "event failed", "Task timed out" and "Runtime". ` +
      'Retryable delivery failures (the events-retried alarm) and concurrent copies of one event are not counted here.',
    {
      kind: 'math',
      // Metric math reads a missing value as 0: no retried event leaves the errors whole.
      // https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/using-metric-math.html
      expression: 'errors - retried',
      label: 'Router errors other than retried deliveries',
      metrics: { errors: lambdaMetric(STACK_IDS.router, 'Errors'), retried: heraldMetric(REPORT_METRICS.retried) },
    },
    ...SUSTAINED,
  ),
  anyIn(
    'DigestErrors',
    'digest-errors',
    `The digest function (every minute: storm digests, held alerts, resolved messages) failed in 2 of the last 3 five-minute periods; until it runs, digests and resolved messages are late (nothing is lost: they stay due). ` +
      `Read ${log(STACK_IDS.digest)}; check the state table (throttled requests, access) and the topics.`,
    { kind: 'metric', metric: lambdaMetric(STACK_IDS.digest, 'Errors') },
    ...SUSTAINED,
  ),
  anyIn(
    'RemediatorErrors',
    'remediator-errors',
    'The remediator itself failed (a crash, a timeout, a bad deployment; a failed action is an audit alert instead) in 2 of the last 3 five-minute periods. ' +
      `Each decision is delivered up to 5 times, then kept in the remediation dead-letter queue. Read ${log(STACK_IDS.remediator)}.`,
    { kind: 'metric', metric: lambdaMetric(STACK_IDS.remediator, 'Errors') },
    ...SUSTAINED,
  ),
  ...FUNCTIONS.map(({ id, name, what }) =>
    anyIn(
      `${name.charAt(0).toUpperCase()}${name.slice(1)}Throttles`,
      `${name}-throttles`,
      `Lambda throttled the ${name} function in 2 of the last 3 five-minute periods: the account's concurrency, or the function's reserved concurrency, is used up, and ${what}. ` +
        'Nothing is lost yet. Check ConcurrentExecutions for the account and for the function; raise the quota (Service Quotas, Lambda concurrent executions) or the reservation, or find what else uses it.',
      { kind: 'metric', metric: lambdaMetric(id, 'Throttles') },
      ...SUSTAINED,
    ),
  ),
  anyIn(
    'GateFailOpen',
    'gate-fail-open',
    'The state table could not be read or written (throttled, access denied, unreachable), so herald sent alerts without noise control (duplicates, no grouping or throttling) rather than lose them. ' +
      `Check the table in the DynamoDB console (throttled requests, system errors) and the "noise control unavailable" lines of ${log(STACK_IDS.router)}.`,
    { kind: 'metric', metric: heraldMetric(REPORT_METRICS.failOpen) },
  ),
  anyIn(
    'DeliveriesDeadLettered',
    'deliveries-dead-lettered',
    'SNS refused an alert for good (topic missing, access denied, KMS key disabled, invalid parameter): it went to the dead-letter queue with its rendered message instead of reaching on-call. ' +
      `The "delivery dead-lettered" lines of ${log(STACK_IDS.router)} (or of the digest and remediator logs) name the topic and the error. Fix the topic, then send the message from the dead-letter queue by hand.`,
    { kind: 'metric', metric: heraldMetric(REPORT_METRICS.deadLettered) },
  ),
  anyIn(
    'EventsRetried',
    'events-retried',
    `Alerts have failed to reach SNS retryably (throttling, 5xx, timeouts) in every five-minute period for ${settings.retryPeriods * 5} minutes. Lambda retries each event twice, then the dead-letter queue keeps it. ` +
      `Check SNS in the AWS Health Dashboard and the "event will be retried" lines of ${log(STACK_IDS.router)}: they name the topic and the error. monitoring.retries_for in herald.yml sets how long before this pages.`,
    { kind: 'metric', metric: heraldMetric(REPORT_METRICS.retried) },
    settings.retryPeriods,
  ),
  anyIn(
    'RemediationFailed',
    'remediation-failed',
    'A remediation action failed on its last attempt; its audit alert (category remediation, outcome failed) says which and why. The service is as it was: act by hand if it still needs it. ' +
      `Read the "remediation decided" lines of ${log(STACK_IDS.remediator)} with outcome failed: they carry the AWS error (a permission the action lacks, a service that changed).`,
    { kind: 'metric', metric: heraldMetric(remediationMetricName('failed')) },
  ),
  anyIn(
    'RemediationUnreadable',
    'remediation-unreadable',
    'The remediator received a decision it cannot read (a router and a remediator of different versions after a partial deploy, or a message herald did not write); it goes to the remediation dead-letter queue. ' +
      `Redeploy the stack so both run one version, then read the message there. Details: "remediation decision unreadable" in ${log(STACK_IDS.remediator)}.`,
    { kind: 'metric', metric: heraldMetric(REPORT_METRICS.remediationUnreadable) },
  ),
];
