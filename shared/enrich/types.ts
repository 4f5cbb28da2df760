import type { Alert } from '../normalize';

/** A deployment of a service, as DescribeServices reports it. */
export interface DeploymentContext {
  id: string;
  /** PRIMARY, ACTIVE or INACTIVE. */
  status?: string;
  /** IN_PROGRESS, COMPLETED or FAILED. */
  rolloutState?: string;
  rolloutStateReason?: string;
  taskDefinition?: string;
  desiredCount?: number;
  runningCount?: number;
  pendingCount?: number;
  failedTasks?: number;
  createdAt?: string;
  updatedAt?: string;
}

/** The service an alert concerns. */
export interface ServiceContext {
  arn: string;
  status?: string;
  desiredCount?: number;
  runningCount?: number;
  pendingCount?: number;
  launchType?: string;
  capacityProviderStrategy: { provider: string; weight?: number; base?: number }[];
  /** Deployment circuit breaker: enabled, and whether it rolls back. */
  circuitBreaker?: { enable: boolean; rollback: boolean };
  deployments: DeploymentContext[];
  /** The most recent service events, newest first (at most 5). */
  events: { createdAt?: string; message: string }[];
}

/** One container of a task definition. */
export interface ContainerDefinitionContext {
  name: string;
  image?: string;
  cpu?: number;
  memory?: number;
  memoryReservation?: number;
  essential?: boolean;
  environmentNames: string[];
  /** awslogs options, when the container logs to CloudWatch Logs. */
  awslogs?: { group: string; region?: string; streamPrefix?: string };
}

/** A task definition (cached by ARN: task definitions never change). */
export interface TaskDefinitionContext {
  arn: string;
  family?: string;
  revision?: number;
  cpu?: string;
  memory?: string;
  containers: ContainerDefinitionContext[];
}

/** What changed from the previous deployment's task definition to the new one. */
export interface DeploymentChange {
  from: string;
  to: string;
  /** One line per change: `image app: repo:1.4 -> repo:1.5`, `memory: 512 -> 1024`, `env added: FEATURE_X`. */
  changes: string[];
}

/** A task a deployment started that has stopped, and why (for failed deployments). */
export interface StoppedTaskContext {
  taskId: string;
  stopCode?: string;
  stoppedReason?: string;
  stoppedAt?: string;
  containers: { name: string; exitCode?: number; reason?: string }[];
}

/** The cluster an alert concerns. */
export interface ClusterContext {
  arn: string;
  status?: string;
  registeredContainerInstances?: number;
  runningTasks?: number;
  pendingTasks?: number;
  activeServices?: number;
}

/** The last lines a crashed container printed. */
export interface LogTail {
  group: string;
  stream: string;
  /** Oldest first, secrets redacted. */
  lines: string[];
  /** How many secrets were redacted. */
  redactions: number;
}

/** The last lines of an EC2 container instance's logs (ECS agent, ecs-init, system, Docker). */
export interface InstanceLogs {
  /** The EC2 instance, when known. */
  instanceId?: string;
  /** The stream read in each group (herald.yml `enrich.instance_logs.stream`). */
  stream: string;
  /** One tail per group that has the stream, in herald.yml's order; secrets redacted. */
  tails: LogTail[];
  /** Groups without that stream (the instance's CloudWatch agent does not ship them). */
  missing: string[];
}

/** A console deep link. */
export interface ConsoleLink {
  /** What it opens: `task`, `service deployments`, `service events`, `cluster`, `log stream`... */
  label: string;
  url: string;
}

/** A lookup that failed; the alert still goes out, marked partially enriched. */
export interface EnrichmentFailure {
  /** e.g. `ecs:DescribeServices`, `logs:GetLogEvents`. */
  source: string;
  /** `throttled`, `access-denied`, `timeout`, `not-found`, `error`: with the AWS error name. */
  reason: string;
}

/** One AWS call the enrich stage made, and how it failed: what its metrics count. */
export interface EnrichmentCall {
  /** e.g. `ecs:DescribeServices`, `logs:GetLogEvents`. */
  source: string;
  /** The kind of failure (the first word of {@link EnrichmentFailure.reason}); absent when the call answered. */
  failure?: string;
}

/**
 * What an enrichment adapter's default SDK client is made with: in central mode, the event's
 * Region and the credentials of the role assumed in its account.
 */
export interface EnrichClientConfig {
  region?: string;
  /** An SDK credentials provider (the SDK calls it again when what it returned nears expiry). */
  credentials?: () => Promise<{ accessKeyId: string; secretAccessKey: string; sessionToken?: string; expiration?: Date }>;
  /** An endpoint of its own (loopback servers in tests). */
  endpoint?: string;
}

/** Told of every AWS call an enrichment adapter makes (not of lookups served from its cache). */
export type EnrichmentCallObserver = (call: EnrichmentCall) => void;

/** Everything the enrich stage found out about an alert. */
export interface AlertContext {
  service?: ServiceContext;
  taskDefinition?: TaskDefinitionContext;
  cluster?: ClusterContext;
  deploymentChange?: DeploymentChange;
  /** For a failed deployment: the tasks it started that stopped, newest first (at most 5). */
  stoppedTasks?: StoppedTaskContext[];
  logTail?: LogTail;
  /** For agent-disconnected and impaired EC2 container instances: their agent and system logs. */
  instanceLogs?: InstanceLogs;
  /** Resource tags of the service and cluster (service wins); also merged into labels. */
  tags: Record<string, string>;
  links: ConsoleLink[];
  /** Lookups that failed or were skipped for lack of time; empty when complete. */
  failures: EnrichmentFailure[];
}

/**
 * The enrichment port: adds cluster context to an alert. Adapters: AWS (ECS and CloudWatch
 * Logs, read-only) and event-only (links from the event alone; the CLI's default). Never
 * throws and never waits past its time budget: a failed lookup becomes a failure entry.
 */
/** An alert with the context the enrich stage found for it (none when enrichment is off). */
export type EnrichedAlert = Alert & {
  /** Cluster context; absent before the enrich stage, or when it is not configured. */
  context?: AlertContext;
};

export interface ContextProvider {
  /**
   * @param depth `labels`: only what routing needs (service, cluster, their tags: cached and
   *   cheap); `full`: everything, for an alert that will be sent. @default 'full'
   * @param budget the alert's time budget, shared by its passes (see {@link ContextProvider.startBudget});
   *   lookups still running when it ends are abandoned and reported. @default a budget of its own
   */
  enrich(alert: EnrichedAlert, event: unknown, depth?: EnrichDepth, budget?: AbortSignal): Promise<AlertContext>;
  /**
   * Starts one alert's time budget (herald.yml `enrich.budget`): both passes of an alert (labels
   * before routing, the rest before sending) share it, so an alert waits at most that long for
   * its context in all. Undefined: no lookups take time.
   */
  startBudget?(): AbortSignal;
}

/** How much context to gather: before routing, only labels; for a sent alert, all of it. */
export type EnrichDepth = 'labels' | 'full';
