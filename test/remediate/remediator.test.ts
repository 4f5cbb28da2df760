import { createRemediator, type InvokePort, MemoryEcs, RemediationCallError, RetryableRemediationError } from '../../shared/remediate';
import { MemoryStateStore } from '../../shared/state';
import { actionsOf, failedDeploymentService, localEcs, requestFor, TD } from './support';

const T0 = Date.parse('2026-05-12T12:30:00Z');

const setup = (yaml: string, ecs: MemoryEcs = localEcs(), options: { ratePerMinute?: number; invoke?: InvokePort } = {}) => {
  let clock = T0;
  const store = new MemoryStateStore(() => clock);
  const actions = actionsOf(yaml);
  const remediator = createRemediator({ actions, store, ecs, now: () => clock, ...options });
  return { remediator, actions, ecs, store, advance: (ms: number) => (clock += ms) };
};

const LIVE_ROLLBACK = '  undo:\n    type: rollback\n    dry_run: false\n';

describe('remediator: actions', () => {
  it.each([
    {
      case: 'rollback, a dry run by default: reported, nothing changes',
      yaml: '  undo: { type: rollback }\n',
      action: 'undo', fixture: 'ecs-deployment/failed',
      outcome: 'dry-run', did: 'UpdateService prod/payments-api taskDefinition payments-api:42 -> payments-api:41', calls: [],
    },
    {
      case: 'rollback, live: the service goes back to its last completed task definition',
      yaml: LIVE_ROLLBACK,
      action: 'undo', fixture: 'ecs-deployment/failed',
      outcome: 'executed', did: 'UpdateService prod/payments-api taskDefinition payments-api:42 -> payments-api:41', calls: [`UpdateService prod/payments-api taskDefinition ${TD(41)}`],
    },
    {
      case: 'force-new-deployment of a service short of tasks',
      yaml: '  restart: { type: force-new-deployment, dry_run: false, during_deployment: true }\n',
      action: 'restart', fixture: 'ecs-task/stopped-oom',
      outcome: 'executed', calls: ['UpdateService prod/payments-api forceNewDeployment'],
    },
    {
      case: 'scale by +4 stops at max',
      yaml: '  grow: { type: scale, by: 4, min: 1, max: 5, dry_run: false }\n',
      action: 'grow', fixture: 'ecs-task/stopped-oom',
      outcome: 'executed', did: 'UpdateService prod/payments-api desiredCount 3 -> 5', calls: ['UpdateService prod/payments-api desiredCount 5'],
    },
    {
      case: 'stop-task of a running task',
      yaml: '  stop: { type: stop-task, dry_run: false, reason: crash loop }\n',
      action: 'stop', fixture: 'ecs-task/stopped-oom',
      outcome: 'executed', calls: ['StopTask prod cbc32545b881445133440842bacf91ce (crash loop)'],
    },
    {
      case: 'drain-instance of an impaired container instance',
      yaml: '  drain: { type: drain-instance, dry_run: false }\n',
      action: 'drain', fixture: 'ecs-container-instance-health/container-runtime-impaired',
      outcome: 'executed', calls: ['UpdateContainerInstancesState prod b54a2a04046f43319d743f6d7f6ca315 DRAINING'],
    },
  ])('$case', async ({ yaml, action, fixture, outcome, did, calls }) => {
    const { remediator, actions, ecs } = setup(yaml);
    const result = await remediator.handle(requestFor(actions, action, fixture));
    expect(result).toMatchObject({ outcome, ...(did === undefined ? {} : { did }) });
    expect(result.guard).toBeUndefined();
    expect(ecs.calls).toEqual(calls);
  });

  it('invoke: the function gets the alert document and the decision; its error is a failure', async () => {
    const payloads: string[] = [];
    const invoke: InvokePort = {
      invokeFunction: async (_name, payload) => {
        payloads.push(payload);
        return payloads.length === 1 ? {} : { functionError: 'Unhandled' };
      },
      startAutomation: async () => ({}),
    };
    const { remediator, actions } = setup('  runbook: { type: invoke, function: ecs-runbook, dry_run: false, cooldown: 1s }\n', localEcs(), { invoke });
    expect(await remediator.handle(requestFor(actions, 'runbook', 'ecs-task/stopped-oom', { eventId: 'e1' }))).toMatchObject({ outcome: 'executed', reason: 'invoked Lambda function ecs-runbook' });
    const input = JSON.parse(payloads[0] ?? '{}') as { alert: { schema: string; category: string }; decision: { action: string } };
    expect(input).toMatchObject({ alert: { schema: 'ecs-herald.alert', category: 'oom' }, decision: { action: 'runbook' } });
  });
});

describe('remediator: guards', () => {
  it.each([
    { case: 'allow-list: another cluster', yaml: '  undo: { type: rollback, clusters: [staging] }\n', guard: 'allow-list', reason: /^cluster prod is not among the clusters of action undo \(staging\)$/ },
    { case: 'allow-list: a service name no pattern matches', yaml: '  undo: { type: rollback, services: [web-*, api] }\n', guard: 'allow-list', reason: /^service payments-api matches none of the services of action undo \(web-\*, api\)$/ },
    { case: 'allow-list: a missing tag', yaml: '  undo: { type: rollback, tags: { remediation: enabled } }\n', guard: 'allow-list', reason: /^tag remediation=enabled is required by action undo; the service has no such tag$/ },
    { case: 'action: the alert names no task', yaml: '  stop: { type: stop-task }\n', action: 'stop', fixture: 'ecs-deployment/failed', guard: 'action', reason: /names no task/ },
    {
      case: 'deployment: the circuit breaker rolls back by itself', yaml: LIVE_ROLLBACK, service: failedDeploymentService({ circuitBreakerRollback: true }),
      guard: 'deployment', reason: /^ECS rolls this failed deployment back by itself \(deployment circuit breaker with rollback on\)$/,
    },
    {
      case: 'deployment: ECS is rolling back', yaml: LIVE_ROLLBACK,
      service: failedDeploymentService({ deployments: [{ id: 'ecs-svc/3', status: 'PRIMARY', rolloutState: 'IN_PROGRESS', taskDefinition: TD(41) }, { id: 'ecs-svc/2', status: 'ACTIVE', rolloutState: 'FAILED', taskDefinition: TD(42) }] }),
      guard: 'deployment', reason: /^ECS is rolling the service back/,
    },
    {
      case: 'deployment: in progress, and the action does not act during deployments', yaml: '  restart: { type: force-new-deployment }\n', action: 'restart', fixture: 'ecs-task/stopped-oom',
      service: failedDeploymentService({ deployments: [{ id: 'ecs-svc/3', status: 'PRIMARY', rolloutState: 'IN_PROGRESS', taskDefinition: TD(43) }] }),
      guard: 'deployment', reason: /^a deployment is in progress \(ecs-svc\/3\)/,
    },
    { case: 'target: the service is gone', yaml: LIVE_ROLLBACK, service: null, guard: 'target', reason: /^service prod\/payments-api no longer exists$/ },
    {
      case: 'target: the trigger no longer holds (the service is steady)', yaml: LIVE_ROLLBACK,
      service: failedDeploymentService({ runningCount: 3, deployments: [{ id: 'ecs-svc/4', status: 'PRIMARY', rolloutState: 'COMPLETED', taskDefinition: TD(43) }] }),
      guard: 'target', reason: /^the current deployment \(payments-api:43\) completed: nothing to roll back$/,
    },
    { case: 'target: scale already at its bound', yaml: '  grow: { type: scale, to: 3, min: 1, max: 3 }\n', action: 'grow', fixture: 'ecs-task/stopped-oom', guard: 'target', reason: /^the desired count is already 3 \(its maximum, 3\)$/ },
  ])('$case', async ({ yaml, action = 'undo', fixture = 'ecs-deployment/failed', service, guard, reason }) => {
    const ecs = localEcs();
    if (service === null) ecs.state.services.clear();
    else if (service !== undefined) ecs.state.services.set('prod/payments-api', service);
    const { remediator, actions } = setup(yaml, ecs);
    const result = await remediator.handle(requestFor(actions, action, fixture));
    expect(result).toMatchObject({ outcome: 'skipped', guard });
    expect(result.reason).toMatch(reason);
    expect(ecs.calls).toEqual([]);
  });

  it('idempotency: a redelivered decision returns its first outcome; another decision on the same deployment does not act again', async () => {
    const { remediator, actions, ecs } = setup('  undo: { type: rollback, dry_run: false, cooldown: 1s }\n');
    const request = requestFor(actions, 'undo', 'ecs-deployment/failed', { eventId: 'e1' });
    const first = await remediator.handle(request);
    expect(first.outcome).toBe('executed');
    // The service is back on 41 with a new deployment in progress; its ECS state no longer tells.
    expect(await remediator.handle(structuredClone(request))).toEqual({ ...first, request, repeated: true });
    ecs.state.services.set('prod/payments-api', failedDeploymentService());
    const again = await remediator.handle(requestFor(actions, 'undo', 'ecs-deployment/failed', { eventId: 'e2' }));
    expect(again).toMatchObject({ outcome: 'skipped', guard: 'idempotency' });
    expect(again.reason).toMatch(/^undo already ran on prod\/payments-api for ecs-svc\/2203718402285017365/);
    expect(ecs.calls).toHaveLength(1);
  });

  it('idempotency: two copies of one decision at once (SQS delivers at least once) act once; the other is retried and returns the outcome', async () => {
    const { remediator, actions, ecs } = setup(LIVE_ROLLBACK);
    const request = requestFor(actions, 'undo', 'ecs-deployment/failed', { eventId: 'e1' });
    const copies = await Promise.allSettled([remediator.handle(request), remediator.handle(structuredClone(request))]);
    expect(ecs.calls).toEqual([`UpdateService prod/payments-api taskDefinition ${TD(41)}`]);
    const [done, busy] = copies[0].status === 'fulfilled' ? copies : [copies[1], copies[0]];
    expect(done).toMatchObject({ status: 'fulfilled', value: { outcome: 'executed' } });
    expect(busy).toMatchObject({ status: 'rejected', reason: expect.any(RetryableRemediationError) });
    expect(String(busy.status === 'rejected' ? busy.reason : '')).toMatch(/another delivery of decision e1#critical#undo is being carried out/);
    // The redelivered copy reads the first outcome.
    expect(await remediator.handle(structuredClone(request))).toMatchObject({ outcome: 'executed' });
    expect(ecs.calls).toHaveLength(1);
  });

  it('cooldown, then attempts: at most max_attempts runs in the window, whatever the pace', async () => {
    const { remediator, actions, ecs, advance } = setup('  restart: { type: force-new-deployment, dry_run: false, during_deployment: true, cooldown: 10m, max_attempts: 2, window: 6h }\n');
    const outcomes: string[] = [];
    for (let i = 0; i < 8; i++) {
      const result = await remediator.handle(requestFor(actions, 'restart', 'ecs-task/stopped-oom', { eventId: `e${i}` }));
      outcomes.push(result.guard ?? result.outcome);
      // The new deployment fails too: the service stays short of tasks.
      const service = ecs.state.services.get('prod/payments-api');
      if (service !== undefined) service.deployments = service.deployments.map((d) => (d.status === 'PRIMARY' ? { ...d, rolloutState: 'FAILED' } : d));
      advance(6 * 60_000);
    }
    expect(outcomes).toEqual(['executed', 'cooldown', 'executed', 'cooldown', 'attempts', 'attempts', 'attempts', 'attempts']);
    expect(ecs.calls).toHaveLength(2);
  });

  it('rate: the account-wide cap stops the next action within the minute', async () => {
    const ecs = localEcs();
    ecs.state.services.set('prod/orders', failedDeploymentService({ arn: 'arn:aws:ecs:us-west-2:111122223333:service/prod/orders', name: 'orders' }));
    const { remediator, actions } = setup('  grow: { type: scale, by: 1, min: 1, max: 9, dry_run: false }\n', ecs, { ratePerMinute: 1 });
    const first = requestFor(actions, 'grow', 'ecs-task/stopped-oom', { eventId: 'e1' });
    const second = { ...requestFor(actions, 'grow', 'ecs-task/stopped-oom', { eventId: 'e2' }), target: { ...first.target, service: 'orders' } };
    expect((await remediator.handle(first)).outcome).toBe('executed');
    expect(await remediator.handle(second)).toMatchObject({ outcome: 'skipped', guard: 'rate' });
  });

  it('dry runs keep their own keys: trying an action out never uses up the real one', async () => {
    const store = new MemoryStateStore(() => T0);
    const ecs = localEcs();
    const dry = createRemediator({ actions: actionsOf('  undo: { type: rollback }\n'), store, ecs, now: () => T0 });
    const live = createRemediator({ actions: actionsOf(LIVE_ROLLBACK), store, ecs, now: () => T0 });
    expect((await dry.handle(requestFor(actionsOf('  undo: { type: rollback }\n'), 'undo', 'ecs-deployment/failed', { eventId: 'e1' }))).outcome).toBe('dry-run');
    expect((await live.handle(requestFor(actionsOf(LIVE_ROLLBACK), 'undo', 'ecs-deployment/failed', { eventId: 'e2' }))).outcome).toBe('executed');
  });
});

describe('remediator: failures', () => {
  const failing = (error: Error): MemoryEcs => {
    const ecs = localEcs();
    let calls = 0;
    ecs.updateService = async () => {
      calls += 1;
      if (calls === 1) throw error;
      return { deploymentId: 'ecs-svc/9' };
    };
    return ecs;
  };

  it('a retryable failure gives its keys back and throws, so the redelivered message acts', async () => {
    const { remediator, actions } = setup(LIVE_ROLLBACK, failing(new RetryableRemediationError('ecs:UpdateService', 'ThrottlingException: Rate exceeded')));
    const request = requestFor(actions, 'undo', 'ecs-deployment/failed');
    await expect(remediator.handle(request)).rejects.toThrow(RetryableRemediationError);
    expect(await remediator.handle(request)).toMatchObject({ outcome: 'executed' });
  });

  it('on the last delivery a retryable failure is reported as failed', async () => {
    const { remediator, actions } = setup(LIVE_ROLLBACK, failing(new RetryableRemediationError('ecs:UpdateService', 'ThrottlingException: Rate exceeded')));
    const result = await remediator.handle(requestFor(actions, 'undo', 'ecs-deployment/failed'), { finalAttempt: true });
    expect(result).toMatchObject({ outcome: 'failed', reason: 'gave up retrying: ecs:UpdateService: ThrottlingException: Rate exceeded' });
  });

  it('a permanent failure is reported as failed, with the AWS error', async () => {
    const { remediator, actions } = setup(LIVE_ROLLBACK, failing(new RemediationCallError('ecs:UpdateService', 'AccessDeniedException', 'not authorized to perform: ecs:UpdateService')));
    expect(await remediator.handle(requestFor(actions, 'undo', 'ecs-deployment/failed'))).toMatchObject({ outcome: 'failed', reason: 'ecs:UpdateService: AccessDeniedException: not authorized to perform: ecs:UpdateService' });
  });

  it('an action no longer in herald.yml is skipped, never guessed at', async () => {
    const { remediator, actions } = setup(LIVE_ROLLBACK);
    const request = { ...requestFor(actions, 'undo', 'ecs-deployment/failed'), action: 'renamed' };
    expect(await remediator.handle(request)).toMatchObject({ outcome: 'skipped', guard: 'action', reason: 'action renamed is not in herald.yml (any more)' });
  });
});
