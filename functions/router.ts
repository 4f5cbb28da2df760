import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Context, EventBridgeEvent } from 'aws-lambda';
import configText from '../herald.yml';
import { compileConfigText } from '../shared/config';
import { SnsPublisher, SqsDeadLetters } from '../shared/deliver';
import { createAwsContextProvider } from '../shared/enrich';
import { createHeraldPipeline, readRouterSettings, recordReport, REPORT_METRICS } from '../shared/pipeline';
import { createDynamoDbIdempotencyStore, DynamoDbStateStore } from '../shared/state';

// Built once per cold start; every invocation only calls the pipeline. herald.yml was
// validated when the stack was packaged; compiling it again here cannot fail differently.
const config = compileConfigText(configText, 'herald.yml');
const settings = readRouterSettings(process.env, [...config.topics.keys()]);
const logger = new Logger({ serviceName: 'ecs-herald' });
const metrics = new Metrics({ namespace: 'EcsHerald', serviceName: 'ecs-herald' });
const count = { count: (name: string) => metrics.addMetric(name, MetricUnit.Count, 1) };
// Logged per failing stage; the event's report counts it once (GateFailOpen).
const failOpen = (stage: string, error: unknown) =>
  logger.error('noise control unavailable; alert let through', { stage, error: error instanceof Error ? error.message : String(error) });
const { pipeline } = createHeraldPipeline({
  config,
  store: new DynamoDbStateStore({ tableName: settings.stateTable }),
  idempotency: createDynamoDbIdempotencyStore({ tableName: settings.stateTable }),
  publisher: new SnsPublisher({ arns: settings.topics }),
  deadLetters: new SqsDeadLetters({ queueUrl: settings.deadLetterQueueUrl }),
  // Read-only ECS and CloudWatch Logs lookups, cached across warm invocations.
  enrich: createAwsContextProvider(config.enrich),
  onFailOpen: failOpen,
  onDeadLetter: (topic, error) => logger.error('delivery dead-lettered', { topic, error: error.name, detail: error.message }),
});

/**
 * EventBridge target: one ECS, CloudWatch alarm or CloudTrail event per invocation. A bad
 * event is logged and skipped; a redelivered one is recognised by its id and not processed
 * again; a retryable delivery failure throws so Lambda retries the event (topics that took it
 * are not sent it again) and its on-failure destination keeps it.
 */
export const handler = async (event: EventBridgeEvent<string, unknown>, context: Context): Promise<void> => {
  pipeline.registerLambdaContext(context);
  try {
    recordReport(await pipeline.processEvent(event), logger, count);
  } catch (error) {
    count.count(REPORT_METRICS.retried);
    logger.error('event will be retried', { eventId: event.id, error: error instanceof Error ? error.message : String(error) });
    throw error;
  } finally {
    metrics.publishStoredMetrics();
  }
};
