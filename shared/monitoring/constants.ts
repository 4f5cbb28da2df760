/**
 * Logical ids of the resources the alarms and the dashboard watch: the Serverless Framework's
 * names for serverless.yml's functions (`<Name>LambdaFunction`) and serverless.yml's queues.
 * The packaged-template test checks every dead-letter queue of the template has its alarm.
 */
export const STACK_IDS = {
  router: 'RouterLambdaFunction',
  digest: 'DigestLambdaFunction',
  remediator: 'RemediatorLambdaFunction',
  deadLetterQueue: 'DeadLetterQueue',
  remediationDeadLetterQueue: 'RemediationDeadLetterQueue',
} as const;

/** A function of the stack, by its logical id. */
export type FunctionId = (typeof STACK_IDS)['router' | 'digest' | 'remediator'];

/** Logical ids of what this module adds. */
export const MONITORING_IDS = {
  operatorTopic: 'HeraldOperatorTopic',
  /** The stack's customer managed key (serverless.yml). */
  key: 'HeraldKey',
  operatorTopicPolicy: 'HeraldOperatorTopicPolicy',
  dashboard: 'HeraldDashboard',
  /** Followed by the alarm's id: `HeraldAlarmDeadLetterQueue`. */
  alarmPrefix: 'HeraldAlarm',
} as const;

/**
 * The `service` dimension of herald's metrics in the template: the stack's name, which
 * serverless.yml also gives the functions as `HERALD_METRICS_SERVICE`.
 */
export const METRICS_SERVICE = { Ref: 'AWS::StackName' } as const;

/** Defaults of herald.yml's `monitoring:`. */
export const MONITORING_DEFAULTS = {
  heartbeat: '6h',
  retriesFor: '15m',
  dashboard: true,
} as const;

/**
 * The period of every alarm but the heartbeat's. SQS publishes its metrics every minute, Lambda
 * and EMF metrics per minute; five minutes smooths a late data point without delaying a page.
 * @see https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-available-cloudwatch-metrics.html
 */
export const ALARM_PERIOD_SECONDS = 300;

/**
 * The heartbeat counts hours (Period x EvaluationPeriods may reach 7 days for periods of an
 * hour or more; 1 day below).
 * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricAlarm.html
 */
export const HEARTBEAT_PERIOD_SECONDS = 3600;

/**
 * "Services ran" looks back this far: ECS sends its metrics every minute, and a Metrics Insights
 * alarm may look back at most 3 hours.
 * @see https://docs.aws.amazon.com/AmazonECS/latest/developerguide/available-metrics.html
 * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/alarm-limits.html
 */
export const FLEET_PERIOD_SECONDS = 900;
