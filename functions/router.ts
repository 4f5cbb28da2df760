import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { EventBridgeEvent } from 'aws-lambda';
import configText from '../herald.yml';
import { compileConfigText } from '../shared/config';
import { SnsNotifier } from '../shared/deliver';
import { createPipeline, readRouterSettings, recordReport, routeWith } from '../shared/pipeline';

// Built once per cold start; every invocation only calls the pipeline. herald.yml was
// validated when the stack was packaged; compiling it again here cannot fail differently.
const config = compileConfigText(configText, 'herald.yml');
const settings = readRouterSettings(process.env, [...config.topics.keys()]);
const logger = new Logger({ serviceName: 'ecs-herald' });
const metrics = new Metrics({ namespace: 'EcsHerald', serviceName: 'ecs-herald' });
const pipeline = createPipeline({ notifier: new SnsNotifier({ topics: settings.topics }), route: routeWith(config.routes) });
const count = { count: (name: string) => metrics.addMetric(name, MetricUnit.Count, 1) };

/**
 * EventBridge target: one ECS, CloudWatch alarm or CloudTrail event per invocation. A bad
 * event is logged and skipped; a delivery failure throws so Lambda retries the event and its
 * on-failure destination keeps it.
 */
export const handler = async (event: EventBridgeEvent<string, unknown>): Promise<void> => {
  try {
    recordReport(await pipeline.processEvent(event), logger, count);
  } finally {
    metrics.publishStoredMetrics();
  }
};
