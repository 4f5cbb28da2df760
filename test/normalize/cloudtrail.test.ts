import { parseEvent } from '../../shared/events';
import { type Alert, normalizeEvent } from '../../shared/normalize';
import { loadRawFixture } from '../support/fixtures';

type Raw = Record<string, unknown>;

/** A fixture (a structuredClone of it) with `detail` fields replaced: `{ 'userIdentity': {...} }`, `{ 'requestParameters.cluster': 'x' }`. */
const variant = (fixture: string, changes: Record<string, unknown> = {}): Raw => {
  const raw = structuredClone(loadRawFixture(fixture));
  for (const [path, value] of Object.entries(changes)) {
    const steps = path.split('.');
    const last = steps.pop() as string;
    let node = raw.detail as Record<string, unknown>;
    for (const step of steps) node = node[step] as Record<string, unknown>;
    if (value === undefined) delete node[last];
    else node[last] = value;
  }
  return raw;
};

const alertOf = (raw: Raw): Alert => {
  const parsed = parseEvent(raw);
  if (!parsed.ok) throw new Error(`expected an event, got ${parsed.error.reason}: ${parsed.error.message}`);
  expect(parsed.event.warnings).toEqual([]);
  return normalizeEvent(parsed.event);
};

/** The root user's `userIdentity`, as the CloudTrail guide documents it. */
const ROOT_IDENTITY = {
  type: 'Root',
  principalId: '111122223333',
  arn: 'arn:aws:iam::111122223333:root',
  accountId: '111122223333',
  accessKeyId: 'ASIAEXAMPLEROOT00001',
  sessionContext: { attributes: { creationDate: '2026-05-12T11:40:02Z', mfaAuthenticated: 'true' } },
};

describe('CloudTrail: who made the call is the person, with the role as context', () => {
  it.each([
    {
      case: 'an IAM Identity Center (SSO) user: the session name is the user, the permission set the role',
      event: () => loadRawFixture('cloudtrail/create-cluster'),
      summary: 'staging: CreateCluster by jdoe@example.com (SSO PlatformEngineer)',
      actor: 'jdoe@example.com',
      principal: 'arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/us-west-2/AWSReservedSSO_PlatformEngineer_4f8a2c1e9b7d3a60',
    },
    {
      case: 'an assumed role: the session name, with the role',
      event: () => loadRawFixture('cloudtrail/update-service'),
      summary: 'prod/payments-api: UpdateService by github-actions-deploy (role ci-deployer)',
      actor: 'github-actions-deploy',
      principal: 'arn:aws:iam::111122223333:role/ci-deployer',
    },
    {
      case: 'an IAM user',
      event: () => loadRawFixture('cloudtrail/update-service-arns'),
      summary: 'prod/web: UpdateService by ops-bot (IAM user)',
      actor: 'ops-bot',
      principal: 'arn:aws:iam::111122223333:user/ops-bot',
    },
    {
      case: 'a sourceIdentity wins over the session name, which stays as context',
      event: () => loadRawFixture('cloudtrail/run-task'),
      summary: 'batch: RunTask of backfill-orders:3 by alice@example.com (role DataEngineerRole, session alice-session)',
      actor: 'alice@example.com',
      principal: 'arn:aws:iam::111122223333:role/DataEngineerRole',
    },
    {
      case: 'a sourceIdentity on an SSO session',
      event: () => variant('cloudtrail/create-cluster', { 'userIdentity.sessionContext.sourceIdentity': 'jdoe' }),
      summary: 'staging: CreateCluster by jdoe (SSO PlatformEngineer, session jdoe@example.com)',
      actor: 'jdoe',
      principal: 'arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/us-west-2/AWSReservedSSO_PlatformEngineer_4f8a2c1e9b7d3a60',
    },
    {
      case: 'the root user',
      event: () => variant('cloudtrail/delete-service', { userIdentity: ROOT_IDENTITY }),
      summary: 'prod/worker: DeleteService by the root user',
      actor: 'root',
      principal: 'arn:aws:iam::111122223333:root',
    },
    {
      case: 'an AWS service using a role on someone\'s behalf (EventBridge Scheduler)',
      event: () => variant('cloudtrail/run-task', {
        userIdentity: (loadRawFixture('cloudtrail/run-task-placement-memory').detail as Raw).userIdentity,
      }),
      summary: 'batch: RunTask of backfill-orders:3 by scheduler.amazonaws.com (role nightly-report-scheduler)',
      actor: 'scheduler.amazonaws.com',
      principal: 'arn:aws:iam::111122223333:role/nightly-report-scheduler',
    },
    {
      case: 'an AWS service on its own',
      event: () => variant('cloudtrail/stop-task', { userIdentity: { type: 'AWSService', invokedBy: 'ecs.amazonaws.com' } }),
      summary: 'prod/payments-api: StopTask by ecs.amazonaws.com',
      actor: 'ecs.amazonaws.com',
      principal: undefined,
    },
    {
      case: 'no userIdentity at all',
      event: () => variant('cloudtrail/update-service', { userIdentity: undefined }),
      summary: 'prod/payments-api: UpdateService by an unknown principal',
      actor: undefined,
      principal: undefined,
    },
  ])('$case', ({ event, summary, actor, principal }) => {
    const alert = alertOf(event());
    expect(alert.summary).toBe(summary);
    expect(alert.labels.actor).toBe(actor);
    expect(alert.labels.principal).toBe(principal);
  });

  it('two people doing the same thing with the same role are two alerts', () => {
    const jdoe = alertOf(loadRawFixture('cloudtrail/delete-service'));
    const asmith = alertOf(variant('cloudtrail/delete-service', {
      'userIdentity.arn': 'arn:aws:sts::111122223333:assumed-role/AWSReservedSSO_AdministratorAccess_0123456789abcdef/asmith@example.com',
    }));
    expect(asmith.summary).toBe('prod/worker: DeleteService by asmith@example.com (SSO AdministratorAccess)');
    expect(asmith.fingerprint).not.toBe(jdoe.fingerprint);
  });
});

describe('CloudTrail: cluster, service and task come from requestParameters and responseElements', () => {
  it.each([
    {
      case: 'UpdateService with short names',
      event: () => loadRawFixture('cloudtrail/update-service'),
      labels: { cluster: 'prod', service: 'payments-api', taskDefinitionFamily: 'payments-api', taskDefinitionRevision: '42' },
      summary: 'prod/payments-api: UpdateService by github-actions-deploy (role ci-deployer)',
    },
    {
      case: 'UpdateService with short names and no response',
      event: () => variant('cloudtrail/update-service', { requestParameters: { cluster: 'prod', service: 'web', desiredCount: 3 }, responseElements: null }),
      labels: { cluster: 'prod', service: 'web' },
      summary: 'prod/web: UpdateService by github-actions-deploy (role ci-deployer)',
    },
    {
      case: 'UpdateService with ARNs',
      event: () => loadRawFixture('cloudtrail/update-service-arns'),
      labels: { cluster: 'prod', service: 'web', taskDefinitionFamily: 'web', taskDefinitionRevision: '88' },
      summary: 'prod/web: UpdateService by ops-bot (IAM user)',
    },
    {
      case: 'UpdateService with a service ARN and no cluster: the ARN names it',
      event: () => variant('cloudtrail/update-service-arns', { 'requestParameters.cluster': undefined, responseElements: null }),
      labels: { cluster: 'prod', service: 'web' },
      summary: 'prod/web: UpdateService by ops-bot (IAM user)',
    },
    {
      case: 'UpdateService naming no cluster anywhere: the default cluster',
      event: () => variant('cloudtrail/update-service', { requestParameters: { service: 'web', desiredCount: 3 }, responseElements: null }),
      labels: { cluster: undefined, service: 'web' },
      summary: 'default/web: UpdateService by github-actions-deploy (role ci-deployer)',
    },
    {
      case: 'CreateCluster names the cluster clusterName',
      event: () => loadRawFixture('cloudtrail/create-cluster'),
      labels: { cluster: 'staging', service: undefined },
      summary: 'staging: CreateCluster by jdoe@example.com (SSO PlatformEngineer)',
    },
    {
      case: 'DeleteCluster by ARN',
      event: () => variant('cloudtrail/create-cluster', {
        eventName: 'DeleteCluster',
        requestParameters: { cluster: 'arn:aws:ecs:us-west-2:111122223333:cluster/staging' },
        responseElements: { cluster: { clusterArn: 'arn:aws:ecs:us-west-2:111122223333:cluster/staging', clusterName: 'staging', status: 'INACTIVE' } },
      }),
      labels: { cluster: 'staging', severity: 'warning' },
      summary: 'staging: DeleteCluster by jdoe@example.com (SSO PlatformEngineer)',
    },
    {
      case: 'DeleteService',
      event: () => loadRawFixture('cloudtrail/delete-service'),
      labels: { cluster: 'prod', service: 'worker', severity: 'warning' },
      summary: 'prod/worker: DeleteService by jdoe (SSO AdministratorAccess)',
    },
    {
      case: 'StopTask: the task, and its service from the task group',
      event: () => loadRawFixture('cloudtrail/stop-task'),
      labels: { cluster: 'prod', service: 'payments-api', taskId: '9c2f4a6b8d0e4f2a8c6e4a2c0e8f6a4b', group: 'service:payments-api' },
      summary: 'prod/payments-api: StopTask by jdoe (SSO AdministratorAccess)',
    },
    {
      case: 'StopTask by task id, with no response',
      event: () => variant('cloudtrail/stop-task', { requestParameters: { cluster: 'prod', task: '9c2f4a6b8d0e4f2a8c6e4a2c0e8f6a4b' }, responseElements: null }),
      labels: { cluster: 'prod', service: undefined, taskId: '9c2f4a6b8d0e4f2a8c6e4a2c0e8f6a4b' },
      summary: 'prod: StopTask by jdoe (SSO AdministratorAccess)',
    },
    {
      case: 'StopTask by task ARN only: the ARN names the cluster',
      event: () => variant('cloudtrail/stop-task', { 'requestParameters.cluster': undefined, responseElements: null }),
      labels: { cluster: 'prod', taskId: '9c2f4a6b8d0e4f2a8c6e4a2c0e8f6a4b' },
      summary: 'prod: StopTask by jdoe (SSO AdministratorAccess)',
    },
    {
      case: 'RegisterTaskDefinition: a family and its new revision, no cluster',
      event: () => loadRawFixture('cloudtrail/register-task-definition'),
      labels: { cluster: undefined, taskDefinitionFamily: 'payments-api', taskDefinitionRevision: '42' },
      summary: 'task definition payments-api: RegisterTaskDefinition by github-actions-deploy (role ci-deployer)',
    },
    {
      case: 'a request parameter of an unexpected type is not read, and not a warning',
      event: () => variant('cloudtrail/update-service', { 'requestParameters.service': { name: 'web' }, responseElements: null }),
      labels: { cluster: 'prod', service: undefined },
      summary: 'prod: UpdateService by github-actions-deploy (role ci-deployer)',
    },
  ])('$case', ({ event, labels, summary }) => {
    const alert = alertOf(event());
    expect(alert.category).toBe('audit');
    for (const [name, value] of Object.entries(labels)) expect([name, alert.labels[name]]).toEqual([name, value]);
    expect(alert.summary).toBe(summary);
  });
});

describe('CloudTrail: RunTask and StartTask failures are tasks that never ran', () => {
  const AGENT = 'cloudtrail/run-task-agent-disconnected';
  const MEMORY = 'cloudtrail/run-task-placement-memory';
  const failuresOf = (...reasons: string[]) => ({
    'responseElements.failures': reasons.map((reason, i) => ({ arn: `arn:aws:ecs:us-west-2:111122223333:container-instance/batch/${String(i).repeat(32)}`, reason })),
  });

  it.each([
    {
      case: 'RESOURCE:MEMORY on every instance: a scheduled job not placed',
      event: () => loadRawFixture(MEMORY),
      category: 'placement', severity: 'warning',
      summary: 'batch: nightly-report:12 not placed: no container instance has enough free memory (RESOURCE:MEMORY); started by nightly-report-schedule',
      hint: /Add capacity/,
    },
    {
      case: 'AGENT: one of two tasks not placed',
      event: () => loadRawFixture(AGENT),
      category: 'placement', severity: 'warning',
      summary: 'prod: 1 of 2 payments-db-migrate:7 tasks not placed: the ECS agent of the container instance is disconnected (AGENT); started by github-actions/run-4471',
      hint: /agent/,
    },
    {
      case: 'StartTask onto an instance whose agent is disconnected',
      event: () => variant(AGENT, { eventName: 'StartTask', 'requestParameters.count': undefined, 'responseElements.tasks': [] }),
      category: 'placement', severity: 'warning',
      summary: 'prod: payments-db-migrate:7 not placed: the ECS agent of the container instance is disconnected (AGENT); started by github-actions/run-4471',
      hint: /agent/,
    },
    {
      case: 'two reasons, each named once, in ECS\'s order',
      event: () => variant(MEMORY, failuresOf('RESOURCE:CPU', 'RESOURCE:MEMORY', 'RESOURCE:CPU')),
      category: 'placement', severity: 'warning',
      summary: 'batch: nightly-report:12 not placed: no container instance has enough free CPU (RESOURCE:CPU); no container instance has enough free memory (RESOURCE:MEMORY); started by nightly-report-schedule',
      hint: /Add capacity/,
    },
    {
      case: 'host ports taken, with the task group when nothing says who started it',
      event: () => variant(MEMORY, { ...failuresOf('RESOURCE:PORTS'), 'requestParameters.startedBy': undefined }),
      category: 'placement', severity: 'warning',
      summary: 'batch: nightly-report:12 not placed: the host ports the task maps are taken on every container instance (RESOURCE:PORTS); group family:nightly-report',
      hint: /hostPort 0/,
    },
    {
      case: 'ATTRIBUTE',
      event: () => variant(MEMORY, failuresOf('ATTRIBUTE')),
      category: 'placement', severity: 'warning',
      summary: 'batch: nightly-report:12 not placed: no container instance has an attribute the task requires (ATTRIBUTE); started by nightly-report-schedule',
      hint: /requiresAttributes/,
    },
    {
      case: 'a capacity provider sentence, quoted, with its hint',
      event: () => variant(MEMORY, failuresOf('The capacity provider batch-asg-cp is not in an ACTIVE state.')),
      category: 'placement', severity: 'warning',
      summary: 'batch: nightly-report:12 not placed: The capacity provider batch-asg-cp is not in an ACTIVE state; started by nightly-report-schedule',
      hint: /capacity provider strategy/,
    },
    {
      case: 'Fargate capacity unavailable, with its hint',
      event: () => variant(MEMORY, failuresOf('Capacity is unavailable at this time. Please try again later or in a different availability zone')),
      category: 'placement', severity: 'warning',
      summary: 'batch: nightly-report:12 not placed: Capacity is unavailable at this time. Please try again later or in a different availability zone; started by nightly-report-schedule',
      hint: /retried/,
    },
    {
      case: 'a reason ecs-herald has no words for: quoted as it is',
      event: () => variant(MEMORY, failuresOf('SOMETHING_NEW')),
      category: 'placement', severity: 'warning',
      summary: 'batch: nightly-report:12 not placed: SOMETHING_NEW; started by nightly-report-schedule',
      hint: /API failure reasons/,
    },
    {
      case: 'RunTask that placed its task and lists no failures: an audit line',
      event: () => loadRawFixture('cloudtrail/run-task'),
      category: 'audit', severity: 'info',
      summary: 'batch: RunTask of backfill-orders:3 by alice@example.com (role DataEngineerRole, session alice-session)',
      hint: /Audit record/,
    },
    {
      case: 'RunTask whose response CloudTrail left out: an audit line',
      event: () => variant(MEMORY, { responseElements: null }),
      category: 'audit', severity: 'info',
      summary: 'batch: RunTask of nightly-report:12 by scheduler.amazonaws.com (role nightly-report-scheduler)',
      hint: /Audit record/,
    },
    {
      case: 'RunTask refused (errorCode): a failed call, not a placement',
      event: () => variant(MEMORY, { errorCode: 'AccessDenied', errorMessage: 'not authorized to perform: ecs:RunTask', responseElements: null }),
      category: 'audit', severity: 'warning',
      summary: 'batch: RunTask of nightly-report:12 by scheduler.amazonaws.com (role nightly-report-scheduler) failed (AccessDenied)',
      hint: /AccessDenied: not authorized/,
    },
  ])('$case', ({ event, category, severity, summary, hint }) => {
    const alert = alertOf(event());
    expect([alert.category, alert.severity]).toEqual([category, severity]);
    expect(alert.summary).toBe(summary);
    expect(alert.hint).toMatch(hint);
  });

  it('labels the job: cluster, task definition, group and startedBy, not a task that did run', () => {
    expect(alertOf(loadRawFixture(AGENT)).labels).toMatchObject({
      cluster: 'prod', taskDefinitionFamily: 'payments-db-migrate', taskDefinitionRevision: '7', group: 'family:payments-db-migrate', startedBy: 'github-actions/run-4471', eventName: 'RunTask',
    });
    expect(alertOf(loadRawFixture(AGENT)).labels.taskId).toBeUndefined();
    expect(alertOf(loadRawFixture(MEMORY)).labels).toMatchObject({ cluster: 'batch', group: 'family:nightly-report', startedBy: 'nightly-report-schedule', taskDefinitionFamily: 'nightly-report' });
  });

  it('shows each failure as evidence', () => {
    const evidence = alertOf(loadRawFixture(MEMORY)).evidence;
    expect(evidence).toEqual(expect.arrayContaining([
      { name: 'failure 1', value: 'RESOURCE:MEMORY on arn:aws:ecs:us-west-2:111122223333:container-instance/batch/0a1b2c3d4e5f4a6b8c9d0e1f2a3b4c5d' },
      { name: 'failure 2', value: 'RESOURCE:MEMORY on arn:aws:ecs:us-west-2:111122223333:container-instance/batch/5d4c3b2a1f0e4d9c8b7a6f5e4d3c2b1a' },
      { name: 'requested', value: '1' },
      { name: 'placed', value: '0' },
    ]));
  });

  it('the next run failing the same way is the same alert; another reason is another', () => {
    const tonight = alertOf(loadRawFixture(MEMORY));
    const tomorrow = alertOf(variant(MEMORY, { ...failuresOf('RESOURCE:MEMORY'), eventID: 'another-run', eventTime: '2026-05-14T02:00:04Z' }));
    const cpu = alertOf(variant(MEMORY, failuresOf('RESOURCE:CPU')));
    expect(tomorrow.fingerprint).toBe(tonight.fingerprint);
    expect(cpu.fingerprint).not.toBe(tonight.fingerprint);
  });
});
