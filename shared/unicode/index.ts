/**
 * Well-formed Unicode: event text made safe for every encoder it meets on the way out (SNS,
 * SQS, DynamoDB). A lone UTF-16 surrogate becomes U+FFFD; it is never a reason to drop an
 * alert. At the bottom of the stages, so adapters of any stage (`deliver/`, `state/`) use it.
 *
 * @example
 * ```ts
 * await sns.send(new PublishCommand({ TopicArn, Message: repairText(body) }));
 * const sqsBody = JSON.stringify(repairStrings(letter));
 * ```
 */
export { repairStrings, repairText } from './well-formed';
