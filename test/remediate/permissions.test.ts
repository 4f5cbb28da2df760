import type { ActionConfig } from '../../shared/config';
import { compileRemediationSettings, type PolicyStatement, remediatorPolicy } from '../../shared/remediate';

/**
 * remediatorPolicy: the remediator's IAM statements, derived from herald.yml's actions. Each
 * case compares the whole policy.
 */

const ecs = (resource: string) => `arn:\${AWS::Partition}:ecs:\${AWS::Region}:\${AWS::AccountId}:${resource}`;
const onCluster = (...clusters: string[]) => ({ ArnEquals: { 'ecs:cluster': clusters.map((c) => ecs(`cluster/${c}`)) } });

const policyOf = (actions: Record<string, ActionConfig>, clusters?: string[]): PolicyStatement[] =>
  remediatorPolicy(compileRemediationSettings({ topics: {}, actions, ...(clusters === undefined ? {} : { clusters }) }));

const TABLE: { case: string; actions: Record<string, ActionConfig>; clusters?: string[]; policy: PolicyStatement[] }[] = [
  { case: 'no actions', actions: {}, policy: [] },
  {
    case: 'a dry run reads its target and changes nothing',
    actions: { restart: { type: 'force-new-deployment', clusters: ['prod'], services: ['web-*'] } },
    policy: [{ Sid: 'ReadServices', Effect: 'Allow', Action: ['ecs:DescribeServices'], Resource: [ecs('service/prod/web-*')], Condition: onCluster('prod') }],
  },
  {
    case: 'a live force-new-deployment on prod web-* services',
    actions: { restart: { type: 'force-new-deployment', dry_run: false, clusters: ['prod'], services: ['web-*'] } },
    policy: [
      { Sid: 'ReadServices', Effect: 'Allow', Action: ['ecs:DescribeServices'], Resource: [ecs('service/prod/web-*')], Condition: onCluster('prod') },
      { Sid: 'ForceNewDeployment', Effect: 'Allow', Action: ['ecs:UpdateService'], Resource: [ecs('service/prod/web-*')], Condition: onCluster('prod') },
    ],
  },
  {
    case: 'no clusters: every cluster, no condition',
    actions: { restart: { type: 'force-new-deployment', dry_run: false, services: ['web'] } },
    policy: [
      { Sid: 'ReadServices', Effect: 'Allow', Action: ['ecs:DescribeServices'], Resource: [ecs('service/*/web')] },
      { Sid: 'ForceNewDeployment', Effect: 'Allow', Action: ['ecs:UpdateService'], Resource: [ecs('service/*/web')] },
    ],
  },
  {
    case: 'the top-level clusters apply to an action that names none',
    clusters: ['prod', 'staging'],
    actions: { grow: { type: 'scale', dry_run: false, by: 1, min: 1, max: 4 } },
    policy: [
      { Sid: 'ReadServices', Effect: 'Allow', Action: ['ecs:DescribeServices'], Resource: [ecs('service/prod/*'), ecs('service/staging/*')], Condition: onCluster('prod', 'staging') },
      { Sid: 'Scale', Effect: 'Allow', Action: ['ecs:UpdateService'], Resource: [ecs('service/prod/*'), ecs('service/staging/*')], Condition: onCluster('prod', 'staging') },
    ],
  },
  {
    case: 'a rollback reads the service deployments and revisions',
    actions: { back: { type: 'rollback', dry_run: false, clusters: ['prod'], services: ['api'] } },
    policy: [
      { Sid: 'ReadServices', Effect: 'Allow', Action: ['ecs:DescribeServices'], Resource: [ecs('service/prod/api')], Condition: onCluster('prod') },
      {
        Sid: 'ReadServiceDeployments',
        Effect: 'Allow',
        Action: ['ecs:ListServiceDeployments', 'ecs:DescribeServiceDeployments', 'ecs:DescribeServiceRevisions'],
        Resource: [ecs('service/prod/api'), ecs('service-deployment/prod/api/*'), ecs('service-revision/prod/api/*')],
        Condition: onCluster('prod'),
      },
      { Sid: 'Rollback', Effect: 'Allow', Action: ['ecs:UpdateService'], Resource: [ecs('service/prod/api')], Condition: onCluster('prod') },
    ],
  },
  {
    case: 'stop-task and drain-instance act on the cluster\'s tasks and instances',
    actions: {
      stop: { type: 'stop-task', dry_run: false, clusters: ['prod'], services: ['web-*'] },
      drain: { type: 'drain-instance', dry_run: false, clusters: ['prod'] },
    },
    policy: [
      { Sid: 'ReadTasks', Effect: 'Allow', Action: ['ecs:DescribeTasks'], Resource: [ecs('task/prod/*')], Condition: onCluster('prod') },
      { Sid: 'ReadContainerInstances', Effect: 'Allow', Action: ['ecs:DescribeContainerInstances'], Resource: [ecs('container-instance/prod/*')], Condition: onCluster('prod') },
      { Sid: 'StopTask', Effect: 'Allow', Action: ['ecs:StopTask'], Resource: [ecs('task/prod/*')], Condition: onCluster('prod') },
      { Sid: 'DrainInstance', Effect: 'Allow', Action: ['ecs:UpdateContainerInstancesState'], Resource: [ecs('container-instance/prod/*')], Condition: onCluster('prod') },
    ],
  },
  {
    case: 'actions of one type merge; one of any cluster drops the condition',
    actions: {
      'restart-web': { type: 'force-new-deployment', dry_run: false, clusters: ['prod'], services: ['web-*'] },
      'restart-any': { type: 'force-new-deployment', clusters: ['staging'] },
      'restart-api': { type: 'force-new-deployment', dry_run: false, services: ['api'] },
    },
    policy: [
      { Sid: 'ReadServices', Effect: 'Allow', Action: ['ecs:DescribeServices'], Resource: [ecs('service/prod/web-*'), ecs('service/staging/*'), ecs('service/*/api')] },
      { Sid: 'ForceNewDeployment', Effect: 'Allow', Action: ['ecs:UpdateService'], Resource: [ecs('service/prod/web-*'), ecs('service/*/api')] },
    ],
  },
  {
    case: 'a resource another covers is left out',
    actions: {
      'restart-web': { type: 'force-new-deployment', dry_run: false, clusters: ['prod'], services: ['web-*'] },
      'restart-web-api': { type: 'force-new-deployment', dry_run: false, clusters: ['prod'], services: ['web-api'] },
      'restart-all': { type: 'force-new-deployment', clusters: ['prod'] },
    },
    policy: [
      { Sid: 'ReadServices', Effect: 'Allow', Action: ['ecs:DescribeServices'], Resource: [ecs('service/prod/*')], Condition: onCluster('prod') },
      { Sid: 'ForceNewDeployment', Effect: 'Allow', Action: ['ecs:UpdateService'], Resource: [ecs('service/prod/web-*')], Condition: onCluster('prod') },
    ],
  },
  {
    case: 'invoke a function by name, by ARN, and a dry run; each re-reads the service its alert names',
    actions: {
      hook: { type: 'invoke', dry_run: false, function: 'remediation-hook', clusters: ['prod'], services: ['web-*'] },
      alias: { type: 'invoke', dry_run: false, function: 'remediation-hook:live', clusters: ['prod'] },
      other: { type: 'invoke', dry_run: false, function: 'arn:aws:lambda:eu-west-1:111122223333:function:fixer', clusters: ['prod'] },
      trial: { type: 'invoke', function: 'not-yet', clusters: ['staging'] },
    },
    policy: [
      { Sid: 'ReadServices', Effect: 'Allow', Action: ['ecs:DescribeServices'], Resource: [ecs('service/prod/*'), ecs('service/staging/*')], Condition: onCluster('prod', 'staging') },
      {
        Sid: 'InvokeFunction',
        Effect: 'Allow',
        Action: ['lambda:InvokeFunction'],
        Resource: [
          'arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:function:remediation-hook',
          'arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:function:remediation-hook:live',
          'arn:aws:lambda:eu-west-1:111122223333:function:fixer',
        ],
      },
    ],
  },
  {
    case: 'start runbooks by name, by ARN, owned by AWS, and the role they assume',
    actions: {
      mine: { type: 'invoke', dry_run: false, document: 'RestartWeb', parameters: { AutomationAssumeRole: ['arn:aws:iam::111122223333:role/runbook'] } },
      shared: { type: 'invoke', dry_run: false, document: 'arn:aws:ssm:eu-west-1:444455556666:document/SharedFix' },
      aws: { type: 'invoke', dry_run: false, document: 'AWS-RestartEC2Instance' },
    },
    policy: [
      { Sid: 'ReadServices', Effect: 'Allow', Action: ['ecs:DescribeServices'], Resource: [ecs('service/*/*')] },
      {
        Sid: 'StartAutomation',
        Effect: 'Allow',
        Action: ['ssm:StartAutomationExecution'],
        Resource: [
          'arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:automation-definition/RestartWeb:*',
          'arn:aws:ssm:eu-west-1:444455556666:automation-definition/SharedFix:*',
          'arn:${AWS::Partition}:ssm:${AWS::Region}::automation-definition/AWS-RestartEC2Instance:*',
        ],
      },
      {
        Sid: 'PassAutomationRole',
        Effect: 'Allow',
        Action: ['iam:PassRole'],
        Resource: ['arn:aws:iam::111122223333:role/runbook'],
        Condition: { StringEquals: { 'iam:PassedToService': ['ssm.amazonaws.com'] } },
      },
    ],
  },
];

describe('remediatorPolicy', () => {
  it.each(TABLE)('$case', ({ actions, clusters, policy }) => {
    expect(policyOf(actions, clusters)).toEqual(policy);
  });

  it.each([
    { case: 'force-new-deployment', action: { type: 'force-new-deployment' } },
    { case: 'rollback', action: { type: 'rollback' } },
    { case: 'scale', action: { type: 'scale', to: 2, min: 1, max: 3 } },
    { case: 'stop-task', action: { type: 'stop-task' } },
    { case: 'drain-instance', action: { type: 'drain-instance' } },
    { case: 'invoke', action: { type: 'invoke', function: 'fix' } },
  ] as { case: string; action: ActionConfig }[])('a dry-run $case is granted no change', ({ action }) => {
    const actions = policyOf({ a: action }).flatMap((statement) => statement.Action);
    expect(actions.filter((name) => !/^ecs:(Describe|List)/.test(name))).toEqual([]);
  });

  it('takes the top-level clusters from its options when the settings lack them', () => {
    const settings = compileRemediationSettings({ topics: {}, actions: { stop: { type: 'stop-task' } } });
    expect(remediatorPolicy(settings, { clusters: ['prod'] })).toEqual([
      { Sid: 'ReadTasks', Effect: 'Allow', Action: ['ecs:DescribeTasks'], Resource: [ecs('task/prod/*')], Condition: onCluster('prod') },
    ]);
  });
});
