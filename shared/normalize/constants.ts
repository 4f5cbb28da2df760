/** Alert severities, most urgent first. `info` is for routine events: recorded, never a page. */
export const SEVERITIES = ['critical', 'warning', 'info'] as const;

/** One of {@link SEVERITIES}. */
export type Severity = (typeof SEVERITIES)[number];

/** Lower is more urgent; for sorting and `min_severity` comparisons. */
export const SEVERITY_RANK: Readonly<Record<Severity, number>> = { critical: 0, warning: 1, info: 2 };

/**
 * The category taxonomy: what happened, in on-call terms. Each entry documents what the
 * category means and its usual severity (the classifier may raise or lower it with evidence,
 * e.g. an essential container that exited 0). README.md renders this table.
 */
export const CATEGORIES = {
  oom: { severity: 'critical', description: 'A container was killed for exceeding its memory limit: ECS reported OutOfMemoryError, whatever the exit code. A bare exit 137 (SIGKILL) is an essential-exit crash, with memory as the first suspect.' },
  'image-pull': { severity: 'critical', description: 'A task could not start because its image could not be pulled (CannotPullContainerError, registry auth).' },
  'task-init': { severity: 'critical', description: 'A task could not initialise its resources: secrets, network interface, EFS or other volumes, log driver, container runtime.' },
  'health-check': { severity: 'warning', description: 'A task was replaced for failing container, load balancer or service discovery health checks.' },
  'essential-exit': { severity: 'critical', description: 'An essential container exited on its own (an application crash; the exit code says how).' },
  placement: { severity: 'warning', description: 'ECS could not place a task: no capacity, resources, or a placement constraint that no instance meets.' },
  'task-start-impaired': { severity: 'critical', description: 'A service cannot start tasks consistently (ECS backs off launching them): a crash loop.' },
  'deployment-failed': { severity: 'critical', description: 'A service deployment failed (deployment circuit breaker), usually followed by a rollback.' },
  'deployment-rollback': { severity: 'warning', description: 'A service or daemon deployment is being rolled back (circuit breaker, alarm, or a stop request).' },
  'deployment-hook': { severity: 'warning', description: 'A deployment lifecycle hook is waiting for a decision, failed or timed out (blue/green, linear, canary).' },
  'deployment-progress': { severity: 'info', description: 'A service or daemon deployment started or is progressing.' },
  'deployment-completed': { severity: 'info', description: 'A service deployment completed and the service is steady.' },
  'config-error': { severity: 'critical', description: 'The task definition or service configuration cannot work: the container command cannot start, an invalid configuration.' },
  spot: { severity: 'warning', description: 'A task was stopped by a Spot interruption (Fargate Spot or EC2 Spot capacity reclaimed).' },
  infrastructure: { severity: 'warning', description: 'AWS stopped the task for its infrastructure: host terminated, Fargate maintenance or task retirement, unhealthy infrastructure.' },
  'scale-in-or-deploy-replace': { severity: 'info', description: 'The service scheduler stopped a task: scale-in, or replacement during a deployment.' },
  'user-stop': { severity: 'info', description: 'Someone (or automation using StopTask) stopped the task.' },
  'task-completed': { severity: 'info', description: 'A standalone task (not part of a service) finished with exit code 0.' },
  'task-lifecycle': { severity: 'info', description: 'A routine task transition before STOPPED: provisioning, pending, running, stopping.' },
  'steady-state': { severity: 'info', description: 'A service, task set or capacity provider reached steady state.' },
  'service-scaled': { severity: 'info', description: 'A service desired count changed (Application Auto Scaling or an update).' },
  throttled: { severity: 'warning', description: 'ECS or Cloud Map throttled an operation on behalf of a service.' },
  'agent-disconnected': { severity: 'warning', description: 'The ECS agent on a container instance lost its connection: its tasks cannot be managed.' },
  'instance-draining': { severity: 'info', description: 'A container instance is draining; its service tasks are being moved.' },
  'instance-impaired': { severity: 'warning', description: 'A container instance reports impaired health (container runtime, GPU, daemon, agent connectivity); critical on plain EC2, where nothing repairs it. Its return to OK resolves the alert.' },
  'instance-lifecycle': { severity: 'info', description: 'A routine container instance change: registered, resources changed, deregistered.' },
  alarm: { severity: 'warning', description: 'A CloudWatch alarm entered ALARM (or INSUFFICIENT_DATA, as info).' },
  'alarm-ok': { severity: 'info', description: 'A CloudWatch alarm returned to OK.' },
  'trusted-advisor': { severity: 'warning', description: 'A Trusted Advisor check flagged a resource: WARN as a warning, ERROR as critical; the check reporting OK for that resource again resolves the alert.' },
  remediation: { severity: 'info', description: 'What became of a remediation decision (herald.yml `remediate:`): executed (a warning), a dry run or skipped by a guard (info; a warning when max_attempts or the rate cap stopped it), failed (critical).' },
  audit: { severity: 'info', description: 'An ECS API call recorded by CloudTrail; warning when it failed or deletes something.' },
  other: { severity: 'info', description: 'An ECS event that fits no finer category (often one AWS added recently); the summary quotes what ECS said.' },
} as const satisfies Record<string, { severity: Severity; description: string }>;

/** One of the {@link CATEGORIES} keys. */
export type Category = keyof typeof CATEGORIES;

/** Every category name, in taxonomy order. */
export const CATEGORY_NAMES = Object.keys(CATEGORIES) as Category[];

/**
 * The labels an Alert may carry; routes match on these. A label that does not apply is
 * absent (never an empty string), so `exists: false` works in route matchers.
 */
export const LABEL_NAMES = [
  'source', 'detailType', 'category', 'severity', 'account', 'accountAlias', 'region', 'cluster', 'service', 'group',
  'taskDefinitionFamily', 'taskDefinitionRevision', 'taskId', 'launchType', 'capacityProvider',
  'availabilityZone', 'lastStatus', 'stopCode', 'container', 'exitCode', 'startedBy', 'eventName',
  'eventType', 'deploymentId', 'daemon', 'failureType', 'hookType', 'lifecycleStage', 'healthCheck', 'containerInstance', 'ec2InstanceId', 'alarmName', 'alarmState',
  'previousAlarmState', 'metricNamespace', 'metricName', 'principal', 'actor', 'errorCode', 'checkName', 'action', 'outcome', 'guard',
] as const;

/** One of {@link LABEL_NAMES}. */
export type LabelName = (typeof LABEL_NAMES)[number];
