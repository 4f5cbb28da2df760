import { fleetQuery, heartbeatAlarms } from '../../shared/monitoring';
import { settingsOf } from './support';

const QUIET = 'ALARM(${HeraldAlarmHeartbeatQuiet.Arn})';

describe('heartbeatAlarms', () => {
  it.each([
    {
      case: 'every cluster of the account (none named)',
      lines: [],
      fleet: [{ id: 'HeartbeatFleet', name: 'heartbeat-fleet', query: 'SELECT COUNT(CPUUtilization) FROM "AWS/ECS"' }],
      rule: `${QUIET} AND ALARM(\${HeraldAlarmHeartbeatFleet.Arn})`,
    },
    {
      case: 'one named cluster',
      lines: ['clusters: [prod]'],
      fleet: [{ id: 'HeartbeatFleet1', name: 'heartbeat-fleet-prod', query: "SELECT COUNT(CPUUtilization) FROM \"AWS/ECS\" WHERE ClusterName = 'prod'" }],
      rule: `${QUIET} AND ALARM(\${HeraldAlarmHeartbeatFleet1.Arn})`,
    },
    {
      case: 'two named clusters: either one running is enough',
      lines: ['clusters: [prod, staging-eu]'],
      fleet: [
        { id: 'HeartbeatFleet1', name: 'heartbeat-fleet-prod', query: "SELECT COUNT(CPUUtilization) FROM \"AWS/ECS\" WHERE ClusterName = 'prod'" },
        { id: 'HeartbeatFleet2', name: 'heartbeat-fleet-staging-eu', query: "SELECT COUNT(CPUUtilization) FROM \"AWS/ECS\" WHERE ClusterName = 'staging-eu'" },
      ],
      rule: `${QUIET} AND (ALARM(\${HeraldAlarmHeartbeatFleet1.Arn}) OR ALARM(\${HeraldAlarmHeartbeatFleet2.Arn}))`,
    },
  ])('watches $case', ({ lines, fleet, rule }) => {
    const alarms = heartbeatAlarms(settingsOf(...lines));
    expect(alarms?.parts.slice(1).map((part) => ({ id: part.id, name: part.name, query: part.query.kind === 'insights' ? part.query.query : undefined }))).toEqual(fleet);
    expect(alarms?.parts.slice(1).map((part) => [part.periodSeconds, part.comparison, part.threshold, part.treatMissingData, part.notify])).toEqual(
      fleet.map(() => [900, 'GreaterThanThreshold', 0, 'notBreaching', false]),
    );
    expect(alarms?.heartbeat.rule).toBe(rule);
  });

  it.each([
    { case: 'the default 6 hours', lines: [], hours: 6, words: '6 hours' },
    { case: 'one hour', lines: ['monitoring: {heartbeat: 1h}'], hours: 1, words: '1 hour' },
    { case: 'a week', lines: ['monitoring: {heartbeat: 7d}'], hours: 168, words: '168 hours' },
  ])('counts hours without a router invocation, only those the stack ran, for $case', ({ lines, hours, words }) => {
    const alarms = heartbeatAlarms(settingsOf(...lines));
    expect(alarms?.parts[0]).toMatchObject({
      id: 'HeartbeatQuiet',
      query: { kind: 'math', expression: 'router + 0 * digest' },
      comparison: 'LessThanThreshold',
      threshold: 1,
      periodSeconds: 3600,
      evaluationPeriods: hours,
      datapointsToAlarm: hours,
      treatMissingData: 'notBreaching',
      notify: false,
    });
    expect(alarms?.heartbeat.description).toContain(`for ${words} while ECS services ran`);
  });

  it('is absent when off', () => {
    expect(heartbeatAlarms(settingsOf('monitoring: {heartbeat: off}'))).toBeUndefined();
  });

  it('quotes a cluster name as a Metrics Insights label value', () => {
    expect(fleetQuery('web_1-a')).toBe("SELECT COUNT(CPUUtilization) FROM \"AWS/ECS\" WHERE ClusterName = 'web_1-a'");
  });
});
