import { METRICS_NAMESPACE } from '../observability';
import { METRICS_SERVICE, type FunctionId } from './constants';
import type { CfnValue, MetricSpec } from './types';

/** One of herald's own metrics (EMF, `service` = the stack's name), summed. */
export const heraldMetric = (name: string, dimensions: Readonly<Record<string, CfnValue>> = {}): MetricSpec => ({
  namespace: METRICS_NAMESPACE,
  name,
  dimensions: { service: METRICS_SERVICE, ...dimensions },
  statistic: 'Sum',
});

/**
 * A Lambda metric of one of the stack's functions, summed: `Errors` (thrown errors, timeouts,
 * crashes), `Throttles`, `Invocations`.
 * @see https://docs.aws.amazon.com/lambda/latest/dg/monitoring-metrics-types.html
 */
export const lambdaMetric = (fn: FunctionId, name: 'Errors' | 'Throttles' | 'Invocations'): MetricSpec => ({
  namespace: 'AWS/Lambda',
  name,
  dimensions: { FunctionName: { Ref: fn } },
  statistic: 'Sum',
});

/**
 * Messages waiting in a queue, the most seen in the period.
 * @see https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-available-cloudwatch-metrics.html
 */
export const queueDepth = (queue: string): MetricSpec => ({
  namespace: 'AWS/SQS',
  name: 'ApproximateNumberOfMessagesVisible',
  dimensions: { QueueName: { 'Fn::GetAtt': [queue, 'QueueName'] } },
  statistic: 'Maximum',
});
