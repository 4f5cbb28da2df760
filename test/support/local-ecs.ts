import recordedClusters from '../fixtures/ecs-api/int-describe-clusters.json';
import recordedServices from '../fixtures/ecs-api/int-describe-services.json';
import recordedTaskDefinition41 from '../fixtures/ecs-api/int-describe-task-definition-41.json';
import recordedTaskDefinition42 from '../fixtures/ecs-api/int-describe-task-definition-42.json';
import recordedContainerInstances from '../fixtures/ecs-api/int-describe-container-instances.json';
import recordedServiceRevisions from '../fixtures/ecs-api/int-describe-service-revisions.json';
import recordedRunningTasks from '../fixtures/ecs-api/int-describe-tasks-running.json';
import recordedTasks from '../fixtures/ecs-api/int-describe-tasks.json';
import recordedServiceDeployments from '../fixtures/ecs-api/int-list-service-deployments.json';
import { ecsRemediationHandlers } from './local-ecs-remediation';
import { AwsJsonError, type AwsJsonHandler, type AwsJsonServer, lastPart, startAwsJsonServer, stringOf, stringsOf, type WireObject } from './aws-json-server';

export { AwsJsonError, FAULTS, startAwsJsonServer } from './aws-json-server';
export type { AwsJsonFault, AwsJsonHandler, AwsJsonRequest, AwsJsonServer, AwsJsonServerOptions, WireObject } from './aws-json-server';

/**
 * What the local ECS knows, in its wire shape. The objects are live: UpdateService, StopTask
 * and UpdateContainerInstancesState change them in place.
 */
export interface EcsCatalog {
  /** `Service` objects (with `tags`); each names its cluster in `clusterArn`. */
  services: readonly WireObject[];
  /** DescribeTaskDefinition responses: `{ taskDefinition, tags }`. */
  taskDefinitions: readonly WireObject[];
  /** `Cluster` objects (with `tags`). */
  clusters: readonly WireObject[];
  /** `Task` objects (each names its cluster and `group: service:<name>`). */
  tasks: readonly WireObject[];
  /** `ContainerInstance` objects; each names its cluster in its ARN. */
  containerInstances: readonly WireObject[];
  /** `ServiceDeploymentBrief` objects, the service deployment history, in the order ListServiceDeployments answers. */
  serviceDeployments: readonly WireObject[];
  /** `ServiceRevision` objects. */
  serviceRevisions: readonly WireObject[];
}

/**
 * The recorded-shape catalog: cluster `prod`, service `payments-api` (a failed deployment of
 * revision 42 as PRIMARY, revision 41 still ACTIVE and COMPLETED), both task definitions, three
 * stopped tasks and one running (revision 41's), the EC2 container instance of the container
 * instance events, and the service's deployment history (revisions 40 and 41 SUCCESSFUL, 42
 * STOPPED by the circuit breaker) with its three service revisions.
 */
export const recordedEcsCatalog = (): EcsCatalog =>
  structuredClone({
    services: recordedServices.services,
    taskDefinitions: [recordedTaskDefinition41, recordedTaskDefinition42],
    clusters: recordedClusters.clusters,
    tasks: [...recordedTasks.tasks, ...recordedRunningTasks.tasks],
    containerInstances: recordedContainerInstances.containerInstances,
    serviceDeployments: recordedServiceDeployments.serviceDeployments,
    serviceRevisions: recordedServiceRevisions.serviceRevisions,
  });

const ACCOUNT = '111122223333';
const REGION = 'us-west-2';

const withoutTags = (item: WireObject, include: unknown): WireObject => {
  if (stringsOf(include).includes('TAGS')) return item;
  const { tags: _tags, ...rest } = item;
  return rest;
};

/**
 * The three read operations the enrich stage calls, over a catalog. As ECS does: up to 10
 * services per call (more is an `InvalidParameterException`); unknown services and clusters
 * are `failures` entries with reason `MISSING`; tags only with `include: ["TAGS"]`; an unknown
 * task definition is a `ClientException`.
 * @see https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DescribeServices.html
 * @see https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DescribeTaskDefinition.html
 * @see https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DescribeClusters.html
 */
const ecsHandlers = (catalog: EcsCatalog): Record<string, AwsJsonHandler> => ({
  DescribeServices(body) {
    const cluster = lastPart(stringOf(body.cluster) ?? 'default');
    const names = stringsOf(body.services);
    if (names.length === 0 || names.length > 10) {
      throw new AwsJsonError('InvalidParameterException', 'services should have between 1 and 10 items.');
    }
    const services: WireObject[] = [];
    const failures: WireObject[] = [];
    for (const name of names.map(lastPart)) {
      const found = catalog.services.find((s) => s.serviceName === name && lastPart(stringOf(s.clusterArn) ?? '') === cluster);
      if (found === undefined) failures.push({ arn: `arn:aws:ecs:${REGION}:${ACCOUNT}:service/${cluster}/${name}`, reason: 'MISSING' });
      else services.push(withoutTags(found, body.include));
    }
    return { services, failures };
  },
  DescribeTaskDefinition(body) {
    const wanted = stringOf(body.taskDefinition) ?? '';
    const [family, revision] = lastPart(wanted).split(':');
    const candidates = catalog.taskDefinitions.filter((t) => (t.taskDefinition as WireObject | undefined)?.family === family);
    const found =
      revision === undefined
        ? candidates.at(-1)
        : candidates.find((t) => String((t.taskDefinition as WireObject | undefined)?.revision) === revision);
    if (found === undefined) throw new AwsJsonError('ClientException', 'Unable to describe task definition.');
    return stringsOf(body.include).includes('TAGS') ? found : { taskDefinition: found.taskDefinition };
  },
  ListTasks(body) {
    const cluster = lastPart(stringOf(body.cluster) ?? 'default');
    const service = stringOf(body.serviceName);
    const taskArns = catalog.tasks
      .filter((t) => lastPart(stringOf(t.clusterArn) ?? '') === cluster && (service === undefined || t.group === `service:${service}`))
      .filter((t) => body.desiredStatus === undefined || t.desiredStatus === body.desiredStatus)
      .map((t) => t.taskArn);
    return { taskArns };
  },
  DescribeTasks(body) {
    const wanted = new Set(stringsOf(body.tasks).map(lastPart));
    if (wanted.size === 0 || wanted.size > 100) throw new AwsJsonError('InvalidParameterException', 'tasks should have between 1 and 100 items.');
    const tasks = catalog.tasks.filter((t) => wanted.has(lastPart(stringOf(t.taskArn) ?? '')));
    const failures = [...wanted].filter((id) => !tasks.some((t) => lastPart(stringOf(t.taskArn) ?? '') === id)).map((id) => ({ arn: id, reason: 'MISSING' }));
    return { tasks, failures };
  },
  DescribeClusters(body) {
    const names = stringsOf(body.clusters);
    const clusters: WireObject[] = [];
    const failures: WireObject[] = [];
    for (const name of (names.length === 0 ? ['default'] : names).map(lastPart)) {
      const found = catalog.clusters.find((c) => c.clusterName === name);
      if (found === undefined) failures.push({ arn: `arn:aws:ecs:${REGION}:${ACCOUNT}:cluster/${name}`, reason: 'MISSING' });
      else clusters.push(withoutTags(found, body.include));
    }
    return { clusters, failures };
  },
});

/** A loopback ECS endpoint for a real `ECSClient`. */
export type LocalEcs = AwsJsonServer;

/**
 * Starts a loopback ECS endpoint serving `catalog`, for `new ECSClient({ endpoint: ecs.endpoint, ... })`:
 * the reads of the enrich stage (DescribeServices, DescribeTaskDefinition, DescribeClusters,
 * ListTasks, DescribeTasks) and the calls of the remediator (`local-ecs-remediation.ts`), whose
 * writes change the catalog.
 * @example
 * const ecs = await startLocalEcs();
 * ecs.inject(FAULTS.throttle(4, 'DescribeServices'));
 */
export const startLocalEcs = (catalog: EcsCatalog = recordedEcsCatalog()): Promise<LocalEcs> =>
  startAwsJsonServer({
    targetPrefix: 'AmazonEC2ContainerServiceV20141113',
    serverErrorCode: 'ServerException',
    handlers: { ...ecsHandlers(catalog), ...ecsRemediationHandlers(catalog) },
  });
