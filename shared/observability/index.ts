import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Context } from 'aws-lambda';

/** The namespace every herald metric is published in (CloudWatch embedded metric format). */
export const METRICS_NAMESPACE = 'EcsHerald';

/** One function's logger and metrics, and the wiring each invocation shares. */
export interface Observability {
  logger: Logger;
  /** Counts one of a metric, published when the invocation ends. */
  count(name: string): void;
  /** Logs a state-table failure that let an alert through (the report counts it once). */
  failOpen(stage: string, error: unknown): void;
  /** Logs a delivery that went to the dead-letter queue. */
  deadLettered(topic: string, error: { name: string; message: string }): void;
  /**
   * Runs one invocation: the Lambda context on every log line (request id, cold start, as
   * Powertools' `injectLambdaContext` does), the metrics flushed at the end, thrown or not.
   */
  invoke<T>(context: Context | undefined, run: () => Promise<T>): Promise<T>;
}

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/**
 * The observability wiring of one Lambda function, built once at module scope.
 * @see https://docs.powertools.aws.dev/lambda/typescript/latest/core/logger/#capturing-lambda-context-info
 *
 * @example
 * ```ts
 * const observe = createObservability('ecs-herald');
 * export const handler = (event, context) => observe.invoke(context, () => pipeline.processEvent(event));
 * ```
 */
export const createObservability = (serviceName: string): Observability => {
  const logger = new Logger({ serviceName });
  const metrics = new Metrics({ namespace: METRICS_NAMESPACE, serviceName: 'ecs-herald' });
  return {
    logger,
    count: (name) => metrics.addMetric(name, MetricUnit.Count, 1),
    failOpen: (stage, error) => logger.error('noise control unavailable; alert let through', { stage, error: messageOf(error) }),
    deadLettered: (topic, error) => logger.error('delivery dead-lettered', { topic, error: error.name, detail: error.message }),
    async invoke(context, run) {
      if (context !== undefined) logger.addContext(context);
      try {
        return await run();
      } finally {
        metrics.publishStoredMetrics();
      }
    },
  };
};
