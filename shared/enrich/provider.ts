import { TIME_BUDGET } from '../budget';
import type { Alert } from '../normalize';
import type { EcsContextReader } from './ecs';
import { diffTaskDefinitions } from './ecs';
import { consoleLinks, logStreamLink } from './links';
import type { LogTailReader } from './logs';
import { INSTANCE_LOG_CATEGORIES, type InstanceLogsReadOptions, readInstanceLogs } from './instance-logs';
import type { AlertContext, ContextProvider, EnrichedAlert, EnrichDepth, EnrichmentFailure, TaskDefinitionContext } from './types';

/** Context from the event alone: console links, no AWS calls. The CLI's default. */
export class EventOnlyContextProvider implements ContextProvider {
  public async enrich(alert: EnrichedAlert, _event?: unknown, depth: EnrichDepth = 'full'): Promise<AlertContext> {
    // The event is all there is: the labels pass already made this alert's whole context.
    if (depth === 'full' && alert.context !== undefined) return alert.context;
    return { tags: {}, links: consoleLinks(alert), failures: [] };
  }
}

/** Options of {@link AwsContextProvider}. */
export interface AwsContextProviderOptions {
  ecs: EcsContextReader;
  logs: LogTailReader;
  /**
   * Time budget per alert: lookups still running then are abandoned and reported as
   * `timeout` failures; the alert goes out without them.
   * @default 3000
   */
  budgetMs?: number;
  /** Log lines to fetch; 0 turns the log tail off. @default 20 */
  logLines?: number;
  /** Where EC2 container instances' logs are, for agent-disconnected and impaired alerts. @default none */
  instanceLogs?: InstanceLogsReadOptions;
}

/** Categories whose alert gains the change between the previous and the new task definition. */
const DEPLOYMENT_CATEGORIES = new Set(['deployment-failed', 'deployment-rollback']);

/**
 * Live context from ECS and CloudWatch Logs (read-only calls, cached, rate-limited). Every
 * alert with a cluster gets its service, cluster and their tags (cheap: cached across warm
 * invocations); warning and critical alerts also get the task definition, the crashed
 * container's log tail, and for failed deployments what changed.
 */
export class AwsContextProvider implements ContextProvider {
  public constructor(private readonly options: AwsContextProviderOptions) {}

  public startBudget(): AbortSignal {
    return AbortSignal.timeout(Math.min(this.options.budgetMs ?? 3000, TIME_BUDGET.enrich.maxBudgetMs));
  }

  public async enrich(alert: EnrichedAlert, _event?: unknown, depth: EnrichDepth = 'full', budget?: AbortSignal): Promise<AlertContext> {
    const signal = budget ?? this.startBudget();
    const { ecs, logs } = this.options;
    const { cluster, service, region, account, taskDefinitionFamily, taskDefinitionRevision, container, taskId } = alert.labels;
    const failures: EnrichmentFailure[] = [];
    const context: AlertContext = { tags: {}, links: consoleLinks(alert), failures };
    if (cluster === undefined) return context;
    const important = alert.severity !== 'info';

    // The labels pass (before routing) already looked up the service and cluster: reuse it,
    // failures included, rather than asking ECS twice for one alert.
    const prior = depth === 'full' ? alert.context : undefined;
    if (prior !== undefined) {
      failures.push(...prior.failures);
      Object.assign(context, { service: prior.service, cluster: prior.cluster, tags: prior.tags });
    } else {
      const [serviceResult, clusterResult] = await Promise.all([
        service === undefined ? undefined : ecs.service(cluster, service, signal),
        ecs.cluster(cluster, signal),
      ]);
      for (const result of [serviceResult, clusterResult]) if (result?.failure !== undefined) failures.push(result.failure);
      context.service = serviceResult?.service;
      context.cluster = clusterResult?.cluster;
      context.tags = { ...(clusterResult?.tags ?? {}), ...(serviceResult?.tags ?? {}) };
    }
    if (!important || depth === 'labels') return context;

    // An instance's trouble: its ECS agent's and system's last lines, not a task's.
    if (this.options.instanceLogs !== undefined && INSTANCE_LOG_CATEGORIES.has(alert.category)) {
      const found = await readInstanceLogs(alert, this.options.instanceLogs, signal);
      failures.push(...found.failures);
      context.links.push(...found.links);
      if (found.instanceLogs !== undefined) context.instanceLogs = found.instanceLogs;
      return context;
    }

    const definitionArn = (family: string | undefined, revision: string | undefined): string | undefined =>
      family === undefined || revision === undefined || region === undefined || account === undefined
        ? undefined
        : `arn:aws:ecs:${region}:${account}:task-definition/${family}:${revision}`;
    const describe = async (arn: string | undefined): Promise<TaskDefinitionContext | undefined> => {
      if (arn === undefined) return undefined;
      const result = await ecs.taskDefinition(arn, signal);
      if (result.failure !== undefined) failures.push(result.failure);
      return result.taskDefinition;
    };

    if (DEPLOYMENT_CATEGORIES.has(alert.category) && context.service !== undefined) {
      // The new deployment is PRIMARY; the one it was replacing (or rolls back to) is ACTIVE.
      const primary = context.service.deployments.find((d) => d.status === 'PRIMARY');
      const previous = context.service.deployments.find((d) => d.status === 'ACTIVE')?.taskDefinition;
      const [to, from, stopped] = await Promise.all([
        describe(primary?.taskDefinition),
        describe(previous),
        // Why the new deployment's tasks stopped: what the circuit breaker saw.
        primary === undefined || service === undefined ? undefined : ecs.stoppedTasks(cluster, service, primary.id, signal),
      ]);
      if (to !== undefined && from !== undefined) context.deploymentChange = diffTaskDefinitions(from, to);
      if (stopped?.failure !== undefined) failures.push(stopped.failure);
      if (stopped !== undefined && stopped.tasks.length > 0) context.stoppedTasks = stopped.tasks;
      context.taskDefinition = to;
      return context;
    }

    context.taskDefinition = await describe(definitionArn(taskDefinitionFamily, taskDefinitionRevision));
    const awslogs = context.taskDefinition?.containers.find((c) => c.name === container)?.awslogs;
    if (awslogs !== undefined && container !== undefined && taskId !== undefined && (this.options.logLines ?? 20) > 0) {
      const result = await logs.tail({ group: awslogs.group, region: awslogs.region, streamPrefix: awslogs.streamPrefix, container, taskId }, signal);
      if (result.failure !== undefined) failures.push(result.failure);
      if (result.logTail !== undefined) {
        context.logTail = result.logTail;
        context.links.push(logStreamLink(awslogs.region ?? region ?? 'us-east-1', result.logTail.group, result.logTail.stream));
      }
    }
    return context;
  }
}

/**
 * The alert with its context, and the context's tags as labels (a built-in label wins over
 * a tag of the same name), so routes can match `team` or `env`.
 */
export const withContext = (alert: Alert, context: AlertContext): EnrichedAlert => ({
  ...alert,
  context,
  labels: { ...context.tags, ...alert.labels },
});
