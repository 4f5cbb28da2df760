import type { Alert } from '../normalize';
import type { Ec2InstanceIdLookup } from './ecs-instances';
import type { InstanceLogSettings } from './instance-logs-settings';
import { logStreamLink } from './links';
import type { LogTailReader } from './logs';
import type { ConsoleLink, EnrichmentFailure, InstanceLogs } from './types';

/**
 * The alerts that gain their instance's logs: an ECS agent that lost its connection, or an
 * instance ECS reports impaired (or failed to register, or whose agent update failed). What to
 * look at first is the agent's own log and the system's around it.
 */
export const INSTANCE_LOG_CATEGORIES: ReadonlySet<string> = new Set(['agent-disconnected', 'instance-impaired']);

/** What a stream template's placeholders stand for. */
export interface InstanceLogValues {
  /** The EC2 instance id, `i-0123...`. */
  instanceId?: string;
  cluster?: string;
  /** The container instance id (the end of its ARN). */
  containerInstanceId?: string;
}

/**
 * A stream name from its template, or undefined when a placeholder it uses has no value:
 * `{instance_id}` -> `i-07e1c2d3a4b5c6d7e`, `{cluster}/{container_instance_id}` -> `prod/a1b2...`.
 */
export const instanceLogStreamName = (template: string, values: InstanceLogValues): string | undefined => {
  const byName: Readonly<Record<string, string | undefined>> = { instance_id: values.instanceId, cluster: values.cluster, container_instance_id: values.containerInstanceId };
  let missing = false;
  const name = template.replace(/\{([a-z_]+)\}/g, (_, placeholder: string) => {
    const value = byName[placeholder];
    if (value === undefined || value === '') missing = true;
    return value ?? '';
  });
  return missing ? undefined : name;
};

/** What {@link readInstanceLogs} found: the tails, the lookups that failed, the links to add. */
export interface InstanceLogsResult {
  instanceLogs?: InstanceLogs;
  failures: EnrichmentFailure[];
  links: ConsoleLink[];
}

/** Options of {@link readInstanceLogs}. */
export interface InstanceLogsReadOptions {
  settings: InstanceLogSettings;
  /** The reader of the configured groups (same pace and redaction as task log tails). */
  logs: LogTailReader;
  /** Finds the EC2 instance when the event does not name it. @default none: the stream is then not named */
  instances?: Ec2InstanceIdLookup;
}

/**
 * The last lines of each configured group's stream for the alert's container instance, read in
 * parallel within the alert's budget: a stream that does not exist (a group the instance's
 * CloudWatch agent does not ship) is listed as missing, not a failure; any other failed read is
 * a failure that marks the alert partially enriched. Fargate and alerts without a container
 * instance get nothing.
 */
export const readInstanceLogs = async (alert: Alert, options: InstanceLogsReadOptions, signal?: AbortSignal): Promise<InstanceLogsResult> => {
  const { cluster, containerInstance, region } = alert.labels;
  const failures: EnrichmentFailure[] = [];
  if (!INSTANCE_LOG_CATEGORIES.has(alert.category) || containerInstance === undefined || cluster === undefined) return { failures, links: [] };
  let instanceId = alert.labels.ec2InstanceId;
  if ((instanceId === undefined || instanceId === '') && options.settings.stream.includes('{instance_id}') && options.instances !== undefined) {
    const found = await options.instances.ec2InstanceId(cluster, containerInstance, signal);
    if (found.failure !== undefined) failures.push(found.failure);
    instanceId = found.ec2InstanceId;
  }
  const stream = instanceLogStreamName(options.settings.stream, { instanceId, cluster, containerInstanceId: containerInstance });
  if (stream === undefined) return { failures, links: [] };
  const results = await Promise.all(options.settings.groups.map(async (group) => ({ group, result: await options.logs.tailStream({ group, stream, lines: options.settings.lines }, signal) })));
  const instanceLogs: InstanceLogs = { ...(instanceId === undefined ? {} : { instanceId }), stream, tails: [], missing: [] };
  const links: ConsoleLink[] = [];
  for (const { group, result } of results) {
    if (result.logTail !== undefined) {
      instanceLogs.tails.push(result.logTail);
      links.push({ ...logStreamLink(region ?? 'us-east-1', group, stream), label: `instance log ${group}` });
    } else if (result.failure?.reason.startsWith('not-found') === true) {
      instanceLogs.missing.push(group);
    } else if (result.failure !== undefined) {
      failures.push({ source: `${result.failure.source} ${group}`, reason: result.failure.reason });
    }
  }
  return { instanceLogs, failures, links };
};
