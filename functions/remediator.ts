import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { compileConfig } from '../shared/compile';
import { EMBEDDED_CONFIG } from '../shared/compile/embedded';
import { SnsPublisher, SqsDeadLetters } from '../shared/deliver';
import { createObservability } from '../shared/observability';
import { createRemediatorPipeline, readRouterSettings, recordRemediation, REPORT_METRICS } from '../shared/pipeline';
import { AwsEcsRemediation, AwsInvoker, readRemediationRequest, REMEDIATION_MAX_RECEIVES } from '../shared/remediate';
import { createDynamoDbIdempotencyStore, createStateClient, DynamoDbStateStore } from '../shared/state';

// Built once per cold start, like the router: the same herald.yml, topics, table and dead-letter queue.
const config = compileConfig(EMBEDDED_CONFIG);
const settings = readRouterSettings(process.env, [...config.topics.keys()]);
const observe = createObservability('ecs-herald-remediator', { metricsService: process.env.HERALD_METRICS_SERVICE });
const stateClient = createStateClient();
const remediation = createRemediatorPipeline({
  config,
  store: new DynamoDbStateStore({ tableName: settings.stateTable, client: stateClient }),
  idempotency: createDynamoDbIdempotencyStore({ tableName: settings.stateTable, client: stateClient }),
  publisher: new SnsPublisher({ arns: settings.topics }),
  deadLetters: new SqsDeadLetters({ queueUrl: settings.deadLetterQueueUrl }),
  // The only function that may change ECS: its role holds what herald.yml's live actions need.
  ecs: new AwsEcsRemediation(),
  invoke: new AwsInvoker(),
  onFailOpen: observe.failOpen,
  onDeadLetter: observe.deadLettered,
});

/**
 * SQS target: remediation decisions the router queued, one per message. Each is re-checked,
 * guarded and carried out (or, in a dry run, reported), and its audit alert delivered; a
 * decision whose AWS call may succeed later is handed back to the queue (redelivered, up to
 * its dead-letter queue; the last delivery reports it failed), and so is one that cannot be
 * read: a retry cannot fix it, but the dead-letter queue keeps it for a human.
 */
export const handler = (event: SQSEvent, context: Context): Promise<SQSBatchResponse> =>
  observe.invoke(context, async () => {
    remediation.registerLambdaContext(context);
    const batchItemFailures: SQSBatchResponse['batchItemFailures'] = [];
    for (const record of event.Records) {
      const read = readRemediationRequest(record.body);
      if (!read.ok) {
        observe.count(REPORT_METRICS.remediationUnreadable);
        observe.logger.error('remediation decision unreadable', { messageId: record.messageId, reason: read.reason });
        batchItemFailures.push({ itemIdentifier: record.messageId });
        continue;
      }
      const receives = Number(record.attributes.ApproximateReceiveCount);
      try {
        const report = await remediation.handle(read.request, { finalAttempt: Number.isFinite(receives) && receives >= REMEDIATION_MAX_RECEIVES });
        recordRemediation(report, observe.logger, observe);
      } catch (error) {
        observe.count(REPORT_METRICS.remediationRetried);
        observe.logger.warn('remediation will be retried', { decision: read.request.id, receives, error: error instanceof Error ? error.message : String(error) });
        batchItemFailures.push({ itemIdentifier: record.messageId });
      }
    }
    return { batchItemFailures };
  });
