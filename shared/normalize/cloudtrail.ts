import { type CloudTrailActor, type CloudTrailEcsEvent, parseTaskDefinitionArn } from '../events';
import { buildAlert, evidenceOf, identifiers } from './alert';
import type { Alert, Evidence, Labels } from './types';
import { placementReasonsOf, reasonsSignature, reasonText } from './run-task-failures';

/**
 * API calls that remove or disable something: audited as warnings. Everything else is info.
 * @see https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_Operations.html
 */
const DESTRUCTIVE = new Set([
  'DeleteService', 'DeleteCluster', 'DeleteCapacityProvider', 'DeleteTaskDefinitions', 'DeregisterTaskDefinition',
  'DeregisterContainerInstance', 'DeleteTaskSet', 'DeleteAccountSetting', 'DeleteAttributes', 'DeleteDaemon',
]);

/** Calls that place tasks: their `responseElements.failures` are tasks that never ran. */
const PLACING = new Set(['RunTask', 'StartTask']);

/**
 * Who made the call, for a summary: the person or automation first, the role as context
 * ("jdoe@example.com (SSO AdministratorAccess)", "github-actions-deploy (role ci-deployer)").
 */
export const describeActor = (actor: CloudTrailActor | undefined): string => {
  if (actor === undefined) return 'an unknown principal';
  const { name, role, permissionSet, session } = actor;
  const roleText = permissionSet !== undefined ? `SSO ${permissionSet}` : role === undefined ? undefined : `role ${role}`;
  switch (actor.kind) {
    case 'root':
      return 'the root user';
    case 'iam-user':
      return `${name} (IAM user)`;
    case 'federated-user':
      return `${name} (federated user)`;
    case 'source-identity':
      return `${name} (${[roleText, session === undefined ? undefined : `session ${session}`].filter((p) => p !== undefined).join(', ') || 'source identity'})`;
    default:
      return roleText === undefined ? name : `${name} (${roleText})`;
  }
};

/** `family` and `revision` of `family`, `family:revision` or a task definition ARN. */
const taskDefinitionParts = (value: string | undefined): { family?: string; revision?: string } => {
  if (value === undefined) return {};
  if (value.startsWith('arn:')) return parseTaskDefinitionArn(value) ?? {};
  const [family, revision] = value.split(':');
  return { family: family === '' ? undefined : family, revision };
};

/**
 * Normalizes an ECS API call recorded by CloudTrail. A RunTask or StartTask whose response
 * lists `failures` placed fewer tasks than asked (a scheduled job that never ran, and no ECS
 * event will say so): a `placement` warning naming the reasons, the task definition, the cluster
 * and what started it. Any other call is an `audit` record of who did what to which cluster,
 * service or task; a failed call (errorCode) or a destructive one is a warning. Who is the
 * person (SSO user, session name, source identity) with their role as context; the `principal`
 * label stays the role's ARN, the `actor` label is the person.
 * @see https://docs.aws.amazon.com/AmazonECS/latest/developerguide/logging-using-cloudtrail.html
 * @see https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_RunTask.html#API_RunTask_ResponseSyntax
 */
export const normalizeCloudTrailEvent = (event: CloudTrailEcsEvent): Alert => {
  const d = event.detail;
  const r = d.resources;
  const { family, revision } = taskDefinitionParts(r.taskDefinition);
  /** `nightly-report:12` of an ARN, or the task definition as the call gave it. */
  const definition = r.taskDefinition?.split('/').pop();
  const who = describeActor(d.actor);
  const labels: Labels = {
    cluster: r.cluster,
    service: r.service,
    taskId: r.taskId,
    taskDefinitionFamily: family,
    taskDefinitionRevision: revision,
    group: r.group,
    startedBy: r.startedBy,
    launchType: r.launchType,
    eventName: d.eventName,
    principal: d.principalArn,
    actor: d.actor?.name,
    errorCode: d.errorCode,
  };
  const caller: Evidence[] = evidenceOf({
    actor: d.actor === undefined ? undefined : `${d.actor.name} (${d.actor.kind})`,
    role: d.actor?.role,
    permissionSet: d.actor?.permissionSet,
    session: d.actor?.session,
    principal: d.principalArn,
    identityType: d.userIdentityType,
    invokedBy: d.invokedBy,
    sourceIPAddress: d.sourceIPAddress,
    userAgent: d.userAgent,
  });
  const ids = identifiers({
    principal: d.principalArn,
    taskDefinition: r.taskDefinition?.startsWith('arn:') === true ? r.taskDefinition : undefined,
  });

  if (PLACING.has(d.eventName) && d.errorCode === undefined && d.failures.length > 0) {
    const reasons = placementReasonsOf(d.failures);
    const placed = d.tasksReturned ?? 0;
    const requested = Math.max(r.requestedCount ?? 1, placed + 1);
    const what = definition ?? 'task';
    const notPlaced = placed === 0 ? `${what} not placed` : `${requested - placed} of ${requested} ${what} tasks not placed`;
    // The reasons first: they are what a subject line must keep.
    const origin = r.startedBy !== undefined ? `; started by ${r.startedBy}` : r.group !== undefined ? `; group ${r.group}` : '';
    return buildAlert(event, {
      category: 'placement',
      severity: 'warning',
      summary: `${r.cluster ?? 'default'}: ${notPlaced}: ${reasons.map(reasonText).join('; ')}${origin}`,
      hint: [...new Set(reasons.map((reason) => reason.hint))].join(' '),
      // The alert is about the tasks that did not run: a task that did is not its task.
      labels: { ...labels, taskId: undefined },
      evidence: [
        ...evidenceOf({ eventName: d.eventName, taskDefinition: r.taskDefinition, group: r.group, startedBy: r.startedBy, requested, placed }),
        ...d.failures.map((f, i) => ({
          name: `failure ${i + 1}`,
          value: [f.reason ?? 'no reason given', f.detail, f.arn === undefined ? undefined : `on ${f.arn}`].filter((p) => p !== undefined).join(' '),
        })),
        ...caller,
        ...evidenceOf({ eventTime: d.eventTime }),
      ],
      identifiers: ids,
      // The job (its group, else its family) and why: the next run failing the same way repeats it.
      fingerprintParts: ['placement', d.eventName, r.cluster, r.group ?? `family:${family ?? ''}`, reasonsSignature(reasons)],
    });
  }

  const failed = d.errorCode !== undefined;
  const destructive = DESTRUCTIVE.has(d.eventName);
  const target = r.service !== undefined ? `${r.cluster ?? 'default'}/${r.service}` : r.cluster ?? (family !== undefined ? `task definition ${family}` : 'account');
  // RunTask names what it ran; a task id (StopTask's) is a label and evidence, too long for a subject.
  const object = PLACING.has(d.eventName) && definition !== undefined ? ` of ${definition}` : '';
  return buildAlert(event, {
    category: 'audit',
    severity: failed || destructive ? 'warning' : 'info',
    summary: `${target}: ${d.eventName}${object} by ${who}${failed ? ` failed (${d.errorCode ?? ''})` : ''}`,
    hint: failed
      ? `The call failed with ${d.errorCode ?? ''}: ${d.errorMessage ?? 'no message'}. Check the caller's permissions, or whether something is probing the account.`
      : destructive
        ? `A destructive ECS API call by ${who}: confirm it was intended.`
        : 'Audit record of an ECS API call.',
    labels,
    evidence: [
      ...evidenceOf({ eventName: d.eventName, task: r.taskId, taskDefinition: r.taskDefinition }),
      ...caller,
      ...evidenceOf({ errorCode: d.errorCode, errorMessage: d.errorMessage, eventTime: d.eventTime }),
    ],
    identifiers: ids,
    fingerprintParts: ['audit', d.eventName, r.cluster, r.service ?? family, d.principalArn, d.actor?.name, d.errorCode],
  });
};
