import { IdempotencyAlreadyInProgressError, IdempotencyConfig, IdempotencyPersistenceLayerError, makeIdempotent } from '@aws-lambda-powertools/idempotency';
import type { BasePersistenceLayer } from '@aws-lambda-powertools/idempotency/persistence';
import type { Context } from 'aws-lambda';
import { parseEvent } from '../events';
import { normalizeEvent, type NormalizeSettings } from '../normalize';
import type { Pipeline } from './pipeline';
import type { EventReport } from './types';

/**
 * How long an event id is remembered: EventBridge retries a target for up to 24 hours and
 * Lambda's asynchronous retries add hours more.
 */
export const EVENT_MEMORY_SECONDS = 2 * 86_400;

/** Options of {@link makeIdempotentPipeline}. */
export interface IdempotentPipelineOptions {
  /** Powertools persistence: `DynamoDBPersistenceLayer` in Lambda, the state store in the CLI. */
  persistence: BasePersistenceLayer;
  /** Called when the idempotency record cannot be read or written and the event is processed anyway. */
  onFailOpen?: (error: unknown) => void;
  /** The clock `processedAt` is read from (the CLI replays on the events' clock). @default Date.now */
  now?: () => number;
  /** As the pipeline's: a duplicate's report names its alert with the same labels. @default none */
  normalize?: NormalizeSettings;
}

/** What is stored per processed event: when, for a copy's report ("already processed at ..."). */
interface ProcessedSummary {
  processedAt: string;
}

/** A pipeline that processes each event id once; Lambda registers its context for in-progress expiry. */
export type IdempotentPipeline = Pipeline;

/** The EventBridge event id, if `raw` has one. */
const eventIdOf = (raw: unknown): string | undefined => {
  const id = typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? (raw as { id?: unknown }).id : undefined;
  return typeof id === 'string' ? id : undefined;
};

/** The report of an event id seen before: what it is, and that it was not processed again. */
const duplicateReport = (raw: unknown, stored: ProcessedSummary | 'in-progress' | undefined, normalize?: NormalizeSettings): EventReport => {
  const parsed = parseEvent(raw);
  if (!parsed.ok) return { outcome: 'skipped', reason: parsed.error.reason, message: parsed.error.message };
  const id = parsed.event.envelope.id;
  const how =
    stored === 'in-progress' ? 'is being processed by another invocation' : `already processed${stored?.processedAt === undefined ? '' : ` at ${stored.processedAt}`}`;
  return {
    outcome: 'alert',
    eventId: parsed.event.envelope.id,
    alert: normalizeEvent(parsed.event, normalize),
    routes: [],
    deliveries: [],
    decisions: [],
    remediations: [],
    resolved: [],
    gate: 'duplicate',
    mutedBy: `event ${id} ${how}`,
  };
};

/**
 * Wraps the pipeline with Powertools idempotency keyed on the EventBridge event id, for the
 * events the pipeline does not recognise itself (an ECS task or container instance event is
 * recognised by its resource's version record, one write instead of two more): a
 * redelivered event returns what the first delivery did without running again; a concurrent
 * copy is reported as a duplicate and returns normally: the invocation holding the event
 * finishes it, or fails and is retried by Lambda with the same event, so nothing is lost, and
 * a copy is not a Lambda error that would trip an error alarm. An event whose processing
 * threw is forgotten, so its retry runs. If the idempotency record
 * cannot be written, the event is processed anyway (fail open) and reported.
 * @see https://docs.powertools.aws.dev/lambda/typescript/latest/features/idempotency/
 *
 * @example
 * ```ts
 * const pipeline = makeIdempotentPipeline(createPipeline(options), { persistence: createDynamoDbIdempotencyStore({ tableName }) });
 * ```
 */
export const makeIdempotentPipeline = (pipeline: Pipeline, options: IdempotentPipelineOptions): IdempotentPipeline => {
  // Keyed by the event id itself, the wrapped function's first argument: the key Powertools
  // derives (a hash of the id's JSON) is the one `eventKeyJmesPath: 'id'` gave, without a
  // JMESPath interpreter built for every event.
  const config = new IdempotencyConfig({ expiresAfterSeconds: EVENT_MEMORY_SECONDS });
  const run = makeIdempotent(
    async (_id: string, raw: unknown, holder: { report?: EventReport }): Promise<ProcessedSummary> => {
      holder.report = await pipeline.processEvent(raw);
      // No undefined values: Powertools' DynamoDB layer marshalls this object as it is.
      return { processedAt: new Date((options.now ?? Date.now)()).toISOString() };
    },
    { persistenceStore: options.persistence, config },
  );
  // Outside Lambda (CLI, tests) there is no deadline: an in-progress record may be taken over
  // after two minutes, as if the invocation had timed out. Lambda registers its own context.
  config.registerLambdaContext({ getRemainingTimeInMillis: () => 120_000 } as Context);
  return {
    registerLambdaContext(context) {
      config.registerLambdaContext(context as Context);
      pipeline.registerLambdaContext(context);
    },
    processDue: (upTo) => pipeline.processDue(upTo),
    dedupes: (raw) => pipeline.dedupes(raw),
    async processEvent(raw) {
      const id = eventIdOf(raw);
      // Without a string id the event is not an EventBridge event: the pipeline reports it.
      if (id === undefined || pipeline.dedupes(raw)) return pipeline.processEvent(raw);
      const holder: { report?: EventReport } = {};
      try {
        const stored = await run(id, raw, holder);
        return holder.report ?? duplicateReport(raw, stored, options.normalize);
      } catch (error) {
        if (error instanceof IdempotencyAlreadyInProgressError) return duplicateReport(raw, 'in-progress', options.normalize);
        if (!(error instanceof IdempotencyPersistenceLayerError)) throw error;
        options.onFailOpen?.(error);
        const reason = `idempotency: ${error.message}${error.cause instanceof Error ? ` (${error.cause.message})` : ''}`;
        // Processed but not recorded as done: the report stands; a redelivery may repeat it.
        const report = holder.report ?? (await pipeline.processEvent(raw));
        return report.outcome === 'alert' ? { ...report, failOpen: report.failOpen ?? reason } : report;
      }
    },
  };
};
