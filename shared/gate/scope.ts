import type { Alert } from '../normalize';

/**
 * How the gate names an alert's cluster in the keys of its records (groups, throttles by label,
 * incidents, inhibitions). One account: by name, as always. Central mode: by account, Region and
 * name, since `prod` in one member account is not `prod` in another: a deployment there must not
 * mute this one's task alerts, its recovery must not resolve this one's incident, and its alerts
 * must not be counted into this one's digest.
 */
export type ClusterScope = (alert: Pick<Alert, 'labels'>) => string | undefined;

/** Single-account mode: the cluster's name. */
export const clusterByName: ClusterScope = (alert) => alert.labels.cluster;

/** Central mode: `<account>/<region>/<cluster>`. */
export const clusterByAccount: ClusterScope = (alert) => {
  const { account, region, cluster } = alert.labels;
  return cluster === undefined ? undefined : `${account ?? ''}/${region ?? ''}/${cluster}`;
};
