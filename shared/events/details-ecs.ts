/* The `detail` of each ECS event kind, as herald reads it. */

/**
 * A container inside an ECS task state change.
 * @see https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs_task_events.html
 */
export interface EcsContainer {
  name: string;
  containerArn?: string;
  lastStatus?: string;
  /** Absent when the container never ran or the agent could not read it. */
  exitCode?: number;
  /** Why the container stopped, e.g. `OutOfMemoryError: Container killed due to memory usage`. */
  reason?: string;
  image?: string;
  imageDigest?: string;
  runtimeId?: string;
  cpu?: string;
  memory?: string;
  memoryReservation?: string;
  healthStatus?: string;
}

/**
 * `detail` of `ECS Task State Change`.
 * @see https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs_task_events.html
 */
export interface EcsTaskDetail {
  /**
   * From `detail.taskArn`, else recovered from `resources` or the containers. Absent only in a
   * trimmed event where nothing carries it; the event's warnings then say so.
   */
  taskArn?: string;
  /** From `detail.clusterArn`, else derived from a long-format ARN; absent only when no ARN names the cluster. */
  clusterArn?: string;
  /** From `detail.lastStatus`; `STOPPED` when it is missing and `stoppedAt` is set (with a warning). */
  lastStatus: string;
  desiredStatus?: string;
  taskDefinitionArn?: string;
  /** `service:<name>` for service tasks, `family:<name>` for standalone tasks. */
  group?: string;
  /** `ecs-svc/<id>` when started by the service scheduler; a user-supplied tag otherwise. */
  startedBy?: string;
  launchType?: string;
  capacityProviderName?: string;
  availabilityZone?: string;
  containerInstanceArn?: string;
  platformVersion?: string;
  /** Why the task stopped; see the stopped tasks error codes page. */
  stopCode?: string;
  stoppedReason?: string;
  connectivity?: string;
  healthStatus?: string;
  cpu?: string;
  memory?: string;
  createdAt?: string;
  /** Absent for a task that never started. */
  startedAt?: string;
  stoppingAt?: string;
  stoppedAt?: string;
  executionStoppedAt?: string;
  pullStartedAt?: string;
  pullStoppedAt?: string;
  updatedAt?: string;
  /** Per-task version: ECS events are at-least-once and unordered; higher is newer. */
  version?: number;
  containers: EcsContainer[];
}

/**
 * `detail` of `ECS Service Action`.
 * @see https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs_service_events.html
 */
export interface EcsServiceActionDetail {
  /** `INFO`, `WARN` or `ERROR`. */
  eventType: string;
  eventName: string;
  clusterArn?: string;
  createdAt?: string;
  /** For placement failures: the constraint or resource that failed, e.g. `RESOURCE:MEMORY`. */
  reason?: string;
  desiredCount?: number;
  capacityProviderArns: string[];
  containerInstanceArns: string[];
  taskArns: string[];
  taskSetArns: string[];
  serviceRegistryArns: string[];
  targets: string[];
}

/**
 * `detail` of `ECS Deployment State Change`.
 * @see https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs_service_deployment_events.html
 */
export interface EcsDeploymentDetail {
  eventType: string;
  eventName: string;
  deploymentId: string;
  updatedAt?: string;
  /** Human text; says whether this is an initial deployment or a circuit-breaker rollback. */
  reason?: string;
  clusterArn?: string;
}

/** A container instance attribute, e.g. `ecs.availability-zone`. */
export interface EcsAttribute {
  name: string;
  value?: string;
}

/**
 * `detail` of `ECS Container Instance State Change`.
 * @see https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs_container_instance_events.html
 */
export interface EcsContainerInstanceDetail {
  containerInstanceArn: string;
  clusterArn: string;
  /** `ACTIVE`, `DRAINING`, `INACTIVE`, `REGISTERING`, `DEREGISTERING`, ... */
  status: string;
  statusReason?: string;
  agentConnected?: boolean;
  agentUpdateStatus?: string;
  ec2InstanceId?: string;
  attributes: EcsAttribute[];
  version?: number;
  updatedAt?: string;
  /** Container instance health (`OK`, `IMPAIRED`, `INSUFFICIENT_DATA`, `INITIALIZING`), when reported. */
  healthStatus?: string;
}

/** One health check of a container instance. */
export interface EcsInstanceHealthCheck {
  /** `CONTAINER_RUNTIME`, `ACCELERATED_COMPUTE`, `DAEMON`, `AGENT_CONNECTIVITY`, ... */
  type: string;
  status?: string;
  statusReason?: string;
  lastStatusChange?: string;
}

/**
 * `detail` of `ECS Container Instance Health Change`.
 * @see https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs_container_instance_health_events.html
 */
export interface EcsContainerInstanceHealthDetail {
  containerInstanceArn: string;
  clusterArn: string;
  /** `OK`, `IMPAIRED`, `INSUFFICIENT_DATA`, `INITIALIZING`. */
  overallStatus: string;
  /** Null on plain EC2 instances; a managed capacity provider repairs impaired instances itself. */
  capacityProviderName?: string;
  ec2InstanceId?: string;
  healthChecks: EcsInstanceHealthCheck[];
}

/**
 * `detail` of `ECS Hook State Change`: a deployment lifecycle hook (e.g. a pause hook of a
 * blue/green deployment) changed status.
 * @see https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs_hook_state_change_events.html
 */
export interface EcsHookDetail {
  eventType?: string;
  /** `HOOK_IN_PROGRESS`, `HOOK_AWAITING_ACTION`, `HOOK_SUCCEEDED`, `HOOK_FAILED`, `HOOK_TIMED_OUT`. */
  eventName: string;
  hookId?: string;
  hookType?: string;
  lifecycleStage?: string;
  /** Deadline of a pause hook; its timeout action (default ROLLBACK) is taken then. */
  expiresAt?: string;
  clusterArn?: string;
  serviceArn?: string;
  serviceDeploymentArn?: string;
  updatedAt?: string;
  reason?: string;
}

/**
 * `detail` of `ECS Daemon Deployment State Change` (ECS managed daemons).
 * @see https://docs.aws.amazon.com/AmazonECS/latest/developerguide/managed-daemons-events.html
 */
export interface EcsDaemonDeploymentDetail {
  eventType?: string;
  eventName: string;
  clusterArn?: string;
  daemonArn?: string;
  daemonDeploymentArn?: string;
  targetDaemonRevisionArn?: string;
  updatedAt?: string;
  reason?: string;
}

/**
 * `detail` of `ECS Daemon Service Action` (ECS managed daemons). Note `eventType` is
 * `WARNING` here where service actions say `WARN`.
 * @see https://docs.aws.amazon.com/AmazonECS/latest/developerguide/managed-daemons-events.html
 */
export interface EcsDaemonServiceActionDetail {
  eventType?: string;
  eventName: string;
  clusterArn?: string;
  containerInstanceArn?: string;
  /** Absent when the task could not be created (`TASK_CREATION_FAILED`). */
  taskArn?: string;
  daemonArn?: string;
  daemonRevisionArn?: string;
  daemonTaskDefinitionArn?: string;
  capacityProviderName?: string;
  /** `TASK_FAILED_TO_RUN` or `TASK_CREATION_FAILED`. */
  failureType?: string;
  createdAt?: string;
  reason?: string;
}
