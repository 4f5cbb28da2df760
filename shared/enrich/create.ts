import type { AccountSettings } from '../accounts/settings';
import { TIME_BUDGET } from '../budget';
import { type HeraldConfig, parseDuration } from '../config';
import { EcsContextReader } from './ecs';
import { DEFAULT_LOG_GROUP_PREFIXES, DEFAULT_RATE_LIMIT_PER_SECOND, LogTailReader } from './logs';
import { ContainerInstanceReader } from './ecs-instances';
import { TokenBucket } from './rate-limit';
import { AwsContextProvider } from './provider';
import { compileInstanceLogSettings, type InstanceLogSettings } from './instance-logs-settings';
import { createRedactor } from './redact';
import type { ContextProvider, EnrichmentCallObserver } from './types';

/** Settings of the live enrichment (from herald.yml's `enrich` section). */
export interface EnrichSettings {
  logLines: number;
  redact: readonly string[];
  budgetMs: number;
  /** Prefixes of the log groups the log tail may read (and the router's role is allowed). */
  logGroups: readonly string[];
  /** Where EC2 container instances' logs are (`enrich.instance_logs`); undefined when off. */
  instanceLogs?: InstanceLogSettings;
}

/** Enrichment's slice of herald.yml, defaults applied: 20 log lines, 3 s per alert, groups under `/ecs/`. */
export const compileEnrichSettings = (config: HeraldConfig): EnrichSettings => ({
  logLines: config.enrich?.log_lines ?? 20,
  redact: config.enrich?.redact ?? [],
  budgetMs: parseDuration(config.enrich?.budget ?? '3s') ?? 3000,
  logGroups: config.enrich?.log_groups ?? DEFAULT_LOG_GROUP_PREFIXES,
  instanceLogs: compileInstanceLogSettings(config),
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
export const createAwsContextProvider = (settings: EnrichSettings, options: AwsContextProviderCreateOptions = {}): AwsContextProvider => {
  const redactor = createRedactor(settings.redact);
  // Task and instance log tails share one pace: together they stay within the GetLogEvents quota.
  const logsPace = new TokenBucket({ ratePerSecond: DEFAULT_RATE_LIMIT_PER_SECOND });
  const instanceLogs = settings.instanceLogs;
  return new AwsContextProvider({
    ecs: new EcsContextReader({ onCall: options.onCall }),
    // `log_lines: 0` turns the tail off in the provider; the reader itself reads at least one line.
    logs: new LogTailReader({ lines: settings.logLines === 0 ? undefined : settings.logLines, redactor, groupPrefixes: settings.logGroups, onCall: options.onCall, rateLimiter: logsPace }),
    budgetMs: settings.budgetMs,
    logLines: settings.logLines,
    ...(instanceLogs === undefined
      ? {}
      : {
          instanceLogs: {
            settings: instanceLogs,
            logs: new LogTailReader({ lines: instanceLogs.lines, redactor, groupPrefixes: instanceLogs.groups, onCall: options.onCall, rateLimiter: logsPace }),
            instances: new ContainerInstanceReader({ onCall: options.onCall }),
          },
        }),
  });
};

/** Options of {@link createContextProvider}. */
export interface ContextProviderCreateOptions {
  enrich: EnrichSettings;
  /** Central mode's accounts; `undefined` in single-account mode. */
  accounts: AccountSettings | undefined;
  /** The stack's `HERALD_EXTERNAL_ID` (resolved from SSM at deploy), else herald.yml's. */
  externalId?: string;
  /** The members' CloudTrail shows it as who read (the function's name). */
  sessionName?: string;
  onCall?: EnrichmentCallObserver;
}

/**
 * The live context provider of a configuration: in single-account mode the function's own
 * account and Region ({@link createAwsContextProvider}); in central mode the event's account and
 * Region (`AccountContextProvider`, loaded with the first event, so a single-account bundle's
 * start-up never reads its code).
 */
export const createContextProvider = (options: ContextProviderCreateOptions): ContextProvider => {
  const { accounts, enrich } = options;
  if (accounts === undefined) return createAwsContextProvider(enrich, { onCall: options.onCall });
  let provider: Promise<ContextProvider> | undefined;
  const load = (): Promise<ContextProvider> => {
    provider ??= import('./accounts').then(({ AccountContextProvider }) => new AccountContextProvider({
      accounts,
      enrich,
      externalId: options.externalId ?? accounts.externalId,
      sessionName: options.sessionName,
      onCall: options.onCall,
    }));
    return provider;
  };
  return {
    startBudget: () => AbortSignal.timeout(Math.min(enrich.budgetMs, TIME_BUDGET.enrich.maxBudgetMs)),
    enrich: async (alert, event, depth, budget) => (await load()).enrich(alert, event, depth, budget),
  };
};
