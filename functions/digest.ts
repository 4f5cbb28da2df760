import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import configText from '../herald.yml';
import { compileConfigText } from '../shared/config';
import { createDelivery, SnsPublisher, SqsDeadLetters } from '../shared/deliver';
import { flushDigests } from '../shared/gate';
import { readRouterSettings, recordDigest } from '../shared/pipeline';
import { DynamoDbStateStore } from '../shared/state';

// Built once per cold start, like the router: same topics, same dead-letter queue, same table.
const config = compileConfigText(configText, 'herald.yml');
const settings = readRouterSettings(process.env, [...config.topics.keys()]);
const logger = new Logger({ serviceName: 'ecs-herald-digest' });
const metrics = new Metrics({ namespace: 'EcsHerald', serviceName: 'ecs-herald' });
const count = { count: (name: string) => metrics.addMetric(name, MetricUnit.Count, 1) };
const store = new DynamoDbStateStore({ tableName: settings.stateTable });
const delivery = createDelivery({
  topics: config.targets,
  publisher: new SnsPublisher({ arns: settings.topics }),
  log: store,
  deadLetters: new SqsDeadLetters({ queueUrl: settings.deadLetterQueueUrl }),
  onDeadLetter: (topic, error) => logger.error('digest dead-lettered', { topic, error: error.name, detail: error.message }),
});

/**
 * Scheduled every minute: sends the digest of every group whose window has ended (and the
 * first alert of groups held for `group_wait`). A digest that fails to deliver stays due and
 * is tried again on the next run.
 */
export const handler = async (): Promise<void> => {
  try {
    for (const report of await flushDigests({ store, delivery })) recordDigest(report, logger, count);
  } finally {
    metrics.publishStoredMetrics();
  }
};
