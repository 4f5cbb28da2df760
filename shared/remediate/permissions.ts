import type { ActionType } from '../config';
import { compileServicePattern, type RemediationSettings } from './settings';
import type { CompiledAction } from './types';

/**
 * One statement of an IAM policy. Resource and condition strings carry `${AWS::Partition}`,
 * `${AWS::Region}` and `${AWS::AccountId}`, for CloudFormation's `Fn::Sub`.
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements.html
 */
export interface PolicyStatement {
  /** Letters and digits only: `ForceNewDeployment`, `ReadServices`. */
  Sid: string;
  Effect: 'Allow';
  Action: string[];
  Resource: string[];
  /** e.g. `{ ArnEquals: { 'ecs:cluster': [...] } }` */
  Condition?: Record<string, Record<string, string[]>>;
}

/** Options of {@link remediatorPolicy}. */
export interface RemediatorPolicyOptions {
  /**
   * herald.yml's top-level `clusters`: the clusters of an action that names none. Compiled
   * actions already carry them; this covers settings compiled without them.
   * @default every cluster of the account and Region
   */
  clusters?: readonly string[];
}

/** An ARN in this account and Region. */
const arnIn = (service: string, resource: string): string => `arn:\${AWS::Partition}:${service}:\${AWS::Region}:\${AWS::AccountId}:${resource}`;
const ecsArn = (resource: string): string => arnIn('ecs', resource);

/*
 * Resource types and the `ecs:cluster` condition key, from the service authorization
 * reference ("Actions, resources, and condition keys for Amazon Elastic Container Service"):
 * https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonelasticcontainerservice.html
 * - UpdateService and DescribeServices act on `service/<cluster>/<name>`; StopTask and
 *   DescribeTasks on `task/<cluster>/<id>`; UpdateContainerInstancesState and
 *   DescribeContainerInstances on `container-instance/<cluster>/<id>`. Every one of them takes
 *   the `ecs:cluster` condition key (the cluster's ARN), and so do ListServiceDeployments,
 *   DescribeServiceDeployments and DescribeServiceRevisions.
 * - ListServiceDeployments acts on the service; DescribeServiceDeployments on
 *   `service-deployment/<cluster>/<service>/<id>`; DescribeServiceRevisions on
 *   `service-revision/<cluster>/<service>/<id>`. The console's least-privilege example grants
 *   the three on those three resources:
 *   https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-deployment-permissions.html
 * - No iam:PassRole: UpdateService names a task definition, whose task and execution roles were
 *   passed when it was registered (RegisterTaskDefinition, which the remediator never calls);
 *   UpdateService itself passes a role only for a managed EBS volume's infrastructure role
 *   (`volumeConfigurations[].managedEBSVolume.roleArn`), which the remediator never sets.
 *   https://docs.aws.amazon.com/AmazonECS/latest/developerguide/infrastructure_IAM_role.html
 */

/** The ECS resource family an action type acts on, and the calls it makes. */
const ECS_CALLS = {
  'force-new-deployment': { resource: 'service', write: 'ecs:UpdateService', sid: 'ForceNewDeployment' },
  rollback: { resource: 'service', write: 'ecs:UpdateService', sid: 'Rollback' },
  scale: { resource: 'service', write: 'ecs:UpdateService', sid: 'Scale' },
  'stop-task': { resource: 'task', write: 'ecs:StopTask', sid: 'StopTask' },
  'drain-instance': { resource: 'container-instance', write: 'ecs:UpdateContainerInstancesState', sid: 'DrainInstance' },
} as const satisfies Partial<Record<ActionType, { resource: string; write: string; sid: string }>>;

type EcsActionType = keyof typeof ECS_CALLS;

const isEcsAction = (action: CompiledAction): action is CompiledAction & { type: EcsActionType } => action.type in ECS_CALLS;

/** A statement in the making: resources and condition clusters, each once, in order. */
interface Draft {
  sid: string;
  actions: string[];
  resources: Set<string>;
  /** undefined once an action of any cluster joined: the statement then takes no condition. */
  clusters: Set<string> | undefined;
}

const clustersOf = (action: CompiledAction, options: RemediatorPolicyOptions): readonly string[] | undefined =>
  action.clusters ?? options.clusters;

/** `service/prod/web-*`..., one per cluster and service pattern; `*` for what is not limited. */
const serviceResources = (prefix: string, clusters: readonly string[] | undefined, patterns: readonly string[] | undefined, suffix = ''): string[] =>
  (clusters ?? ['*']).flatMap((cluster) => (patterns ?? ['*']).map((pattern) => ecsArn(`${prefix}/${cluster}/${pattern}${suffix}`)));

/** Tasks and container instances: IAM cannot scope them by service; the remediator's allow-list does. */
const clusterResources = (prefix: string, clusters: readonly string[] | undefined): string[] =>
  (clusters ?? ['*']).map((cluster) => ecsArn(`${prefix}/${cluster}/*`));

const resourcesOf = (action: CompiledAction & { type: EcsActionType }, clusters: readonly string[] | undefined): string[] => {
  const { resource } = ECS_CALLS[action.type];
  return resource === 'service' ? serviceResources('service', clusters, action.servicePatterns) : clusterResources(resource, clusters);
};

/**
 * `function:fix` and `arn:aws:lambda:...:function:fix`: as the remediator calls it. A bare
 * name (with or without a qualifier) is in this account and Region.
 * @see https://docs.aws.amazon.com/lambda/latest/dg/lambda-api-permissions-ref.html
 */
const functionArn = (name: string): string => (name.startsWith('arn:') ? name : arnIn('lambda', `function:${name}`));

/**
 * StartAutomationExecution acts on `automation-definition/<name>:<version>`. A document ARN
 * (`document/` or `automation-definition/`) keeps its partition, Region and account. Documents
 * AWS owns (`AWS-...`) have no account in their ARN.
 * @see https://docs.aws.amazon.com/systems-manager/latest/userguide/automation-setup-identity-based-policies.html
 */
const automationArn = (document: string): string => {
  const arn = /^(arn:[^:]+:ssm:[^:]*:[^:]*:)(?:document|automation-definition)\/(.+)$/.exec(document);
  if (arn !== undefined && arn !== null) return `${arn[1] ?? ''}automation-definition/${withVersion(arn[2] ?? '')}`;
  const account = document.startsWith('AWS-') ? '' : '${AWS::AccountId}';
  return `arn:\${AWS::Partition}:ssm:\${AWS::Region}:${account}:automation-definition/${withVersion(document)}`;
};

const withVersion = (name: string): string => (name.includes(':') ? name : `${name}:*`);

/**
 * The runbook assumes the role its `AutomationAssumeRole` parameter names, which the remediator
 * passes to SSM.
 * @see https://docs.aws.amazon.com/systems-manager/latest/userguide/automation-setup.html
 */
const assumeRolesOf = (action: CompiledAction): string[] =>
  action.params.type === 'invoke' && action.params.document !== undefined ? [...(action.params.parameters.AutomationAssumeRole ?? [])] : [];

/**
 * Without the resources another one of the list already covers (`service/prod/web-*` beside
 * `service/prod/*`): the same permission, a shorter policy. A pattern that matches another's
 * text matches everything that one does (`*` is IAM's wildcard, as in service patterns).
 */
const withoutCovered = (resources: readonly string[]): string[] => {
  const patterns = resources.map((resource) => ({ resource, regex: compileServicePattern(resource) }));
  return resources.filter((resource) => !patterns.some((other) => other.resource !== resource && other.regex.test(resource)));
};

/** The statement ids, in the order they are printed. */
const ORDER = [
  'ReadServices', 'ReadServiceDeployments', 'ReadTasks', 'ReadContainerInstances',
  'ForceNewDeployment', 'Rollback', 'Scale', 'StopTask', 'DrainInstance',
  'InvokeFunction', 'StartAutomation', 'PassAutomationRole',
] as const;

/**
 * The remediator's least-privilege IAM statements, derived from herald.yml's actions:
 * - reads for every action, dry runs included (a dry run re-reads its target too): the
 *   services (an invoke's too: it re-reads the service its alert names), and for a rollback
 *   its deployments and revisions; the task; the container instance;
 * - changes only for actions with `dry_run: false`, only the calls their types make, only on
 *   their clusters and service patterns (with the `ecs:cluster` condition when every action of
 *   the statement names its clusters);
 * - `invoke`: the function, or the runbook (and the role it assumes).
 * One statement per action type and per read; no statement at all without actions.
 *
 * @example
 * ```ts
 * remediatorPolicy(compileRemediationSettings(config), { clusters: config.clusters });
 * // [{ Sid: 'ReadServices', Action: ['ecs:DescribeServices'], ... },
 * //  { Sid: 'ForceNewDeployment', Action: ['ecs:UpdateService'],
 * //    Resource: ['arn:${AWS::Partition}:ecs:${AWS::Region}:${AWS::AccountId}:service/prod/web-*'],
 * //    Condition: { ArnEquals: { 'ecs:cluster': ['arn:...:cluster/prod'] } } }]
 * ```
 */
export const remediatorPolicy = (settings: RemediationSettings, options: RemediatorPolicyOptions = {}): PolicyStatement[] => {
  const drafts = new Map<string, Draft>();
  const add = (sid: (typeof ORDER)[number], actions: string[], resources: readonly string[], clusters: readonly string[] | undefined, scoped = true) => {
    const draft = drafts.get(sid) ?? { sid, actions, resources: new Set<string>(), clusters: scoped ? new Set<string>() : undefined };
    drafts.set(sid, draft);
    for (const resource of resources) draft.resources.add(resource);
    if (clusters === undefined || draft.clusters === undefined) draft.clusters = undefined;
    else for (const cluster of clusters) draft.clusters.add(cluster);
  };

  for (const action of settings.actions.values()) {
    if (isEcsAction(action)) {
      const clusters = clustersOf(action, options);
      const calls = ECS_CALLS[action.type];
      if (calls.resource === 'service') {
        add('ReadServices', ['ecs:DescribeServices'], resourcesOf(action, clusters), clusters);
        if (action.type === 'rollback') {
          const patterns = action.servicePatterns;
          add('ReadServiceDeployments', ['ecs:ListServiceDeployments', 'ecs:DescribeServiceDeployments', 'ecs:DescribeServiceRevisions'], [
            ...serviceResources('service', clusters, patterns),
            ...serviceResources('service-deployment', clusters, patterns, '/*'),
            ...serviceResources('service-revision', clusters, patterns, '/*'),
          ], clusters);
        }
      } else if (calls.resource === 'task') {
        add('ReadTasks', ['ecs:DescribeTasks'], resourcesOf(action, clusters), clusters);
      } else {
        add('ReadContainerInstances', ['ecs:DescribeContainerInstances'], resourcesOf(action, clusters), clusters);
      }
      if (!action.dryRun) add(calls.sid, [calls.write], resourcesOf(action, clusters), clusters);
      continue;
    }
    // An invoke about a service re-reads it first (gone, inactive, mid-deployment), dry runs too.
    const clusters = clustersOf(action, options);
    add('ReadServices', ['ecs:DescribeServices'], serviceResources('service', clusters, action.servicePatterns), clusters);
    if (action.dryRun || action.params.type !== 'invoke') continue;
    if (action.params.function !== undefined) add('InvokeFunction', ['lambda:InvokeFunction'], [functionArn(action.params.function)], undefined, false);
    if (action.params.document !== undefined) {
      add('StartAutomation', ['ssm:StartAutomationExecution'], [automationArn(action.params.document)], undefined, false);
      const roles = assumeRolesOf(action);
      if (roles.length > 0) add('PassAutomationRole', ['iam:PassRole'], roles, undefined, false);
    }
  }

  return ORDER.flatMap((sid): PolicyStatement[] => {
    const draft = drafts.get(sid);
    if (draft === undefined) return [];
    const statement: PolicyStatement = { Sid: draft.sid, Effect: 'Allow', Action: draft.actions, Resource: withoutCovered([...draft.resources]) };
    if (sid === 'PassAutomationRole') return [{ ...statement, Condition: { StringEquals: { 'iam:PassedToService': ['ssm.amazonaws.com'] } } }];
    if (draft.clusters === undefined || draft.clusters.size === 0) return [statement];
    return [{ ...statement, Condition: { ArnEquals: { 'ecs:cluster': [...draft.clusters].map((cluster) => ecsArn(`cluster/${cluster}`)) } } }];
  });
};
