/**
 * The STS SDK as central mode uses it: the client and AssumeRole. Imported with `import()` on
 * the first event from a member account ({@link AssumedRoleCredentials}), so a single-account
 * router never reads its code.
 */
export { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
