import type { ServiceAlarmKind } from '../config/alarms';

/** When an alarm fires, in CloudWatch's terms. */
export interface AlarmTiming {
  periodSeconds: number;
  evaluationPeriods: number;
  /** At most `evaluationPeriods` (the validator reports it otherwise). */
  datapointsToAlarm: number;
}

/** A service's alarms with every default applied; an alarm that is off is absent. */
export interface ResolvedServiceAlarms {
  /** Its position in `alarms.services`, to locate problems. */
  index: number;
  cluster: string;
  service: string;
  cpu?: AlarmTiming & { threshold: number };
  memory?: AlarmTiming & { threshold: number };
  /** Below `minimum` running tasks, or below the desired count when there is none. */
  runningTasks?: AlarmTiming & { minimum?: number };
  /** `threshold` is required; a resolved one without it is reported by the validator. */
  target5xx?: AlarmTiming & { loadBalancer: string; targetGroup: string; threshold?: number };
}

/** A value CloudFormation substitutes: `${AWS::StackName}` in a string. */
export interface FnSub {
  'Fn::Sub': string;
}

/** A metric of `AWS::CloudWatch::Alarm`. */
export interface AlarmMetricStat {
  Metric: { Namespace: string; MetricName: string; Dimensions: { Name: string; Value: string }[] };
  Period: number;
  Stat: string;
}

/**
 * The properties of an `AWS::CloudWatch::Alarm`, on one metric or on metric math (`Metrics`).
 * No actions: CloudWatch sends every alarm's state changes to EventBridge, where the router's
 * rule takes them.
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-cloudwatch-alarm.html
 */
export interface AlarmProperties {
  AlarmName: FnSub;
  AlarmDescription: string;
  Namespace?: string;
  MetricName?: string;
  Dimensions?: { Name: string; Value: string }[];
  Statistic?: string;
  Period?: number;
  Metrics?: ({ Id: string; Expression: string; Label: string; ReturnData: true } | { Id: string; MetricStat: AlarmMetricStat; ReturnData: false })[];
  EvaluationPeriods: number;
  DatapointsToAlarm: number;
  Threshold: number;
  ComparisonOperator: 'GreaterThanThreshold' | 'LessThanThreshold';
  TreatMissingData: 'breaching' | 'notBreaching';
}

/** One alarm the stack creates for a service of herald.yml. */
export interface ServiceAlarm {
  /** Stable across deploys: from the cluster, service and kind only. */
  logicalId: string;
  cluster: string;
  service: string;
  kind: ServiceAlarmKind;
  properties: AlarmProperties;
}
