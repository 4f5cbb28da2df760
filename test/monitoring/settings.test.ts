import { settingsOf } from './support';

describe('compileMonitoringSettings', () => {
  it.each([
    { case: 'no monitoring section', lines: [], settings: { operator: { emails: [] }, heartbeatHours: 6, retryPeriods: 3, dashboard: true } },
    {
      case: 'every option',
      lines: ['clusters: [prod]', 'monitoring:', '  operator: {emails: [ops@example.com]}', '  heartbeat: 1d', '  retries_for: 1h', '  dashboard: false'],
      settings: { operator: { emails: ['ops@example.com'] }, heartbeatHours: 24, retryPeriods: 12, dashboard: false, clusters: ['prod'] },
    },
    {
      case: 'an existing topic, the heartbeat off',
      lines: ['monitoring:', '  operator: {arn: "arn:aws:sns:eu-west-1:123456789012:ops"}', '  heartbeat: off'],
      settings: { operator: { emails: [], arn: 'arn:aws:sns:eu-west-1:123456789012:ops' }, retryPeriods: 3, dashboard: true },
    },
    { case: 'a week-long heartbeat in hours', lines: ['monitoring: {heartbeat: 168h}'], settings: { operator: { emails: [] }, heartbeatHours: 168, retryPeriods: 3, dashboard: true } },
  ])('$case', ({ lines, settings }) => {
    expect(settingsOf(...lines)).toEqual(settings);
  });
});
