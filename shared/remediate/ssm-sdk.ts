/**
 * The SSM SDK as `invoke` actions use it, imported with `import()` when an action first starts
 * an Automation runbook ({@link AwsInvoker}). Named here, rather than importing the package
 * whole, so that the bundle keeps the command sent, not every command of the service.
 */
export { SSMClient, StartAutomationExecutionCommand } from '@aws-sdk/client-ssm';
