import type { CloudTrailEcsEvent } from '../events';
import { buildAlert, evidenceOf, identifiers } from './alert';
import type { Alert } from './types';

/**
 * API calls that remove or disable something: audited as warnings. Everything else is info.
 * @see https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_Operations.html
 */
const DESTRUCTIVE = new Set([
  'DeleteService', 'DeleteCluster', 'DeleteCapacityProvider', 'DeleteTaskDefinitions', 'DeregisterTaskDefinition',
  'DeregisterContainerInstance', 'DeleteTaskSet', 'DeleteAccountSetting', 'DeleteAttributes', 'DeleteDaemon',
]);

const stringParam = (params: unknown, ...names: string[]): string | undefined => {
  if (typeof params !== 'object' || params === null) return undefined;
  for (const name of names) {
    const value = (params as Record<string, unknown>)[name];
    if (typeof value === 'string' && value !== '') return value;
  }
  return undefined;
};

/** The last path segment of an ARN, or the value itself when it is a plain name. */
const nameOf = (value: string | undefined): string | undefined => (value === undefined ? undefined : value.split('/').pop());

/**
 * Normalizes an ECS API call recorded by CloudTrail into an `audit` alert: who did what to
 * which cluster and service. A failed call (errorCode) or a destructive one is a warning.
 * CreateService names the service `serviceName`, UpdateService and DeleteService `service`.
 * @see https://docs.aws.amazon.com/AmazonECS/latest/developerguide/logging-using-cloudtrail.html
 */
export const normalizeCloudTrailEvent = (event: CloudTrailEcsEvent): Alert => {
  const d = event.detail;
  const params = d.requestParameters;
  // Only when the request names one: omitting it means the "default" cluster for
  // cluster-scoped calls, but task definition and account calls have no cluster at all.
  const cluster = nameOf(stringParam(params, 'cluster'));
  const service = nameOf(stringParam(params, 'service', 'serviceName'));
  const family = stringParam(params, 'family') ?? nameOf(stringParam(params, 'taskDefinition'))?.split(':')[0];
  const who = d.principalArn ?? d.invokedBy ?? 'unknown principal';
  const failed = d.errorCode !== undefined;
  const destructive = DESTRUCTIVE.has(d.eventName);
  const target = service !== undefined ? `${cluster ?? 'default'}/${service}` : family !== undefined ? `task definition ${family}` : cluster ?? 'account';
  return buildAlert(event, {
    category: 'audit',
    severity: failed || destructive ? 'warning' : 'info',
    summary: `${target}: ${d.eventName} by ${who.split('/').pop() ?? who}${failed ? ` failed (${d.errorCode ?? ''})` : ''}`,
    hint: failed
      ? `The call failed with ${d.errorCode ?? ''}: ${d.errorMessage ?? 'no message'}. Check the caller's permissions, or whether something is probing the account.`
      : destructive
        ? 'A destructive ECS API call: confirm it was intended.'
        : 'Audit record of an ECS API call.',
    labels: { cluster, service, taskDefinitionFamily: family, eventName: d.eventName, principal: d.principalArn, errorCode: d.errorCode },
    evidence: evidenceOf({
      eventName: d.eventName,
      principal: d.principalArn,
      identityType: d.userIdentityType,
      invokedBy: d.invokedBy,
      sourceIPAddress: d.sourceIPAddress,
      userAgent: d.userAgent,
      errorCode: d.errorCode,
      errorMessage: d.errorMessage,
      eventTime: d.eventTime,
    }),
    identifiers: identifiers({ principal: d.principalArn }),
    fingerprintParts: ['audit', d.eventName, cluster, service ?? family, d.principalArn, d.errorCode],
  });
};
