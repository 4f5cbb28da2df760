import type { EcsRemediationPort, InstanceSnapshot, ServiceSnapshot, ServiceUpdate, TaskSnapshot } from './types';

/** What {@link MemoryEcs} holds: services by `cluster/name`, tasks and instances by id. */
export interface MemoryEcsState {
  services: Map<string, ServiceSnapshot>;
  /** Completed task definitions per service (`cluster/name`), oldest first. */
  completed: Map<string, string[]>;
  tasks: Map<string, TaskSnapshot>;
  instances: Map<string, InstanceSnapshot>;
}

/**
 * An in-memory ECS for the remediator: the local adapter of {@link EcsRemediationPort}, for
 * tests and simulations. Updates behave as ECS's do: a new task definition or a forced
 * deployment starts a PRIMARY deployment IN_PROGRESS and demotes the old one to ACTIVE.
 */
export class MemoryEcs implements EcsRemediationPort {
  public readonly calls: string[] = [];
  private deployments = 0;

  public constructor(public readonly state: MemoryEcsState = { services: new Map(), completed: new Map(), tasks: new Map(), instances: new Map() }) {}

  public async describeService(cluster: string, service: string): Promise<ServiceSnapshot | undefined> {
    const found = this.state.services.get(`${cluster}/${service}`);
    return found === undefined ? undefined : structuredClone(found);
  }

  public async lastCompletedTaskDefinition(cluster: string, service: string): Promise<string | undefined> {
    return this.state.completed.get(`${cluster}/${service}`)?.at(-1);
  }

  public async describeTask(_cluster: string, task: string): Promise<TaskSnapshot | undefined> {
    return this.state.tasks.get(task);
  }

  public async describeContainerInstance(_cluster: string, instance: string): Promise<InstanceSnapshot | undefined> {
    return this.state.instances.get(instance);
  }

  public async updateService(update: ServiceUpdate): Promise<{ deploymentId?: string }> {
    this.calls.push(`UpdateService ${update.cluster}/${update.service}${update.forceNewDeployment === true ? ' forceNewDeployment' : ''}${update.taskDefinition === undefined ? '' : ` taskDefinition ${update.taskDefinition}`}${update.desiredCount === undefined ? '' : ` desiredCount ${update.desiredCount}`}`);
    const service = this.state.services.get(`${update.cluster}/${update.service}`);
    if (service === undefined) throw new Error(`ServiceNotFoundException: ${update.service}`);
    if (update.desiredCount !== undefined) service.desiredCount = update.desiredCount;
    if (update.forceNewDeployment !== true && update.taskDefinition === undefined) return {};
    this.deployments += 1;
    const id = `ecs-svc/${String(9_000_000_000 + this.deployments)}`;
    const taskDefinition = update.taskDefinition ?? service.taskDefinition;
    service.deployments = [
      { id, status: 'PRIMARY', rolloutState: 'IN_PROGRESS', taskDefinition },
      ...service.deployments.filter((d) => d.status === 'PRIMARY').map((d) => ({ ...d, status: 'ACTIVE' })),
    ];
    service.taskDefinition = taskDefinition;
    return { deploymentId: id };
  }

  public async stopTask(cluster: string, task: string, reason: string): Promise<void> {
    this.calls.push(`StopTask ${cluster} ${task} (${reason})`);
    const found = this.state.tasks.get(task);
    if (found !== undefined) found.desiredStatus = 'STOPPED';
  }

  public async drainInstance(cluster: string, instance: string): Promise<void> {
    this.calls.push(`UpdateContainerInstancesState ${cluster} ${instance} DRAINING`);
    const found = this.state.instances.get(instance);
    if (found !== undefined) found.status = 'DRAINING';
  }
}
