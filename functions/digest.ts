import type { Context } from 'aws-lambda';
import { compileConfig } from '../shared/compile';
import { EMBEDDED_CONFIG } from '../shared/compile/embedded';
import { SnsPublisher, SqsDeadLetters } from '../shared/deliver';
import { createObservability } from '../shared/observability';
import { createHeraldPipeline, readRouterSettings, recordDue } from '../shared/pipeline';
import { createDynamoDbIdempotencyStore, createStateClient, DynamoDbStateStore } from '../shared/state';

// Built once per cold start, like the router: the same composition, topics, dead-letter queue and table.
const config = compileConfig(EMBEDDED_CONFIG);
const settings = readRouterSettings(process.env, [...config.topics.keys()]);
const observe = createObservability('ecs-herald-digest', { metricsService: process.env.HERALD_METRICS_SERVICE });
const stateClient = createStateClient();
const { processDue } = createHeraldPipeline({
  config,
  store: new DynamoDbStateStore({ tableName: settings.stateTable, client: stateClient }),
  idempotency: createDynamoDbIdempotencyStore({ tableName: settings.stateTable, client: stateClient }),
  publisher: new SnsPublisher({ arns: settings.topics }),
  deadLetters: new SqsDeadLetters({ queueUrl: settings.deadLetterQueueUrl }),
  onFailOpen: observe.failOpen,
  onDeadLetter: observe.deadLettered,
});

/**
 * Scheduled every minute: resolves the incidents whose recovery held (quiet for the route's
 * `resolve_hold`), then sends the digest of every group whose window has ended (and the first
 * alert of groups held for `group_wait`). What fails to deliver stays due and is tried again
 * on the next run.
 */
export const handler = (_event?: unknown, context?: Context): Promise<void> =>
  observe.invoke(context, async () => {
    for (const report of await processDue()) recordDue(report, observe.logger, observe);
  });
