import type { Category, Severity } from './constants';

/**
 * A known family of ECS stop messages: matched against the task's `stoppedReason` and each
 * container's `reason`. Order matters: the first rule whose pattern matches wins.
 */
export interface ReasonRule {
  /** Stable id, shown as evidence ("matched rule"). */
  id: string;
  pattern: RegExp;
  category: Category;
  /** What happened, in a few words, for the summary. */
  headline: string;
  /** Likely cause and next step. */
  hint: string;
  /** @default the category's usual severity */
  severity?: Severity;
  /**
   * For a message that covers several causes: patterns that tell, from the rest of the text,
   * which one it was; the first match is added to the headline.
   */
  narrowings?: readonly { id: string; pattern: RegExp; says: string }[];
}

const CANNOT_START_HINT =
  'The container runtime could not start the container command. Check the entryPoint and command, that the binary exists in the image, and that the image architecture matches the task (exec format error means an amd64 image on arm64 or the reverse).';

/**
 * Message families from the ECS developer guide's stopped-task pages:
 * - https://docs.aws.amazon.com/AmazonECS/latest/developerguide/stopped-task-error-codes.html
 * - https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_cannot_pull_image.html
 * - https://docs.aws.amazon.com/AmazonECS/latest/developerguide/resource-initialization-error.html
 * - https://docs.aws.amazon.com/AmazonECS/latest/developerguide/troubleshoot-service-load-balancers.html
 * - https://docs.aws.amazon.com/AmazonECS/latest/developerguide/fargate-capacity-providers.html (Spot)
 * - https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-maintenance.html (retirement)
 */
export const REASON_RULES: readonly ReasonRule[] = [
  // ECS prefixes every error with its category ("CannotStartContainerError: ..."), and the
  // category is authoritative: a Fargate CannotStartContainerError wraps a
  // "ResourceInitializationError: ... OCI runtime create failed" that is still a bad command.
  {
    id: 'out-of-memory',
    pattern: /OutOfMemoryError|container killed due to memory usage/i,
    category: 'oom',
    headline: 'killed: out of memory',
    hint: 'The container exceeded its hard memory limit and the kernel OOM killer stopped it. Raise the container or task memory, or look for a leak or an unbounded cache in the log tail and the service MemoryUtilization metric.',
  },
  {
    id: 'cannot-start-container-prefix',
    pattern: /^CannotStartContainerError/,
    category: 'config-error',
    headline: 'cannot start',
    hint: CANNOT_START_HINT,
  },
  {
    // One step of task start fetches both the secrets (Secrets Manager, SSM Parameter Store)
    // and the registry credentials (ECR, or repositoryCredentials in Secrets Manager), and its
    // error names both: the hint must too, whichever call the rest of the message blames. A
    // task-init failure (ResourceInitializationError: no container was created), not a pull.
    // https://docs.aws.amazon.com/AmazonECS/latest/developerguide/resource-initialization-error.html
    id: 'secrets-or-registry-auth',
    pattern: /pull secrets or registry auth/i,
    category: 'task-init',
    headline: 'cannot retrieve secrets or registry auth',
    hint: 'ECS fetches a task\'s secrets (Secrets Manager, SSM Parameter Store) and its registry credentials (ECR, or repositoryCredentials in Secrets Manager) in one step before any container starts, and that step failed; the rest of the message says which call. Check the task execution role: secretsmanager:GetSecretValue and ssm:GetParameters on the referenced secrets and parameters, kms:Decrypt on their customer managed KMS keys, and ecr:GetAuthorizationToken with ecr:BatchGetImage. Check the network path from the task subnets to Secrets Manager, SSM and ECR: a NAT gateway or public IP, or the VPC endpoints secretsmanager, ssm, ecr.api and ecr.dkr plus the S3 gateway endpoint, with security groups allowing HTTPS (443).',
    narrowings: [
      { id: 'ecr', pattern: /ecr registry auth|registry auth from Amazon ECR/i, says: 'ECR registry auth failed' },
      { id: 'registry-credentials', pattern: /registry auth from asm|repositoryCredentials/i, says: 'registry credentials in Secrets Manager failed' },
      { id: 'secrets-manager', pattern: /secrets? from asm|secretsmanager|Secrets Manager/i, says: 'Secrets Manager secret failed' },
      { id: 'ssm', pattern: /from ssm|\bssm:|Systems Manager|Parameter Store/i, says: 'SSM parameter failed' },
    ],
  },
  {
    id: 'ecr-registry-auth',
    pattern: /ecr registry auth|registry auth from Amazon ECR|CannotPullECRContainerError/i,
    category: 'image-pull',
    headline: 'cannot authenticate to the image registry',
    hint: 'The task could not get ECR credentials. Check that the task execution role allows ecr:GetAuthorizationToken and ecr:BatchGetImage, and that the subnet reaches ECR (NAT gateway, public IP, or ECR VPC endpoints ecr.api, ecr.dkr and the S3 gateway endpoint).',
  },
  {
    id: 'cannot-pull-container',
    pattern: /CannotPullContainerError|can't pull the image|cannot pull '|pull image manifest|failed to resolve ref|manifest (for .* )?(unknown|not found)|pull access denied|toomanyrequests|pull rate limit/i,
    category: 'image-pull',
    headline: 'cannot pull image',
    hint: 'The image could not be pulled. Check that the image name and tag (or digest) exist in the registry, that the execution role (or repositoryCredentials) may pull it, that the registry is reachable from the subnet (NAT, public IP or VPC endpoints), and Docker Hub rate limits ("toomanyrequests").',
  },
  {
    id: 'secrets',
    pattern: /unable to (pull|retrieve) secrets?|secretsmanager|secrets manager|\bssm\b|parameter store|GetParameters|GetSecretValue|unable to retrieve secret/i,
    category: 'task-init',
    headline: 'cannot retrieve secrets',
    hint: 'The task could not fetch its secrets from Secrets Manager or SSM Parameter Store. Check that the secret or parameter exists in this Region, that the execution role may read it (and decrypt it with its KMS key), and that the subnet reaches the service (NAT or VPC endpoints).',
  },
  {
    id: 'efs',
    pattern: /\bEFS\b|efs-utils|amazon-efs|mount target|elasticfilesystem|mount\.nfs/i,
    category: 'task-init',
    headline: 'cannot mount EFS volume',
    hint: 'The EFS volume could not be mounted. Check that the file system has a mount target in the task subnet AZ, that its security group allows NFS (TCP 2049) from the task, the access point and IAM authorization settings, and the platform version (1.4.0 or later on Fargate).',
  },
  {
    // Usually transient: ECS retries the launch. A warning, so grouping can count repeats.
    id: 'eni-provisioning-timeout',
    pattern: /Timeout waiting for network interface provisioning/i,
    category: 'task-init',
    severity: 'warning',
    headline: 'timed out waiting for its network interface',
    hint: 'The task network interface took too long to provision; this is usually transient and the scheduler retries. If it repeats, check free IP addresses in the subnets and the ENI quota.',
  },
  {
    id: 'network',
    pattern: /network interface|\bENI\b|Timeout waiting for network|failed to (configure|attach|setup) .*(eni|interface|network)|no available IP|insufficient free addresses|not have enough IP/i,
    category: 'task-init',
    headline: 'cannot set up task networking',
    hint: 'The task network interface could not be provisioned. Check free IP addresses in the subnets, the ENI quota, security groups and subnets in the service network configuration, and ENI trunking on EC2.',
  },
  {
    id: 'log-driver',
    pattern: /failed to (initialize|create) logging driver|logging driver|log group|logs:CreateLogStream|awslogs/i,
    category: 'task-init',
    headline: 'cannot initialise the log driver',
    hint: 'The container log driver failed to start. Check that the awslogs group exists (or awslogs-create-group is set and allowed), that the execution role may write to CloudWatch Logs, and that the subnet reaches CloudWatch Logs.',
  },
  {
    id: 'volume',
    pattern: /CannotCreateVolumeError|failed to (create|mount) volume|bind mount|devmapper|thin pool/i,
    category: 'task-init',
    headline: 'cannot create a volume',
    hint: 'A task volume could not be created or mounted. Check the volume configuration in the task definition, the host disk space, and the volume driver.',
  },
  {
    id: 'resource-initialization',
    pattern: /ResourceInitializationError|DockerTimeoutError|ContainerRuntimeTimeoutError|ContainerRuntimeError|CannotCreateContainerError|CannotInspectContainerError/i,
    category: 'task-init',
    headline: 'cannot initialise task resources',
    hint: 'ECS could not prepare the task or its containers. The error text names the resource; check the execution role, network path to AWS endpoints, and on EC2 the container runtime and agent logs.',
  },
  {
    id: 'cannot-start-container',
    pattern: /CannotStartContainerError|executable file not found|exec format error|no such file or directory|OCI runtime|invalid (argument|reference format)|permission denied/i,
    category: 'config-error',
    headline: 'cannot start',
    hint: CANNOT_START_HINT,
  },
  {
    id: 'elb-health-check',
    pattern: /failed ELB health checks|load balancer health/i,
    category: 'health-check',
    headline: 'failed load balancer health checks',
    hint: 'The load balancer marked the task unhealthy and ECS replaced it. Check the target group health check path, port and matcher, that the app listens on the container port, security groups between the load balancer and the task, and the health check grace period for slow starts.',
  },
  {
    id: 'container-health-check',
    pattern: /failed container health checks|container health ?check|unhealthy/i,
    category: 'health-check',
    headline: 'failed container health checks',
    hint: 'The container health check command failed repeatedly and ECS replaced the task. Check the healthCheck command (and that its tools, e.g. curl, exist in the image), its interval, retries and startPeriod, and the log tail.',
  },
  {
    id: 'spot-interruption',
    pattern: /Spot (Task )?(was )?interrupted|spot interruption|SpotInterruption/i,
    category: 'spot',
    headline: 'stopped by a Spot interruption',
    hint: 'AWS reclaimed the Spot capacity; the service scheduler starts a replacement. If this is frequent, add on-demand capacity to the capacity provider strategy (base or weight) and make sure the app handles SIGTERM within the two-minute notice.',
  },
  {
    id: 'placement',
    pattern: /TaskFailedToStart: (AGENT|ATTRIBUTE|MemberOf|NO ACTIVE INSTANCES|EMPTY CAPACITY PROVIDER)|RESOURCE:[A-Z]+|placement constraint|no container instance met|unable to place|not compatible with the selected compute strategy/,
    category: 'placement',
    headline: 'cannot be placed',
    hint: 'No capacity met the task requirements. Check the cluster capacity (CPU, memory, ports), the capacity provider and its Auto Scaling group, placement constraints and required attributes, and disconnected agents.',
  },
  {
    id: 'infrastructure',
    pattern: /Host EC2 \(instance [^)]*\) (terminated|stopped)|performing maintenance|task retirement|underlying (infrastructure|host)|container instance deregistration forced|InternalError/i,
    category: 'infrastructure',
    headline: 'stopped by infrastructure',
    hint: 'AWS or the capacity underneath stopped the task (host terminated, Fargate maintenance or task retirement). Services start replacements; make sure the service runs enough tasks across AZs and the app shuts down gracefully.',
  },
  {
    id: 'scheduler-scale-or-deploy',
    pattern: /Scaling activity initiated by|deployment ecs-svc/i,
    category: 'scale-in-or-deploy-replace',
    headline: 'replaced by the service scheduler',
    hint: 'Routine: the service scheduler stopped this task to scale in or to replace it during a deployment.',
  },
  {
    id: 'user-stop',
    pattern: /Task stopped by user|StopTask/i,
    category: 'user-stop',
    headline: 'stopped by a user',
    hint: 'Routine: someone or some automation called StopTask. CloudTrail shows who.',
  },
];

/** Typographic quotes as plain ones: newer agents write "can’t pull the image". */
const normalizeQuotes = (text: string): string => text.replace(/[\u2018\u2019]/g, "'");

/** The first rule matching any of `texts`, with the text it matched. */
export const matchReasonRule = (texts: readonly (string | undefined)[]): { rule: ReasonRule; text: string } | undefined => {
  const candidates = texts.filter((t): t is string => t !== undefined && t !== '').map(normalizeQuotes);
  for (const rule of REASON_RULES) {
    for (const text of candidates) {
      if (rule.pattern.test(text)) return { rule, text };
    }
  }
  return undefined;
};

/**
 * The rule's headline for this text: for a message that covers several causes, with the one
 * the rest of the text blames, e.g. `cannot retrieve secrets or registry auth (ECR registry auth failed)`.
 */
export const headlineOf = (rule: ReasonRule, text: string): string => {
  const narrowing = rule.narrowings?.find((n) => n.pattern.test(text));
  return narrowing === undefined ? rule.headline : `${rule.headline} (${narrowing.says})`;
};

/**
 * The failure signature of a rule's match, for the fingerprint: the rule, and for a message
 * that covers several causes the one it blames, so an ECR outage and a missing SSM parameter
 * of one service are two incidents.
 */
export const ruleSignatureOf = (rule: ReasonRule, text: string): string => {
  const narrowing = rule.narrowings?.find((n) => n.pattern.test(text));
  return narrowing === undefined ? rule.id : `${rule.id}:${narrowing.id}`;
};

/**
 * Categories that say why a task could not start or keep running. A service or daemon "task
 * start impaired" event whose reason falls in one of them takes that category, so that an
 * image pull is an `image-pull` alert wherever ECS reports it.
 */
const START_FAILURE_CATEGORIES: ReadonlySet<Category> = new Set<Category>(['oom', 'image-pull', 'task-init', 'config-error', 'health-check', 'placement']);

/** The rule for a start failure's reason (image pull, secrets, crash on start...), if it names one. */
export const matchStartFailureReason = (reason: string | undefined): { rule: ReasonRule; text: string } | undefined => {
  const match = matchReasonRule([reason]);
  return match !== undefined && START_FAILURE_CATEGORIES.has(match.rule.category) ? match : undefined;
};
