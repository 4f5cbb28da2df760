import { type HeraldConfig, parseDuration } from '../config';
import { EcsContextReader } from './ecs';
import { LogTailReader } from './logs';
import { AwsContextProvider } from './provider';
import { createRedactor } from './redact';

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

/**
 * The live context provider with the SDK's default credentials and Region: the Lambda's
 * role, or the user's own with `herald ... --aws`. Read-only calls.
 */
export const createAwsContextProvider = (settings: EnrichSettings): AwsContextProvider =>
  new AwsContextProvider({
    ecs: new EcsContextReader(),
    logs: new LogTailReader({ lines: settings.logLines, redactor: createRedactor(settings.redact) }),
    budgetMs: settings.budgetMs,
    logLines: settings.logLines,
  });
