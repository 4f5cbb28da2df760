import { type ArchiveReplayPorts, runArchiveReplay } from '../../cli/archive-replay';
import type { CliIo } from '../../cli/io';
import type { ReplayedEventLine, ReplayStatus } from '../../shared/history';

// How `herald replay --archive --wait` follows a replay: DescribeReplay at once, then every
// poll, each new state printed once; the report read again until it stops growing; exit 1 for
// a failed replay. Ports are in memory, sleeps counted, not waited.

const NOW = Date.parse('2026-05-21T08:00:00Z');
const line = (eventId: string): ReplayedEventLine => ({ eventId, eventTime: '2026-05-20T09:00:00Z', wouldBe: 'delivered', routes: ['critical'], deliveries: ['oncall:replayed'], liveDelivered: [], remediations: [], category: 'oom', severity: 'critical', summary: `prod/web: ${eventId}` });

const run = async (states: ReplayStatus['state'][], reads: number[]) => {
  let out = '';
  let err = '';
  const io: CliIo = { stdout: (t) => { out += t; }, stderr: (t) => { err += t; }, readStdin: () => '' };
  const sleeps: number[] = [];
  let described = 0;
  let read = 0;
  const ports: ArchiveReplayPorts = {
    replayer: {
      start: async (request) => ({ name: request.name, state: 'STARTING', rules: ['r1'], startedAt: new Date(NOW) }),
      describe: async (name) => ({ name, state: states[Math.min(described++, states.length - 1)] ?? 'FAILED', startedAt: new Date(NOW), endedAt: new Date(NOW + 1_000), ...(states.includes('FAILED') ? { reason: 'Archive events could not be decrypted' } : {}) }),
    },
    reports: () => ({ read: async () => Array.from({ length: reads[Math.min(read++, reads.length - 1)] ?? 0 }, (_, i) => line(`e${i}`)) }),
    now: () => NOW + 2_000,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
  };
  const code = await runArchiveReplay({ archive: 'ecs-herald-prod', from: '2026-05-20T09:00:00Z', to: '2026-05-20T10:00:00Z', wait: true, name: 'r', json: false }, io, ports);
  return { code, out, err, sleeps, described, read };
};

describe('herald replay --archive --wait', () => {
  it.each([
    { case: 'over at the first look: no poll, the report read until it stops growing', states: ['COMPLETED'], reads: [2, 3, 3], code: 0, sleeps: [10_000, 10_000], events: 3 },
    { case: 'running, then completed: polled every 5 s, each state printed once', states: ['RUNNING', 'RUNNING', 'COMPLETED'], reads: [1, 1], code: 0, sleeps: [5_000, 5_000, 10_000], events: 1 },
    { case: 'failed: the reason, exit 1', states: ['RUNNING', 'FAILED'], reads: [0], code: 1, sleeps: [5_000], events: 0 },
    { case: 'completed with nothing reported: exit 1', states: ['COMPLETED'], reads: [0, 0], code: 1, sleeps: [10_000], events: 0 },
  ])('$case', async ({ states, reads, code, sleeps, events }) => {
    const result = await run(states, reads);
    expect(result.code).toBe(code);
    expect(result.sleeps).toEqual(sleeps);
    expect(result.out.match(/^state: RUNNING/gm)?.length ?? 0).toBe(states.includes('RUNNING') ? 1 : 0);
    expect(result.out).toContain(`${events} event(s) reported`);
    if (states.includes('FAILED')) expect(result.out).toContain('FAILED (Archive events could not be decrypted)');
  });
});
