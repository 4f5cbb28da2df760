import type { FieldReader } from './reader';
import type { AlarmMetric, AlarmState, CloudWatchAlarmDetail } from './types';

const readState = (s: FieldReader): AlarmState => ({
  value: s.requiredString('value'),
  reason: s.optionalString('reason'),
  timestamp: s.optionalString('timestamp'),
  actionsSuppressedBy: s.optionalString('actionsSuppressedBy'),
});

const readMetric = (m: FieldReader): AlarmMetric => {
  const stat = m.optionalObject('metricStat')?.optionalObject('metric');
  const dimensions = stat?.stringRecord('dimensions') ?? {};
  return { namespace: stat?.optionalString('namespace'), name: stat?.optionalString('name'), dimensions };
};

/**
 * Reads `CloudWatch Alarm State Change` detail (metric and composite alarms). For metric
 * alarms the watched metrics sit under `configuration.metrics[].metricStat.metric`.
 * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/cloudwatch-and-eventbridge.html
 */
export const readCloudWatchAlarmDetail = (d: FieldReader): CloudWatchAlarmDetail => {
  const state = d.requiredObject('state');
  const configuration = d.optionalObject('configuration');
  const previous = d.optionalObject('previousState');
  return {
    alarmName: d.requiredString('alarmName'),
    state: readState(state),
    // previousState is context, not identity: an odd one is dropped, never fatal.
    previousState: previous?.optionalString('value') === undefined ? undefined : readState(previous as FieldReader),
    description: configuration?.optionalString('description'),
    metrics: configuration?.objectArray('metrics').map(readMetric) ?? [],
  };
};
