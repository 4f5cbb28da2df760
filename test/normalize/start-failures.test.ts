import { parseEvent } from '../../shared/events';
import { type Alert, type Category, normalizeEvent, type Severity } from '../../shared/normalize';
import { loadRawFixture } from '../support/fixtures';

type Raw = Record<string, unknown> & { detail: Record<string, unknown> & { containers?: Record<string, unknown>[] } };

/** A fixture (a structuredClone of it) with one small mutation. */
const alertOf = (fixture: string, mutate: (raw: Raw) => void = () => undefined): Alert => {
  const raw = structuredClone(loadRawFixture(fixture)) as Raw;
  mutate(raw);
  const parsed = parseEvent(raw);
  if (!parsed.ok) throw new Error(parsed.error.message);
  return normalizeEvent(parsed.event);
};

const PREFIX = 'ResourceInitializationError: unable to pull secrets or registry auth: ';

/** What every "secrets or registry auth" hint must name, whichever call failed: both causes, both fixes. */
const BOTH_CAUSES = [/secrets/i, /registry credentials/i, /secretsmanager:GetSecretValue/, /ssm:GetParameters/, /kms:Decrypt/, /ecr:GetAuthorizationToken/, /NAT gateway/, /VPC endpoints secretsmanager, ssm, ecr\.api and ecr\.dkr/];

describe('a reason that names two causes: "unable to pull secrets or registry auth"', () => {
  it.each<{ case: string; reason: string; headline: string }>([
    {
      case: 'ECR registry auth timed out (the fixture)',
      reason: `${PREFIX}execution resource retrieval failed: unable to retrieve ecr registry auth: service call has been retried 3 time(s): RequestError: send request failed caused by: Post "https://api.ecr.us-west-2.amazonaws.com/": dial tcp 52.94.9.117:443: i/o timeout. Please check your task network configuration.`,
      headline: 'cannot retrieve secrets or registry auth (ECR registry auth failed)',
    },
    {
      case: 'the newer wording for ECR',
      reason: `${PREFIX}The task cannot pull registry auth from Amazon ECR: There is a connection issue between the task and Amazon ECR. Check your task network configuration. RequestError: send request failed`,
      headline: 'cannot retrieve secrets or registry auth (ECR registry auth failed)',
    },
    {
      case: 'a Secrets Manager secret the execution role may not read',
      reason: `${PREFIX}execution resource retrieval failed: unable to retrieve secret from asm: service call has been retried 1 time(s): failed to fetch secret arn:aws:secretsmanager:us-west-2:111122223333:secret:prod/web/api-key-Xy12Ab from secrets manager: AccessDeniedException: not authorized to perform: secretsmanager:GetSecretValue`,
      headline: 'cannot retrieve secrets or registry auth (Secrets Manager secret failed)',
    },
    {
      case: 'an SSM parameter out of reach',
      reason: `${PREFIX}execution resource retrieval failed: unable to retrieve secrets from ssm: service call has been retried 5 time(s): RequestCanceled: request context canceled caused by: context deadline exceeded`,
      headline: 'cannot retrieve secrets or registry auth (SSM parameter failed)',
    },
    {
      case: 'private registry credentials (repositoryCredentials) in Secrets Manager',
      reason: `${PREFIX}execution resource retrieval failed: unable to get registry auth from asm: service call has been retried 1 time(s): asm fetching secret from the service for dockerhub-credentials: RequestError: send request failed`,
      headline: 'cannot retrieve secrets or registry auth (registry credentials in Secrets Manager failed)',
    },
    {
      case: 'a message that does not say which call failed',
      reason: `${PREFIX}pull command failed: : signal: killed`,
      headline: 'cannot retrieve secrets or registry auth',
    },
  ])('$case', ({ reason, headline }) => {
    for (const where of ['stoppedReason', 'container reason'] as const) {
      const alert = alertOf('ecs-task/stopped-secrets-or-registry-auth', (raw) => {
        if (where === 'stoppedReason') raw.detail.stoppedReason = reason;
        else raw.detail.containers![0]!.reason = reason;
      });
      expect([where, alert.category, alert.severity]).toEqual([where, 'task-init', 'critical']);
      expect(alert.summary).toContain(headline);
      for (const pattern of BOTH_CAUSES) expect(alert.hint).toMatch(pattern);
    }
  });

  it('an ECR registry auth failure and an SSM parameter failure of one service are two incidents', () => {
    const ecr = alertOf('ecs-task/stopped-secrets-or-registry-auth');
    const ssm = alertOf('ecs-task/stopped-secrets-or-registry-auth', (raw) => {
      raw.detail.stoppedReason = `${PREFIX}execution resource retrieval failed: unable to retrieve secrets from ssm: service call has been retried 5 time(s)`;
    });
    const ssmAgain = alertOf('ecs-task/stopped-secrets-or-registry-auth', (raw) => {
      raw.detail.stoppedReason = `${PREFIX}unable to retrieve secrets from ssm: The task cannot pull secrets from AWS Systems Manager. RequestCanceled: request context canceled`;
    });
    expect(ecr.fingerprint).not.toBe(ssm.fingerprint);
    expect(ssm.fingerprint).toBe(ssmAgain.fingerprint);
  });

  it('the existing SSM fixture names both causes too', () => {
    const alert = alertOf('ecs-task/stopped-secrets');
    expect(alert.summary).toBe('prod/web: cannot retrieve secrets or registry auth (SSM parameter failed)');
    for (const pattern of BOTH_CAUSES) expect(alert.hint).toMatch(pattern);
  });

  it('a registry auth failure without the two-cause prefix stays an image pull', () => {
    const alert = alertOf('ecs-task/stopped-secrets-or-registry-auth', (raw) => {
      raw.detail.stoppedReason = 'CannotPullECRContainerError: AccessDeniedException: User is not authorized to perform: ecr:GetAuthorizationToken';
    });
    expect([alert.category, alert.summary]).toEqual(['image-pull', 'prod/web: cannot authenticate to the image registry']);
  });
});

describe('"task start impaired" takes the category of the cause its reason names', () => {
  const PULL = 'CannotPullContainerError: pull image manifest has been retried 5 time(s): failed to resolve ref 111122223333.dkr.ecr.us-west-2.amazonaws.com/payments-api:v2.15.0: not found';

  it.each<{ case: string; fixture: string; reason?: string | null; category: Category; severity: Severity; summary: RegExp; hint?: RegExp }>([
    {
      case: 'a service that cannot pull its image (the fixture)',
      fixture: 'ecs-service-action/task-start-impaired-image-pull',
      category: 'image-pull', severity: 'critical',
      summary: /^prod\/payments-api: unable to consistently start tasks \(cannot pull image\): CannotPullContainerError/,
      hint: /image could not be pulled.*ECS backs off task launches/,
    },
    {
      case: 'a service hitting the Docker Hub pull rate limit',
      fixture: 'ecs-service-action/task-start-impaired-image-pull',
      reason: 'CannotPullContainerError: toomanyrequests: You have reached your pull rate limit.',
      category: 'image-pull', severity: 'critical', summary: /\(cannot pull image\)/,
    },
    {
      case: 'a service whose tasks cannot fetch secrets or registry auth',
      fixture: 'ecs-service-action/task-start-impaired-image-pull',
      reason: `${PREFIX}execution resource retrieval failed: unable to retrieve secret from asm: service call has been retried 1 time(s)`,
      category: 'task-init', severity: 'critical', summary: /\(cannot retrieve secrets or registry auth \(Secrets Manager secret failed\)\)/,
      hint: /ssm:GetParameters.*ecr:GetAuthorizationToken/,
    },
    {
      case: 'a service with no reason stays task-start-impaired',
      fixture: 'ecs-service-action/task-start-impaired',
      category: 'task-start-impaired', severity: 'critical', summary: /^prod\/payments-api: unable to consistently start tasks$/,
    },
    {
      case: 'a service whose reason names no known cause stays task-start-impaired',
      fixture: 'ecs-service-action/task-start-impaired-image-pull',
      reason: '(service payments-api) is unable to consistently start tasks successfully.',
      category: 'task-start-impaired', severity: 'critical', summary: /unable to consistently start tasks: \(service payments-api\)/,
    },
    {
      case: 'a daemon task that cannot pull its image (the fixture)',
      fixture: 'ecs-daemon-service-action/task-failed-to-run',
      category: 'image-pull', severity: 'warning', summary: /daemon task failed to run: cannot pull image$/, hint: /image could not be pulled/,
    },
    {
      case: 'a daemon task that cannot fetch its secrets',
      fixture: 'ecs-daemon-service-action/task-failed-to-run',
      reason: `Task failed to reach RUNNING status: ${PREFIX}execution resource retrieval failed: unable to retrieve secrets from ssm: service call has been retried 5 time(s)`,
      category: 'task-init', severity: 'warning', summary: /daemon task failed to run: cannot retrieve secrets or registry auth \(SSM parameter failed\)$/,
    },
    {
      case: 'a daemon task whose reason names no known cause stays task-start-impaired',
      fixture: 'ecs-daemon-service-action/task-failed-to-run',
      reason: 'Task failed to reach RUNNING status: Essential container in task exited',
      category: 'task-start-impaired', severity: 'warning', summary: /daemon task failed to run$/,
    },
  ])('$case', ({ fixture, reason, category, severity, summary, hint }) => {
    const alert = alertOf(fixture, (raw) => {
      if (reason !== undefined) raw.detail.reason = reason;
    });
    expect([alert.category, alert.severity, alert.labels.eventName]).toEqual([category, severity, fixture.startsWith('ecs-daemon') ? 'DAEMON_TASK_START_IMPAIRED' : 'SERVICE_TASK_START_IMPAIRED']);
    expect(alert.summary).toMatch(summary);
    if (hint !== undefined) expect(alert.hint).toMatch(hint);
  });

  it('a service that cannot pull its image is a different incident from one that cannot fetch secrets', () => {
    const pull = alertOf('ecs-service-action/task-start-impaired-image-pull', (raw) => { raw.detail.reason = PULL; });
    const secrets = alertOf('ecs-service-action/task-start-impaired-image-pull', (raw) => { raw.detail.reason = `${PREFIX}unable to retrieve secrets from ssm`; });
    expect(pull.fingerprint).not.toBe(secrets.fingerprint);
  });
});
