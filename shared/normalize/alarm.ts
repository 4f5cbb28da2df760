import type { CloudWatchAlarmEvent } from '../events';
import { buildAlert, evidenceOf, identifiers } from './alert';
import type { Category, Severity } from './constants';
import type { NormalizeSettings } from './settings';
import type { Alert } from './types';

/**
 * Normalizes a `CloudWatch Alarm State Change`. ALARM and OK share one fingerprint (the
 * alarm), so OK resolves the alert. ECS metric dimensions (`ClusterName`, `ServiceName`)
 * become the `cluster` and `service` labels, so alarms route like ECS events; a load balancer
 * metric's `TargetGroup` gives them when herald.yml's `alarms.services` names that target
 * group. A metric-math alarm's dimensions are those of the metrics its expression reads.
 * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/cloudwatch-and-eventbridge.html
 * @see https://docs.aws.amazon.com/AmazonECS/latest/developerguide/available-metrics.html
 */
export const normalizeAlarmEvent = (event: CloudWatchAlarmEvent, settings?: NormalizeSettings): Alert => {
  const d = event.detail;
  const state = d.state.value;
  const metric = d.metrics.find((m) => m.name !== undefined);
  const dimensions = Object.assign({}, ...d.metrics.map((m) => m.dimensions)) as Record<string, string>;
  const owner = dimensions.TargetGroup === undefined ? undefined : settings?.alarmTargetGroups.get(dimensions.TargetGroup);
  const cluster = dimensions.ClusterName ?? owner?.cluster;
  const service = dimensions.ServiceName ?? owner?.service;
  const suppressed = d.state.actionsSuppressedBy !== undefined;
  let category: Category = 'alarm';
  let severity: Severity | undefined;
  let hint: string;
  if (state === 'OK') {
    category = 'alarm-ok';
    hint = 'The alarm condition cleared.';
  } else if (state === 'ALARM') {
    severity = suppressed ? 'info' : undefined;
    hint = suppressed
      ? `The alarm fired but its actions are suppressed (${d.state.actionsSuppressedBy ?? ''}).`
      : 'The alarm threshold was breached; the reason gives the data points. Correlate with recent deployments and task stops of the same service.';
  } else {
    severity = 'info';
    hint = 'The alarm has insufficient data: the metric stopped arriving (a stopped service, a renamed dimension) or the period is too short.';
  }
  const target = service !== undefined ? `${cluster ?? '?'}/${service}` : cluster;
  const metricText = metric === undefined ? '' : ` (${metric.namespace ?? ''} ${metric.name ?? ''})`.replace('( ', '(');
  return buildAlert(event, {
    category,
    severity,
    status: state === 'OK' ? 'resolved' : 'firing',
    summary: `${target === undefined ? '' : `${target}: `}alarm ${d.alarmName} is ${state}${metricText}`,
    hint,
    labels: {
      cluster,
      service,
      alarmName: d.alarmName,
      alarmState: state,
      previousAlarmState: d.previousState?.value,
      metricNamespace: metric?.namespace,
      metricName: metric?.name,
    },
    evidence: evidenceOf({
      state: `${d.previousState?.value ?? '?'} -> ${state}`,
      reason: d.state.reason,
      description: d.description,
      actionsSuppressedBy: d.state.actionsSuppressedBy,
      timestamp: d.state.timestamp,
    }),
    identifiers: identifiers({ alarm: event.envelope.resources[0] }),
    fingerprintParts: ['alarm', d.alarmName],
  });
};
