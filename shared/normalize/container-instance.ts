import { type EcsContainerInstanceEvent, type EcsContainerInstanceHealthEvent, parseEcsArn } from '../events';
import { buildAlert, evidenceOf, identifiers } from './alert';
import type { Category, Severity } from './constants';
import type { Alert } from './types';

const instanceScope = (clusterArn: string, containerInstanceArn: string, ec2InstanceId: string | undefined) => {
  const cluster = parseEcsArn(clusterArn)?.name;
  const instance = parseEcsArn(containerInstanceArn)?.name;
  return { cluster, instance, scope: `${cluster ?? 'unknown-cluster'}/${ec2InstanceId ?? instance ?? 'unknown-instance'}` };
};

/**
 * Normalizes an `ECS Container Instance State Change`. Status wins over the agent flag: an
 * instance being deregistered also reports `agentConnected: false`. The agent disconnects
 * and reconnects several times an hour in normal operation, so a disconnect is a warning
 * (for grouping and waiting), never critical.
 * @see https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs_container_instance_events.html
 * @see https://docs.aws.amazon.com/AmazonECS/latest/developerguide/container-instance-draining.html
 */
export const normalizeContainerInstanceEvent = (event: EcsContainerInstanceEvent): Alert => {
  const d = event.detail;
  const { cluster, instance, scope } = instanceScope(d.clusterArn, d.containerInstanceArn, d.ec2InstanceId);
  let category: Category = 'instance-lifecycle';
  let severity: Severity | undefined;
  let headline = `container instance ${d.status}`;
  let hint = 'Routine container instance change (registration, resources, agent update).';
  if (d.status === 'DRAINING') {
    category = 'instance-draining';
    headline = 'container instance draining';
    hint = 'The instance is draining (a user, an Auto Scaling scale-in, or a Spot interruption notice): its service tasks move elsewhere. Make sure the cluster has room for them.';
  } else if (d.status === 'REGISTRATION_FAILED') {
    category = 'instance-impaired';
    headline = 'container instance registration failed';
    hint = 'The instance could not register with the cluster. Check the instance profile role, the ECS_CLUSTER setting in /etc/ecs/ecs.config, and network access to the ECS endpoints.';
  } else if (d.status === 'ACTIVE' && d.agentConnected === false) {
    category = 'agent-disconnected';
    headline = 'ECS agent disconnected';
    hint = 'The ECS agent lost its connection. Brief disconnects are normal (several per hour); if it stays disconnected, tasks on the instance cannot be started or stopped: check the agent logs (/var/log/ecs), the instance network path to ECS, and the agent version.';
  } else if (d.agentUpdateStatus === 'FAILED') {
    category = 'instance-impaired';
    severity = 'warning';
    headline = 'ECS agent update failed';
    hint = 'The agent update failed. Update the AMI or the agent manually.';
  }
  // An active instance whose agent is connected clears a disconnect of the same instance:
  // resolved, with the disconnect's fingerprint (a disconnect still held for the route's
  // group_wait is withdrawn; one already sent is resolved).
  const reconnected = category === 'instance-lifecycle' && d.status === 'ACTIVE' && d.agentConnected === true;
  return buildAlert(event, {
    category,
    severity,
    status: reconnected ? 'resolved' : 'firing',
    summary: `${scope}: ${reconnected ? 'ECS agent connected' : headline}`,
    hint: reconnected ? 'The instance is active and its ECS agent connected: a disconnect of this instance, if one was reported, is over.' : hint,
    labels: { cluster, containerInstance: instance, ec2InstanceId: d.ec2InstanceId, availabilityZone: d.attributes.find((a) => a.name === 'ecs.availability-zone')?.value },
    evidence: evidenceOf({ status: d.status, statusReason: d.statusReason, agentConnected: d.agentConnected === undefined ? undefined : String(d.agentConnected), agentUpdateStatus: d.agentUpdateStatus, updatedAt: d.updatedAt }),
    identifiers: identifiers({ containerInstance: d.containerInstanceArn, cluster: d.clusterArn, ec2Instance: d.ec2InstanceId }),
    fingerprintParts: [reconnected ? 'agent-disconnected' : category, cluster, instance],
  });
};

/**
 * Normalizes an `ECS Container Instance Health Change`. On a managed capacity provider ECS
 * repairs an impaired instance itself (drains and replaces it), so IMPAIRED is a warning
 * there and critical on plain EC2 (`capacityProviderName` null), where nothing does. OK
 * resolves the IMPAIRED alert of the same instance (same fingerprint).
 * @see https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs_container_instance_health_events.html
 */
export const normalizeContainerInstanceHealthEvent = (event: EcsContainerInstanceHealthEvent): Alert => {
  const d = event.detail;
  const { cluster, instance, scope } = instanceScope(d.clusterArn, d.containerInstanceArn, d.ec2InstanceId);
  const impaired = d.healthChecks.filter((h) => h.status === 'IMPAIRED');
  const checks = impaired.map((h) => h.type).join(', ');
  const isImpaired = d.overallStatus === 'IMPAIRED';
  const managed = d.capacityProviderName !== undefined;
  const recovered = d.overallStatus === 'OK';
  return buildAlert(event, {
    // OK resolves the impaired alert: same category, so the routes that sent it send this too.
    category: isImpaired || recovered ? 'instance-impaired' : 'instance-lifecycle',
    severity: isImpaired ? (managed ? 'warning' : 'critical') : 'info',
    status: recovered ? 'resolved' : 'firing',
    summary: isImpaired ? `${scope}: container instance impaired (${checks || 'no check named'})` : `${scope}: container instance health ${d.overallStatus}`,
    hint: isImpaired
      ? managed
        ? 'The instance is impaired; ECS repairs instances of a managed capacity provider by draining and replacing them. Watch for the replacement.'
        : 'The instance is impaired and nothing will replace it automatically: drain it (UpdateContainerInstancesState DRAINING) and terminate it, or restart the container runtime.'
      : recovered
        ? 'The container instance is healthy again: every health check is OK.'
        : 'The instance health changed; no check is impaired.',
    labels: { cluster, containerInstance: instance, ec2InstanceId: d.ec2InstanceId, capacityProvider: d.capacityProviderName, healthCheck: checks || undefined },
    evidence: [
      ...evidenceOf({ overallStatus: d.overallStatus }),
      ...d.healthChecks.map((h) => ({ name: `check ${h.type}`, value: `${h.status ?? 'unknown'}${h.statusReason === undefined ? '' : `: ${h.statusReason}`}` })),
    ],
    identifiers: identifiers({ containerInstance: d.containerInstanceArn, cluster: d.clusterArn, ec2Instance: d.ec2InstanceId }),
    // One fingerprint per instance: OK resolves the IMPAIRED alert.
    fingerprintParts: ['instance-health', cluster, instance],
  });
};
