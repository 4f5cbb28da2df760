/**
 * The SQS SDK as the dead-letter queue uses it, imported with `import()` on the first dead
 * letter ({@link SqsDeadLetters}): most function instances never send one, and never read its code.
 */
export { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
