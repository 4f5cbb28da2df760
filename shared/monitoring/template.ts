import type { HeraldConfig } from '../config';
import { heraldAlarms } from './alarms';
import { MONITORING_IDS } from './constants';
import { dashboardBody } from './dashboard';
import { heartbeatAlarms } from './heartbeat';
import { operatorTopic } from './operator';
import { alarmLogicalId, renderAlarm, renderCompositeAlarm } from './render';
import { compileMonitoringSettings } from './settings';
import type { CfnFragment, CfnResource } from './types';

/**
 * Everything herald.yml's `monitoring:` adds to the stack, as a CloudFormation fragment: the
 * operator topic and its subscriptions, the alarms (each telling the operator), the heartbeat
 * and the dashboard.
 */
export const monitoringResources = (config: HeraldConfig): CfnFragment => {
  const settings = compileMonitoringSettings(config);
  const operator = operatorTopic(settings);
  const actions = [operator.arn];
  const alarms = heraldAlarms(settings);
  const heartbeat = heartbeatAlarms(settings);
  const Resources: Record<string, CfnResource> = { ...operator.resources };
  for (const spec of [...alarms, ...(heartbeat?.parts ?? [])]) Resources[alarmLogicalId(spec)] = renderAlarm(spec, actions);
  if (heartbeat !== undefined) Resources[alarmLogicalId(heartbeat.heartbeat)] = renderCompositeAlarm(heartbeat.heartbeat, actions);
  const Outputs: CfnFragment['Outputs'] = {
    OperatorTopicArn: { Description: "Where herald's own alarms go (not through herald)", Value: operator.arn },
  };
  if (settings.dashboard) {
    const paging = [...alarms, ...(heartbeat === undefined ? [] : [heartbeat.heartbeat])];
    Resources[MONITORING_IDS.dashboard] = {
      Type: 'AWS::CloudWatch::Dashboard',
      Properties: {
        // Dashboards are global to the account: the Region keeps two deployments of one stage apart.
        DashboardName: { 'Fn::Sub': '${AWS::StackName}-${AWS::Region}' },
        DashboardBody: dashboardBody({ alarmArns: paging.map((spec) => `\${${alarmLogicalId(spec)}.Arn}`), clusters: settings.clusters }),
      },
    };
    Outputs.DashboardUrl = {
      Description: "herald's CloudWatch dashboard",
      Value: { 'Fn::Sub': `https://\${AWS::Region}.console.aws.amazon.com/cloudwatch/home?region=\${AWS::Region}#dashboards/dashboard/\${${MONITORING_IDS.dashboard}}` },
    };
  }
  return { Resources, Outputs };
};
