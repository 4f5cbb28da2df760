import type { AccountSettings } from '../accounts/settings';
import { type AccountTarget, accountTargetOf } from '../accounts/target';
import { TIME_BUDGET } from '../budget';
import type { Alert } from '../normalize';
import { AssumedRoleCredentials, createStsApiLoader, type StsApi } from './assume-role';
import type { EnrichSettings } from './create';
import { EcsContextReader } from './ecs';
import { consoleLinks } from './links';
import { ContainerInstanceReader } from './ecs-instances';
import { DEFAULT_RATE_LIMIT_PER_SECOND, LogTailReader } from './logs';
import { TokenBucket } from './rate-limit';
import { AwsContextProvider } from './provider';
import { createRedactor, type Redactor } from './redact';
import type { AlertContext, ContextProvider, EnrichClientConfig, EnrichDepth, EnrichedAlert, EnrichmentCallObserver } from './types';

/** The failure `source` of an event whose account or Region herald.yml does not list. */
export const UNKNOWN_ACCOUNT_SOURCE = 'accounts';

/** One account and Region's readers (their clients, caches and rate limits) and credentials. */
interface AccountEntry {
  provider: AwsContextProvider;
  ecs: EcsContextReader;
  /** The member's role; none for the central account's own events. */
  credentials?: AssumedRoleCredentials;
}

/** Options of {@link AccountContextProvider}. */
export interface AccountContextProviderOptions {
  accounts: AccountSettings;
  enrich: EnrichSettings;
  /** The external id the members' read roles demand (herald.yml, or the stack's `HERALD_EXTERNAL_ID`). */
  externalId: string | undefined;
  /** The session name members' CloudTrail shows. @default ecs-herald */
  sessionName?: string;
  onCall?: EnrichmentCallObserver;
  /** STS, for every AssumeRole. @default the function's own Region and role */
  sts?: () => Promise<StsApi>;
  /**
   * More SDK client settings per account and Region (tests point each at its own loopback
   * endpoint). @default none
   */
  clientConfigFor?: (target: { account: string; region: string; service: 'ecs' | 'logs' }) => EnrichClientConfig;
  /** @default Date.now */
  now?: () => number;
}

/**
 * Central mode's context provider: the lookups of each event go to the event's own account and
 * Region. The central account's events are read with the function's own role; a member's through
 * its read role, assumed with the external id. Each account and Region has its own clients,
 * caches and rate limits (made on its first event), so `prod` in one account is never answered
 * from `prod` in another. An event from an account or Region herald.yml does not list gets no
 * lookups at all (its alert says so): never the function's own account by cluster name.
 * A role that cannot be assumed degrades the alert ("Partially enriched"), never loses it.
 */
export class AccountContextProvider implements ContextProvider {
  private readonly providers = new Map<string, AccountEntry>();
  private readonly redactor: Redactor;
  private readonly sts: () => Promise<StsApi>;

  public constructor(private readonly options: AccountContextProviderOptions) {
    this.redactor = createRedactor(options.enrich.redact);
    this.sts = options.sts ?? createStsApiLoader();
  }

  public startBudget(): AbortSignal {
    return AbortSignal.timeout(Math.min(this.options.enrich.budgetMs, TIME_BUDGET.enrich.maxBudgetMs));
  }

  public async enrich(alert: EnrichedAlert, event?: unknown, depth: EnrichDepth = 'full', budget?: AbortSignal): Promise<AlertContext> {
    const signal = budget ?? this.startBudget();
    const target = accountTargetOf(this.options.accounts, alert.labels.account, alert.labels.region);
    if (target.kind === 'unknown') return notEnriched(alert, target.reason);
    // Nothing to look up without a cluster (an alarm, a Trusted Advisor check): no role to assume.
    if (alert.labels.cluster === undefined) return { tags: {}, links: consoleLinks(alert), failures: [] };
    const entry = this.entryFor(target);
    const failure = await entry.credentials?.check(signal);
    if (failure !== undefined) {
      // Nothing to look up with: links only, the failure said (once per alert, whatever the pass).
      const prior = alert.context?.failures ?? [];
      return { tags: alert.context?.tags ?? {}, links: consoleLinks(alert), failures: prior.some((f) => f.source === failure.source) ? [...prior] : [...prior, failure] };
    }
    return entry.provider.enrich(alert, event, depth, signal);
  }

  /** Lookups made per account and Region so far (ECS calls by command), for tests and benchmarks. */
  public callsOf(account: string, region: string): Readonly<Record<string, number>> | undefined {
    return this.providers.get(`${account}/${region}`)?.ecs.calls;
  }

  private entryFor(target: Extract<AccountTarget, { kind: 'own' | 'member' }>): AccountEntry {
    const key = `${target.account}/${target.region}`;
    const known = this.providers.get(key);
    if (known !== undefined) return known;
    const { enrich, onCall } = this.options;
    const credentials = target.kind === 'member'
      ? new AssumedRoleCredentials({ roleArn: target.roleArn, externalId: this.options.externalId, sessionName: this.options.sessionName, sts: this.sts, now: this.options.now, onCall })
      : undefined;
    const clientConfig = (service: 'ecs' | 'logs'): EnrichClientConfig => ({
      region: target.region,
      ...(credentials === undefined ? {} : { credentials: credentials.provide }),
      ...this.options.clientConfigFor?.({ account: target.account, region: target.region, service }),
    });
    const ecs = new EcsContextReader({ onCall, clientConfig: clientConfig('ecs') });
    // Task and instance log tails share one pace: together they stay within the account's GetLogEvents quota.
    const logsPace = new TokenBucket({ ratePerSecond: DEFAULT_RATE_LIMIT_PER_SECOND });
    const instanceLogs = enrich.instanceLogs;
    const entry: AccountEntry = {
      credentials,
      ecs,
      provider: new AwsContextProvider({
        ecs,
        logs: new LogTailReader({ lines: enrich.logLines === 0 ? undefined : enrich.logLines, redactor: this.redactor, groupPrefixes: enrich.logGroups, onCall, clientConfig: clientConfig('logs'), rateLimiter: logsPace }),
        budgetMs: enrich.budgetMs,
        logLines: enrich.logLines,
        ...(instanceLogs === undefined
          ? {}
          : {
              instanceLogs: {
                settings: instanceLogs,
                logs: new LogTailReader({ lines: instanceLogs.lines, redactor: this.redactor, groupPrefixes: instanceLogs.groups, onCall, clientConfig: clientConfig('logs'), rateLimiter: logsPace }),
                instances: new ContainerInstanceReader({ onCall, clientConfig: clientConfig('ecs') }),
              },
            }),
      }),
    };
    this.providers.set(key, entry);
    return entry;
  }
}

/** The context of an alert from an account or Region herald.yml does not list: console links, and why nothing was looked up. */
const notEnriched = (alert: Alert, reason: string): AlertContext => ({
  tags: {},
  links: consoleLinks(alert),
  failures: [{ source: UNKNOWN_ACCOUNT_SOURCE, reason: `unknown-account: ${reason}; not enriched` }],
});
