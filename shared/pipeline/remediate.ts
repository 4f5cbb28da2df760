import type { Context } from 'aws-lambda';
import { auditEventOf, createRemediator, type EcsRemediationPort, type InvokePort, type RemediationQueue, type RemediationRequest, type RemediationResult } from '../remediate';
import { createHeraldPipeline, type HeraldPipelineOptions } from './compose';
import type { EventReport } from './types';

/** Options of {@link createRemediatorPipeline}: the router's adapters, plus what the remediator acts with. */
export interface RemediatorPipelineOptions extends Pick<HeraldPipelineOptions, 'config' | 'store' | 'idempotency' | 'publisher' | 'deadLetters' | 'now' | 'onFailOpen' | 'onDeadLetter'> {
  /** ECS, re-read and changed. Absent: nothing is re-read (the CLI offline). */
  ecs?: EcsRemediationPort;
  invoke?: InvokePort;
  /** Never act, whatever herald.yml says (the CLI). @default false */
  forceDryRun?: boolean;
  /** How long decisions are remembered (the remediator's `decisionMemorySeconds`). @default 15 days */
  decisionMemorySeconds?: number;
}

/** One decision carried out: the remediator's outcome, and its audit alert's report. */
export interface RemediationReport {
  result: RemediationResult;
  audit: EventReport;
}

/** The remediator function's composition: the remediator, then its audit alert through herald's own pipeline. */
export interface RemediatorPipeline {
  /**
   * Decides (and acts on) one decision and delivers its audit alert. Throws what should be
   * retried: an AWS call that may succeed later (unless `finalAttempt`, when it is reported
   * `failed`), or the audit alert's retryable delivery failure (the decision is not carried out
   * twice: its outcome is remembered).
   */
  handle(request: RemediationRequest, options?: { finalAttempt?: boolean }): Promise<RemediationReport>;
  /** Lambda's context, for the audit events' idempotency records (in-progress expiry). */
  registerLambdaContext(context: Context): void;
}

/**
 * Builds the remediator's pipeline once: its decisions become audit alerts of category
 * `remediation`, routed, de-noised and delivered by the same pipeline as every alert (with no
 * enrichment: the decision carries its trigger's labels and tags).
 *
 * @example
 * ```ts
 * const remediation = createRemediatorPipeline({ config, store, idempotency, publisher, deadLetters, ecs: new AwsEcsRemediation() });
 * const { result, audit } = await remediation.handle(request);
 * ```
 */
export const createRemediatorPipeline = (options: RemediatorPipelineOptions): RemediatorPipeline => {
  const { pipeline } = createHeraldPipeline({
    config: options.config,
    store: options.store,
    idempotency: options.idempotency,
    publisher: options.publisher,
    deadLetters: options.deadLetters,
    now: options.now,
    onFailOpen: options.onFailOpen,
    onDeadLetter: options.onDeadLetter,
  });
  const remediator = createRemediator({
    actions: options.config.remediation.actions,
    store: options.store,
    ecs: options.ecs,
    invoke: options.invoke,
    forceDryRun: options.forceDryRun,
    decisionMemorySeconds: options.decisionMemorySeconds,
    now: options.now,
  });
  return {
    registerLambdaContext: (context) => pipeline.registerLambdaContext(context),
    async handle(request, handleOptions) {
      const result = await remediator.handle(request, handleOptions);
      const audit = await pipeline.processEvent(auditEventOf(result));
      return { result, audit };
    },
  };
};

/**
 * A queue that decides at once, in-process: the CLI's (`herald test`, `herald replay`), where
 * the remediator never acts and its audit alerts go through the same pipeline as the events.
 * `onDecided` sees each outcome and its audit report.
 */
export const createInProcessRemediationQueue = (remediation: () => RemediatorPipeline, onDecided?: (report: RemediationReport) => void): RemediationQueue => ({
  async submit(request) {
    const report = await remediation().handle(request, { finalAttempt: true });
    onDecided?.(report);
    return report.result;
  },
});
