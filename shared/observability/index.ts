import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Context } from 'aws-lambda';

/** The namespace every herald metric is published in (CloudWatch embedded metric format). */
export const METRICS_NAMESPACE = 'EcsHerald';

/** The `service` dimension of every metric when no stack names it (the CLI, tests). */
export const DEFAULT_METRICS_SERVICE = 'ecs-herald';

/**
 * One breakdown of a metric: dimension names and their values. Every distinct combination of
 * values is a custom metric billed per month, so only bounded values belong here (a category,
 * a cluster; never an id).
 * @see https://aws.amazon.com/cloudwatch/pricing/
 */
export type MetricDimensions = Readonly<Record<string, string>>;

/** One function's logger and metrics, and the wiring each invocation shares. */
export interface Observability {
  logger: Logger;
  /**
   * Counts one of a metric, published when the invocation ends: its total (`service`
   * dimension only) and, for each entry of `by`, the same count under those dimensions too.
   */
  count(name: string, by?: readonly MetricDimensions[]): void;
  /** Records a duration in milliseconds (CloudWatch keeps the values: percentiles work). */
  duration(name: string, ms: number): void;
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

/** Options of {@link createObservability}. */
export interface ObservabilityOptions {
  /**
   * The `service` dimension of every metric: the stack's name (`HERALD_METRICS_SERVICE`), so
   * two stages in one account and Region never share a metric, nor an alarm.
   * @default "ecs-herald"
   */
  metricsService?: string;
}

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/**
 * The observability wiring of one Lambda function, built once at module scope.
 *
 * Metrics carry the invocation's start as their timestamp, as Lambda's own `Errors` does
 * ("the timestamp on an error metric reflects when the function was invoked"), so metric math
 * over both (errors that were not retried deliveries) lines up in the same period.
 * @see https://docs.aws.amazon.com/lambda/latest/dg/monitoring-metrics-types.html
 * @see https://docs.powertools.aws.dev/lambda/typescript/latest/core/logger/#capturing-lambda-context-info
 *
 * @example
 * ```ts
 * const observe = createObservability('ecs-herald', { metricsService: process.env.HERALD_METRICS_SERVICE });
 * export const handler = (event, context) => observe.invoke(context, () => pipeline.processEvent(event));
 * ```
 */
export const createObservability = (serviceName: string, options: ObservabilityOptions = {}): Observability => {
  const logger = new Logger({ serviceName });
  const metrics = new Metrics({ namespace: METRICS_NAMESPACE, serviceName: options.metricsService || DEFAULT_METRICS_SERVICE });
  // Breakdowns of this invocation, summed by metric and dimension values: one EMF line each
  // at the end (EMF applies a document's dimension sets to all its metrics, so a breakdown of
  // one metric needs a document of its own).
  // https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html
  const breakdowns = new Map<string, { name: string; dimensions: MetricDimensions; value: number }>();
  let startedAt = Date.now();

  const publish = (): void => {
    metrics.publishStoredMetrics();
    for (const { name, dimensions, value } of breakdowns.values()) {
      metrics.singleMetric().setTimestamp(startedAt).addDimensions(dimensions).addMetric(name, MetricUnit.Count, value);
    }
    breakdowns.clear();
  };

  return {
    logger,
    count(name, by = []) {
      metrics.addMetric(name, MetricUnit.Count, 1);
      for (const dimensions of by) {
        const key = JSON.stringify([name, dimensions]);
        const entry = breakdowns.get(key);
        if (entry === undefined) breakdowns.set(key, { name, dimensions, value: 1 });
        else entry.value += 1;
      }
    },
    duration: (name, ms) => metrics.addMetric(name, MetricUnit.Milliseconds, ms),
    failOpen: (stage, error) => logger.error('noise control unavailable; alert let through', { stage, error: messageOf(error) }),
    deadLettered: (topic, error) => logger.error('delivery dead-lettered', { topic, error: error.name, detail: error.message }),
    async invoke(context, run) {
      if (context !== undefined) logger.addContext(context);
      startedAt = Date.now();
      metrics.setTimestamp(startedAt);
      try {
        return await run();
      } finally {
        publish();
      }
    },
  };
};
