import { normalizeEvent, CATEGORY_NAMES, type Category, type Labels, type Severity } from '../../shared/normalize';
import { EVENT_KINDS } from '../../shared/events';
import { listFixtures, loadFixture } from '../support/fixtures';

/**
 * The classification of every fixture: category, severity and the labels routes match on.
 * A fixture added without a row here fails "every fixture has a row".
 */
const TABLE: [fixture: string, category: Category, severity: Severity, labels: Labels][] = [
    ['cloudtrail/access-denied', 'audit', 'warning', {cluster: 'prod', service: 'payments-api', eventName: 'UpdateService', errorCode: 'AccessDenied', actor: 'github-actions-deploy'}],
    ['cloudtrail/create-cluster', 'audit', 'info', {cluster: 'staging', eventName: 'CreateCluster', actor: 'jdoe@example.com'}],
    ['cloudtrail/create-service', 'audit', 'info', {cluster: 'prod', service: 'worker', eventName: 'CreateService', actor: 'jdoe'}],
    ['cloudtrail/delete-service', 'audit', 'warning', {cluster: 'prod', service: 'worker', eventName: 'DeleteService', actor: 'jdoe'}],
    ['cloudtrail/register-task-definition', 'audit', 'info', {eventName: 'RegisterTaskDefinition', taskDefinitionFamily: 'payments-api', taskDefinitionRevision: '42'}],
    ['cloudtrail/run-task', 'audit', 'info', {cluster: 'batch', taskId: 'b3d5f7a9c1e34b6d8f0a2c4e6b8d0f13', eventName: 'RunTask', actor: 'alice@example.com'}],
    ['cloudtrail/run-task-agent-disconnected', 'placement', 'warning', {cluster: 'prod', taskDefinitionFamily: 'payments-db-migrate', startedBy: 'github-actions/run-4471', eventName: 'RunTask'}],
    ['cloudtrail/run-task-placement-memory', 'placement', 'warning', {cluster: 'batch', taskDefinitionFamily: 'nightly-report', group: 'family:nightly-report', startedBy: 'nightly-report-schedule', eventName: 'RunTask'}],
    ['cloudtrail/stop-task', 'audit', 'info', {cluster: 'prod', service: 'payments-api', taskId: '9c2f4a6b8d0e4f2a8c6e4a2c0e8f6a4b', eventName: 'StopTask'}],
    ['cloudtrail/update-service', 'audit', 'info', {cluster: 'prod', service: 'payments-api', eventName: 'UpdateService', actor: 'github-actions-deploy'}],
    ['cloudtrail/update-service-arns', 'audit', 'info', {cluster: 'prod', service: 'web', eventName: 'UpdateService', actor: 'ops-bot'}],
    ['cloudwatch-alarm/alarm', 'alarm', 'warning', {cluster: 'prod', service: 'payments-api', alarmName: 'prod-payments-api-cpu-high', alarmState: 'ALARM'}],
    ['cloudwatch-alarm/composite-suppressed', 'alarm', 'info', {alarmName: 'prod-payments-api-degraded', alarmState: 'ALARM'}],
    ['cloudwatch-alarm/composite', 'alarm', 'warning', {alarmName: 'prod-payments-api-degraded', alarmState: 'ALARM'}],
    ['cloudwatch-alarm/insufficient-data', 'alarm', 'info', {cluster: 'prod', service: 'worker', alarmName: 'prod-worker-cpu-high', alarmState: 'INSUFFICIENT_DATA'}],
    ['cloudwatch-alarm/ok', 'alarm-ok', 'info', {cluster: 'prod', service: 'web', alarmName: 'prod-web-memory-high', alarmState: 'OK'}],
    // Metric math: the dimensions of the metrics its expression reads.
    ['cloudwatch-alarm/service-running-tasks', 'alarm', 'warning', {cluster: 'prod', service: 'worker', alarmName: 'ecs-herald-prod-prod/worker-running-tasks', alarmState: 'ALARM', metricName: 'RunningTaskCount'}],
    // A load balancer metric names no service by itself (herald.yml's alarms.services does: test/pipeline/service-alarms.test.ts).
    ['cloudwatch-alarm/service-target-5xx', 'alarm', 'warning', {alarmName: 'ecs-herald-prod-prod/payments-api-target-5xx', alarmState: 'ALARM', metricNamespace: 'AWS/ApplicationELB'}],
    ['ecs-container-instance-health/accelerated-compute-impaired', 'instance-impaired', 'warning', {cluster: 'prod', healthCheck: 'ACCELERATED_COMPUTE'}],
    ['ecs-container-instance-health/agent-connectivity-impaired', 'instance-impaired', 'warning', {cluster: 'prod', healthCheck: 'AGENT_CONNECTIVITY'}],
    ['ecs-container-instance-health/container-runtime-impaired', 'instance-impaired', 'critical', {cluster: 'prod', healthCheck: 'CONTAINER_RUNTIME'}],
    ['ecs-container-instance-health/container-runtime-ok', 'instance-impaired', 'info', {cluster: 'prod'}],
    ['ecs-container-instance-health/daemon-impaired', 'instance-impaired', 'warning', {cluster: 'prod', healthCheck: 'DAEMON'}],
    ['ecs-container-instance/agent-disconnected', 'agent-disconnected', 'warning', {cluster: 'prod'}],
    ['ecs-container-instance/draining', 'instance-draining', 'info', {cluster: 'prod'}],
    ['ecs-container-instance/inactive', 'instance-lifecycle', 'info', {cluster: 'prod'}],
    ['ecs-container-instance/resources-changed', 'instance-lifecycle', 'info', {cluster: 'prod'}],
    ['ecs-daemon-deployment/in-progress', 'deployment-progress', 'info', {cluster: 'prod', daemon: 'log-router', eventName: 'DAEMON_DEPLOYMENT_IN_PROGRESS'}],
    ['ecs-daemon-deployment/pending', 'deployment-progress', 'info', {cluster: 'prod', daemon: 'log-router', eventName: 'DAEMON_DEPLOYMENT_PENDING'}],
    ['ecs-daemon-deployment/rollback-failed', 'deployment-failed', 'critical', {cluster: 'prod', daemon: 'log-router', eventName: 'DAEMON_DEPLOYMENT_ROLLBACK_FAILED'}],
    ['ecs-daemon-deployment/rollback-in-progress', 'deployment-rollback', 'warning', {cluster: 'prod', daemon: 'log-router', eventName: 'DAEMON_DEPLOYMENT_ROLLBACK_IN_PROGRESS'}],
    ['ecs-daemon-deployment/rollback-successful', 'deployment-rollback', 'warning', {cluster: 'prod', daemon: 'log-router', eventName: 'DAEMON_DEPLOYMENT_ROLLBACK_SUCCESSFUL'}],
    ['ecs-daemon-deployment/stop-requested', 'deployment-rollback', 'warning', {cluster: 'prod', daemon: 'log-router', eventName: 'DAEMON_DEPLOYMENT_STOP_REQUESTED'}],
    ['ecs-daemon-deployment/stopped', 'other', 'info', {cluster: 'prod', daemon: 'log-router', eventName: 'DAEMON_DEPLOYMENT_STOPPED'}],
    ['ecs-daemon-deployment/successful', 'deployment-completed', 'info', {cluster: 'prod', daemon: 'log-router', eventName: 'DAEMON_DEPLOYMENT_SUCCESSFUL'}],
    ['ecs-daemon-service-action/task-creation-failed', 'placement', 'warning', {cluster: 'prod', daemon: 'log-router', eventName: 'DAEMON_TASK_START_IMPAIRED', failureType: 'TASK_CREATION_FAILED'}],
    ['ecs-daemon-service-action/task-failed-to-run', 'image-pull', 'warning', {cluster: 'prod', daemon: 'log-router', eventName: 'DAEMON_TASK_START_IMPAIRED', failureType: 'TASK_FAILED_TO_RUN'}],
    ['ecs-deployment/completed', 'deployment-completed', 'info', {cluster: 'prod', service: 'web', eventName: 'SERVICE_DEPLOYMENT_COMPLETED', deploymentId: 'ecs-svc/4471190283375620194'}],
    ['ecs-deployment/failed', 'deployment-failed', 'critical', {cluster: 'prod', service: 'payments-api', eventName: 'SERVICE_DEPLOYMENT_FAILED', deploymentId: 'ecs-svc/2203718402285017365'}],
    ['ecs-deployment/in-progress-rollback', 'deployment-rollback', 'warning', {cluster: 'prod', service: 'payments-api', eventName: 'SERVICE_DEPLOYMENT_IN_PROGRESS', deploymentId: 'ecs-svc/6094725312907543671'}],
    ['ecs-deployment/in-progress', 'deployment-progress', 'info', {cluster: 'prod', service: 'payments-api', eventName: 'SERVICE_DEPLOYMENT_IN_PROGRESS', deploymentId: 'ecs-svc/2203718402285017365'}],
    ['ecs-hook/awaiting-action', 'deployment-hook', 'warning', {cluster: 'prod', service: 'payments-api', eventName: 'HOOK_AWAITING_ACTION', lifecycleStage: 'POST_TEST_TRAFFIC_SHIFT'}],
    ['ecs-hook/failed', 'deployment-hook', 'warning', {cluster: 'prod', service: 'payments-api', eventName: 'HOOK_FAILED', lifecycleStage: 'POST_TEST_TRAFFIC_SHIFT'}],
    ['ecs-hook/in-progress', 'deployment-progress', 'info', {cluster: 'prod', service: 'payments-api', eventName: 'HOOK_IN_PROGRESS', lifecycleStage: 'POST_SCALE_UP'}],
    ['ecs-hook/succeeded', 'deployment-progress', 'info', {cluster: 'prod', service: 'payments-api', eventName: 'HOOK_SUCCEEDED', lifecycleStage: 'POST_TEST_TRAFFIC_SHIFT'}],
    ['ecs-hook/timed-out', 'deployment-hook', 'warning', {cluster: 'prod', service: 'payments-api', eventName: 'HOOK_TIMED_OUT', lifecycleStage: 'POST_TEST_TRAFFIC_SHIFT'}],
    ['ecs-service-action/capacity-provider-steady-state', 'steady-state', 'info', {cluster: 'prod', service: 'worker', eventName: 'CAPACITY_PROVIDER_STEADY_STATE'}],
    ['ecs-service-action/daemon-placement-constraint-violated', 'placement', 'warning', {cluster: 'prod', service: 'worker', eventName: 'SERVICE_DAEMON_PLACEMENT_CONSTRAINT_VIOLATED'}],
    ['ecs-service-action/deployment-completed', 'deployment-completed', 'info', {cluster: 'prod', service: 'payments-api', eventName: 'SERVICE_DEPLOYMENT_COMPLETED'}],
    ['ecs-service-action/deployment-failed', 'deployment-failed', 'critical', {cluster: 'prod', service: 'payments-api', eventName: 'SERVICE_DEPLOYMENT_FAILED'}],
    ['ecs-service-action/deployment-in-progress', 'deployment-progress', 'info', {cluster: 'prod', service: 'payments-api', eventName: 'SERVICE_DEPLOYMENT_IN_PROGRESS'}],
    ['ecs-service-action/desired-count-updated', 'service-scaled', 'info', {cluster: 'prod', service: 'web', eventName: 'SERVICE_DESIRED_COUNT_UPDATED'}],
    ['ecs-service-action/operation-throttled', 'throttled', 'warning', {cluster: 'prod', service: 'web', eventName: 'ECS_OPERATION_THROTTLED'}],
    ['ecs-service-action/placement-failure-cpu', 'placement', 'critical', {cluster: 'prod', service: 'worker', eventName: 'SERVICE_TASK_PLACEMENT_FAILURE'}],
    ['ecs-service-action/placement-failure-memory', 'placement', 'critical', {cluster: 'prod', service: 'payments-api', eventName: 'SERVICE_TASK_PLACEMENT_FAILURE'}],
    ['ecs-service-action/placement-failure-other', 'placement', 'critical', {cluster: 'prod', service: 'worker', eventName: 'SERVICE_TASK_PLACEMENT_FAILURE'}],
    ['ecs-service-action/service-discovery-instance-unhealthy', 'health-check', 'warning', {cluster: 'prod', service: 'worker', eventName: 'SERVICE_DISCOVERY_INSTANCE_UNHEALTHY'}],
    ['ecs-service-action/service-discovery-operation-throttled', 'throttled', 'warning', {cluster: 'prod', service: 'worker', eventName: 'SERVICE_DISCOVERY_OPERATION_THROTTLED'}],
    ['ecs-service-action/service-health-unknown', 'other', 'warning', {cluster: 'prod', service: 'web', eventName: 'SERVICE_HEALTH_UNKNOWN'}],
    ['ecs-service-action/steady-state', 'steady-state', 'info', {cluster: 'prod', service: 'payments-api', eventName: 'SERVICE_STEADY_STATE'}],
    ['ecs-service-action/task-configuration-failure', 'config-error', 'critical', {cluster: 'prod', service: 'payments-api', eventName: 'SERVICE_TASK_CONFIGURATION_FAILURE'}],
    ['ecs-service-action/task-start-impaired', 'task-start-impaired', 'critical', {cluster: 'prod', service: 'payments-api', eventName: 'SERVICE_TASK_START_IMPAIRED'}],
    ['ecs-service-action/task-start-impaired-image-pull', 'image-pull', 'critical', {cluster: 'prod', service: 'payments-api', eventName: 'SERVICE_TASK_START_IMPAIRED'}],
    ['ecs-service-action/tasks-stopped', 'scale-in-or-deploy-replace', 'info', {cluster: 'prod', service: 'worker', eventName: 'TASKS_STOPPED'}],
    ['ecs-service-action/taskset-steady-state', 'steady-state', 'info', {cluster: 'prod', service: 'web', eventName: 'TASKSET_STEADY_STATE'}],
    ['ecs-service-action/vpc-lattice-target-unhealthy', 'health-check', 'warning', {cluster: 'prod', service: 'web', eventName: 'VPC_LATTICE_TARGET_UNHEALTHY'}],
    ['ecs-task/pending-never-started', 'task-lifecycle', 'info', {cluster: 'prod', service: 'payments-api'}],
    ['ecs-task/running', 'task-lifecycle', 'info', {cluster: 'prod', service: 'payments-api'}],
    ['ecs-task/spot-interruption-notice', 'spot', 'info', {cluster: 'prod', service: 'web', stopCode: 'SpotInterruption'}],
    ['ecs-task/stopped-cannot-start-fargate', 'config-error', 'critical', {cluster: 'prod', service: 'payments-api', container: 'payments-api', stopCode: 'TaskFailedToStart'}],
    ['ecs-task/stopped-config-error', 'config-error', 'critical', {cluster: 'prod', service: 'worker', container: 'worker', stopCode: 'TaskFailedToStart'}],
    ['ecs-task/stopped-deploy-replace-container-crashed', 'scale-in-or-deploy-replace', 'info', {cluster: 'prod', service: 'worker', stopCode: 'ServiceSchedulerInitiated'}],
    ['ecs-task/stopped-deploy-replace', 'scale-in-or-deploy-replace', 'info', {cluster: 'prod', service: 'web', stopCode: 'ServiceSchedulerInitiated'}],
    ['ecs-task/stopped-ec2-instance-terminated', 'infrastructure', 'warning', {cluster: 'prod', service: 'worker', stopCode: 'TerminationNotice'}],
    ['ecs-task/stopped-efs-mount', 'task-init', 'critical', {cluster: 'prod', service: 'web', stopCode: 'TaskFailedToStart'}],
    ['ecs-task/stopped-elb-health-check', 'health-check', 'warning', {cluster: 'prod', service: 'web', stopCode: 'ServiceSchedulerInitiated'}],
    ['ecs-task/stopped-eni-or-network', 'task-init', 'critical', {cluster: 'prod', service: 'payments-api', stopCode: 'TaskFailedToStart'}],
    ['ecs-task/stopped-eni-provisioning-timeout', 'task-init', 'warning', {cluster: 'prod', service: 'web', stopCode: 'TaskFailedToStart'}],
    ['ecs-task/stopped-essential-exit-no-exit-code', 'essential-exit', 'warning', {cluster: 'prod', service: 'web', container: 'web', stopCode: 'EssentialContainerExited'}],
    ['ecs-task/stopped-essential-exit-sidecars', 'essential-exit', 'critical', {cluster: 'prod', service: 'checkout', container: 'checkout', exitCode: '1', stopCode: 'EssentialContainerExited'}],
    ['ecs-task/stopped-essential-exit', 'essential-exit', 'critical', {cluster: 'prod', service: 'worker', container: 'worker', exitCode: '1', stopCode: 'EssentialContainerExited'}],
    ['ecs-task/stopped-exit-137-no-reason', 'essential-exit', 'critical', {cluster: 'prod', service: 'worker', container: 'worker', exitCode: '137', stopCode: 'EssentialContainerExited'}],
    ['ecs-task/stopped-health-check', 'health-check', 'warning', {cluster: 'prod', service: 'payments-api', stopCode: 'ServiceSchedulerInitiated'}],
    ['ecs-task/stopped-image-pull-ecr-auth', 'image-pull', 'critical', {cluster: 'prod', service: 'worker', container: 'worker', stopCode: 'TaskFailedToStart'}],
    ['ecs-task/stopped-image-pull', 'image-pull', 'critical', {cluster: 'prod', service: 'payments-api', container: 'payments-api', stopCode: 'TaskFailedToStart'}],
    ['ecs-task/stopped-infrastructure-health', 'infrastructure', 'info', {cluster: 'prod', service: 'web', stopCode: 'ServiceSchedulerInitiated'}],
    ['ecs-task/stopped-no-task-arn', 'task-init', 'critical', {cluster: 'prod', service: 'billing-api', taskId: '8d0f2b4c6e8a4b0d9f1e3a5c7b9d1f3e', stopCode: 'TaskFailedToStart'}],
    ['ecs-task/stopped-oom-exit-zero', 'oom', 'critical', {cluster: 'prod', service: 'payments-api', container: 'payments-api', exitCode: '0', stopCode: 'EssentialContainerExited'}],
    ['ecs-task/stopped-oom', 'oom', 'critical', {cluster: 'prod', service: 'payments-api', container: 'payments-api', exitCode: '137', stopCode: 'EssentialContainerExited'}],
    ['ecs-task/stopped-placement-resource', 'placement', 'warning', {cluster: 'prod', service: 'worker', stopCode: 'TaskFailedToStart'}],
    ['ecs-task/stopped-registry-auth-network', 'task-init', 'critical', {cluster: 'prod', service: 'payments-api', stopCode: 'TaskFailedToStart'}],
    ['ecs-task/stopped-scale-in', 'scale-in-or-deploy-replace', 'info', {cluster: 'prod', service: 'web', stopCode: 'ServiceSchedulerInitiated'}],
    ['ecs-task/stopped-secrets-or-registry-auth', 'task-init', 'critical', {cluster: 'prod', service: 'web', stopCode: 'TaskFailedToStart'}],
    ['ecs-task/stopped-secrets', 'task-init', 'critical', {cluster: 'prod', service: 'web', stopCode: 'TaskFailedToStart'}],
    ['ecs-task/stopped-spot', 'spot', 'warning', {cluster: 'prod', service: 'web', stopCode: 'SpotInterruption'}],
    ['ecs-task/stopped-standalone-completed', 'task-completed', 'info', {cluster: 'prod', container: 'report', exitCode: '0', stopCode: 'EssentialContainerExited'}],
    ['ecs-task/stopped-standalone-crashed', 'essential-exit', 'critical', {cluster: 'prod', container: 'report', exitCode: '2', stopCode: 'EssentialContainerExited'}],
    ['ecs-task/stopped-test-runner-failed', 'essential-exit', 'critical', {cluster: 'ci', group: 'family:integration-tests', container: 'test-runner', exitCode: '1', stopCode: 'EssentialContainerExited'}],
    ['ecs-task/stopped-test-runner-passed', 'task-completed', 'info', {cluster: 'ci', group: 'family:integration-tests', container: 'test-runner', exitCode: '0', stopCode: 'EssentialContainerExited'}],
    ['ecs-task/stopped-trimmed-no-cluster-arn', 'essential-exit', 'critical', {cluster: 'prod', service: 'payments-api', taskId: '1e3a5c7e9b1d4f3a5c7e9b1d3f5a7c9e', container: 'payments-api', exitCode: '139', stopCode: 'EssentialContainerExited'}],
    ['ecs-task/stopped-unknown-stop-code', 'other', 'warning', {cluster: 'prod', service: 'worker', stopCode: 'CapacityRebalance'}],
    ['ecs-task/stopped-user', 'user-stop', 'info', {cluster: 'prod', service: 'payments-api', stopCode: 'UserInitiated'}],
    ['remediation-decision/dry-run-rollback', 'remediation', 'info', {cluster: 'prod', service: 'payments-api', action: 'rollback-failed-deployment', outcome: 'dry-run', team: 'payments'}],
    ['remediation-decision/executed-rollback', 'remediation', 'warning', {cluster: 'prod', service: 'payments-api', deploymentId: 'ecs-svc/2203718402285017365', action: 'rollback-failed-deployment', outcome: 'executed'}],
    ['remediation-decision/failed-access-denied', 'remediation', 'critical', {cluster: 'prod', service: 'payments-api', action: 'rollback-failed-deployment', outcome: 'failed'}],
    ['remediation-decision/skipped-attempts', 'remediation', 'warning', {cluster: 'prod', service: 'payments-api', action: 'rollback-failed-deployment', outcome: 'skipped', guard: 'attempts'}],
    ['remediation-decision/skipped-cooldown', 'remediation', 'info', {cluster: 'prod', service: 'payments-api', action: 'rollback-failed-deployment', outcome: 'skipped', guard: 'cooldown'}],
    ['trusted-advisor/ebs-snapshot-aging-warn', 'trusted-advisor', 'warning', {checkName: 'Amazon EBS Snapshots', region: 'us-west-2'}],
    ['trusted-advisor/ebs-snapshot-expired-error', 'trusted-advisor', 'critical', {checkName: 'Amazon EBS Snapshots', region: 'us-west-2'}],
    ['trusted-advisor/ebs-snapshot-taken-ok', 'trusted-advisor', 'info', {checkName: 'Amazon EBS Snapshots', region: 'us-west-2'}],
];

describe('normalizeEvent over the fixture corpus', () => {
  it.each(TABLE.map(([fixture, category, severity, labels]) => ({ fixture, category, severity, labels })))(
    '$fixture is $category/$severity',
    ({ fixture, category, severity, labels }) => {
      const alert = normalizeEvent(loadFixture(fixture));
      expect(alert.category).toBe(category);
      expect(alert.severity).toBe(severity);
      expect(alert.labels).toMatchObject({ ...labels, category, severity });
      expect(alert.summary).not.toMatch(/\n/);
      expect(alert.summary.length).toBeGreaterThan(10);
      expect(alert.hint.length).toBeGreaterThan(10);
      expect(alert.fingerprint).toMatch(/^[0-9a-f]{16}$/);
      for (const value of Object.values(alert.labels)) expect(value).not.toBe('');
    },
  );

  it('every fixture has a row and every row a fixture', () => {
    expect(TABLE.map(([fixture]) => fixture).sort()).toEqual(listFixtures());
  });

  it('covers at least 30 fixtures, every event kind and every category', () => {
    expect(TABLE.length).toBeGreaterThanOrEqual(30);
    const kinds = new Set(TABLE.map(([fixture]) => loadFixture(fixture).kind));
    expect([...kinds].sort()).toEqual(Object.values(EVENT_KINDS).sort());
    const categories = new Set(TABLE.map(([, category]) => category));
    expect(CATEGORY_NAMES.filter((c) => !categories.has(c))).toEqual([]);
  });

  it('routine events are never critical', () => {
    const routine: Category[] = ['task-lifecycle', 'scale-in-or-deploy-replace', 'user-stop', 'steady-state', 'deployment-progress', 'deployment-completed', 'task-completed'];
    for (const [fixture, category] of TABLE) {
      if (routine.includes(category)) expect([fixture, normalizeEvent(loadFixture(fixture)).severity]).toEqual([fixture, 'info']);
    }
  });
});
