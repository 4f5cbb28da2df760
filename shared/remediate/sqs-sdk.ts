/**
 * The SQS SDK as the remediation queue uses it, imported with `import()` on the first decision
 * queued ({@link SqsRemediationQueue}): a router whose routes remediate nothing never reads its code.
 */
export { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
