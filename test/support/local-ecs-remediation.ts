import { randomInt } from 'node:crypto';
import { AwsJsonError, type AwsJsonHandler, lastPart, stringOf, stringsOf, type WireObject } from './aws-json-server';
import type { EcsCatalog } from './local-ecs';

// The operations the remediator calls, over the catalog: the reads answer as ECS does, the
// writes change the catalog, so a test reads back what an action did.

/** Now, in the wire's epoch seconds (by `Date`, which a test may fake). */
const epochSeconds = (): number => Date.now() / 1000;

/** The cluster name a request names (`default` when it names none), as ECS resolves it. */
const clusterOf = (body: WireObject): string => lastPart(stringOf(body.cluster) ?? 'default');

const inCluster = (item: WireObject, arnKey: string, cluster: string): boolean => {
  const arn = stringOf(item[arnKey]) ?? '';
  return lastPart(stringOf(item.clusterArn) ?? '') === cluster || arn.includes(`/${cluster}/`);
};

/** An ECS deployment id: `ecs-svc/` and 19 digits. */
const newDeploymentId = (): string => `ecs-svc/${randomInt(1, 10).toString()}${Array.from({ length: 18 }, () => randomInt(0, 10)).join('')}`;

/** The ARN of a catalog task definition named by ARN, `family:revision` or `family` (its latest revision). */
const resolveTaskDefinition = (catalog: EcsCatalog, wanted: string): string => {
  const [family, revision] = lastPart(wanted).split(':');
  const candidates = catalog.taskDefinitions.map((t) => t.taskDefinition as WireObject | undefined).filter((t) => t?.family === family);
  const found = revision === undefined ? candidates.at(-1) : candidates.find((t) => String(t?.revision) === revision);
  const arn = stringOf(found?.taskDefinitionArn);
  // ECS: "ClientException: TaskDefinition not found."
  if (arn === undefined) throw new AwsJsonError('ClientException', 'TaskDefinition not found.');
  return arn;
};

/**
 * A new PRIMARY deployment, IN_PROGRESS, as UpdateService starts one; the old PRIMARY becomes
 * ACTIVE (it keeps its tasks until the new one has replaced them).
 * @see https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_Deployment.html
 */
const startDeployment = (service: WireObject, taskDefinition: string): string => {
  const id = newDeploymentId();
  const now = epochSeconds();
  const old = Array.isArray(service.deployments) ? (service.deployments as WireObject[]) : [];
  for (const deployment of old) if (deployment.status === 'PRIMARY') deployment.status = 'ACTIVE';
  const primary: WireObject = {
    id,
    status: 'PRIMARY',
    taskDefinition,
    desiredCount: service.desiredCount,
    pendingCount: 0,
    runningCount: 0,
    failedTasks: 0,
    createdAt: now,
    updatedAt: now,
    capacityProviderStrategy: service.capacityProviderStrategy,
    platformVersion: service.platformVersion,
    platformFamily: service.platformFamily,
    networkConfiguration: service.networkConfiguration,
    rolloutState: 'IN_PROGRESS',
    rolloutStateReason: 'ECS deployment in progress: desired count: 0, running count: 0.',
  };
  service.deployments = [primary, ...old];
  service.taskDefinition = taskDefinition;
  return id;
};

/** Pages of a list: `nextToken` is the index of the next item. */
const page = <T>(items: readonly T[], body: WireObject, defaultSize: number): { items: T[]; nextToken?: string } => {
  const size = typeof body.maxResults === 'number' ? body.maxResults : defaultSize;
  if (size < 1 || size > 100) throw new AwsJsonError('InvalidParameterException', 'maxResults should be between 1 and 100.');
  const start = Number(stringOf(body.nextToken) ?? '0');
  const next = start + size;
  return { items: items.slice(start, next), ...(next < items.length ? { nextToken: String(next) } : {}) };
};

/**
 * UpdateService, StopTask, DescribeContainerInstances, UpdateContainerInstancesState,
 * ListServiceDeployments and DescribeServiceRevisions, as ECS answers them:
 * - UpdateService: an unknown service is `ServiceNotFoundException`, one not ACTIVE (DRAINING,
 *   INACTIVE) `ServiceNotActiveException`; a forced deployment or another task definition starts
 *   a deployment (see `startDeployment`); the service comes back without its tags.
 * - StopTask: an unknown task is `InvalidParameterException`; a reason over 255 characters too.
 *   The task stops at once (ECS takes a while: its `lastStatus` passes through STOPPING).
 * - UpdateContainerInstancesState: an unknown instance is a `failures` entry with reason
 *   `MISSING`, not an error.
 * - ListServiceDeployments answers in catalog order (oldest first): the API documents none.
 * @see https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_UpdateService.html#API_UpdateService_Errors
 * @see https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_StopTask.html
 * @see https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_UpdateContainerInstancesState.html
 * @see https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ListServiceDeployments.html
 * @see https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DescribeServiceRevisions.html
 */
export const ecsRemediationHandlers = (catalog: EcsCatalog): Record<string, AwsJsonHandler> => ({
  UpdateService(body) {
    const cluster = clusterOf(body);
    const name = lastPart(stringOf(body.service) ?? '');
    const service = catalog.services.find((s) => s.serviceName === name && lastPart(stringOf(s.clusterArn) ?? '') === cluster);
    if (service === undefined) throw new AwsJsonError('ServiceNotFoundException', 'Service not found.');
    if (service.status !== 'ACTIVE') throw new AwsJsonError('ServiceNotActiveException', 'Service was not ACTIVE.');
    const wanted = stringOf(body.taskDefinition);
    const taskDefinition = wanted === undefined ? undefined : resolveTaskDefinition(catalog, wanted);
    if (typeof body.desiredCount === 'number') {
      service.desiredCount = body.desiredCount;
      const primary = (service.deployments as WireObject[] | undefined)?.find((d) => d.status === 'PRIMARY');
      if (primary !== undefined) primary.desiredCount = body.desiredCount;
    }
    const current = stringOf(service.taskDefinition) ?? '';
    if (body.forceNewDeployment === true || (taskDefinition !== undefined && taskDefinition !== current)) startDeployment(service, taskDefinition ?? current);
    const { tags: _tags, ...answer } = service;
    return { service: answer };
  },
  StopTask(body) {
    const id = lastPart(stringOf(body.task) ?? '');
    const task = catalog.tasks.find((t) => lastPart(stringOf(t.taskArn) ?? '') === id && inCluster(t, 'taskArn', clusterOf(body)));
    if (task === undefined) throw new AwsJsonError('InvalidParameterException', 'The referenced task was not found.');
    const reason = stringOf(body.reason);
    if (reason !== undefined && reason.length > 255) throw new AwsJsonError('InvalidParameterException', 'Reason cannot be longer than 255 characters.');
    if (task.desiredStatus !== 'STOPPED') {
      Object.assign(task, { desiredStatus: 'STOPPED', lastStatus: 'STOPPED', stopCode: 'UserInitiated', stoppedAt: epochSeconds(), stoppingAt: epochSeconds() });
      task.stoppedReason = reason ?? 'Task stopped by user';
    }
    return { task };
  },
  DescribeContainerInstances(body) {
    const cluster = clusterOf(body);
    const wanted = stringsOf(body.containerInstances);
    if (wanted.length === 0 || wanted.length > 100) throw new AwsJsonError('InvalidParameterException', 'containerInstances should have between 1 and 100 items.');
    const containerInstances: WireObject[] = [];
    const failures: WireObject[] = [];
    for (const id of wanted) {
      const found = catalog.containerInstances.find((c) => lastPart(stringOf(c.containerInstanceArn) ?? '') === lastPart(id) && inCluster(c, 'containerInstanceArn', cluster));
      if (found === undefined) failures.push({ arn: id, reason: 'MISSING' });
      else containerInstances.push(found);
    }
    return { containerInstances, failures };
  },
  UpdateContainerInstancesState(body) {
    const cluster = clusterOf(body);
    const status = stringOf(body.status);
    if (status !== 'ACTIVE' && status !== 'DRAINING') throw new AwsJsonError('InvalidParameterException', 'Container instance status should be one of [ACTIVE,DRAINING].');
    const containerInstances: WireObject[] = [];
    const failures: WireObject[] = [];
    for (const id of stringsOf(body.containerInstances)) {
      const found = catalog.containerInstances.find((c) => lastPart(stringOf(c.containerInstanceArn) ?? '') === lastPart(id) && inCluster(c, 'containerInstanceArn', cluster));
      if (found === undefined) {
        failures.push({ arn: id, reason: 'MISSING' });
        continue;
      }
      found.status = status;
      found.version = (typeof found.version === 'number' ? found.version : 0) + 1;
      containerInstances.push(found);
    }
    return { containerInstances, failures };
  },
  ListServiceDeployments(body) {
    const cluster = clusterOf(body);
    const service = lastPart(stringOf(body.service) ?? '');
    const statuses = stringsOf(body.status);
    const matching = catalog.serviceDeployments.filter(
      (d) => stringOf(d.serviceArn)?.endsWith(`/${cluster}/${service}`) === true && (statuses.length === 0 || statuses.includes(stringOf(d.status) ?? '')),
    );
    const { items, nextToken } = page(matching, body, 20);
    return { serviceDeployments: items, ...(nextToken === undefined ? {} : { nextToken }) };
  },
  DescribeServiceRevisions(body) {
    const wanted = stringsOf(body.serviceRevisionArns);
    if (wanted.length === 0 || wanted.length > 20) throw new AwsJsonError('InvalidParameterException', 'serviceRevisionArns should have between 1 and 20 items.');
    const serviceRevisions = catalog.serviceRevisions.filter((r) => wanted.includes(stringOf(r.serviceRevisionArn) ?? ''));
    const failures = wanted.filter((arn) => !serviceRevisions.some((r) => r.serviceRevisionArn === arn)).map((arn) => ({ arn, reason: 'MISSING' }));
    return { serviceRevisions, failures };
  },
});
