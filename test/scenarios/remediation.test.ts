import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { performance } from 'node:perf_hooks';
import type { BundleSet } from '../support/lambda';
import { type EcsCatalog, FAULTS, recordedEcsCatalog, type WireObject } from '../support/local-ecs';
import { eventId, oomEvent, type RawEvent, taskId } from './events';
import { type Figures, reportFigures } from './figures';
import {
  decidedLines,
  emailText,
  failedDeployment,
  FAILED_AT,
  isRead,
  remediate,
  type RemediatorStep,
  remediationFigures,
  ROLLBACK_TARGET,
  routeEvent,
  routeOf,
  type RouterStep,
} from './remediation';
import { startWorld, type World } from './world';

// Remediation, end to end on the built bundles: the router handles the recorded failed
// deployment of prod/payments-api (revision 42 failed; 41 completed before it) and queues its
// route's decision; the remediator, triggered by the queue as Lambda's SQS event source does
// (one record per event, failed records delivered again, five deliveries at most), re-reads
// the service, runs its guards, acts or reports a dry run, and publishes its audit alert.
// a: the repository's herald.yml (dry runs). b to f: a configuration with a live rollback
// (test/fixtures/config/remediation-live.yml): acting, SQS delivering twice, ECS throttling,
// SNS refusing the audit, a message no remediator can read. In every one, the router itself
// makes only read calls to ECS.

/** The primary deployment of prod/payments-api in the local catalog (which UpdateService changes). */
const primaryOf = (catalog: EcsCatalog): WireObject | undefined =>
  ((catalog.services.find((s) => s.serviceName === 'payments-api')?.deployments ?? []) as WireObject[]).find((d) => d.status === 'PRIMARY');

/** The steps of one scenario, and its world's catalog. */
interface Run {
  world: World;
  catalog: EcsCatalog;
  router: RouterStep;
  remediator: RemediatorStep;
  started: number;
}

/** How a scenario runs: the bundles, the event routed, a fault set before the remediator runs, how its decisions are delivered. */
interface ScenarioOptions {
  bundles: BundleSet;
  /** @default the recorded failed deployment */
  event?: RawEvent;
  prepare?: (world: World) => void;
  deliver: (world: World) => Promise<RemediatorStep>;
}

/** A world on the bundles, the event routed, then the queued decisions delivered. */
const runScenario = async ({ bundles, event = failedDeployment(), prepare, deliver }: ScenarioOptions): Promise<Run> => {
  const started = performance.now();
  const catalog = recordedEcsCatalog();
  const world = await startWorld({ startAt: FAILED_AT + 4_000, bundles, ecsCatalog: catalog });
  const router = await routeEvent(world, event);
  prepare?.(world);
  const remediator = await deliver(world);
  return { world, catalog, router, remediator, started };
};

/** Closes the world, then reports: the common figures and the scenario's own. */
const report = async (id: string, name: string, run: Run, own: Figures = {}, texts: Record<string, string> = {}): Promise<void> => {
  const figures: Figures = {
    ...remediationFigures(run.world, run.router, run.remediator),
    primaryTaskDefinition: String(primaryOf(run.catalog)?.taskDefinition ?? '').replace(/^.*\//, ''),
    ...own,
    elapsedMs: Math.round(performance.now() - run.started),
  };
  await run.world.close();
  reportFigures(id, name, figures, texts);
};

/** The same in every scenario: the router's alert went out on `route`, `decisions` were queued, and ECS was only read. */
const itRoutesWithoutActing = (run: () => Run, route = 'failed-deployments', decisions = 1): void => {
  it(`premise: the router alerts the event (route ${route}) and queues ${decisions} decision(s), making only read calls to ECS`, () => {
    const { router } = run();
    expect(router.result.onFailureDestination).toBe(false);
    expect(router.messages.map((m) => routeOf(m))).toEqual([route]);
    expect(router.decisions).toHaveLength(decisions);
    expect(router.ecsOperations.length).toBeGreaterThan(0);
    expect(router.ecsOperations.filter((op) => !isRead(op))).toEqual([]);
  });
};

describe('remediation a. the shipped herald.yml: a failed deployment, its rollback a dry run', () => {
  let run: Run;
  beforeAll(async () => {
    run = await runScenario({ bundles: 'shipped', deliver: (world) => remediate(world) });
    const [audit] = run.remediator.messages;
    await report('ra', 'remediation-dry-run', run, {}, audit === undefined ? {} : { auditEmail: emailText(audit) });
  }, 60_000);
  afterAll(async () => {
    await run?.world.close();
  });

  itRoutesWithoutActing(() => run);

  it("tells the remediation in the triggering alert's email", () => {
    const body = run.router.messages[0]?.body ?? '';
    expect(body).toMatch(/\nRemediation\n {2}rollback-failed-deployment is asked to roll prod\/payments-api back to the\s+task definition of its last completed deployment, as a dry run/);
  });

  it('re-reads the service from ECS and changes nothing', () => {
    const operations = run.remediator.ecsRequests.map((r) => r.operation);
    expect(operations).toContain('DescribeServices');
    expect(operations.filter((op) => !isRead(op))).toEqual([]);
    expect(primaryOf(run.catalog)?.taskDefinition).toMatch(/payments-api:42$/);
  });

  it('delivers one audit email: a dry run, naming the rollback target payments-api:41', () => {
    expect(run.remediator.deliveries.map((d) => d.failed)).toEqual([false]);
    const audits = run.remediator.messages;
    expect(audits.map((m) => routeOf(m))).toEqual(['remediation']);
    expect(audits[0]?.subject).toMatch(/^\[INFO\] Remediation rollback-failed-deployment \(dry run\): would roll prod\/payments-api back/);
    expect(audits[0]?.body).toContain('outcome: dry run');
    expect(audits[0]?.body).toMatch(/did: +UpdateService prod\/payments-api taskDefinition payments-api:42 ->\s+payments-api:41/);
  });
});

describe('remediation b. a live rollback: executed', () => {
  let run: Run;
  beforeAll(async () => {
    run = await runScenario({ bundles: 'live', deliver: (world) => remediate(world) });
    const update = run.remediator.ecsRequests.find((r) => r.operation === 'UpdateService');
    await report('rb', 'remediation-executed', run, { updateServiceBody: JSON.stringify(update?.body ?? null) });
  }, 60_000);
  afterAll(async () => {
    await run?.world.close();
  });

  itRoutesWithoutActing(() => run);

  it('sends ECS exactly one UpdateService: prod/payments-api to payments-api:41', () => {
    const updates = run.remediator.ecsRequests.filter((r) => r.operation === 'UpdateService');
    expect(updates.map((r) => r.body)).toEqual([{ cluster: 'prod', service: 'payments-api', taskDefinition: ROLLBACK_TARGET }]);
    expect(updates.map((r) => r.outcome)).toEqual([200]);
  });

  it('leaves the service deploying payments-api:41 (its new PRIMARY deployment)', () => {
    expect(primaryOf(run.catalog)).toMatchObject({ taskDefinition: ROLLBACK_TARGET, rolloutState: 'IN_PROGRESS' });
  });

  it('delivers one audit email saying it executed the rollback', () => {
    const audits = run.remediator.messages;
    expect(audits).toHaveLength(1);
    expect(audits[0]?.subject).toMatch(/^\[WARNING\] Remediation rollback-payments: rolled prod\/payments-api back from payments-api:42 to/);
    expect(audits[0]?.body).toContain('outcome: executed');
    expect(decidedLines(run.world.logLines).map((l) => l.outcome)).toEqual(['executed']);
  });
});

describe('remediation c. SQS delivers the decision twice: at once, and again later', () => {
  let run: Run;
  let late: RemediatorStep;
  beforeAll(async () => {
    // Two copies at once, in the two environments the event source's maximumConcurrency allows;
    // then a third, after both were handled (a copy SQS had not deleted).
    run = await runScenario({ bundles: 'live', deliver: (world) => remediate(world, { copies: 2 }) });
    late = await remediate(run.world, { again: run.router.decisions });
    const all = [...run.remediator.deliveries, ...late.deliveries];
    await report('rc', 'remediation-redelivered', run, {
      environments: new Set(run.remediator.deliveries.map((d) => d.invocation.environment)).size,
      lateDeliveries: late.deliveries.length,
      lateEcsOperations: late.ecsRequests.map((r) => r.operation).join(','),
      lateAuditMessages: late.messages.length,
      allDeliveriesFailed: all.filter((d) => d.failed).length,
    });
  }, 60_000);
  afterAll(async () => {
    await run?.world.close();
  });

  itRoutesWithoutActing(() => run);

  it('acts once: one UpdateService in all', () => {
    const updates = [...run.remediator.ecsRequests, ...late.ecsRequests].filter((r) => r.operation === 'UpdateService');
    expect(updates).toHaveLength(1);
    expect(primaryOf(run.catalog)?.taskDefinition).toBe(ROLLBACK_TARGET);
  });

  it('delivers the audit email once', () => {
    expect([...run.remediator.messages, ...late.messages].map((m) => m.subject)).toEqual([expect.stringMatching(/^\[WARNING\] Remediation rollback-payments: rolled/)]);
  });

  it('hands the copy that came second back to the queue; its redelivery, and the late copy, return the outcome', () => {
    const together = run.remediator.deliveries;
    expect(together.map((d) => [d.receiveCount, d.failed]).sort()).toEqual([[1, false], [1, true], [2, false]]);
    const retried = run.world.logLines.filter((l) => l.message === 'remediation will be retried');
    expect(retried.map((l) => l.error)).toEqual([expect.stringMatching(/another delivery of decision .*#failed-deployments#rollback-payments is being carried out/)]);
    expect(run.world.remediationEvents.deadLettered).toEqual([]);
    expect(late.deliveries.map((d) => d.failed)).toEqual([false]);
    // The late copy reads the recorded outcome: it neither re-reads nor changes ECS.
    expect(late.ecsRequests).toEqual([]);
  });

  it('logs and counts the decision once; its copies log that it was already decided', () => {
    expect(decidedLines(run.world.logLines).map((l) => l.outcome)).toEqual(['executed']);
    expect(run.world.logLines.filter((l) => l.message === 'remediation already decided').map((l) => l.outcome)).toEqual(['executed', 'executed']);
  });
});

describe('remediation d. ECS throttles UpdateService past the SDK retries, on the first delivery', () => {
  let run: Run;
  beforeAll(async () => {
    // The remediation budget's three attempts, all throttled.
    run = await runScenario({ bundles: 'live', prepare: (world) => world.ecs.inject(FAULTS.throttle(3, 'UpdateService')), deliver: (world) => remediate(world) });
    await report('rd', 'remediation-throttled-once', run);
  }, 60_000);
  afterAll(async () => {
    await run?.world.close();
  });

  itRoutesWithoutActing(() => run);

  it('reports a batch item failure, then acts once on the second delivery', () => {
    expect(run.remediator.deliveries.map((d) => [d.receiveCount, d.failed])).toEqual([[1, true], [2, false]]);
    const updates = run.remediator.ecsRequests.filter((r) => r.operation === 'UpdateService');
    expect(updates.map((r) => r.outcome)).toEqual([400, 400, 400, 200]);
    expect(primaryOf(run.catalog)?.taskDefinition).toBe(ROLLBACK_TARGET);
    expect(run.remediator.messages.map((m) => m.subject)).toEqual([expect.stringMatching(/^\[WARNING\] Remediation rollback-payments: rolled/)]);
  });
});

describe('remediation d. ECS throttles UpdateService past the SDK retries, on all five deliveries', () => {
  let run: Run;
  beforeAll(async () => {
    run = await runScenario({ bundles: 'live', prepare: (world) => world.ecs.inject(FAULTS.throttle(Number.POSITIVE_INFINITY, 'UpdateService')), deliver: (world) => remediate(world) });
    await report('rd', 'remediation-throttled-always', run);
  }, 60_000);
  afterAll(async () => {
    await run?.world.close();
  });

  itRoutesWithoutActing(() => run);

  it('reports it failed on the last delivery (a critical audit email), having changed nothing', () => {
    expect(run.remediator.deliveries.map((d) => [d.receiveCount, d.failed])).toEqual([[1, true], [2, true], [3, true], [4, true], [5, false]]);
    const updates = run.remediator.ecsRequests.filter((r) => r.operation === 'UpdateService');
    // Three attempts per delivery, five deliveries: every one throttled.
    expect(updates.map((r) => r.outcome)).toEqual(Array.from({ length: 15 }, () => 400));
    expect(primaryOf(run.catalog)?.taskDefinition).toMatch(/payments-api:42$/);
    const audits = run.remediator.messages;
    expect(audits.map((m) => m.subject)).toEqual([expect.stringMatching(/^\[CRITICAL\] Remediation rollback-payments failed: gave up retrying: /)]);
    expect(audits[0]?.body).toContain('ThrottlingException');
    // The last delivery ends well for SQS: reported, not dead-lettered.
    expect(run.world.remediationEvents.deadLettered).toEqual([]);
  });
});

describe('remediation e. SNS refuses the audit alert, then recovers', () => {
  let run: Run;
  beforeAll(async () => {
    // SNS answers 500 to every publish until the decision's second delivery.
    run = await runScenario({
      bundles: 'live',
      prepare: (world) => world.sns.inject({ error: 'InternalError' }),
      deliver: (world) => remediate(world, { beforeDelivery: ({ receiveCount }) => (receiveCount === 2 ? world.sns.clearFaults() : undefined) }),
    });
    await report('re', 'remediation-audit-refused', run);
  }, 60_000);
  afterAll(async () => {
    await run?.world.close();
  });

  itRoutesWithoutActing(() => run);

  it('reports a batch item failure while SNS refuses, and succeeds on the redelivery', () => {
    expect(run.remediator.deliveries.map((d) => [d.receiveCount, d.failed])).toEqual([[1, true], [2, false]]);
    expect(run.world.logLines.filter((l) => l.message === 'remediation will be retried')).toHaveLength(1);
  });

  it('acts once: the redelivery does not call UpdateService again', () => {
    expect(run.remediator.ecsRequests.filter((r) => r.operation === 'UpdateService')).toHaveLength(1);
    expect(primaryOf(run.catalog)?.taskDefinition).toBe(ROLLBACK_TARGET);
  });

  it('delivers the audit email once SNS is back, once', () => {
    expect(run.remediator.publishAttempts).toBeGreaterThan(1);
    expect(run.remediator.messages.map((m) => m.subject)).toEqual([expect.stringMatching(/^\[WARNING\] Remediation rollback-payments: rolled/)]);
  });
});

describe('remediation f. a message no remediator can read', () => {
  let run: Run;
  beforeAll(async () => {
    run = await runScenario({
      bundles: 'live',
      // An OOM kill: alerted (route critical), nothing to remediate, so nothing else is queued.
      event: oomEvent({ id: eventId('rf', 1), service: 'payments-api', task: taskId('rf', 1), at: FAILED_AT }),
      deliver: async (world) => {
        const client = new SQSClient({ region: 'us-west-2', credentials: { accessKeyId: 'AKIDSCENARIOS', secretAccessKey: 'scenarios-secret' } });
        try {
          // A decision cut short: not JSON.
          await client.send(new SendMessageCommand({ QueueUrl: world.remediationQueue.queueUrl('ecs-herald-remediation'), MessageBody: '{"schema":"ecs-herald.remediation-request","version":1,"id":"f69072ea' }));
        } finally {
          client.destroy();
        }
        return remediate(world);
      },
    });
    await report('rf', 'remediation-unreadable', run, {
      unreadableLogLines: run.world.logLines.filter((l) => l.message === 'remediation decision unreadable').length,
    });
  }, 60_000);
  afterAll(async () => {
    await run?.world.close();
  });

  itRoutesWithoutActing(() => run, 'critical', 0);

  it('reports a batch item failure on each delivery, until the queue dead-letters it', () => {
    expect(run.remediator.deliveries.map((d) => [d.receiveCount, d.failed])).toEqual([1, 2, 3, 4, 5].map((n) => [n, true]));
    expect(run.world.remediationEvents.deadLettered).toHaveLength(1);
  });

  it('logs `remediation decision unreadable` as an error on each delivery', () => {
    const lines = run.world.logLines.filter((l) => l.message === 'remediation decision unreadable');
    expect(lines).toHaveLength(5);
    expect(lines.every((l) => l.level === 'ERROR' && String(l.reason).startsWith('not JSON'))).toBe(true);
  });

  it('does nothing else: no ECS call, no message, no decision', () => {
    expect(run.remediator.ecsRequests).toEqual([]);
    expect(run.remediator.publishAttempts).toBe(0);
    expect(decidedLines(run.world.logLines)).toEqual([]);
    expect(run.world.deadLetterQueue.messages).toEqual([]);
  });
});
