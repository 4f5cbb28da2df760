/**
 * The Lambda SDK as `invoke` actions use it, imported with `import()` when an action first
 * invokes a function ({@link AwsInvoker}). Named here, rather than importing the package whole,
 * so that the bundle keeps the command sent, not every command of the service.
 */
export { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
