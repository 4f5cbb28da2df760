/**
 * The message formats a topic can have: `email` (plain text with an SNS Subject, for email
 * subscribers), `json` (the alert as a versioned JSON document, for SQS, Lambda and HTTPS
 * subscribers) and `chat` (an Amazon Q Developer in chat applications custom notification,
 * for Slack, Microsoft Teams and Amazon Chime channels).
 */
export const TOPIC_FORMATS = ['email', 'json', 'chat'] as const;

/** One of {@link TOPIC_FORMATS}. */
export type TopicFormat = (typeof TOPIC_FORMATS)[number];

/**
 * The message attributes every published alert may carry, which subscription filter
 * policies (`filter:` on a subscription in herald.yml) can match on.
 * @see https://docs.aws.amazon.com/sns/latest/dg/sns-message-filtering.html
 */
export const MESSAGE_ATTRIBUTE_NAMES = ['severity', 'category', 'status', 'route', 'cluster', 'service', 'account', 'accountAlias', 'region'] as const;

/** Name of the root route (the `default` section). */
export const ROOT_ROUTE_NAME = 'default';

/** Deeper trees are a mistake; this also bounds recursion over hostile input. */
export const MAX_ROUTE_DEPTH = 10;
