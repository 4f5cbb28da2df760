import { consoleLinks, encodeConsoleFragmentComponent, logStreamLink } from '../../shared/enrich/links';
import { normalizeEvent, type Alert } from '../../shared/normalize';
import { loadFixture } from '../support/fixtures';

const alertOf = (fixture: string, labels: Alert['labels'] = {}): Alert => {
  const alert = normalizeEvent(loadFixture(fixture));
  return { ...alert, labels: { ...alert.labels, ...labels } };
};

const ECS = 'https://us-west-2.console.aws.amazon.com/ecs/v2';
const Q = '?region=us-west-2';

describe('consoleLinks over fixture alerts', () => {
  it.each<{ case: string; fixture: string; labels?: Alert['labels']; links: [string, string][] }>([
    {
      case: 'stopped service task on EC2: task, container instance, service, task definition, cluster',
      fixture: 'ecs-task/stopped-essential-exit',
      links: [
        ['task', `${ECS}/clusters/prod/tasks/3da3b3f05770eefab0e8b69fd084a983/configuration${Q}`],
        ['container instance', `${ECS}/clusters/prod/infrastructure/container-instances/b54a2a04046f43319d743f6d7f6ca315${Q}`],
        ['service deployments', `${ECS}/clusters/prod/services/worker/deployments${Q}`],
        ['service events', `${ECS}/clusters/prod/services/worker/events${Q}`],
        ['task definition', `${ECS}/task-definitions/worker/17/containers${Q}`],
        ['cluster', `${ECS}/clusters/prod/services${Q}`],
      ],
    },
    {
      case: 'service deployment event: service and cluster only',
      fixture: 'ecs-deployment/failed',
      links: [
        ['service deployments', `${ECS}/clusters/prod/services/payments-api/deployments${Q}`],
        ['service events', `${ECS}/clusters/prod/services/payments-api/events${Q}`],
        ['cluster', `${ECS}/clusters/prod/services${Q}`],
      ],
    },
    {
      case: 'CloudWatch alarm on a service',
      fixture: 'cloudwatch-alarm/alarm',
      links: [
        ['alarm', `https://us-west-2.console.aws.amazon.com/cloudwatch/home${Q}#alarmsV2:alarm/prod-payments-api-cpu-high`],
        ['service deployments', `${ECS}/clusters/prod/services/payments-api/deployments${Q}`],
        ['service events', `${ECS}/clusters/prod/services/payments-api/events${Q}`],
        ['cluster', `${ECS}/clusters/prod/services${Q}`],
      ],
    },
    {
      case: 'composite alarm: the alarm only',
      fixture: 'cloudwatch-alarm/composite',
      links: [['alarm', `https://us-west-2.console.aws.amazon.com/cloudwatch/home${Q}#alarmsV2:alarm/prod-payments-api-degraded`]],
    },
    {
      case: 'RegisterTaskDefinition call: the revision it registered',
      fixture: 'cloudtrail/register-task-definition',
      links: [['task definition', `${ECS}/task-definitions/payments-api/42/containers${Q}`]],
    },
    {
      case: 'a task definition family without a revision',
      fixture: 'cloudtrail/register-task-definition',
      labels: { taskDefinitionRevision: undefined },
      links: [['task definition', `${ECS}/task-definitions/payments-api${Q}`]],
    },
    {
      case: 'China Region uses console.amazonaws.cn',
      fixture: 'ecs-deployment/failed',
      labels: { region: 'cn-northwest-1' },
      links: [
        ['service deployments', 'https://cn-northwest-1.console.amazonaws.cn/ecs/v2/clusters/prod/services/payments-api/deployments?region=cn-northwest-1'],
        ['service events', 'https://cn-northwest-1.console.amazonaws.cn/ecs/v2/clusters/prod/services/payments-api/events?region=cn-northwest-1'],
        ['cluster', 'https://cn-northwest-1.console.amazonaws.cn/ecs/v2/clusters/prod/services?region=cn-northwest-1'],
      ],
    },
    {
      case: 'GovCloud Region uses console.amazonaws-us-gov.com',
      fixture: 'cloudwatch-alarm/composite',
      labels: { region: 'us-gov-west-1' },
      links: [['alarm', 'https://us-gov-west-1.console.amazonaws-us-gov.com/cloudwatch/home?region=us-gov-west-1#alarmsV2:alarm/prod-payments-api-degraded']],
    },
    {
      case: 'untrusted names are percent-encoded, including !\'()*',
      fixture: 'cloudwatch-alarm/composite',
      labels: { alarmName: 'p99 > 2s (api)/#1 & "x"!' },
      links: [['alarm', `https://us-west-2.console.aws.amazon.com/cloudwatch/home${Q}#alarmsV2:alarm/p99%20%3E%202s%20%28api%29%2F%231%20%26%20%22x%22%21`]],
    },
    {
      case: 'a path-traversing cluster name stays one segment',
      fixture: 'ecs-deployment/failed',
      labels: { cluster: '../../iam', service: 'a?b#c' },
      links: [
        ['service deployments', `${ECS}/clusters/..%2F..%2Fiam/services/a%3Fb%23c/deployments${Q}`],
        ['service events', `${ECS}/clusters/..%2F..%2Fiam/services/a%3Fb%23c/events${Q}`],
        ['cluster', `${ECS}/clusters/..%2F..%2Fiam/services${Q}`],
      ],
    },
    {
      case: 'a `..` cluster name is dot-encoded',
      fixture: 'ecs-deployment/failed',
      labels: { cluster: '..', service: '.' },
      links: [
        ['service deployments', `${ECS}/clusters/%2E%2E/services/%2E/deployments${Q}`],
        ['service events', `${ECS}/clusters/%2E%2E/services/%2E/events${Q}`],
        ['cluster', `${ECS}/clusters/%2E%2E/services${Q}`],
      ],
    },
    { case: 'a region that is not a Region code gives no links', fixture: 'ecs-deployment/failed', labels: { region: 'evil.com/x' }, links: [] },
    { case: 'no region gives no links', fixture: 'ecs-deployment/failed', labels: { region: undefined }, links: [] },
  ])('$case', ({ fixture, labels, links }) => {
    expect(consoleLinks(alertOf(fixture, labels)).map((l) => [l.label, l.url])).toEqual(links);
  });
});

describe('logStreamLink', () => {
  it.each<{ case: string; region: string; group: string; stream: string; url: string }>([
    {
      case: 'awslogs stream: `/` written as $252F, as the console does',
      region: 'us-west-2',
      group: '/ecs/payments-api',
      stream: 'ecs/payments-api/cbc32545b881445133440842bacf91ce',
      url: 'https://us-west-2.console.aws.amazon.com/cloudwatch/home?region=us-west-2#logsV2:log-groups/log-group/$252Fecs$252Fpayments-api/log-events/ecs$252Fpayments-api$252Fcbc32545b881445133440842bacf91ce',
    },
    {
      case: 'special characters are double-encoded with % as $',
      region: 'eu-west-1',
      group: '/aws/lambda/fn',
      stream: '2025/03/12/[$LATEST]abc',
      url: 'https://eu-west-1.console.aws.amazon.com/cloudwatch/home?region=eu-west-1#logsV2:log-groups/log-group/$252Faws$252Flambda$252Ffn/log-events/2025$252F03$252F12$252F$255B$2524LATEST$255Dabc',
    },
    {
      case: 'GovCloud',
      region: 'us-gov-east-1',
      group: 'g',
      stream: 's',
      url: 'https://us-gov-east-1.console.amazonaws-us-gov.com/cloudwatch/home?region=us-gov-east-1#logsV2:log-groups/log-group/g/log-events/s',
    },
    {
      case: 'an invalid region falls back to the global console',
      region: 'not a region',
      group: 'g',
      stream: 's',
      url: 'https://console.aws.amazon.com/cloudwatch/home#logsV2:log-groups/log-group/g/log-events/s',
    },
  ])('$case', ({ region, group, stream, url }) => {
    expect(logStreamLink(region, group, stream)).toEqual({ label: 'log stream', url });
  });

  it('the console encoding only emits characters that cannot leave the fragment', () => {
    expect(encodeConsoleFragmentComponent('a/b c#d?e&f\'g(h)*!$%<>|`')).toMatch(/^[A-Za-z0-9$._~-]+$/);
  });
});
