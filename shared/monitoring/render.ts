import { MONITORING_IDS } from './constants';
import type { AlarmQuery, AlarmSpec, CfnResource, CfnValue, CompositeAlarmSpec, MetricSpec } from './types';

/** `HeraldAlarm<Id>`: the logical id of an alarm spec. */
export const alarmLogicalId = (spec: { id: string }): string => `${MONITORING_IDS.alarmPrefix}${spec.id}`;

/** `<stack name>-<name>`: alarm names are unique per account and Region, so two stages never clash. */
const alarmName = (name: string): CfnValue => ({ 'Fn::Sub': `\${AWS::StackName}-${name}` });

/** Text with `${...}` for CloudFormation to resolve; plain text as it is. */
const sub = (text: string): CfnValue => (text.includes('${') ? { 'Fn::Sub': text } : text);

const dimensions = (metric: MetricSpec): { Name: string; Value: CfnValue }[] =>
  Object.entries(metric.dimensions).map(([Name, Value]) => ({ Name, Value }));

/** The properties that say what an alarm evaluates, for each kind of query. */
const queryProperties = (query: AlarmQuery, period: number): Record<string, unknown> => {
  switch (query.kind) {
    case 'metric':
      return { Namespace: query.metric.namespace, MetricName: query.metric.name, Dimensions: dimensions(query.metric), Statistic: query.metric.statistic, Period: period };
    case 'math':
      // Every metric of a math alarm has the same period; only the expression returns data.
      // https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/alarm-data-queries.html
      return {
        Metrics: [
          ...Object.entries(query.metrics).map(([Id, metric]) => ({
            Id,
            MetricStat: { Metric: { Namespace: metric.namespace, MetricName: metric.name, Dimensions: dimensions(metric) }, Period: period, Stat: metric.statistic },
            ReturnData: false,
          })),
          { Id: 'expression', Expression: query.expression, Label: query.label, ReturnData: true },
        ],
      };
    case 'insights':
      // https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Create_Metrics_Insights_Alarm.html
      return { Metrics: [{ Id: 'query', Expression: query.query, Label: query.label, Period: period, ReturnData: true }] };
  }
};

/** An `AWS::CloudWatch::Alarm`; `actions` are the operator topic's ARN. */
export const renderAlarm = (spec: AlarmSpec, actions: readonly CfnValue[]): CfnResource => ({
  Type: 'AWS::CloudWatch::Alarm',
  Properties: {
    AlarmName: alarmName(spec.name),
    AlarmDescription: sub(spec.description),
    ...(spec.notify ? { ActionsEnabled: true, AlarmActions: actions, OKActions: actions } : { ActionsEnabled: false }),
    ComparisonOperator: spec.comparison,
    Threshold: spec.threshold,
    EvaluationPeriods: spec.evaluationPeriods,
    DatapointsToAlarm: spec.datapointsToAlarm,
    TreatMissingData: spec.treatMissingData,
    ...queryProperties(spec.query, spec.periodSeconds),
  },
});

/** An `AWS::CloudWatch::CompositeAlarm` that tells the operator. */
export const renderCompositeAlarm = (spec: CompositeAlarmSpec, actions: readonly CfnValue[]): CfnResource => ({
  Type: 'AWS::CloudWatch::CompositeAlarm',
  Properties: {
    AlarmName: alarmName(spec.name),
    AlarmDescription: sub(spec.description),
    AlarmRule: { 'Fn::Sub': spec.rule },
    ActionsEnabled: true,
    AlarmActions: actions,
    OKActions: actions,
  },
});
