import { alarmLogicalId, heraldAlarms, renderAlarm, STACK_IDS, type AlarmQuery, type AlarmSpec, type MetricSpec } from '../../shared/monitoring';
import { settingsOf, subVariables } from './support';

/** `AWS/SQS ApproximateNumberOfMessagesVisible QueueName=DeadLetterQueue.QueueName Maximum`. */
const metricText = (metric: MetricSpec): string => {
  const dims = Object.entries(metric.dimensions).map(([name, value]) => `${name}=${typeof value === 'object' ? Object.values(value).flat().join('.') : String(value)}`);
  return [metric.namespace, metric.name, ...dims, metric.statistic].join(' ');
};

const watches = (query: AlarmQuery): string | Record<string, string> => {
  switch (query.kind) {
    case 'metric':
      return metricText(query.metric);
    case 'math':
      return { expression: query.expression, ...Object.fromEntries(Object.entries(query.metrics).map(([id, metric]) => [id, metricText(metric)])) };
    case 'insights':
      return query.query;
  }
};

/** One alarm as the table below reads it. */
const row = (spec: AlarmSpec) => ({
  name: spec.name,
  watches: watches(spec.query),
  when: `${spec.comparison === 'GreaterThanThreshold' ? '>' : '<'} ${spec.threshold}`,
  period: spec.periodSeconds,
  breaching: `${spec.datapointsToAlarm} of ${spec.evaluationPeriods}`,
  missing: spec.treatMissingData,
});

const DLQ = (queue: string) => `AWS/SQS ApproximateNumberOfMessagesVisible QueueName=${queue}.QueueName Maximum`;
const LAMBDA = (fn: string, metric: string) => `AWS/Lambda ${metric} FunctionName=${fn} Sum`;
const HERALD = (metric: string) => `EcsHerald ${metric} service=AWS::StackName Sum`;

describe('heraldAlarms', () => {
  it('lists each alarm with its metric, threshold, period and evaluation', () => {
    expect(heraldAlarms(settingsOf()).map(row)).toEqual([
      { name: 'dead-letter-queue', watches: DLQ('DeadLetterQueue'), when: '> 0', period: 300, breaching: '1 of 1', missing: 'notBreaching' },
      { name: 'remediation-dead-letter-queue', watches: DLQ('RemediationDeadLetterQueue'), when: '> 0', period: 300, breaching: '1 of 1', missing: 'notBreaching' },
      {
        name: 'router-errors',
        watches: { expression: 'errors - retried', errors: LAMBDA('RouterLambdaFunction', 'Errors'), retried: HERALD('EventsRetried') },
        when: '> 0',
        period: 300,
        breaching: '2 of 3',
        missing: 'notBreaching',
      },
      { name: 'digest-errors', watches: LAMBDA('DigestLambdaFunction', 'Errors'), when: '> 0', period: 300, breaching: '2 of 3', missing: 'notBreaching' },
      { name: 'remediator-errors', watches: LAMBDA('RemediatorLambdaFunction', 'Errors'), when: '> 0', period: 300, breaching: '2 of 3', missing: 'notBreaching' },
      { name: 'router-throttles', watches: LAMBDA('RouterLambdaFunction', 'Throttles'), when: '> 0', period: 300, breaching: '2 of 3', missing: 'notBreaching' },
      { name: 'digest-throttles', watches: LAMBDA('DigestLambdaFunction', 'Throttles'), when: '> 0', period: 300, breaching: '2 of 3', missing: 'notBreaching' },
      { name: 'remediator-throttles', watches: LAMBDA('RemediatorLambdaFunction', 'Throttles'), when: '> 0', period: 300, breaching: '2 of 3', missing: 'notBreaching' },
      { name: 'gate-fail-open', watches: HERALD('GateFailOpen'), when: '> 0', period: 300, breaching: '1 of 1', missing: 'notBreaching' },
      { name: 'deliveries-dead-lettered', watches: HERALD('DeliveriesDeadLettered'), when: '> 0', period: 300, breaching: '1 of 1', missing: 'notBreaching' },
      { name: 'events-retried', watches: HERALD('EventsRetried'), when: '> 0', period: 300, breaching: '3 of 3', missing: 'notBreaching' },
      { name: 'remediation-failed', watches: HERALD('RemediationFailed'), when: '> 0', period: 300, breaching: '1 of 1', missing: 'notBreaching' },
      { name: 'remediation-unreadable', watches: HERALD('RemediationUnreadable'), when: '> 0', period: 300, breaching: '1 of 1', missing: 'notBreaching' },
    ]);
  });

  it.each([
    { case: '5 minutes', retriesFor: '5m', periods: 1 },
    { case: 'an hour', retriesFor: '1h', periods: 12 },
  ])('pages on retried deliveries after every period of $case', ({ retriesFor, periods }) => {
    const spec = heraldAlarms(settingsOf('monitoring:', `  retries_for: ${retriesFor}`)).find((s) => s.name === 'events-retried');
    expect(spec).toMatchObject({ evaluationPeriods: periods, datapointsToAlarm: periods });
    expect(spec?.description).toContain(`for ${periods * 5} minutes`);
  });

  it.each(heraldAlarms(settingsOf()).map((spec) => ({ case: spec.name, spec })))('$case says what to do, in at most 1024 characters, naming only resources of the stack', ({ spec }) => {
    const known = new Set<string>(Object.values(STACK_IDS));
    for (const variable of subVariables(spec.description)) expect(known).toContain(variable);
    // Queue URLs and function names, once resolved, are shorter than 110 characters.
    expect(spec.description.replace(/\$\{[^}]+\}/g, 'x'.repeat(110)).length).toBeLessThanOrEqual(1024);
    expect(spec.description).toMatch(/\b(Read|Check|Search|Act|Redeploy|Fix)\b/);
  });
});

describe('renderAlarm', () => {
  const actions = [{ Ref: 'HeraldOperatorTopic' }];
  const base = { id: 'X', name: 'x', description: 'Plain text.', comparison: 'GreaterThanThreshold', threshold: 0, periodSeconds: 300, evaluationPeriods: 1, datapointsToAlarm: 1, treatMissingData: 'notBreaching', notify: true } as const;
  const errors: MetricSpec = { namespace: 'AWS/Lambda', name: 'Errors', dimensions: { FunctionName: { Ref: 'RouterLambdaFunction' } }, statistic: 'Sum' };

  it.each([
    {
      case: 'one metric',
      query: { kind: 'metric', metric: errors } as const,
      properties: { Namespace: 'AWS/Lambda', MetricName: 'Errors', Dimensions: [{ Name: 'FunctionName', Value: { Ref: 'RouterLambdaFunction' } }], Statistic: 'Sum', Period: 300 },
    },
    {
      case: 'metric math: the metrics at one period, only the expression returns data',
      query: { kind: 'math', expression: 'errors * 2', label: 'twice', metrics: { errors } } as const,
      properties: {
        Metrics: [
          { Id: 'errors', MetricStat: { Metric: { Namespace: 'AWS/Lambda', MetricName: 'Errors', Dimensions: [{ Name: 'FunctionName', Value: { Ref: 'RouterLambdaFunction' } }] }, Period: 300, Stat: 'Sum' }, ReturnData: false },
          { Id: 'expression', Expression: 'errors * 2', Label: 'twice', ReturnData: true },
        ],
      },
    },
    {
      case: 'a Metrics Insights query',
      query: { kind: 'insights', query: 'SELECT COUNT(CPUUtilization) FROM "AWS/ECS"', label: 'samples' } as const,
      properties: { Metrics: [{ Id: 'query', Expression: 'SELECT COUNT(CPUUtilization) FROM "AWS/ECS"', Label: 'samples', Period: 300, ReturnData: true }] },
    },
  ])('renders $case', ({ query, properties }) => {
    expect(renderAlarm({ ...base, query }, actions)).toEqual({
      Type: 'AWS::CloudWatch::Alarm',
      Properties: {
        AlarmName: { 'Fn::Sub': '${AWS::StackName}-x' },
        AlarmDescription: 'Plain text.',
        ActionsEnabled: true,
        AlarmActions: actions,
        OKActions: actions,
        ComparisonOperator: 'GreaterThanThreshold',
        Threshold: 0,
        EvaluationPeriods: 1,
        DatapointsToAlarm: 1,
        TreatMissingData: 'notBreaching',
        ...properties,
      },
    });
  });

  it('resolves a description naming resources, and leaves a part of a composite without actions', () => {
    const rendered = renderAlarm({ ...base, description: 'Read /aws/lambda/${RouterLambdaFunction}.', notify: false, query: { kind: 'metric', metric: errors } }, actions);
    expect(rendered.Properties).toMatchObject({ AlarmDescription: { 'Fn::Sub': 'Read /aws/lambda/${RouterLambdaFunction}.' }, ActionsEnabled: false });
    expect(rendered.Properties.AlarmActions).toBeUndefined();
  });

  it('names each alarm HeraldAlarm<Id>', () => {
    expect(heraldAlarms(settingsOf()).map(alarmLogicalId).slice(0, 3)).toEqual(['HeraldAlarmDeadLetterQueue', 'HeraldAlarmRemediationDeadLetterQueue', 'HeraldAlarmRouterErrors']);
  });
});
