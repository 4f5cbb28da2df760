import { type HeraldConfig, parseDuration } from '../config';
import { EcsContextReader } from './ecs';
import { LogTailReader } from './logs';
import { AwsContextProvider } from './provider';
import { createRedactor } from './redact';
import type { EnrichmentCallObserver } from './types';

/** Settings of the live enrichment (from herald.yml's `enrich` section). */
export interface EnrichSettings {
  logLines: number;
  redact: readonly string[];
  budgetMs: number;
}

/** Enrichment's slice of herald.yml, defaults applied: 20 log lines, 3 s per alert. */
export const compileEnrichSettings = (config: HeraldConfig): EnrichSettings => ({
  logLines: config.enrich?.log_lines ?? 20,
  redact: config.enrich?.redact ?? [],
  budgetMs: parseDuration(config.enrich?.budget ?? '3s') ?? 3000,
});

/** Options of {@link createAwsContextProvider}. */
export interface AwsContextProviderCreateOptions {
  /** Told of every ECS and CloudWatch Logs call made, and of its failure (the Lambda counts them). */
  onCall?: EnrichmentCallObserver;
}

/**
 * The live context provider with the SDK's default credentials and Region: the Lambda's
 * role, or the user's own with `herald ... --aws`. Read-only calls.
 */
export const createAwsContextProvider = (settings: EnrichSettings, options: AwsContextProviderCreateOptions = {}): AwsContextProvider =>
  new AwsContextProvider({
    ecs: new EcsContextReader({ onCall: options.onCall }),
    logs: new LogTailReader({ lines: settings.logLines, redactor: createRedactor(settings.redact), onCall: options.onCall }),
    budgetMs: settings.budgetMs,
    logLines: settings.logLines,
  });
