/**
 * The pipeline: events -> normalize -> route -> deliver, with one report per event.
 *
 * @example
 * ```ts
 * const pipeline = createPipeline({ delivery, route: routeWith(compiled.routes) });
 * const report = await pipeline.processEvent(rawEvent);
 * ```
 */
export { createInProcessRemediationQueue, createRemediatorPipeline } from './remediate';
export type { RemediationReport, RemediatorPipeline, RemediatorPipelineOptions } from './remediate';
export { createPipeline, routeWith } from './pipeline';
export type { Pipeline } from './pipeline';
export type { DigestReport, DueReport, EventReport, PipelineOptions, ResolvedReport, RouteAlert } from './types';
export { asRouted, createDispatch } from './dispatch';
export type { DispatchCall, DispatchOptions, DispatchResult } from './dispatch';
export { EVENT_MEMORY_SECONDS, makeIdempotentPipeline } from './idempotent';
export { createHeraldPipeline } from './compose';
export { createReplayPipeline, replayNameOf } from './replay';
export type { ReplayPipeline, ReplayPipelineOptions } from './replay';
export type { HeraldPipeline, HeraldPipelineOptions } from './compose';
export type { IdempotentPipeline, IdempotentPipelineOptions } from './idempotent';
export { ALERT_DIMENSIONS, ENRICHMENT_DIMENSIONS, gateMetricName, recordDue, remediationMetricName, recordEnrichmentCall, recordRemediation, recordReport, recordRetry, REPORT_METRICS } from './report';
export type { ReportLogger, ReportMetrics } from './report';
export { readRouterSettings, RouterSettingsError } from './settings';
export type { RouterSettings } from './settings';
