import type { BasePersistenceLayer } from '@aws-lambda-powertools/idempotency/persistence';
import type { CompiledConfig } from '../compile';
import { createDelivery, type DeadLetters, type Delivery, type Publisher } from '../deliver';
import { type ContextProvider, createRedactor } from '../enrich';
import { createConfiguredGate, type Silence } from '../gate';
import { createRemediationSubmitter, type RemediationQueue } from '../remediate';
import type { Clock, StateStore } from '../state';
import { type IdempotentPipeline, makeIdempotentPipeline } from './idempotent';
import { createPipeline, routeWith } from './pipeline';
import { createReplayPipeline, replayNameOf } from './replay';
import type { DueReport } from './types';

/** Options of {@link createHeraldPipeline}: the adapters, and the clock noise control runs on. */
export interface HeraldPipelineOptions {
  config: CompiledConfig;
  /** Noise control's and delivery's memory (DynamoDB in Lambda, memory in the CLI). */
  store: StateStore;
  /** Where processed event ids are kept (Powertools idempotency). */
  idempotency: BasePersistenceLayer;
  publisher: Publisher;
  deadLetters: DeadLetters;
  /** @default no enrichment */
  enrich?: ContextProvider;
  /** Run-time silences: read from the store (Lambda), or a fixed list (CLI). @default 'store' */
  runtimeSilences?: 'store' | readonly Silence[];
  /** Where routes' remediation decisions go (SQS in Lambda; in-process in the CLI). @default none: reported as not configured */
  remediationQueue?: RemediationQueue;
  /**
   * Where replayed events' noise control remembers, on their clock (a DynamoDB store on the
   * same table in Lambda). @default memory of this process
   */
  replayState?: (now: Clock) => StateStore;
  /** @default Date.now */
  now?: () => number;
  /** A state-table failure let an alert through: log it (the report counts it). */
  onFailOpen?: (stage: string, error: unknown) => void;
  onDeadLetter?: (topic: string, error: { name: string; message: string }) => void;
}

/** The router's pipeline, its delivery stage, and the scheduled run that shares them. */
export interface HeraldPipeline {
  pipeline: IdempotentPipeline;
  delivery: Delivery;
  /** The scheduled run: resolutions whose hold is over and digests whose window ended by `upTo` (default: now). */
  processDue(upTo?: number): Promise<DueReport[]>;
}

/**
 * The whole pipeline as the router function runs it: routing, noise control, delivery and
 * idempotency over one state store. The Lambda functions, the CLI, the benchmark and the
 * tests build it here, so they all run the same composition.
 *
 * @example
 * ```ts
 * const { pipeline } = createHeraldPipeline({ config, store, idempotency, publisher, deadLetters });
 * const report = await pipeline.processEvent(event);
 * ```
 */
export const createHeraldPipeline = (options: HeraldPipelineOptions): HeraldPipeline => {
  const { config, store } = options;
  const now = options.now ?? Date.now;
  const delivery = createDelivery({
    topics: config.targets,
    publisher: options.publisher,
    log: store,
    deadLetters: options.deadLetters,
    onDeadLetter: options.onDeadLetter,
    onLogFailure: options.onFailOpen === undefined ? undefined : (topic, error) => options.onFailOpen?.(`delivery log (${topic})`, error),
    // Every message is redacted with herald.yml's patterns too, as log tails are.
    redactor: createRedactor(config.enrich.redact),
    now,
  });
  const live = makeIdempotentPipeline(
    createPipeline({
      delivery,
      route: routeWith(config.routes),
      enrich: options.enrich,
      gate: createConfiguredGate(config, { store, now, onFailOpen: options.onFailOpen, runtimeSilences: options.runtimeSilences }),
      onFailOpen: options.onFailOpen,
      scope: config.scope,
      normalize: config.normalize,
      remediate: options.remediationQueue === undefined ? undefined : createRemediationSubmitter({ actions: config.remediation.actions, queue: options.remediationQueue, now }),
    }),
    { persistence: options.idempotency, now, normalize: config.normalize, onFailOpen: options.onFailOpen === undefined ? undefined : (error) => options.onFailOpen?.('idempotency', error) },
  );
  // Replayed copies (EventBridge `replay-name`) bypass idempotency and the live noise control:
  // evaluated and reported, never sent, whatever their age.
  const replay = createReplayPipeline({ config, live: store, enrich: options.enrich, runtimeSilences: options.runtimeSilences, state: options.replayState });
  const pipeline: IdempotentPipeline = {
    ...live,
    processEvent(raw) {
      const replayName = replayNameOf(raw);
      return replayName === undefined ? live.processEvent(raw) : replay.processEvent(raw, replayName);
    },
  };
  return { pipeline, delivery, processDue: (upTo) => pipeline.processDue(upTo ?? now()) };
};
