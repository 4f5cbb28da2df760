import { MAX_SUBJECT_LENGTH, renderEmail, renderSubject, type Notification } from '../../shared/deliver';
import { parseEvent } from '../../shared/events';
import { normalizeEvent } from '../../shared/normalize';
import { fitScope, middleEllipsis, readableName } from '../../shared/deliver/formats/names';
import { loadRawFixture } from '../support/fixtures';

// Names CloudFormation and the CDK generate for resources a template leaves unnamed.
const CDK = { cluster: 'Demo01-ClusterEB0386A7-sCRgDrfn5BP9', service: 'Demo01-ServiceD69D759B-EfyMIBhdCKVk' };
const CFN = { cluster: 'ProdStack-EcsCluster-1X2Y3Z4W5V6U', service: 'ProdStack-PaymentsService-AbCdEfGh12Kl' };
const LONG = { cluster: 'payments-platform-production-eu-west-1-primary', service: 'payments-api-settlement-reconciliation-worker-blue' };

/**
 * A fixture with its cluster `prod` and service `payments-api` renamed: a small mutation of
 * the event JSON (ARNs, the task group, alarm dimensions), parsed and normalized as it arrives.
 */
const renamed = (fixture: string, names: { cluster: string; service: string }, container?: string): Notification => {
  const raw = loadRawFixture(fixture);
  const text = JSON.stringify(raw)
    .replaceAll(':cluster/prod"', `:cluster/${names.cluster}"`)
    .replaceAll('/prod/payments-api', `/${names.cluster}/${names.service}`)
    .replaceAll('task/prod/', `task/${names.cluster}/`)
    .replaceAll('container/prod/', `container/${names.cluster}/`)
    .replaceAll('service:payments-api', `service:${names.service}`)
    .replaceAll('"ClusterName":"prod"', `"ClusterName":"${names.cluster}"`)
    .replaceAll('"ServiceName":"payments-api"', `"ServiceName":"${names.service}"`)
    .replaceAll('"name":"payments-api"', `"name":"${container ?? 'payments-api'}"`);
  const parsed = parseEvent(JSON.parse(text));
  if (!parsed.ok) throw new Error(`${fixture}: ${parsed.error.message}`);
  return normalizeEvent(parsed.event);
};

describe('email subject with generated and long names', () => {
  it.each<{ case: string; alert: () => Notification; subject: string }>([
    {
      case: 'OOM kill, CDK names: the failure whole, names by their readable part',
      alert: () => renamed('ecs-task/stopped-oom', CDK, 'web'),
      subject: '[CRITICAL] oom: container web killed: out of memory (exit 137) | Demo01-Cluster/Demo01-Service',
    },
    {
      case: 'load balancer health checks, a CDK cluster and a service named by hand',
      alert: () => renamed('ecs-task/stopped-elb-health-check', CDK),
      subject: '[WARNING] health-check: failed load balancer health checks | Demo01-Cluster/web',
    },
    {
      case: 'failed deployment, CDK names: the category left out, as what failed says it',
      alert: () => renamed('ecs-deployment/failed', CDK),
      subject: '[CRITICAL] deployment failed (ecs-svc/2203718402285017365) | Demo01-Cluster/Demo01-Service',
    },
    {
      case: 'image pull, CloudFormation names: readable, then the cluster cut first',
      alert: () => renamed('ecs-task/stopped-image-pull', CFN),
      subject: '[CRITICAL] image-pull: container payments-api cannot pull image | Pro...er/ProdStack-P...ntsService',
    },
    {
      case: 'task start impaired, long human names: cut in the middle, the failure whole',
      alert: () => renamed('ecs-service-action/task-start-impaired', LONG),
      subject: '[CRITICAL] task-start-impaired: unable to consistently start tasks | pay...ry/payments-...rker-blue',
    },
    {
      case: 'CloudWatch alarm on a CDK service (names from the metric dimensions): a long failure leaves the names whole',
      alert: () => renamed('cloudwatch-alarm/alarm', CDK),
      subject: '[WARNING] alarm prod-payments-api-cpu-high is ALARM (AWS/ECS CPU... | Demo01-Cluster/Demo01-Service',
    },
    {
      case: 'short names that fit are shown whole',
      alert: () => renamed('ecs-task/stopped-oom', { cluster: 'prod', service: 'payments-api' }),
      subject: '[CRITICAL] oom: container payments-api killed: out of memory (exit 137) | prod/payments-api',
    },
  ])('$case', ({ alert, subject }) => {
    const rendered = renderSubject(alert());
    expect(rendered).toBe(subject);
    expect(rendered.length).toBeLessThanOrEqual(MAX_SUBJECT_LENGTH);
    expect(rendered).toMatch(/^[\x20-\x7e]+$/);
  });

  it('a digest of CDK-named services carries its severity and the readable names', () => {
    const alert = renamed('ecs-task/stopped-oom', CDK, 'web');
    alert.digest = {
      group: `cluster=${CDK.cluster}, service=${CDK.service}`,
      count: 7,
      since: '2026-05-12T13:15:06Z',
      until: '2026-05-12T13:20:06Z',
      categories: [{ category: 'oom', count: 7 }],
      first: { summary: alert.summary, time: '2026-05-12T13:15:46Z' },
      last: { summary: alert.summary, time: '2026-05-12T13:19:46Z' },
    };
    expect(renderSubject(alert)).toBe('[CRITICAL DIGEST] 7 more alerts in 5m (oom 7) | Demo01-Cluster/Demo01-Service');
  });

  it.each<{ case: string; alias: string; alert: () => Notification; subject: string }>([
    {
      case: 'an OOM kill: the alias before cluster and service, which keep the 32 characters a long failure leaves them',
      alias: 'prod-payments',
      alert: () => renamed('ecs-task/stopped-oom', { cluster: 'prod', service: 'payments-api' }),
      subject: '[CRITICAL] oom: container payments-api killed: out of memory (... | prod-payments:prod/payments-api',
    },
    {
      case: 'long names: the alias cut first, then the cluster',
      alias: 'payments-production-account',
      alert: () => renamed('ecs-service-action/task-start-impaired', LONG),
      subject: '[CRITICAL] task-start-impaired: unable to consistently start tasks | pay...nt:pay...ry/payme...blue',
    },
  ])('central mode, $case', ({ alias, alert, subject }) => {
    const notification = alert();
    notification.labels = { ...notification.labels, accountAlias: alias };
    const rendered = renderSubject(notification);
    expect(rendered).toBe(subject);
    expect(rendered.length).toBeLessThanOrEqual(MAX_SUBJECT_LENGTH);
  });

  it('the email headline shows readable names when the full ones do not fit; the labels keep them whole', () => {
    const { body } = renderEmail(renamed('ecs-task/stopped-oom', CDK, 'web'));
    expect(body.split('\n')[0]).toBe('[CRITICAL] oom | cluster Demo01-Cluster | service Demo01-Service');
    expect(body).toContain(`cluster=${CDK.cluster}`);
    expect(body).toContain(`service=${CDK.service}`);
  });
});

describe('readableName', () => {
  it.each([
    { case: 'CDK cluster', name: 'Demo01-ClusterEB0386A7-sCRgDrfn5BP9', readable: 'Demo01-Cluster' },
    { case: 'CDK service', name: 'Demo01-ServiceD69D759B-EfyMIBhdCKVk', readable: 'Demo01-Service' },
    { case: 'CDK, hash after a hyphen', name: 'Demo01-Cluster-EB0386A7-sCRgDrfn5BP9', readable: 'Demo01-Cluster' },
    { case: 'CloudFormation, upper-case suffix', name: 'ProdStack-EcsCluster-1X2Y3Z4W5V6U', readable: 'ProdStack-EcsCluster' },
    { case: 'CloudFormation, mixed-case suffix', name: 'ProdStack-PaymentsService-AbCdEfGh12Kl', readable: 'ProdStack-PaymentsService' },
    { case: 'CDK logical id as a name', name: 'Demo01TaskDef5C2B1A0D', readable: 'Demo01TaskDef' },
    { case: 'a human name', name: 'payments-api', readable: 'payments-api' },
    { case: 'a human name ending in a CamelCase word', name: 'payments-api-ProductionEnv', readable: 'payments-api-ProductionEnv' },
    { case: 'a human name ending in a long lowercase word', name: 'orders-backgroundjobs', readable: 'orders-backgroundjobs' },
    { case: 'a hex id alone', name: 'DEADBEEF', readable: 'DEADBEEF' },
  ])('$case', ({ name, readable }) => {
    expect(readableName(name)).toBe(readable);
  });

  it('cuts names in the middle, the cluster before the service, keeping separators', () => {
    expect(middleEllipsis('payments-api-settlement', 15)).toBe('paymen...lement');
    expect(fitScope('prod/payments-api-settlement-reconciliation', 30)).toBe('prod/payments-ap...onciliation');
  });
});
