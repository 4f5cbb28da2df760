import type { DeploymentTaskAlerts } from '../deliver';
import type { Alert, Category } from '../normalize';
import type { StateRecord, StateStore } from '../state';
import type { InhibitSettings } from './types';
import { type ClusterScope, clusterByName } from './scope';

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
  /** How records name a cluster (central mode: with its account and Region). @default by name */
  clusterOf?: ClusterScope;
  /**
   * How long it trusts having found nothing (no deployment in progress, the instance fine).
   * Longer: a stale "nothing" lets a task alert page that another instance would now mute
   * (noise), never the reverse, which would hide it. @default 30000
   */
  nothingCacheMs?: number;
}

/** The inhibition presets at work: sources are observed on every alert, targets checked. */
export interface Inhibitor {
  /**
   * Records (or clears) what this alert explains: a deployment in progress, an instance in
   * trouble; counts a task alert into the deployment in progress on its service. For a
   * deployment's failure, returns the task alerts counted while it was in progress: muted,
   * the reader never got them, so the failure tells them.
   */
  observe(alert: Alert, nowMs: number): Promise<DeploymentTaskAlerts | undefined>;
  /** What mutes this alert, if anything. */
  check(alert: Alert, nowMs: number): Promise<string | undefined>;
}

const deploymentKey = (cluster: string, service: string) => ({ pk: `inhibit#${cluster}#${service}`, sk: 'deployment' });
const instanceKey = (cluster: string, instance: string) => ({ pk: `inhibit#${cluster}#instance#${instance}`, sk: 'instance' });
/** The task alerts counted during one deployment (its own key: a stray count never mutes anything). */
const tasksKey = (cluster: string, service: string, deploymentId: string) => ({ pk: `inhibit#${cluster}#${service}`, sk: `tasks#${deploymentId}` });

/** Category counters of a deployment's task alerts are stored as `cat_<category>`. */
const CATEGORY_FIELD_PREFIX = 'cat_';

/** The task alerts a deployment's record counted, or none. */
const taskAlertsOf = (deploymentId: string, record: StateRecord | undefined): DeploymentTaskAlerts | undefined => {
  const d = record?.data ?? {};
  const count = Number(d.count ?? 0);
  if (!(count > 0) || typeof d.lastSummary !== 'string' || typeof d.lastTime !== 'string') return undefined;
  const categories = Object.entries(d)
    .filter(([name, value]) => name.startsWith(CATEGORY_FIELD_PREFIX) && typeof value === 'number' && value > 0)
    .map(([name, value]) => ({ category: name.slice(CATEGORY_FIELD_PREFIX.length), count: Number(value) }))
    .sort((a, b) => b.count - a.count || a.category.localeCompare(b.category));
  return { deploymentId, count, fromDeployment: Number(d.fromDeployment ?? 0), categories, last: { summary: d.lastSummary, time: d.lastTime } };
};

/** Task alerts are the ones the presets mute: the failures a deployment or an instance explains. */
const isTaskProblem = (alert: Alert): boolean => alert.event.kind === 'ecs-task' && alert.status === 'firing' && alert.severity !== 'info';

/**
 * ECS-aware inhibition. `deployments`: while a service's deployment is in progress or rolling
 * back, its task alerts are muted (the deployment's failure or rollback is alerted instead,
 * and the failure tells how many task alerts were muted, of what, and the last one);
 * `infrastructure`: an agent disconnect, a draining (e.g. Spot-interrupted) or impaired
 * container instance mutes the alerts of the tasks on that instance for an hour or until the
 * instance is healthy again.
 */
export const createInhibitor = (options: InhibitorOptions): Inhibitor => {
  const { store, settings } = options;
  const clusterOf = options.clusterOf ?? clusterByName;
  const cacheMs = options.cacheMs ?? 5000;
  const nothingCacheMs = options.nothingCacheMs ?? 30_000;
  const cache = new Map<string, { at: number; record: StateRecord | undefined }>();
  const trustMs = Math.max(cacheMs, nothingCacheMs);
  // Kept in the order read (re-set entries move to the end): what no read trusts any more is at
  // the front and dropped as the clock passes it, so a warm instance, or a replay of millions
  // of events on as many instances, holds only the last half-minute's reads.
  const remember = (id: string, entry: { at: number; record: StateRecord | undefined }): void => {
    cache.delete(id);
    cache.set(id, entry);
    for (const [key, { at }] of cache) {
      if (entry.at - at < trustMs) break;
      cache.delete(key);
    }
  };

  const read = async (key: { pk: string; sk: string }, nowMs: number): Promise<StateRecord | undefined> => {
    const id = `${key.pk}\u0000${key.sk}`;
    const hit = cache.get(id);
    if (hit !== undefined && nowMs - hit.at < (hit.record === undefined ? nothingCacheMs : cacheMs) && nowMs >= hit.at) {
      return hit.record !== undefined && hit.record.expiresAt * 1000 > nowMs ? hit.record : undefined;
    }
    const record = await store.get(key.pk, key.sk);
    remember(id, { at: nowMs, record });
    return record;
  };
  const write = async (record: StateRecord, nowMs: number): Promise<void> => {
    await store.put(record);
    remember(`${record.pk}\u0000${record.sk}`, { at: nowMs, record });
  };
  const clear = async (key: { pk: string; sk: string }, nowMs: number): Promise<void> => {
    await store.delete(key.pk, key.sk);
    remember(`${key.pk}\u0000${key.sk}`, { at: nowMs, record: undefined });
  };

  return {
    async observe(alert, nowMs) {
      const { service, containerInstance, deploymentId } = alert.labels;
      const cluster = clusterOf(alert);
      const seconds = Math.floor(nowMs / 1000);
      let explained: DeploymentTaskAlerts | undefined;
      if (settings.deployments && cluster !== undefined && service !== undefined && alert.event.kind === 'ecs-deployment') {
        if (DEPLOYING.has(alert.category)) {
          const what = alert.category === 'deployment-rollback' ? 'rolling back' : 'in progress';
          await write({ ...deploymentKey(cluster, service), expiresAt: seconds + DEPLOYMENT_MUTE_SECONDS, data: { reason: `deployment ${deploymentId ?? ''} of ${service} ${what}`.replace('  ', ' '), since: alert.event.time, deploymentId: deploymentId ?? '' } }, nowMs);
        } else if (DEPLOYMENT_OVER.has(alert.category)) {
          // Read before the deployment's record is cleared; the count has a key of its own (by
          // deployment id), so a failure that arrives after its rollback started still finds it.
          if (alert.category === 'deployment-failed' && deploymentId !== undefined) {
            const key = tasksKey(cluster, service, deploymentId);
            explained = taskAlertsOf(deploymentId, await store.get(key.pk, key.sk));
          }
          await clear(deploymentKey(cluster, service), nowMs);
        }
      }
      // A task alert while a deployment is in progress: counted for the deployment's outcome
      // (one atomic update, only during deployments; the read is the one check() makes, cached).
      if (settings.deployments && cluster !== undefined && service !== undefined && isTaskProblem(alert)) {
        const record = await read(deploymentKey(cluster, service), nowMs);
        const deployment = record?.data?.deploymentId;
        if (record !== undefined && typeof deployment === 'string' && deployment !== '') {
          const key = tasksKey(cluster, service, deployment);
          await store.add(
            key.pk,
            key.sk,
            { count: 1, [`${CATEGORY_FIELD_PREFIX}${alert.category}`]: 1, fromDeployment: alert.labels.startedBy === deployment ? 1 : 0 },
            { expiresAt: record.expiresAt, set: { lastSummary: alert.summary, lastTime: alert.event.time } },
          );
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
      return explained;
    },

    async check(alert, nowMs) {
      if (!isTaskProblem(alert)) return undefined;
      const { service, containerInstance } = alert.labels;
      const cluster = clusterOf(alert);
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
