import type { Alert, Category } from '../normalize';
import type { StateRecord, StateStore } from '../state';
import type { InhibitSettings } from './types';

/** Longest a deployment mutes its tasks when its end is never seen (ECS's own limit is hours). */
const DEPLOYMENT_MUTE_SECONDS = 3 * 3600;
/** How long an instance-level alert mutes the task alerts of that instance. */
const INSTANCE_MUTE_SECONDS = 3600;

/** Deployment states during which task failures are expected and the deployment's outcome is the alert. */
const DEPLOYING: ReadonlySet<Category> = new Set(['deployment-progress', 'deployment-rollback']);
/** Deployment states that end the muting: the outcome is known. */
const DEPLOYMENT_OVER: ReadonlySet<Category> = new Set(['deployment-completed', 'deployment-failed', 'steady-state']);
/** Instance-level alerts that explain the failures of the tasks on the instance. */
const INSTANCE_TROUBLE: ReadonlySet<Category> = new Set(['agent-disconnected', 'instance-draining', 'instance-impaired']);

/** Options of {@link createInhibitor}. */
export interface InhibitorOptions {
  store: StateStore;
  settings: InhibitSettings;
  /**
   * How long a warm function trusts what it read about a service or instance, so a storm of
   * task alerts costs a few reads, not one per alert. @default 5000
   */
  cacheMs?: number;
}

/** The inhibition presets at work: sources are observed on every alert, targets checked. */
export interface Inhibitor {
  /** Records (or clears) what this alert explains: a deployment in progress, an instance in trouble. */
  observe(alert: Alert, nowMs: number): Promise<void>;
  /** What mutes this alert, if anything. */
  check(alert: Alert, nowMs: number): Promise<string | undefined>;
}

const deploymentKey = (cluster: string, service: string) => ({ pk: `inhibit#${cluster}#${service}`, sk: 'deployment' });
const instanceKey = (cluster: string, instance: string) => ({ pk: `inhibit#${cluster}#instance#${instance}`, sk: 'instance' });

/** Task alerts are the ones the presets mute: the failures a deployment or an instance explains. */
const isTaskProblem = (alert: Alert): boolean => alert.event.kind === 'ecs-task' && alert.status === 'firing' && alert.severity !== 'info';

/**
 * ECS-aware inhibition. `deployments`: while a service's deployment is in progress or rolling
 * back, its task alerts are muted (the deployment's failure or rollback is alerted instead);
 * `infrastructure`: an agent disconnect, a draining (e.g. Spot-interrupted) or impaired
 * container instance mutes the alerts of the tasks on that instance for an hour or until the
 * instance is healthy again.
 */
export const createInhibitor = (options: InhibitorOptions): Inhibitor => {
  const { store, settings } = options;
  const cacheMs = options.cacheMs ?? 5000;
  const cache = new Map<string, { at: number; record: StateRecord | undefined }>();

  const read = async (key: { pk: string; sk: string }, nowMs: number): Promise<StateRecord | undefined> => {
    const id = `${key.pk}\u0000${key.sk}`;
    const hit = cache.get(id);
    if (hit !== undefined && nowMs - hit.at < cacheMs && nowMs >= hit.at) {
      return hit.record !== undefined && hit.record.expiresAt * 1000 > nowMs ? hit.record : undefined;
    }
    const record = await store.get(key.pk, key.sk);
    cache.set(id, { at: nowMs, record });
    return record;
  };
  const write = async (record: StateRecord, nowMs: number): Promise<void> => {
    await store.put(record);
    cache.set(`${record.pk}\u0000${record.sk}`, { at: nowMs, record });
  };
  const clear = async (key: { pk: string; sk: string }, nowMs: number): Promise<void> => {
    await store.delete(key.pk, key.sk);
    cache.set(`${key.pk}\u0000${key.sk}`, { at: nowMs, record: undefined });
  };

  return {
    async observe(alert, nowMs) {
      const { cluster, service, containerInstance, deploymentId } = alert.labels;
      const seconds = Math.floor(nowMs / 1000);
      if (settings.deployments && cluster !== undefined && service !== undefined && alert.event.kind === 'ecs-deployment') {
        if (DEPLOYING.has(alert.category)) {
          const what = alert.category === 'deployment-rollback' ? 'rolling back' : 'in progress';
          await write({ ...deploymentKey(cluster, service), expiresAt: seconds + DEPLOYMENT_MUTE_SECONDS, data: { reason: `deployment ${deploymentId ?? ''} of ${service} ${what}`.replace('  ', ' '), since: alert.event.time } }, nowMs);
        } else if (DEPLOYMENT_OVER.has(alert.category)) {
          await clear(deploymentKey(cluster, service), nowMs);
        }
      }
      if (settings.deployments && cluster !== undefined && service !== undefined && alert.category === 'steady-state') {
        await clear(deploymentKey(cluster, service), nowMs);
      }
      if (settings.infrastructure && cluster !== undefined && containerInstance !== undefined && alert.event.kind !== 'ecs-task') {
        if (INSTANCE_TROUBLE.has(alert.category) && alert.status === 'firing') {
          await write({ ...instanceKey(cluster, containerInstance), expiresAt: seconds + INSTANCE_MUTE_SECONDS, data: { reason: `container instance ${containerInstance}: ${alert.summary}`, since: alert.event.time } }, nowMs);
        } else if (alert.status === 'resolved') {
          await clear(instanceKey(cluster, containerInstance), nowMs);
        }
      }
    },

    async check(alert, nowMs) {
      if (!isTaskProblem(alert)) return undefined;
      const { cluster, service, containerInstance } = alert.labels;
      if (cluster === undefined) return undefined;
      if (settings.infrastructure && containerInstance !== undefined) {
        const record = await read(instanceKey(cluster, containerInstance), nowMs);
        if (record !== undefined) return `${String(record.data?.reason)} (since ${String(record.data?.since)})`;
      }
      if (settings.deployments && service !== undefined) {
        const record = await read(deploymentKey(cluster, service), nowMs);
        if (record !== undefined) return `${String(record.data?.reason)} (since ${String(record.data?.since)})`;
      }
      return undefined;
    },
  };
};
