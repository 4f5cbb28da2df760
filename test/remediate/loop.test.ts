import { compileConfigText } from '../../shared/compile';
import { MemoryDeadLetters } from '../../shared/deliver';
import { createHeraldPipeline, createInProcessRemediationQueue, createRemediatorPipeline, type RemediationReport, type RemediatorPipeline } from '../../shared/pipeline';
import { MemoryStateStore, StateStorePersistenceLayer } from '../../shared/state';
import { loadRawFixture } from '../support/fixtures';
import { localEcs } from './support';

const CONFIG = `
topics: { oncall: { emails: [oncall@example.com] } }
default: { notify: [oncall], group_by: [cluster, service], group_interval: 5m }
actions:
  restart:
    type: force-new-deployment
    dry_run: false
    cooldown: 2m
    max_attempts: 2
    window: 1h
routes:
  - name: remediation
    match: { category: [remediation] }
  - name: crashes
    match: { category: [oom] }
    remediate: [restart]
`;

/** The same OOM of prod/payments-api, `n` times, `everyMs` apart: a crash loop. */
const crashLoop = (n: number, everyMs: number): unknown[] => {
  const start = Date.parse('2026-05-12T13:00:00Z');
  return Array.from({ length: n }, (_, i) => {
    const event = loadRawFixture('ecs-task/stopped-oom') as Record<string, unknown> & { detail: Record<string, unknown> };
    const taskId = `${String(i).padStart(4, '0')}c32545b881445133440842bacf9`;
    event.id = `loop-${i}`;
    event.time = new Date(start + i * everyMs).toISOString();
    event.resources = [`arn:aws:ecs:us-west-2:111122223333:task/prod/${taskId}`];
    event.detail = { ...event.detail, taskArn: `arn:aws:ecs:us-west-2:111122223333:task/prod/${taskId}`, version: 10 + i };
    return event;
  });
};

describe('a remediation loop: the same failure 50 times in 10 minutes', () => {
  it('acts no more than max_attempts, and the on-call reads a handful of messages', async () => {
    const config = compileConfigText(CONFIG, 'herald.yml');
    let clock = Date.parse('2026-05-12T13:00:00Z');
    const now = () => clock;
    const store = new MemoryStateStore(now);
    const idempotency = new StateStorePersistenceLayer({ store });
    const ecs = localEcs();
    // ECS: the new deployment starts, its tasks crash too, it fails two minutes later.
    const failDeployments = () => {
      const service = ecs.state.services.get('prod/payments-api');
      if (service !== undefined) service.deployments = service.deployments.map((d) => (d.rolloutState === 'IN_PROGRESS' ? { ...d, rolloutState: 'FAILED' } : d));
    };
    const decided: RemediationReport[] = [];
    let remediator: RemediatorPipeline | undefined;
    const sent: string[] = [];
    const publisher = { publish: async (_topic: unknown, message: { subject?: string }) => { sent.push(message.subject ?? ''); return `m-${sent.length}`; } };
    const remediation = () => (remediator ??= createRemediatorPipeline({ config, store, idempotency, publisher, deadLetters: new MemoryDeadLetters(), ecs, now }));
    const { pipeline, processDue } = createHeraldPipeline({ config, store, idempotency, publisher, deadLetters: new MemoryDeadLetters(), remediationQueue: createInProcessRemediationQueue(remediation, (r) => decided.push(r)), now });

    let lastFailure = clock;
    for (const event of crashLoop(50, 12_000)) {
      clock = Date.parse((event as { time: string }).time);
      if (clock - lastFailure >= 120_000) {
        failDeployments();
        lastFailure = clock;
      }
      await processDue(clock);
      await pipeline.processEvent(event);
    }
    await processDue(clock + 3_600_000);

    const outcomes = decided.map(({ result }) => result.guard ?? result.outcome);
    const count = (what: string) => outcomes.filter((o) => o === what).length;
    process.stdout.write(`loop: 50 failures, ${decided.length} decisions: executed ${count('executed')}, deployment ${count('deployment')}, idempotency ${count('idempotency')}, cooldown ${count('cooldown')}, attempts ${count('attempts')}; ECS calls ${ecs.calls.length}; messages ${sent.length}\n`);
    expect(decided).toHaveLength(50);
    expect(ecs.calls).toEqual(['UpdateService prod/payments-api forceNewDeployment', 'UpdateService prod/payments-api forceNewDeployment']);
    expect(count('executed')).toBe(2);
    expect(count('deployment') + count('attempts')).toBe(48);
    expect(count('attempts')).toBeGreaterThan(0);
    // Every decision is an audit alert, and noise control groups them: far fewer messages than decisions.
    expect(sent.length).toBeLessThan(20);
    expect(sent.filter((s) => s.includes('Remediation restart'))).not.toHaveLength(0);
  });
});
