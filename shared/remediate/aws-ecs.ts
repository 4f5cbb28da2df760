import {
  DescribeContainerInstancesCommand,
  DescribeServiceRevisionsCommand,
  DescribeServicesCommand,
  DescribeTasksCommand,
  ECSClient,
  type ECSClientConfig,
  type Failure,
  ListServiceDeploymentsCommand,
  type Service,
  type ServiceDeploymentBrief,
  StopTaskCommand,
  UpdateContainerInstancesStateCommand,
  UpdateServiceCommand,
  type UpdateServiceCommandInput,
} from '@aws-sdk/client-ecs';
import { type CallBudget, clientTimeouts, TIME_BUDGET } from '../budget';
import { parseEcsArn } from '../events/arn';
import { repairText } from '../unicode';
import { callAws } from './aws-errors';
import { RemediationCallError } from './errors';
import type { EcsRemediationPort, InstanceSnapshot, ServiceSnapshot, ServiceUpdate, TaskSnapshot } from './types';

/** Options of {@link AwsEcsRemediation}. */
export interface AwsEcsRemediationOptions {
  /** @default a client with the timeouts and attempts of `budget` */
  client?: ECSClient;
  /** Settings of the default client besides its timeouts (an endpoint, a Region, credentials). @default the function's own */
  config?: Omit<ECSClientConfig, 'requestHandler' | 'maxAttempts'>;
  /** Timeouts and attempts of the default client. @default TIME_BUDGET.remediation */
  budget?: CallBudget;
}

/**
 * "Up to 255 characters are allowed in this message"; ECS refuses a longer one.
 * @see https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_StopTask.html#ECS-StopTask-request-reason
 */
export const STOP_TASK_REASON_MAX = 255;

/**
 * Pages of ListServiceDeployments read for the last successful deployment. The API documents no
 * order, so the newest is picked by time from all pages read. ECS keeps 90 days of service
 * deployments: 3 pages of 100 hold all the successful ones of a service deploying up to three
 * times a day; beyond that the pick is the newest of the 300 read.
 * @see https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ListServiceDeployments.html
 * @see https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-deployment.html
 */
const SERVICE_DEPLOYMENT_PAGES = 3;
const SERVICE_DEPLOYMENT_PAGE_SIZE = 100;
/** "You can specify a maximum of 20 ARNs." @see https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DescribeServiceRevisions.html */
const DESCRIBE_SERVICE_REVISIONS_MAX = 20;

/**
 * A Describe* call reports a resource it does not know as a `failures` entry with reason
 * `MISSING`, not as an error. Any other reason (`ACCESS_DENIED` on a resource ARN...) is one.
 * @see https://docs.aws.amazon.com/AmazonECS/latest/APIReference/api_failures_messages.html
 */
const MISSING = 'MISSING';

/** Throws the first failure that is not `MISSING`. */
const throwUnlessMissing = (call: string, failures: readonly Failure[] | undefined): void => {
  const other = failures?.find((f) => f.reason !== MISSING);
  if (other !== undefined) throw new RemediationCallError(call, other.reason ?? 'Failure', other.detail ?? other.arn ?? 'failed');
};

const iso = (date: Date | undefined): string | undefined => (date === undefined ? undefined : date.toISOString());

/** Whether ECS rolls the service back by itself: `enable` and `rollback` both set. */
const rollsBack = (setting: { enable?: boolean; rollback?: boolean } | undefined): boolean => setting?.enable === true && setting.rollback === true;

const toServiceSnapshot = (service: Service, cluster: string, name: string): ServiceSnapshot => ({
  arn: service.serviceArn ?? name,
  cluster: parseEcsArn(service.clusterArn)?.name ?? parseEcsArn(cluster)?.name ?? cluster,
  name: service.serviceName ?? parseEcsArn(name)?.name ?? name,
  status: service.status,
  desiredCount: service.desiredCount,
  runningCount: service.runningCount,
  taskDefinition: service.taskDefinition,
  deployments: (service.deployments ?? []).map((d) => ({
    id: d.id ?? '',
    status: d.status,
    rolloutState: d.rolloutState,
    rolloutStateReason: d.rolloutStateReason,
    taskDefinition: d.taskDefinition,
    createdAt: iso(d.createdAt),
  })),
  circuitBreakerRollback: rollsBack(service.deploymentConfiguration?.deploymentCircuitBreaker),
  alarmsRollback: rollsBack(service.deploymentConfiguration?.alarms),
});

/** When a service deployment ended (or began, if ECS gives no end), for picking the newest. */
const endedAt = (d: ServiceDeploymentBrief): number => (d.finishedAt ?? d.createdAt ?? d.startedAt)?.getTime() ?? 0;

/** Cuts a StopTask reason to what ECS takes, repaired so the JSON serializer never meets a lone surrogate. */
const stopReason = (reason: string): string => {
  const text = repairText(reason);
  return text.length <= STOP_TASK_REASON_MAX ? text : `${text.slice(0, STOP_TASK_REASON_MAX - 1)}…`;
};

/**
 * What the remediator reads and changes in ECS, through the AWS SDK. Reads answer undefined for
 * a service, task or container instance ECS reports `MISSING`; every failed call throws a
 * {@link RetryableRemediationError} (throttled, 5xx, timed out: SQS redelivers the decision) or a
 * {@link RemediationCallError} (refused: reported as failed). See `aws-errors.ts`.
 *
 * The SDK's own retries (three attempts) ride out throttling. They also repeat a mutation whose
 * answer timed out; each of them is harmless twice: a second forced deployment supersedes the
 * first, the same task definition or count again changes nothing, a stopped task stays stopped
 * and a draining instance draining.
 * @see https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_UpdateService.html
 * @see https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_StopTask.html
 * @see https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_UpdateContainerInstancesState.html
 */
export class AwsEcsRemediation implements EcsRemediationPort {
  private readonly client: ECSClient;

  public constructor(options: AwsEcsRemediationOptions = {}) {
    const budget = options.budget ?? TIME_BUDGET.remediation;
    this.client = options.client ?? new ECSClient({ ...options.config, maxAttempts: budget.attempts, requestHandler: clientTimeouts(budget) });
  }

  public async describeService(cluster: string, service: string): Promise<ServiceSnapshot | undefined> {
    const found = await this.readService(cluster, service);
    return found === undefined ? undefined : toServiceSnapshot(found, cluster, service);
  }

  /**
   * The task definition to roll back to: that of the service's last successful deployment other
   * than its current one. First the deployments DescribeServices lists: while a new deployment
   * fails without rollback, ECS keeps the previous, completed one ACTIVE beside it, still running
   * its tasks. Else the service deployment history (ECS keeps 90 days of it): the newest
   * SUCCESSFUL service deployment whose task definition is not the service's current one (a
   * deployment that completed and then went bad is rolled back past, not to).
   * @see https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_Deployment.html
   * @see https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ServiceDeploymentBrief.html
   */
  public async lastCompletedTaskDefinition(cluster: string, service: string): Promise<string | undefined> {
    const found = await this.readService(cluster, service);
    if (found === undefined) return undefined;
    const previous = (found.deployments ?? [])
      .filter((d) => d.status !== 'PRIMARY' && d.rolloutState === 'COMPLETED' && d.taskDefinition !== undefined && d.taskDefinition !== found.taskDefinition)
      .sort((a, b) => (b.createdAt?.getTime() ?? 0) - (a.createdAt?.getTime() ?? 0))[0];
    if (previous?.taskDefinition !== undefined) return previous.taskDefinition;
    return this.lastSuccessfulRevisionTaskDefinition(cluster, service, found.taskDefinition);
  }

  public async describeTask(cluster: string, task: string): Promise<TaskSnapshot | undefined> {
    const call = 'ecs:DescribeTasks';
    const response = await callAws(call, () => this.client.send(new DescribeTasksCommand({ cluster, tasks: [task] })));
    const [found] = response.tasks ?? [];
    if (found === undefined) {
      throwUnlessMissing(call, response.failures);
      return undefined;
    }
    return { arn: found.taskArn ?? task, lastStatus: found.lastStatus, desiredStatus: found.desiredStatus, group: found.group };
  }

  public async describeContainerInstance(cluster: string, instance: string): Promise<InstanceSnapshot | undefined> {
    const call = 'ecs:DescribeContainerInstances';
    const response = await callAws(call, () => this.client.send(new DescribeContainerInstancesCommand({ cluster, containerInstances: [instance] })));
    const [found] = response.containerInstances ?? [];
    if (found === undefined) {
      throwUnlessMissing(call, response.failures);
      return undefined;
    }
    return { arn: found.containerInstanceArn ?? instance, status: found.status, agentConnected: found.agentConnected, runningTasksCount: found.runningTasksCount };
  }

  /**
   * Sends only the fields given. The deployment id returned is the PRIMARY deployment of the
   * answer, and only when the update asked for a deployment (a forced one, a task definition):
   * a new desired count alone starts none, and the PRIMARY then is the one already there.
   */
  public async updateService(update: ServiceUpdate): Promise<{ deploymentId?: string }> {
    const input: UpdateServiceCommandInput = { cluster: update.cluster, service: update.service };
    if (update.forceNewDeployment !== undefined) input.forceNewDeployment = update.forceNewDeployment;
    if (update.taskDefinition !== undefined) input.taskDefinition = update.taskDefinition;
    if (update.desiredCount !== undefined) input.desiredCount = update.desiredCount;
    const response = await callAws('ecs:UpdateService', () => this.client.send(new UpdateServiceCommand(input)));
    const deploys = update.forceNewDeployment === true || update.taskDefinition !== undefined;
    const primary = response.service?.deployments?.find((d) => d.status === 'PRIMARY');
    return deploys && primary?.id !== undefined ? { deploymentId: primary.id } : {};
  }

  public async stopTask(cluster: string, task: string, reason: string): Promise<void> {
    await callAws('ecs:StopTask', () => this.client.send(new StopTaskCommand({ cluster, task, reason: stopReason(reason) })));
  }

  /**
   * Sets the instance DRAINING: ECS stops placing tasks on it and replaces its service tasks
   * elsewhere. ECS answers an instance it cannot change with a `failures` entry, not an error.
   * @see https://docs.aws.amazon.com/AmazonECS/latest/developerguide/container-instance-draining.html
   */
  public async drainInstance(cluster: string, instance: string): Promise<void> {
    const call = 'ecs:UpdateContainerInstancesState';
    const response = await callAws(call, () =>
      this.client.send(new UpdateContainerInstancesStateCommand({ cluster, containerInstances: [instance], status: 'DRAINING' })),
    );
    const [failure] = response.failures ?? [];
    if (failure !== undefined) throw new RemediationCallError(call, failure.reason ?? 'Failure', `${failure.arn ?? instance}: ${failure.detail ?? failure.reason ?? 'failed'}`);
  }

  private async readService(cluster: string, service: string): Promise<Service | undefined> {
    const call = 'ecs:DescribeServices';
    const response = await callAws(call, () => this.client.send(new DescribeServicesCommand({ cluster, services: [service] })));
    const [found] = response.services ?? [];
    if (found === undefined) throwUnlessMissing(call, response.failures);
    return found;
  }

  /**
   * The task definition of the newest SUCCESSFUL service deployment that is not the service's
   * current one: the newest 20 successful deployments' target revisions (DescribeServiceRevisions
   * takes 20 ARNs), described in one call.
   */
  private async lastSuccessfulRevisionTaskDefinition(cluster: string, service: string, current: string | undefined): Promise<string | undefined> {
    const deployments: ServiceDeploymentBrief[] = [];
    let nextToken: string | undefined;
    for (let page = 0; page < SERVICE_DEPLOYMENT_PAGES; page += 1) {
      const response = await callAws('ecs:ListServiceDeployments', () =>
        this.client.send(new ListServiceDeploymentsCommand({ cluster, service, status: ['SUCCESSFUL'], maxResults: SERVICE_DEPLOYMENT_PAGE_SIZE, nextToken })),
      );
      deployments.push(...(response.serviceDeployments ?? []));
      nextToken = response.nextToken;
      if (nextToken === undefined || nextToken === '') break;
    }
    const revisionArns = [
      ...new Set(
        deployments
          .filter((d) => d.status === undefined || d.status === 'SUCCESSFUL')
          .sort((a, b) => endedAt(b) - endedAt(a))
          .flatMap((d) => (d.targetServiceRevisionArn === undefined ? [] : [d.targetServiceRevisionArn])),
      ),
    ].slice(0, DESCRIBE_SERVICE_REVISIONS_MAX);
    if (revisionArns.length === 0) return undefined;
    const call = 'ecs:DescribeServiceRevisions';
    const response = await callAws(call, () => this.client.send(new DescribeServiceRevisionsCommand({ serviceRevisionArns: revisionArns })));
    throwUnlessMissing(call, response.failures);
    const taskDefinitions = new Map((response.serviceRevisions ?? []).map((r) => [r.serviceRevisionArn, r.taskDefinition]));
    return revisionArns.map((arn) => taskDefinitions.get(arn)).find((td) => td !== undefined && td !== current);
  }
}
