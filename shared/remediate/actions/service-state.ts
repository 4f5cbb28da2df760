import type { DeploymentSnapshot, ServiceSnapshot } from '../types';

/** The service's PRIMARY deployment (the one ECS is moving to). */
export const primaryOf = (service: ServiceSnapshot): DeploymentSnapshot | undefined =>
  service.deployments.find((d) => d.status === 'PRIMARY') ?? service.deployments[0];

/** "2 of 3 tasks running". */
export const runningText = (service: ServiceSnapshot): string => `${service.runningCount ?? '?'} of ${service.desiredCount ?? '?'} tasks running`;

/** The service runs all the tasks it wants, on one completed deployment: nothing is failing now. */
export const isSteady = (service: ServiceSnapshot): boolean => {
  const primary = primaryOf(service);
  return (
    service.deployments.length <= 1 &&
    (primary?.rolloutState === undefined || primary.rolloutState === 'COMPLETED') &&
    service.desiredCount !== undefined &&
    (service.runningCount ?? 0) >= service.desiredCount
  );
};

/** `arn:...:task-definition/web:41` -> `web:41`. */
export const taskDefinitionName = (arn: string | undefined): string => (arn === undefined ? '?' : arn.slice(arn.lastIndexOf('/') + 1));
