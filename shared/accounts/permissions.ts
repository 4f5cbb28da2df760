/** A CloudFormation value: a literal or an intrinsic function. */
export type CfnValue = string | number | boolean | { [key: string]: unknown } | CfnValue[];

/** An IAM policy statement as the templates hold it. */
export interface PolicyStatement {
  Sid?: string;
  Effect: 'Allow' | 'Deny';
  Principal?: CfnValue;
  Action: string | string[];
  Resource: CfnValue;
  Condition?: Record<string, Record<string, CfnValue>>;
}

/** What enrichment reads, from herald.yml: the clusters it names (else every one), the log group prefixes. */
export interface ReadScope {
  clusters?: readonly string[];
  logGroups: readonly string[];
  /** The instance log groups (`enrich.instance_logs`), read by name. @default none */
  instanceLogGroups?: readonly string[];
}

const sub = (text: string): CfnValue => ({ 'Fn::Sub': text });
const ecsArn = (resource: string): CfnValue => sub(`arn:\${AWS::Partition}:ecs:\${AWS::Region}:\${AWS::AccountId}:${resource}`);

/**
 * Exactly the reads enrichment makes, in the account and Region of the stack that holds them:
 * DescribeServices, DescribeClusters and DescribeTasks with their tags (ListTagsForResource) on
 * the named clusters and their services and tasks (else all); ListTasks, which names no resource,
 * with the `ecs:cluster` condition; DescribeTaskDefinition, which supports no resource-level
 * permission; GetLogEvents on the log groups under the prefixes, in any Region of the account
 * (an awslogs group may live elsewhere). Nothing that changes anything.
 * @see https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonelasticcontainerservice.html
 */
export const enrichmentReadStatements = ({ clusters, logGroups, instanceLogGroups }: ReadScope): PolicyStatement[] => {
  const named = clusters ?? ['*'];
  const resources = named.flatMap((c) => (c === '*' ? [ecsArn('cluster/*'), ecsArn('service/*'), ecsArn('task/*')] : [ecsArn(`cluster/${c}`), ecsArn(`service/${c}/*`), ecsArn(`task/${c}/*`)]));
  const listTasks: PolicyStatement = { Sid: 'ListStoppedTasks', Effect: 'Allow', Action: 'ecs:ListTasks', Resource: '*' };
  if (clusters !== undefined) listTasks.Condition = { ArnEquals: { 'ecs:cluster': clusters.map((c) => ecsArn(`cluster/${c}`)) } };
  return [
    { Sid: 'DescribeEcs', Effect: 'Allow', Action: ['ecs:DescribeServices', 'ecs:DescribeClusters', 'ecs:DescribeTasks', 'ecs:ListTagsForResource'], Resource: resources },
    listTasks,
    { Sid: 'DescribeTaskDefinitions', Effect: 'Allow', Action: 'ecs:DescribeTaskDefinition', Resource: '*' },
    { Sid: 'ReadLogTails', Effect: 'Allow', Action: 'logs:GetLogEvents', Resource: logGroups.map((prefix) => sub(`arn:\${AWS::Partition}:logs:*:\${AWS::AccountId}:log-group:${prefix}*:log-stream:*`)) },
    ...instanceLogStatements(named, instanceLogGroups ?? []),
  ];
};

/**
 * The instance logs' reads: GetLogEvents on the groups named, in the stack's Region (the
 * CloudWatch agent writes to its instance's), and DescribeContainerInstances for an instance's
 * EC2 id on the clusters' container instances. None when instance logs are off.
 */
const instanceLogStatements = (clusters: readonly string[], groups: readonly string[]): PolicyStatement[] =>
  groups.length === 0
    ? []
    : [
        { Sid: 'ReadInstanceLogs', Effect: 'Allow', Action: 'logs:GetLogEvents', Resource: groups.map((group) => sub(`arn:\${AWS::Partition}:logs:\${AWS::Region}:\${AWS::AccountId}:log-group:${group}:log-stream:*`)) },
        { Sid: 'DescribeContainerInstances', Effect: 'Allow', Action: 'ecs:DescribeContainerInstances', Resource: clusters.map((c) => ecsArn(`container-instance/${c}/*`)) },
      ];
