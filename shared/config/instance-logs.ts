// herald.yml's `enrich.instance_logs`: its types and defaults, read by enrichment at run time and
// by the deployment (the router's permissions); the schema is instance-logs-schema.ts.

/**
 * Where the logs of an EC2 container instance are in CloudWatch Logs, for the alerts of
 * agent-disconnected and impaired instances: the last lines of each group's stream.
 */
export interface InstanceLogsConfig {
  /**
   * The log groups to read, each at the stream `stream` names. @default the CloudWatch agent's
   * usual layout for ECS instances: `/var/log/ecs/ecs-agent.log`, `/var/log/ecs/ecs-init.log`,
   * `/var/log/messages`, `/var/log/docker`
   */
  groups?: string[];
  /**
   * The stream name in every group, from `{instance_id}` (the EC2 instance id), `{cluster}` and
   * `{container_instance_id}`. @default "{instance_id}" (the agent's `{instance_id}` stream);
   * the classic ECS configuration names them `{cluster}/{container_instance_id}`
   */
  stream?: string;
  /** Last lines per stream. @default 10 (at most 50) */
  lines?: number;
}

/**
 * The CloudWatch agent's usual log groups for an ECS container instance: the ECS agent's and
 * ecs-init's logs, the system log and the Docker daemon's, one stream per instance id.
 * @see https://docs.aws.amazon.com/AmazonECS/latest/developerguide/using_cloudwatch_logs.html
 * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch-Agent-Configuration-File-Details.html
 */
export const DEFAULT_INSTANCE_LOG_GROUPS: readonly string[] = ['/var/log/ecs/ecs-agent.log', '/var/log/ecs/ecs-init.log', '/var/log/messages', '/var/log/docker'];

/** The CloudWatch agent's default stream name: the EC2 instance id. */
export const DEFAULT_INSTANCE_LOG_STREAM = '{instance_id}';

/** Lines per stream when herald.yml says nothing, and the most it may ask. */
export const INSTANCE_LOG_LINES = { default: 10, max: 50 } as const;

/** Placeholders a stream template may use. */
export const INSTANCE_LOG_PLACEHOLDERS = ['instance_id', 'cluster', 'container_instance_id'] as const;

/** One placeholder. */
export type InstanceLogPlaceholder = (typeof INSTANCE_LOG_PLACEHOLDERS)[number];

/** Placeholders of a template that are not known ones, e.g. `{instance}`. */
export const unknownPlaceholders = (template: string): string[] =>
  [...template.matchAll(/\{([^{}]*)\}/g)].map((m) => m[1] ?? '').filter((name) => !(INSTANCE_LOG_PLACEHOLDERS as readonly string[]).includes(name));
