import type { StateStore } from '../../shared/state';
import { MemoryStateStore } from '../../shared/state';
import { eventOf, scenario, SCENARIO_CONFIG } from './scenarios';

const T = (hhmmss: string) => `2026-05-12T${hhmmss}Z`;

describe('gate: duplicates', () => {
  it('processes a redelivered event id once', async () => {
    const s = scenario();
    const event = eventOf('ecs-task/stopped-oom', T('12:00:00'));
    expect((await s.send(event)).gate).toBe('sent');
    const again = await s.send(structuredClone(event));
    expect(again).toMatchObject({ gate: 'duplicate', deliveries: [] });
    expect(again.mutedBy).toMatch(/^event evt-\d+-ecs-task-stopped-oom already received at /);
    expect(s.publisher.sent).toHaveLength(1);
  });

  it.each([
    { $case: 'the same version under another id', first: 5, second: 5, mutedBy: /version 5 of task\/prod\/t1 was already processed/ },
    { $case: 'an older version arriving late', first: 5, second: 3, mutedBy: /stale: version 3 of task\/prod\/t1 arrived after version 5/ },
  ])('drops $case (ECS ordering)', async ({ first, second, mutedBy }) => {
    const s = scenario();
    await s.send(eventOf('ecs-task/stopped-oom', T('12:00:00'), { task: 't1', version: first }));
    const report = await s.send(eventOf('ecs-task/stopped-oom', T('12:00:01'), { task: 't1', version: second }));
    expect(report.gate).toBe('duplicate');
    expect(report.mutedBy).toMatch(mutedBy);
  });

  it('lets the same event id through once its lease is over (the first attempt timed out), sending nothing twice', async () => {
    const s = scenario();
    const event = eventOf('ecs-task/stopped-oom', T('12:00:00'));
    expect((await s.send(event)).gate).toBe('sent');
    // Past the 2-minute lease a copy is taken for Lambda's retry of a timed-out attempt: the
    // delivery log answers for the topic that took the first.
    s.clock.now = Date.parse(T('12:03:00'));
    const retry = await s.send(structuredClone(event));
    expect(retry.deliveries).toEqual([expect.objectContaining({ destination: 'oncall', status: 'already-sent' })]);
    expect(s.publisher.sent).toHaveLength(1);
  });

  it('takes a copy of an event id long after its lease for a late copy, not a retry: a duplicate', async () => {
    const s = scenario();
    const event = eventOf('ecs-task/stopped-oom', T('12:00:00'));
    expect((await s.send(event)).gate).toBe('sent');
    s.clock.now = Date.parse(T('14:00:00'));
    const late = await s.send(structuredClone(event));
    expect(late).toMatchObject({ gate: 'duplicate', mutedBy: expect.stringMatching(/already received at 2026-05-12T12:00:00/) });
    expect(s.publisher.sent).toHaveLength(1);
  });

  it('never runs a copy of an event that was handled and not sent, even in the minutes a retry would', async () => {
    const s = scenario();
    expect((await s.send(eventOf('ecs-task/stopped-oom', T('12:00:00')))).gate).toBe('sent');
    const repeat = eventOf('ecs-task/stopped-oom', T('12:00:20'));
    expect((await s.send(repeat)).gate).toBe('throttled');
    // Its lease ran out at 12:02:20; a timed-out attempt's retry would be let through now.
    s.clock.now = Date.parse(T('12:03:00'));
    expect((await s.send(structuredClone(repeat))).gate).toBe('duplicate');
  });

  it('sends an event whose version write landed but whose answer was lost, when the SDK retries the write (a timeout)', async () => {
    // The first PutItem is applied, its answer times out, the SDK sends it again: the retry is
    // refused by the record the first one wrote. That record is this attempt's, not a copy's.
    let versionWrites = 0;
    const s = scenario(undefined, (now) => {
      const inner = new MemoryStateStore(now);
      return Object.assign(Object.create(inner) as StateStore, {
        putIfGreater: async (record: Parameters<StateStore['putIfGreater']>[0], field: string) => {
          versionWrites += 1;
          await inner.putIfGreater(record, field);
          return inner.putIfGreater(record, field);
        },
      });
    });
    const event = eventOf('ecs-task/stopped-oom', T('12:00:00'));
    const report = await s.send(event);
    expect(versionWrites).toBe(1);
    expect(report.gate).toBe('sent');
    expect(s.publisher.sent).toHaveLength(1);
    // A copy of the event, another delivery, is still a duplicate.
    expect((await s.send(structuredClone(event))).gate).toBe('duplicate');
  });

  it('lets a newer version of the same task through', async () => {
    const s = scenario();
    await s.send(eventOf('ecs-task/running', T('12:00:00'), { task: 't1', version: 3 }));
    expect((await s.send(eventOf('ecs-task/stopped-oom', T('12:00:05'), { task: 't1', version: 4 }))).gate).toBe('sent');
  });
});

describe('gate: throttle and storm grouping', () => {
  it('turns a crash loop into one alert and one digest per window', async () => {
    const s = scenario();
    const outcomes: string[] = [];
    // 30 OOM kills of replacement tasks, one every 20 s: 10 minutes of crash loop.
    for (let n = 0; n < 30; n++) {
      const at = new Date(Date.parse(T('12:00:00')) + n * 20_000).toISOString();
      outcomes.push((await s.send(eventOf('ecs-task/stopped-oom', at, { task: `crash${n}` }))).gate);
    }
    expect(outcomes[0]).toBe('sent');
    expect(outcomes.slice(1).every((o) => o === 'throttled')).toBe(true);
    const digests = [...(await s.flush(T('12:05:00'))), ...(await s.flush(T('12:10:00')))];
    expect(digests.map((d) => [d.since, d.until, d.count])).toEqual([
      ['2026-05-12T12:00:00.000Z', '2026-05-12T12:05:00.000Z', 14],
      ['2026-05-12T12:05:00.000Z', '2026-05-12T12:10:00.000Z', 15],
    ]);
    expect(digests[0]?.alert.digest).toMatchObject({ group: 'cluster=prod, service=payments-api', count: 14, categories: [{ category: 'oom', count: 14 }] });
    expect(s.publisher.sent.map((m) => m.alert.digest === undefined ? 'alert' : 'digest')).toEqual(['alert', 'digest', 'digest']);
    // Nothing else is due: each window is sent once.
    expect(await s.flush(T('12:20:00'))).toEqual([]);
  });

  it('groups a different failure of the same service into the digest', async () => {
    const s = scenario();
    expect((await s.send(eventOf('ecs-task/stopped-oom', T('12:00:00')))).gate).toBe('sent');
    const other = await s.send(eventOf('ecs-task/stopped-essential-exit', T('12:01:00'), { from: 'worker', service: 'payments-api' }));
    expect(other).toMatchObject({ gate: 'grouped', mutedBy: 'group cluster=prod, service=payments-api' });
    // A warning goes through another route, so into another group.
    expect((await s.send(eventOf('ecs-task/stopped-health-check', T('12:01:30')))).gate).toBe('sent');
    const [digest] = await s.flush(T('12:05:00'));
    expect(digest?.alert.digest?.categories).toEqual([{ category: 'essential-exit', count: 1 }]);
  });

  it('sends again after the throttle window when no group holds the alert', async () => {
    const s = scenario(SCENARIO_CONFIG.replace('group_by: [cluster, service], ', ''));
    expect((await s.send(eventOf('ecs-task/stopped-oom', T('12:00:00')))).gate).toBe('sent');
    expect((await s.send(eventOf('ecs-task/stopped-oom', T('12:14:59')))).gate).toBe('throttled');
    expect((await s.send(eventOf('ecs-task/stopped-oom', T('12:15:01')))).gate).toBe('sent');
  });

  it('throttles per service, whatever failed, with throttle_by', async () => {
    const s = scenario(SCENARIO_CONFIG.replace('group_by: [cluster, service], ', '').replace('throttle: 15m }', 'throttle: 15m, throttle_by: [cluster, service] }'));
    expect((await s.send(eventOf('ecs-task/stopped-oom', T('12:00:00')))).gate).toBe('sent');
    const other = await s.send(eventOf('ecs-task/stopped-essential-exit', T('12:01:00'), { from: 'worker', service: 'payments-api' }));
    expect(other).toMatchObject({ gate: 'throttled', mutedBy: 'an alert for cluster=prod, service=payments-api sent on route critical within throttle' });
    expect((await s.send(eventOf('ecs-task/stopped-essential-exit', T('12:01:30'), { from: 'worker', service: 'orders-api' }))).gate).toBe('sent');
  });

  it('holds the first alert for group_wait and sends it with what followed', async () => {
    const s = scenario(SCENARIO_CONFIG.replace('group_interval: 5m', 'group_wait: 1m, group_interval: 5m'));
    expect((await s.send(eventOf('ecs-task/stopped-oom', T('12:00:00')))).gate).toBe('grouped');
    expect((await s.send(eventOf('ecs-task/stopped-essential-exit', T('12:00:30'), { from: 'worker', service: 'payments-api' }))).gate).toBe('grouped');
    expect(s.publisher.sent).toHaveLength(0);
    const [held] = await s.flush(T('12:01:00'));
    expect(held).toMatchObject({ held: true, count: 2 });
    expect(held?.alert.category).toBe('oom');
    expect(held?.alert.summary).toMatch(/\(\+1 more alert in the group\)$/);
    expect(s.publisher.sent).toHaveLength(1);
  });
});

describe('gate: a storm seen by several instances', () => {
  /** Two warm router instances on one table and one clock. */
  const twoInstances = () => {
    const a = scenario();
    const b = scenario(SCENARIO_CONFIG, () => a.store);
    const at = (time: string) => {
      a.clock.now = Date.parse(time);
      b.clock.now = a.clock.now;
      return time;
    };
    return { a, b, at };
  };

  it('counts repeats with one request each once an instance knows the storm, and pages again once another instance resolved it', async () => {
    const { a, b, at } = twoInstances();
    const requests: string[] = [];
    let inside = false;
    const store = a.store;
    for (const method of ['get', 'put', 'putIfAbsent', 'putIfGreater', 'claim', 'add', 'addIfOpen', 'query', 'delete'] as const) {
      const original = store[method].bind(store) as (...args: unknown[]) => Promise<unknown>;
      // One request per call from the gate (the memory store's addIfOpen calls its own add).
      (store as unknown as Record<string, unknown>)[method] = async (...args: unknown[]) => {
        if (inside) return original(...args);
        requests.push(`${method} ${String(args[0] !== null && typeof args[0] === 'object' ? (args[0] as { pk: string }).pk : args[0])}`);
        inside = true;
        try {
          return await original(...args);
        } finally {
          inside = false;
        }
      };
    }
    expect((await a.send(eventOf('ecs-task/stopped-oom', at(T('12:00:00'))))).gate).toBe('sent');
    expect((await a.send(eventOf('ecs-task/stopped-oom', at(T('12:00:20'))))).gate).toBe('throttled');
    requests.length = 0;
    expect((await a.send(eventOf('ecs-task/stopped-oom', at(T('12:00:40'))))).gate).toBe('throttled');
    // Its version record, and the count into the window (refused, were the group over); the
    // silences and the service's deployment state are read again only as their caches expire.
    expect(requests.filter((r) => !/^(query silence|get inhibit#)/.test(r))).toEqual([expect.stringMatching(/^putIfGreater version#/), expect.stringMatching(/^addIfOpen group#critical#/)]);

    // Another instance sees the service steady: the incident is resolved, its group ended.
    await b.send(eventOf('ecs-service-action/steady-state', at(T('12:01:00'))));
    expect(b.publisher.sent.map((m) => m.alert.resolves !== undefined)).toEqual([true]);
    // The next crash on the first instance is a new incident: it pages.
    expect((await a.send(eventOf('ecs-task/stopped-oom', at(T('12:01:30'))))).gate).toBe('sent');
    expect(a.publisher.sent).toHaveLength(2);
  });

  it('pages again on an instance that knew the storm once the throttle it cached is over', async () => {
    const config = 'topics: { oncall: {} }\ndefault: { notify: [oncall], group_by: [cluster, service], group_interval: 5m, repeat_interval: 10m, resolve_hold: 0s }\nroutes:\n  - { name: critical, match: { severity: [critical] }, throttle: 10m }';
    const s = scenario(config);
    const gates: string[] = [];
    for (const time of ['12:00:00', '12:00:20', '12:00:40', '12:09:50', '12:10:10']) gates.push((await s.send(eventOf('ecs-task/stopped-oom', T(time)))).gate);
    expect(gates).toEqual(['sent', 'throttled', 'throttled', 'throttled', 'sent']);
  });
});

describe('gate: resolved messages', () => {
  it('tells the topics that got the alert when the service is steady again, with the duration', async () => {
    const s = scenario();
    await s.send(eventOf('ecs-task/stopped-oom', T('12:00:00')));
    await s.send(eventOf('ecs-task/stopped-oom', T('12:03:00')));
    const steady = await s.send(eventOf('ecs-service-action/steady-state', T('12:23:00'), { service: 'payments-api' }));
    expect(steady.resolved).toEqual([expect.objectContaining({ route: 'critical', durationMs: 23 * 60_000 })]);
    const message = s.publisher.sent.at(-1);
    expect(message?.topic).toBe('oncall');
    expect(message?.alert).toMatchObject({ status: 'resolved', resolves: { category: 'oom', durationMs: 23 * 60_000 } });
    // Once: ECS repeats steady state, the incident is closed.
    expect((await s.send(eventOf('ecs-service-action/steady-state', T('12:30:00'), { service: 'payments-api' }))).resolved).toEqual([]);
    // The next crash pages at once: the group and the throttle ended with the incident.
    expect((await s.send(eventOf('ecs-task/stopped-oom', T('12:31:00')))).gate).toBe('sent');
  });

  it('counts the alerts still waiting for a digest in the resolved message, and sends no digest after it', async () => {
    const s = scenario();
    for (let n = 0; n < 10; n++) await s.send(eventOf('ecs-task/stopped-oom', T(`12:0${n}:00`)));
    await s.flush(T('12:05:00')); // the 12:00-12:05 window: 4 alerts
    await s.send(eventOf('ecs-service-action/steady-state', T('12:09:30'), { service: 'payments-api' }));
    expect(s.publisher.sent.at(-1)?.alert.resolves).toMatchObject({ alerts: 10 });
    expect(await s.flush(T('12:20:00'))).toEqual([]);
    expect(s.publisher.sent.map((m) => (m.alert.digest !== undefined ? 'digest' : m.alert.status))).toEqual(['firing', 'digest', 'resolved']);
  });

  it('skips topics removed from herald.yml since the incident opened, without failing', async () => {
    const store = new MemoryStateStore(() => Date.parse(T('12:10:00')));
    const before = scenario(SCENARIO_CONFIG, () => store);
    await before.send(eventOf('ecs-task/stopped-oom', T('12:00:00')));
    await before.send(eventOf('ecs-task/stopped-oom', T('12:01:00')));
    // Redeployed with the topic renamed: the digest and the incident still name "oncall".
    const after = scenario(SCENARIO_CONFIG.replaceAll('oncall', 'pager'), () => store);
    const [digest] = await after.flush(T('12:05:00'));
    expect(digest).toMatchObject({ count: 1, deliveries: [] });
    const steady = await after.send(eventOf('ecs-service-action/steady-state', T('12:10:00'), { service: 'payments-api' }));
    expect(steady.resolved).toEqual([]);
    expect(after.publisher.sent).toEqual([]);
  });

  it('does not call a deleted service resolved: an audit record opens no incident', async () => {
    const s = scenario();
    expect((await s.send(eventOf('cloudtrail/delete-service', T('12:00:00')))).gate).toBe('sent');
    expect((await s.send(eventOf('ecs-service-action/steady-state', T('12:10:00'), { service: 'worker' }))).resolved).toEqual([]);
  });

  it('sends nothing for a service that never alerted', async () => {
    const s = scenario();
    expect((await s.send(eventOf('ecs-service-action/steady-state', T('12:00:00'), { service: 'payments-api' }))).resolved).toEqual([]);
    expect(s.publisher.sent).toEqual([]);
  });
});

describe('gate: silences and time intervals', () => {
  it('mutes what a herald.yml silence matches while it lasts, and says which', async () => {
    const s = scenario(`${SCENARIO_CONFIG}\nsilences:\n  - { matchers: { service: [payments-api] }, starts: "2026-05-12T11:00:00Z", ends: "2026-05-12T13:00:00Z", comment: "ledger migration", created_by: alice }`);
    const muted = await s.send(eventOf('ecs-task/stopped-oom', T('12:00:00')));
    expect(muted).toMatchObject({ gate: 'silenced', mutedBy: 'silence herald.yml#0 by alice: ledger migration' });
    expect((await s.send(eventOf('ecs-task/stopped-oom', T('13:00:00')))).gate).toBe('sent');
  });

  it('applies run-time silences from the store', async () => {
    const store = new MemoryStateStore(() => Date.parse(T('12:00:00')));
    const { addSilence } = await import('../../shared/gate');
    await addSilence(store, { matchers: { category: ['oom'] }, endsAt: Date.parse(T('14:00:00')), comment: 'known leak, fix deploying', createdBy: 'bob' }, Date.parse(T('11:00:00')));
    const s = scenario(SCENARIO_CONFIG, () => store);
    const report = await s.send(eventOf('ecs-task/stopped-oom', T('12:00:00')));
    expect(report.gate).toBe('silenced');
    expect(report.mutedBy).toMatch(/^silence [0-9a-f]{8} by bob: known leak, fix deploying$/);
  });

  it.each([
    { $case: 'inside a mute interval', route: 'mute_time_intervals: [nights]', time: T('23:30:00'), gate: 'muted' },
    { $case: 'outside a mute interval', route: 'mute_time_intervals: [nights]', time: T('12:00:00'), gate: 'sent' },
    { $case: 'outside the active interval', route: 'active_time_intervals: [nights]', time: T('12:00:00'), gate: 'muted' },
    { $case: 'inside the active interval', route: 'active_time_intervals: [nights]', time: T('23:30:00'), gate: 'sent' },
  ])('$case: $gate', async ({ route, time, gate }) => {
    const config = SCENARIO_CONFIG.replace('throttle: 15m }', `throttle: 15m, ${route} }`) + '\ntime_intervals:\n  nights: { times: [{ start: "22:00", end: "24:00" }], location: UTC }';
    const s = scenario(config);
    expect((await s.send(eventOf('ecs-task/stopped-oom', time))).gate).toBe(gate);
  });
});

describe('gate: inhibition presets', () => {
  it('mutes task alerts while the service deploys, and alerts the deployment instead', async () => {
    const s = scenario();
    await s.send(eventOf('ecs-deployment/in-progress', T('12:00:00'), { service: 'payments-api' }));
    const task = await s.send(eventOf('ecs-task/stopped-oom', T('12:01:00')));
    expect(task.gate).toBe('inhibited');
    expect(task.mutedBy).toMatch(/deployment .* of payments-api in progress/);
    const failed = await s.send(eventOf('ecs-deployment/failed', T('12:10:00'), { service: 'payments-api' }));
    expect(failed.gate).toBe('sent');
    // The deployment is over: task failures alert again.
    expect((await s.send(eventOf('ecs-task/stopped-oom', T('12:11:00')))).gate).not.toBe('inhibited');
  });

  it('mutes the alerts of tasks on a draining container instance', async () => {
    const s = scenario();
    await s.send(eventOf('ecs-container-instance/draining', T('12:00:00')));
    const task = await s.send(eventOf('ecs-task/stopped-oom', T('12:01:00'), { instance: 'b54a2a04046f43319d743f6d7f6ca315' }));
    expect(task.gate).toBe('inhibited');
    expect(task.mutedBy).toMatch(/^container instance b54a2a04046f43319d743f6d7f6ca315: /);
    expect((await s.send(eventOf('ecs-task/stopped-oom', T('12:01:30'), { instance: 'another' }))).gate).toBe('sent');
  });

  it('tells a failed deployment what the task alerts it muted said', async () => {
    const s = scenario();
    const deployment = 'ecs-svc/2203718402285017365';
    await s.send(eventOf('ecs-deployment/in-progress', T('12:00:00'), { service: 'payments-api' }));
    const ownTask = eventOf('ecs-task/stopped-oom', T('12:01:00'));
    (ownTask.detail as Record<string, unknown>).startedBy = deployment;
    for (const event of [ownTask, eventOf('ecs-task/stopped-oom', T('12:02:00')), eventOf('ecs-task/stopped-essential-exit', T('12:03:00'), { from: 'worker', service: 'payments-api' })]) {
      expect((await s.send(event)).gate).toBe('inhibited');
    }
    const failed = await s.send(eventOf('ecs-deployment/failed', T('12:10:00'), { service: 'payments-api' }));
    expect(failed.gate).toBe('sent');
    expect(s.publisher.sent.at(-1)?.alert.deploymentTasks).toEqual({
      deploymentId: deployment,
      count: 3,
      fromDeployment: 1,
      categories: [{ category: 'oom', count: 2 }, { category: 'essential-exit', count: 1 }],
      last: { summary: 'prod/payments-api: essential container payments-api exited 1 (application error)', time: T('12:03:00') },
    });
  });

  it.each([
    { case: 'no task alert was muted', config: SCENARIO_CONFIG, tasks: 0 },
    // Without grouping, so the failure is sent after the task alerts that were not muted.
    { case: 'the deployments preset is off', config: SCENARIO_CONFIG.replace('inhibit: [deployments, infrastructure]', 'inhibit: [infrastructure]').replace('group_by: [cluster, service], ', ''), tasks: 2 },
  ])('a failed deployment tells no task alerts when $case', async ({ config, tasks }) => {
    const s = scenario(config);
    await s.send(eventOf('ecs-deployment/in-progress', T('12:00:00'), { service: 'payments-api' }));
    for (let n = 0; n < tasks; n += 1) await s.send(eventOf('ecs-task/stopped-oom', T(`12:0${n + 1}:00`)));
    await s.send(eventOf('ecs-deployment/failed', T('12:10:00'), { service: 'payments-api' }));
    const failed = s.publisher.sent.filter((m) => m.alert.category === 'deployment-failed');
    expect(failed).toHaveLength(1);
    expect(failed[0]?.alert.deploymentTasks).toBeUndefined();
  });

  it('does nothing when the presets are off', async () => {
    const s = scenario(SCENARIO_CONFIG.replace('inhibit: [deployments, infrastructure]\n', ''));
    await s.send(eventOf('ecs-deployment/in-progress', T('12:00:00'), { service: 'payments-api' }));
    expect((await s.send(eventOf('ecs-task/stopped-oom', T('12:01:00')))).gate).toBe('sent');
  });
});

describe('gate: fail open', () => {
  /** A state store whose table is gone. */
  const unreachable = (): StateStore => {
    const fail = async (): Promise<never> => {
      throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:8000'), { name: 'NetworkingError' });
    };
    return { get: fail, put: fail, putIfAbsent: fail, putIfGreater: fail, claim: fail, add: fail, addIfOpen: fail, query: fail, delete: fail };
  };

  it('delivers every alert, marked, and reports each stage that failed', async () => {
    const s = scenario(SCENARIO_CONFIG, unreachable);
    const first = await s.send(eventOf('ecs-task/stopped-oom', T('12:00:00')));
    const second = await s.send(eventOf('ecs-task/stopped-oom', T('12:00:10')));
    for (const report of [first, second]) {
      expect(report.gate).toBe('sent');
      expect(report.failOpen).toMatch(/NetworkingError: connect ECONNREFUSED/);
    }
    expect(s.publisher.sent).toHaveLength(2);
    expect(s.publisher.sent[0]?.alert.gateUnavailable).toMatch(/ECONNREFUSED/);
    expect(new Set(s.failOpen)).toEqual(new Set(['ordering', 'silences', 'inhibition', 'throttle/grouping', 'delivery log (oncall)', 'commit (send on critical)']));
  });
});
