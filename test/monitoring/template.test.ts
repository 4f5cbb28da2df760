import { loadConfigOrThrow } from '../../shared/config';
import { monitoringResources } from '../../shared/monitoring';
import { heraldYml } from './support';

const resourcesOf = (...lines: string[]) => monitoringResources(loadConfigOrThrow(heraldYml(...lines), 'herald.yml').config);

const ALARMS = [
  'HeraldAlarmDeadLetterQueue', 'HeraldAlarmRemediationDeadLetterQueue', 'HeraldAlarmRouterErrors', 'HeraldAlarmDigestErrors', 'HeraldAlarmRemediatorErrors',
  'HeraldAlarmRouterThrottles', 'HeraldAlarmDigestThrottles', 'HeraldAlarmRemediatorThrottles', 'HeraldAlarmGateFailOpen', 'HeraldAlarmDeliveriesDeadLettered',
  'HeraldAlarmEventsRetried', 'HeraldAlarmRemediationFailed', 'HeraldAlarmRemediationUnreadable',
];

describe('monitoringResources', () => {
  it.each([
    {
      case: 'the defaults',
      lines: [],
      resources: ['HeraldOperatorTopic', 'HeraldOperatorTopicPolicy', ...ALARMS, 'HeraldAlarmHeartbeatQuiet', 'HeraldAlarmHeartbeatFleet', 'HeraldAlarmHeartbeat', 'HeraldDashboard'],
      outputs: ['OperatorTopicArn', 'DashboardUrl'],
    },
    {
      case: 'an existing topic, no heartbeat, no dashboard',
      lines: ['monitoring:', '  operator: {arn: "arn:aws:sns:us-east-1:123456789012:ops"}', '  heartbeat: off', '  dashboard: false'],
      resources: ALARMS,
      outputs: ['OperatorTopicArn'],
    },
  ])('adds to the stack with $case', ({ lines, resources, outputs }) => {
    const fragment = resourcesOf(...lines);
    expect(Object.keys(fragment.Resources)).toEqual(resources);
    // Dashboards are global to the account; alarm names are per Region.
    if (fragment.Resources.HeraldDashboard !== undefined) expect(fragment.Resources.HeraldDashboard.Properties.DashboardName).toEqual({ 'Fn::Sub': '${AWS::StackName}-${AWS::Region}' });
    expect(Object.keys(fragment.Outputs)).toEqual(outputs);
  });

  it.each([
    { case: "the stack's topic", lines: [], action: { Ref: 'HeraldOperatorTopic' } },
    { case: 'an existing topic', lines: ['monitoring: {operator: {arn: "arn:aws:sns:us-east-1:123456789012:ops"}}'], action: 'arn:aws:sns:us-east-1:123456789012:ops' },
  ])('tells $case of every alarm that pages, when it fires and when it clears', ({ lines, action }) => {
    const { Resources } = resourcesOf(...lines);
    const paging = Object.entries(Resources).filter(([, r]) => r.Type.startsWith('AWS::CloudWatch::') && r.Type !== 'AWS::CloudWatch::Dashboard' && r.Properties.ActionsEnabled === true);
    expect(paging.map(([id]) => id)).toEqual([...ALARMS, 'HeraldAlarmHeartbeat']);
    for (const [, alarm] of paging) expect(alarm.Properties).toMatchObject({ AlarmActions: [action], OKActions: [action] });
  });
});
