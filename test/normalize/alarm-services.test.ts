import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfigOrThrow } from '../../shared/config';
import { compileNormalizeSettings, normalizeEvent } from '../../shared/normalize';
import { loadFixture } from '../support/fixtures';

// An alarm names its service through its metric's dimensions: ClusterName and ServiceName for
// ECS and Container Insights metrics (a metric-math alarm's, from the metrics it reads), the
// target group herald.yml gives the service for a load balancer metric.

const { config } = loadConfigOrThrow(readFileSync(join(__dirname, '..', 'fixtures', 'config', 'service-alarms.yml'), 'utf8'), 'service-alarms.yml');
const SETTINGS = compileNormalizeSettings(config);

describe('alarm labels with herald.yml\'s alarms.services', () => {
  it.each([
    { case: 'metric math over Container Insights', fixture: 'cloudwatch-alarm/service-running-tasks', cluster: 'prod', service: 'worker' },
    { case: 'a load balancer metric of a named target group', fixture: 'cloudwatch-alarm/service-target-5xx', cluster: 'prod', service: 'payments-api' },
    { case: 'an ECS metric (dimensions win)', fixture: 'cloudwatch-alarm/alarm', cluster: 'prod', service: 'payments-api' },
    { case: 'a composite alarm (no metric)', fixture: 'cloudwatch-alarm/composite', cluster: undefined, service: undefined },
  ])('$case: $cluster/$service', ({ fixture, cluster, service }) => {
    const { labels } = normalizeEvent(loadFixture(fixture), SETTINGS);
    expect({ cluster: labels.cluster, service: labels.service }).toEqual({ cluster, service });
  });

  it('lists the target groups of alarms.services, each with its service', () => {
    expect([...SETTINGS.alarmTargetGroups]).toEqual([
      ['targetgroup/payments-api/89abcdef01234567', { cluster: 'prod', service: 'payments-api' }],
      ['targetgroup/staging-web/76543210fedcba98', { cluster: 'staging', service: 'web' }],
    ]);
  });

  it('a load balancer alarm names no service without them', () => {
    expect(normalizeEvent(loadFixture('cloudwatch-alarm/service-target-5xx')).labels).not.toHaveProperty('service');
  });
});
