/**
 * The CloudWatch Logs SDK as the log tail uses it, imported with `import()` on the first tail
 * ({@link LogTailReader}): a Lambda bundle reads its code when an event first needs a log tail.
 */
export { CloudWatchLogsClient, GetLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
