import { parseEcsArn } from './arn';
import { type FieldReader, isJsonObject, type JsonObject } from './reader';
import type { CloudTrailActor, CloudTrailEcsDetail, CloudTrailEcsResources, EcsApiFailure } from './types';

// `requestParameters` and `responseElements` are open maps whose shapes vary by API (the
// `taskDefinition` of RunTask's request is a string, of RegisterTaskDefinition's response an
// object), so they are read by picking the fields that have one meaning across ECS APIs, and a
// field of another type is simply not that field: no warning, the payload stays verbatim.

const textAt = (value: unknown, key: string): string | undefined => {
  if (!isJsonObject(value)) return undefined;
  const field = value[key];
  return typeof field === 'string' && field !== '' ? field : undefined;
};

const objectAt = (value: unknown, key: string): JsonObject | undefined => {
  if (!isJsonObject(value)) return undefined;
  const field = value[key];
  return isJsonObject(field) ? field : undefined;
};

const objectsAt = (value: unknown, key: string): JsonObject[] => {
  if (!isJsonObject(value)) return [];
  const field = value[key];
  return Array.isArray(field) ? field.filter(isJsonObject) : [];
};

/** The name in a short name or an ECS ARN (`cluster/prod`, `service/prod/web`, `task/prod/<id>`). */
const lastSegment = (value: string | undefined): string | undefined => {
  if (value === undefined) return undefined;
  if (!value.startsWith('arn:')) return value;
  return parseEcsArn(value)?.name;
};

/** The cluster an ECS ARN embeds (the long ARN format), or a cluster ARN's name. */
const clusterOfArn = (arn: string | undefined): string | undefined => parseEcsArn(arn)?.cluster;

/** `service:<name>` task groups name the service the task belongs to. */
const serviceOfGroup = (group: string | undefined): string | undefined =>
  group?.startsWith('service:') === true && group.length > 'service:'.length ? group.slice('service:'.length) : undefined;

const first = <T>(...values: (T | undefined)[]): T | undefined => values.find((v) => v !== undefined);

/**
 * The cluster, service, task and task definition a call names. Requests name them by short
 * name or ARN (`"cluster": "prod"` or `arn:aws:ecs:...:cluster/prod`); CreateCluster says
 * `clusterName`, CreateService `serviceName`; responses describe the resource with its ARNs;
 * a task's `group` names its service (`service:web`).
 * @see https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_Operations.html
 */
const readResources = (request: unknown, response: unknown): CloudTrailEcsResources => {
  const service = objectAt(response, 'service');
  const cluster = objectAt(response, 'cluster');
  const taskSet = objectAt(response, 'taskSet');
  const task = objectAt(response, 'task');
  const tasks = objectsAt(response, 'tasks');
  // Only one task says which task the call was about; a RunTask of ten names none of them.
  const oneTask = task ?? (tasks.length === 1 ? tasks[0] : undefined);
  const anyTask = task ?? tasks[0];
  const group = first(textAt(request, 'group'), textAt(anyTask, 'group'));
  const serviceArn = first(textAt(service, 'serviceArn'), textAt(taskSet, 'serviceArn'));
  const taskArn = textAt(oneTask, 'taskArn');
  const count = isJsonObject(request) ? request.count : undefined;
  return {
    cluster: first(
      lastSegment(textAt(request, 'cluster')),
      textAt(request, 'clusterName'),
      textAt(cluster, 'clusterName'),
      lastSegment(first(textAt(cluster, 'clusterArn'), textAt(service, 'clusterArn'), textAt(taskSet, 'clusterArn'), textAt(anyTask, 'clusterArn'))),
      clusterOfArn(serviceArn),
      clusterOfArn(textAt(request, 'service')),
      clusterOfArn(textAt(request, 'task')),
      clusterOfArn(taskArn),
    ),
    service: first(
      lastSegment(textAt(request, 'service')),
      textAt(request, 'serviceName'),
      textAt(service, 'serviceName'),
      lastSegment(serviceArn),
      serviceOfGroup(group),
    ),
    taskId: first(lastSegment(textAt(request, 'task')), lastSegment(taskArn)),
    taskDefinition: first(
      textAt(request, 'taskDefinition'),
      textAt(anyTask, 'taskDefinitionArn'),
      textAt(service, 'taskDefinition'),
      textAt(objectAt(response, 'taskDefinition'), 'taskDefinitionArn'),
      textAt(request, 'family'),
    ),
    group,
    startedBy: first(textAt(request, 'startedBy'), textAt(anyTask, 'startedBy')),
    launchType: first(textAt(request, 'launchType'), textAt(anyTask, 'launchType')),
    requestedCount: typeof count === 'number' && Number.isInteger(count) && count > 0 ? count : undefined,
  };
};

/**
 * `responseElements.failures` of RunTask and StartTask: one entry per task (or container
 * instance) ECS could not place, with its reason.
 * @see https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_Failure.html
 * @see https://docs.aws.amazon.com/AmazonECS/latest/developerguide/api_failures_messages.html
 */
const readFailures = (response: unknown): EcsApiFailure[] =>
  objectsAt(response, 'failures').map((f) => ({ arn: textAt(f, 'arn'), reason: textAt(f, 'reason'), detail: textAt(f, 'detail') }));

/** `AWSReservedSSO_<PermissionSet>_<16 hex>`: the role IAM Identity Center makes for a permission set. */
const SSO_ROLE = /^AWSReservedSSO_(.+)_[0-9a-f]{16}$/;

/** `arn:aws:sts::<account>:assumed-role/<role>/<session>`, split; undefined for any other ARN. */
const assumedRoleOf = (arn: string | undefined): { role: string; session: string } | undefined => {
  const match = arn === undefined ? null : /^arn:[\w-]+:sts::\d*:assumed-role\/([^/]+)\/(.+)$/.exec(arn);
  return match === null ? undefined : { role: match[1] ?? '', session: match[2] ?? '' };
};

/** The `userIdentity` fields a caller is named from, each read once (so a bad one warns once). */
interface IdentityFields {
  type?: string;
  arn?: string;
  userName?: string;
  principalId?: string;
  invokedBy?: string;
  issuerArn?: string;
  issuerName?: string;
  sourceIdentity?: string;
}

const readIdentityFields = (identity: FieldReader | undefined): IdentityFields => {
  const context = identity?.optionalObject('sessionContext');
  const issuer = context?.optionalObject('sessionIssuer');
  return {
    type: identity?.optionalString('type'),
    arn: identity?.optionalString('arn'),
    userName: identity?.optionalString('userName'),
    principalId: identity?.optionalString('principalId'),
    invokedBy: identity?.optionalString('invokedBy'),
    issuerArn: issuer?.optionalString('arn'),
    issuerName: issuer?.optionalString('userName'),
    sourceIdentity: context?.optionalString('sourceIdentity'),
  };
};

const nonEmpty = (value: string | undefined): string | undefined => (value === '' ? undefined : value);

/**
 * Who made the call, from `userIdentity`. The person is what on-call needs: a `sourceIdentity`
 * (set when the role was assumed, kept across role chaining) names them best; an SSO user's
 * session name is their user name; an assumed role's session name says who or what took it;
 * the role (or SSO permission set) is the context. When an AWS service used the role on
 * someone's behalf (`invokedBy`: EventBridge Scheduler, Application Auto Scaling), the service
 * is who.
 * @see https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-user-identity.html
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_temp_control-access_monitor.html
 * @see https://docs.aws.amazon.com/singlesignon/latest/userguide/permissionsetsconcept.html
 */
const actorOf = (id: IdentityFields): CloudTrailActor | undefined => {
  const assumed = assumedRoleOf(id.arn);
  const role = nonEmpty(id.issuerName) ?? nonEmpty(assumed?.role);
  const permissionSet = role === undefined ? undefined : SSO_ROLE.exec(role)?.[1];
  const session = nonEmpty(assumed?.session);
  const arnName = nonEmpty(id.arn?.split(/[/:]/).pop());
  const sourceIdentity = nonEmpty(id.sourceIdentity);
  if (sourceIdentity !== undefined) {
    return { name: sourceIdentity, kind: 'source-identity', role, permissionSet, session: session === sourceIdentity ? undefined : session };
  }
  if (id.type === 'Root') return { name: 'root', kind: 'root' };
  const userName = nonEmpty(id.userName);
  if (id.type === 'IAMUser' && (userName ?? arnName) !== undefined) return { name: userName ?? arnName ?? '', kind: 'iam-user' };
  if (id.type === 'FederatedUser' && arnName !== undefined) return { name: arnName, kind: 'federated-user' };
  const invokedBy = nonEmpty(id.invokedBy);
  if (invokedBy !== undefined && (id.type === 'AWSService' || assumed !== undefined)) return { name: invokedBy, kind: 'aws-service', role, session };
  if (session !== undefined) {
    return permissionSet === undefined ? { name: session, kind: 'role-session', role } : { name: session, kind: 'sso-user', role, permissionSet };
  }
  const fallback = first(userName, arnName, invokedBy, nonEmpty(id.principalId));
  return fallback === undefined ? undefined : { name: fallback, kind: 'unknown', role };
};

/**
 * Reads `AWS API Call via CloudTrail` detail for ECS API calls: who called (`userIdentity`),
 * what the call names (`requestParameters`, `responseElements`), and how it failed.
 * @see https://docs.aws.amazon.com/AmazonECS/latest/developerguide/logging-using-cloudtrail.html
 * @see https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-record-contents.html
 */
export const readCloudTrailEcsDetail = (d: FieldReader): CloudTrailEcsDetail => {
  const identity = readIdentityFields(d.optionalObject('userIdentity'));
  const requestParameters = d.raw('requestParameters') ?? null;
  const responseElements = d.raw('responseElements') ?? null;
  const tasks = isJsonObject(responseElements) ? responseElements.tasks : undefined;
  return {
    eventSource: d.requiredString('eventSource'),
    eventName: d.requiredString('eventName'),
    eventTime: d.optionalString('eventTime'),
    awsRegion: d.optionalString('awsRegion'),
    userIdentityType: identity.type,
    principalArn: identity.issuerArn ?? identity.arn,
    actor: actorOf(identity),
    invokedBy: identity.invokedBy,
    sourceIPAddress: d.optionalString('sourceIPAddress'),
    userAgent: d.optionalString('userAgent'),
    errorCode: d.optionalString('errorCode'),
    errorMessage: d.optionalString('errorMessage'),
    resources: readResources(requestParameters, responseElements),
    failures: readFailures(responseElements),
    tasksReturned: Array.isArray(tasks) ? tasks.length : undefined,
    requestParameters,
    responseElements,
  };
};
