/**
 * The `enrich` stage: the cluster context an on-call engineer needs (service health,
 * deployments and what changed, recent service events, the crashed container's last log
 * lines, tags, console links), degraded, never blocking, when a lookup fails.
 *
 * @example
 * ```ts
 * const provider = new AwsContextProvider({ ecs: new EcsContextReader(), logs: new LogTailReader({ redactor: createRedactor() }) });
 * const alert = withContext(normalized, await provider.enrich(normalized, rawEvent));
 * ```
 */
export { AwsContextProvider, EventOnlyContextProvider, withContext } from './provider';
export type { AwsContextProviderOptions } from './provider';
export { createAwsContextProvider, createContextProvider } from './create';
export type { ContextProviderCreateOptions } from './create';
// Central mode's AccountContextProvider (./accounts) and assumed-role credentials (./assume-role)
// are imported from their files: createContextProvider loads them with the first event, and a
// re-export here would put their code in every bundle's start-up.
export type { AccountContextProviderOptions } from './accounts';
export type { AssumedRoleOptions, StsApi } from './assume-role';
export { compileEnrichSettings } from './create';
export type { AwsContextProviderCreateOptions, EnrichSettings } from './create';
export { createRedactor, redactLines, REDACTION_KINDS, redactionMarker } from './redact';
export type { RedactionKind, Redactor } from './redact';
export type * from './types';
export { INSTANCE_LOG_CATEGORIES, instanceLogStreamName, readInstanceLogs } from './instance-logs';
export type { InstanceLogsReadOptions, InstanceLogsResult, InstanceLogValues } from './instance-logs';
export { compileInstanceLogSettings } from './instance-logs-settings';
export type { InstanceLogSettings } from './instance-logs-settings';
export { ContainerInstanceReader } from './ecs-instances';
export type { ContainerInstanceReaderOptions, Ec2InstanceIdLookup, Ec2InstanceLookupResult } from './ecs-instances';
