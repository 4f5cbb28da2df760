/**
 * A CloudFormation value: a literal, or an intrinsic function the template resolves at deploy
 * time (`{ Ref }`, `{ 'Fn::GetAtt' }`, `{ 'Fn::Sub' }`).
 */
export type CfnValue = string | number | boolean | { readonly [intrinsic: string]: unknown } | readonly CfnValue[];

/** One resource of a template. */
export interface CfnResource {
  Type: string;
  Properties: Record<string, unknown>;
}

/** A `Resources` (and `Outputs`) fragment, merged into the stack by serverless.yml. */
export interface CfnFragment {
  Resources: Record<string, CfnResource>;
  Outputs: Record<string, { Description: string; Value: CfnValue }>;
}

/** herald.yml's `monitoring:`, defaults applied. */
export interface MonitoringSettings {
  /** Where the alarms go: the stack's operator topic and its subscribers, or an existing topic. */
  operator: { emails: readonly string[]; arn?: string };
  /** Hours without an event before the heartbeat alarms; absent when it is off. */
  heartbeatHours?: number;
  /** Consecutive 5-minute periods with a retried event before it pages. */
  retryPeriods: number;
  dashboard: boolean;
  /** The clusters herald.yml names at the top level; absent means every cluster. */
  clusters?: readonly string[];
}

/** A CloudWatch metric and the statistic an alarm or a graph reads from it. */
export interface MetricSpec {
  namespace: string;
  name: string;
  dimensions: Readonly<Record<string, CfnValue>>;
  statistic: 'Sum' | 'Maximum' | 'SampleCount';
}

/** What an alarm evaluates: one metric, a metric math expression, or a Metrics Insights query. */
export type AlarmQuery =
  | { kind: 'metric'; metric: MetricSpec }
  /** Ids of `metrics` start with a lowercase letter; `expression` uses them. */
  | { kind: 'math'; expression: string; label: string; metrics: Readonly<Record<string, MetricSpec>> }
  | { kind: 'insights'; query: string; label: string };

/** How a period's value compares with the threshold to breach it. */
export type Comparison = 'GreaterThanThreshold' | 'LessThanThreshold';

/**
 * One alarm, as data: the table `shared/monitoring/alarms.ts` lists them, the renderer turns
 * each into an `AWS::CloudWatch::Alarm`.
 */
export interface AlarmSpec {
  /** Logical id after `HeraldAlarm`, e.g. `DeadLetterQueue`. */
  id: string;
  /** Alarm name after the stack's name, e.g. `dead-letter-queue`. */
  name: string;
  /** What it means and what to do; `${...}` are resolved by CloudFormation (`Fn::Sub`). */
  description: string;
  query: AlarmQuery;
  comparison: Comparison;
  threshold: number;
  periodSeconds: number;
  evaluationPeriods: number;
  /** Breaching periods among `evaluationPeriods` that set it off ("M out of N"). */
  datapointsToAlarm: number;
  /** A period with no data: no news (`notBreaching`) or bad news (`breaching`). */
  treatMissingData: 'notBreaching' | 'breaching';
  /** Tell the operator; false for the parts of a composite alarm, which tells instead. */
  notify: boolean;
}

/** An alarm over other alarms' states (`AWS::CloudWatch::CompositeAlarm`). */
export interface CompositeAlarmSpec {
  id: string;
  name: string;
  description: string;
  /** The rule, `${HeraldAlarm<Id>.Arn}` naming its parts (resolved by `Fn::Sub`). */
  rule: string;
}
