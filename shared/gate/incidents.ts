import type { Notification, ResolvedIncident } from '../deliver';
import type { EnrichedAlert } from '../enrich';
import type { Alert } from '../normalize';
import type { StateRecord, StateStore } from '../state';
import { throttleKey } from './throttle';
import { type ClusterScope, clusterByName } from './scope';

/** An incident nobody resolves is forgotten after a week. */
const INCIDENT_MEMORY_SECONDS = 7 * 86_400;

/** Service-level events that mean the service is healthy again. */
const SERVICE_RECOVERED = new Set(['steady-state', 'deployment-completed']);

/**
 * Whether a notified alert opens (or joins) an incident that a recovery later resolves: a
 * firing problem, not a routine event or an audit record of someone's API call.
 */
export const opensIncident = (alert: Alert): boolean => alert.status === 'firing' && alert.severity !== 'info' && alert.category !== 'audit' && alert.category !== 'remediation';

/**
 * The incident an alert belongs to: per service when it has one (every failure of a service
 * ends when the service is steady again), else per fingerprint (an alarm, an instance's health:
 * their own `resolved` event ends them).
 */
export const incidentPkOf = (alert: Alert, clusterOf: ClusterScope = clusterByName): string => {
  const { service } = alert.labels;
  const cluster = clusterOf(alert);
  return cluster !== undefined && service !== undefined && alert.event.kind !== 'cloudwatch-alarm'
    ? `incident#svc#${cluster}#${service}`
    : `incident#fp#${alert.fingerprint}`;
};

/** The incidents an alert ends: its service's when the service recovered, its fingerprint's when it is resolved. */
export const resolvedIncidentPkOf = (alert: Alert, clusterOf: ClusterScope = clusterByName): string | undefined => {
  const { service } = alert.labels;
  const cluster = clusterOf(alert);
  if (SERVICE_RECOVERED.has(alert.category) && cluster !== undefined && service !== undefined && alert.event.kind !== 'cloudwatch-alarm') {
    return `incident#svc#${cluster}#${service}`;
  }
  return alert.status === 'resolved' ? `incident#fp#${alert.fingerprint}` : undefined;
};

/** An open incident on one route: what opened it and which topics were told. */
export interface OpenIncident {
  pk: string;
  route: string;
  fingerprint: string;
  category: string;
  summary: string;
  severity: string;
  startedAt: string;
  topics: readonly string[];
  alerts: number;
  /** The group head the incident's alerts were grouped under, if any. */
  groupPk?: string;
  /** The throttle key of the alert that opened it (its fingerprint unless `throttle_by`). */
  throttleKey: string;
  /** Event time (ISO 8601) of the latest alert notified in it: an older recovery does not end it. */
  lastEventTime: string;
  /** How long a recovery must stay quiet before the incident is resolved (its route's `resolve_hold`). */
  resolveHoldMs: number;
}

/** What {@link recordIncident} needs to know of the route that notified. */
export interface IncidentRoute {
  route: string;
  topics: readonly string[];
  groupPk?: string;
  throttleKey?: string;
  resolveHoldMs: number;
}

/**
 * Opens (or counts into) the incident of a notified alert on a route: one atomic update; the
 * first alert's summary, time and topics stay.
 */
export const recordIncident = async (store: StateStore, alert: Alert, on: IncidentRoute, nowMs: number, count = 1, clusterOf: ClusterScope = clusterByName): Promise<void> => {
  await store.add(incidentPkOf(alert, clusterOf), on.route, { alerts: count }, {
    expiresAt: Math.floor(nowMs / 1000) + INCIDENT_MEMORY_SECONDS,
    setIfAbsent: {
      fingerprint: alert.fingerprint,
      category: alert.category,
      summary: alert.summary,
      severity: alert.severity,
      startedAt: new Date(nowMs).toISOString(),
      topics: on.topics.join(','),
      groupPk: on.groupPk ?? '',
      throttleKey: on.throttleKey ?? alert.fingerprint,
      resolveHoldMs: on.resolveHoldMs,
    },
    set: { lastEventTime: alert.event.time },
  });
};

/** Adds a digest's alerts to the incident it belongs to (when it is still open). */
export const countIntoIncident = async (store: StateStore, pk: string, route: string, count: number, nowMs: number): Promise<void> => {
  if ((await store.get(pk, route)) === undefined) return;
  await store.add(pk, route, { alerts: count }, { expiresAt: Math.floor(nowMs / 1000) + INCIDENT_MEMORY_SECONDS });
};

export const incidentFromRecord = (record: StateRecord): OpenIncident | undefined => {
  const d = record.data ?? {};
  if (typeof d.summary !== 'string' || typeof d.startedAt !== 'string') return undefined;
  return {
    pk: record.pk,
    route: record.sk,
    fingerprint: String(d.fingerprint ?? ''),
    category: String(d.category ?? ''),
    summary: d.summary,
    severity: String(d.severity ?? 'warning'),
    startedAt: d.startedAt,
    topics: String(d.topics ?? '').split(',').filter((t) => t !== ''),
    alerts: Number(d.alerts ?? 1),
    groupPk: typeof d.groupPk === 'string' && d.groupPk !== '' ? d.groupPk : undefined,
    throttleKey: typeof d.throttleKey === 'string' && d.throttleKey !== '' ? d.throttleKey : String(d.fingerprint ?? ''),
    lastEventTime: typeof d.lastEventTime === 'string' ? d.lastEventTime : '',
    // Incidents recorded before holds existed resolve at once, as they would have.
    resolveHoldMs: Number(d.resolveHoldMs ?? 0),
  };
};

/** The open incidents an alert ends (one per route that notified), oldest route first. */
export const incidentsEndedBy = async (store: StateStore, alert: Alert, clusterOf: ClusterScope = clusterByName): Promise<OpenIncident[]> => {
  const pk = resolvedIncidentPkOf(alert, clusterOf);
  if (pk === undefined) return [];
  return (await store.query(pk)).map(incidentFromRecord).filter((i): i is OpenIncident => i !== undefined && i.topics.length > 0);
};

/**
 * The resolved message for an incident: the resolving event's alert, marked resolved, naming
 * the alert that opened the incident and how long it lasted.
 */
export const resolvedAlertFor = (incident: OpenIncident, alert: EnrichedAlert, nowMs: number): Notification => {
  const started = Date.parse(incident.startedAt);
  const resolves: ResolvedIncident = {
    fingerprint: incident.fingerprint,
    category: incident.category,
    summary: incident.summary,
    startedAt: incident.startedAt,
    endedAt: new Date(nowMs).toISOString(),
    durationMs: Number.isNaN(started) ? 0 : Math.max(0, nowMs - started),
    alerts: incident.alerts,
  };
  return { ...alert, status: 'resolved', resolves, labels: { ...alert.labels } };
};

/**
 * Closes an incident once its resolved message went out: the incident, its group (so the next
 * failure pages at once) and the throttle of the alert that opened it are forgotten. The hold
 * before resolving is what keeps a recurring failure from flapping, not the throttle.
 */
export const closeIncident = async (store: StateStore, incident: OpenIncident, endGroup: (pk: string) => Promise<void>): Promise<void> => {
  await store.delete(incident.pk, incident.route);
  if (incident.groupPk !== undefined) await endGroup(incident.groupPk);
  const throttle = throttleKey(incident.route, incident.throttleKey);
  await store.delete(throttle.pk, throttle.sk);
};

/**
 * The key of the claim on an incident's resolved message, in a partition of its own: a recovery
 * reads the incident's partition whole, and a service that flaps all day would otherwise add a
 * claim to it per resolution.
 */
export const resolutionKey = (incident: OpenIncident) => ({ pk: `${incident.pk}#resolved`, sk: `${incident.route}#${incident.startedAt}` });

/** Claims the sending of an incident's resolved message, so two recoveries do not both send it. */
export const claimResolution = async (store: StateStore, incident: OpenIncident, owner: string, nowMs: number): Promise<boolean> =>
  store.claim({ ...resolutionKey(incident), expiresAt: Math.floor(nowMs / 1000) + 86_400 }, owner);

/** Pending resolutions (a recovery waiting out its hold); the sort key starts with the due time. */
export const RECOVERY_PARTITION = 'resolve#due';

/** A recovery waiting out its incident's hold, as filed. */
export interface PendingRecovery {
  pk: string;
  sk: string;
  incidentPk: string;
  route: string;
  /** When it was filed (the gate's clock): alerts counted after this reopen the incident. */
  filedAt: number;
  /** Event time of the recovery (ISO 8601). */
  recoveredAt: string;
  /** The recovery's alert (JSON), for the resolved message. */
  alert: string;
}

/** Files a recovery to be resolved when its hold is over, unless the incident fires again. */
export const fileRecovery = async (store: StateStore, incident: OpenIncident, alert: EnrichedAlert, nowMs: number): Promise<void> => {
  const dueAt = nowMs + incident.resolveHoldMs;
  const { context: _context, ...bare } = alert;
  await store.put({
    pk: RECOVERY_PARTITION,
    sk: `${new Date(dueAt).toISOString()}#${incident.pk}#${incident.route}`,
    expiresAt: Math.ceil(dueAt / 1000) + 86_400,
    data: { incidentPk: incident.pk, route: incident.route, filedAt: nowMs, recoveredAt: alert.event.time, alert: JSON.stringify(bare) },
  });
};

/** A filed recovery read back; undefined when the record is not one. */
export const recoveryFromRecord = (record: StateRecord): PendingRecovery | undefined => {
  const d = record.data ?? {};
  if (typeof d.incidentPk !== 'string' || typeof d.route !== 'string' || typeof d.alert !== 'string') return undefined;
  return { pk: record.pk, sk: record.sk, incidentPk: d.incidentPk, route: d.route, filedAt: Number(d.filedAt ?? 0), recoveredAt: String(d.recoveredAt ?? ''), alert: d.alert };
};
