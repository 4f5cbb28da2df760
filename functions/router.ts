import type { Context, EventBridgeEvent } from 'aws-lambda';
import { compileConfig } from '../shared/compile';
import { EMBEDDED_CONFIG } from '../shared/compile/embedded';
import { SnsPublisher, SqsDeadLetters } from '../shared/deliver';
import { createContextProvider } from '../shared/enrich';
import { createObservability } from '../shared/observability';
import { createHeraldPipeline, readRouterSettings, recordEnrichmentCall, recordReport, recordRetry } from '../shared/pipeline';
import { SqsRemediationQueue } from '../shared/remediate';
import { createDynamoDbIdempotencyStore, createStateClient, DynamoDbStateStore } from '../shared/state';

// Built once per cold start; every invocation only calls the pipeline. herald.yml was
// validated when the bundle was built (shared/compile/embedded.ts): here it is only compiled.
const config = compileConfig(EMBEDDED_CONFIG);
const settings = readRouterSettings(process.env, [...config.topics.keys()]);
const observe = createObservability('ecs-herald', { metricsService: process.env.HERALD_METRICS_SERVICE });
// One client, so a hung table opens one breaker for noise control and idempotency alike.
const stateClient = createStateClient();
const { pipeline } = createHeraldPipeline({
  config,
  store: new DynamoDbStateStore({ tableName: settings.stateTable, client: stateClient }),
  idempotency: createDynamoDbIdempotencyStore({ tableName: settings.stateTable, client: stateClient }),
  publisher: new SnsPublisher({ arns: settings.topics }),
  deadLetters: new SqsDeadLetters({ queueUrl: settings.deadLetterQueueUrl }),
  // Routes' remediation decisions: queued for the remediator; the router never acts itself.
  remediationQueue: settings.remediationQueueUrl === undefined ? undefined : new SqsRemediationQueue({ queueUrl: settings.remediationQueueUrl }),
  // Read-only ECS and CloudWatch Logs lookups, cached across warm invocations; each call counted.
  // In central mode (herald.yml `accounts:`), in the event's own account and Region.
  enrich: createContextProvider({
    enrich: config.enrich,
    accounts: config.accounts,
    externalId: process.env.HERALD_EXTERNAL_ID,
    sessionName: process.env.AWS_LAMBDA_FUNCTION_NAME,
    onCall: (call) => recordEnrichmentCall(call, observe),
  }),
  onFailOpen: observe.failOpen,
  onDeadLetter: observe.deadLettered,
  // Replayed events (EventBridge replay-name): their own noise control, on the same table under
  // replay#<name># keys, on the events' clock; nothing sent.
  replayState: (now) => new DynamoDbStateStore({ tableName: settings.stateTable, client: stateClient, now }),
});

/**
 * EventBridge target: one ECS, CloudWatch alarm or CloudTrail event per invocation. A bad
 * event is logged and skipped; a redelivered one is recognised by its id and not processed
 * again; a retryable delivery failure throws so Lambda retries the event (topics that took it
 * are not sent it again) and its on-failure destination keeps it.
 */
export const handler = (event: EventBridgeEvent<string, unknown>, context: Context): Promise<void> =>
  observe.invoke(context, async () => {
    pipeline.registerLambdaContext(context);
    try {
      recordReport(await pipeline.processEvent(event), observe.logger, observe);
    } catch (error) {
      recordRetry(event.id, error, observe.logger, observe);
      throw error;
    }
  });
