import type { TopicFormat } from '../../config';

// The formats themselves are herald.yml vocabulary (`format:` of a topic).
export { TOPIC_FORMATS } from '../../config';
export type { TopicFormat } from '../../config';

/** The file extension the local outbox gives each format's body. */
export const FORMAT_EXTENSIONS = { email: 'txt', json: 'json', chat: 'json' } as const satisfies Record<TopicFormat, 'txt' | 'json'>;

/**
 * SNS refuses a Publish whose message body and message attributes together exceed 256 KiB
 * (262,144 bytes of UTF-8, not characters) on a topic with the default `MaximumMessageSize`.
 * @see https://docs.aws.amazon.com/sns/latest/api/API_Publish.html (Message)
 * @see https://docs.aws.amazon.com/sns/latest/api/API_MessageAttributeValue.html
 */
export const MAX_MESSAGE_BYTES = 256 * 1024;

/**
 * What a rendered body may use of {@link MAX_MESSAGE_BYTES}. The rest is left for the message
 * attributes the SNS publisher adds (names, types and values all count towards the limit):
 * their values are capped at 256 characters (`MAX_ATTRIBUTE_VALUE_LENGTH`), so all eight take
 * at most about 6 KiB (`MAX_MESSAGE_ATTRIBUTES_BYTES`, checked by a test against this room),
 * and 16 KiB leaves space for a few more attributes.
 */
export const MAX_BODY_BYTES = MAX_MESSAGE_BYTES - 16 * 1024;
