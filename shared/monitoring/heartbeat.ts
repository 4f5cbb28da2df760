import { FLEET_PERIOD_SECONDS, HEARTBEAT_PERIOD_SECONDS, MONITORING_IDS, STACK_IDS } from './constants';
import { lambdaMetric } from './metrics';
import type { AlarmSpec, CompositeAlarmSpec, MonitoringSettings } from './types';

/** The heartbeat: its two kinds of parts (no actions of their own) and the composite that pages. */
export interface HeartbeatAlarms {
  parts: AlarmSpec[];
  heartbeat: CompositeAlarmSpec;
}

/**
 * "Services ran in the last 15 minutes", as a Metrics Insights query over ECS's
 * `CPUUtilization` samples, in a cluster or in any. Why not a metric per cluster: the
 * cluster-level metric exists only for EC2 capacity; a Fargate service has only the
 * per-service one (`ClusterName`, `ServiceName`), whose service names herald.yml does not know.
 * `FROM "AWS/ECS"` takes every dimension set, both kinds. Metrics Insights takes `=`, `!=` and
 * `AND` only, hence one query (and one alarm) per named cluster.
 * @see https://docs.aws.amazon.com/AmazonECS/latest/developerguide/available-metrics.html
 * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/cloudwatch-metrics-insights-querylanguage.html
 */
export const fleetQuery = (cluster?: string): string =>
  `SELECT COUNT(CPUUtilization) FROM "AWS/ECS"${cluster === undefined ? '' : ` WHERE ClusterName = '${cluster}'`}`;

const fleetPart = (cluster: string | undefined, index: number): AlarmSpec => ({
  id: cluster === undefined ? 'HeartbeatFleet' : `HeartbeatFleet${index + 1}`,
  name: cluster === undefined ? 'heartbeat-fleet' : `heartbeat-fleet-${cluster}`,
  description: `Part of the heartbeat alarm (no action of its own): in ALARM while ECS services ran in ${cluster === undefined ? 'any cluster of this account and Region' : `cluster ${cluster}`} in the last 15 minutes.`,
  query: { kind: 'insights', query: fleetQuery(cluster), label: `ECS utilization samples${cluster === undefined ? '' : ` in ${cluster}`}` },
  comparison: 'GreaterThanThreshold',
  threshold: 0,
  periodSeconds: FLEET_PERIOD_SECONDS,
  evaluationPeriods: 1,
  datapointsToAlarm: 1,
  // No samples: nothing ran, nothing to hear from.
  treatMissingData: 'notBreaching',
  notify: false,
});

/**
 * The heartbeat: alerts when no event has reached the router for `heartbeatHours` while ECS
 * services ran in the watched clusters, which is when herald has gone deaf (rules disabled or
 * deleted, the router failing before it counts). A composite of:
 *
 * - `HeartbeatQuiet`: every hour of the window had no router invocation. Only the hours the
 *   stack ran count: `router + 0 * digest` has a value where the digest (on its one-minute
 *   schedule) ran, 0 when the router did not; hours before the stack existed have none and
 *   do not breach, so a new stack does not page for the hours before it.
 * - `HeartbeatFleet`: services ran (see {@link fleetQuery}); one per named cluster, any of them.
 *
 * A fleet that truly had no ECS event for that long (a steady cluster where no task starts
 * or stops) sets it off too: raise `monitoring.heartbeat`, or turn it `off`.
 * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Create_Composite_Alarm.html
 */
export const heartbeatAlarms = (settings: MonitoringSettings): HeartbeatAlarms | undefined => {
  const hours = settings.heartbeatHours;
  if (hours === undefined) return undefined;
  const window = `${hours} hour${hours === 1 ? '' : 's'}`;
  const quiet: AlarmSpec = {
    id: 'HeartbeatQuiet',
    name: 'heartbeat-quiet',
    description: `Part of the heartbeat alarm (no action of its own): in ALARM when no event reached the router for ${window} while the stack ran.`,
    query: {
      kind: 'math',
      // Arithmetic reads a missing value as 0, but a timestamp neither metric has stays missing.
      // https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/using-metric-math.html
      expression: 'router + 0 * digest',
      label: 'Events received, in the hours the stack ran',
      metrics: { router: lambdaMetric(STACK_IDS.router, 'Invocations'), digest: lambdaMetric(STACK_IDS.digest, 'Invocations') },
    },
    comparison: 'LessThanThreshold',
    threshold: 1,
    periodSeconds: HEARTBEAT_PERIOD_SECONDS,
    evaluationPeriods: hours,
    datapointsToAlarm: hours,
    treatMissingData: 'notBreaching',
    notify: false,
  };
  const fleet = settings.clusters === undefined ? [fleetPart(undefined, 0)] : settings.clusters.map((cluster, i) => fleetPart(cluster, i));
  const arn = (part: AlarmSpec): string => `ALARM(\${${MONITORING_IDS.alarmPrefix}${part.id}.Arn})`;
  const where = settings.clusters === undefined ? 'in this account and Region' : `in ${settings.clusters.join(', ')}`;
  return {
    parts: [quiet, ...fleet],
    heartbeat: {
      id: 'Heartbeat',
      name: 'heartbeat',
      description:
        `No event has reached herald's router for ${window} while ECS services ran ${where}: herald may be deaf. ` +
        'Check that the stack\'s EventBridge rules are enabled and target the router (their FailedInvocations metric), that the router is invoked (its Invocations and Errors), and that the dead-letter queue is empty. ' +
        'A fleet where truly no task started or stopped for that long sets this off too: raise monitoring.heartbeat in herald.yml, or set it to off.',
      rule: `${arn(quiet)} AND ${fleet.length === 1 && fleet[0] !== undefined ? arn(fleet[0]) : `(${fleet.map(arn).join(' OR ')})`}`,
    },
  };
};
