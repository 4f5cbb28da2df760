/**
 * Names the central and member stacks agree on. IAM roles are global to an account, so every
 * role a per-Region stack creates carries its Region.
 */

/** The member stack's role that lets its rules put events on the central bus: `ecs-herald-forward-<region>`. */
export const FORWARD_ROLE_PREFIX = 'ecs-herald-forward';

/** The member stack's rules: `ecs-herald-forward-<n>`, one per derived rule, in the member's default bus. */
export const FORWARD_RULE_PREFIX = 'ecs-herald-forward';

/**
 * Trusted Advisor sends its events to EventBridge in US East (N. Virginia) only: the member
 * stack forwards them from there and nowhere else.
 * @see https://docs.aws.amazon.com/awssupport/latest/user/cloudwatch-events-ta.html
 */
export const TRUSTED_ADVISOR_REGION = 'us-east-1';

/** The `source` of Trusted Advisor events, how the rule that forwards them is recognised. */
export const TRUSTED_ADVISOR_SOURCE = 'aws.trustedadvisor';

/**
 * The central router's role name, `<service>-<stage>-router` (e.g. `ecs-herald-prod-router`):
 * named, not generated, so that member stacks deployed before or after it can trust it by ARN.
 */
export const centralRouterRoleName = (service: string, stage: string): string => `${service}-${stage}-router`;

/**
 * How long EventBridge retries a delivery to the central bus, and how often, before the member's
 * dead-letter queue keeps the event: the most it allows, as the central stack's rules do.
 * @see https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-rule-retry-policy.html
 */
export const FORWARD_RETRY = { MaximumEventAgeInSeconds: 86_400, MaximumRetryAttempts: 185 } as const;
