import { renderMessage } from '../../shared/deliver';
import { parseEvent } from '../../shared/events';
import { normalizeEvent, type Alert } from '../../shared/normalize';
import { loadRawFixture } from '../support/fixtures';

type Detail = { memory?: string; containers: { memory?: string; memoryReservation?: string }[] };

/** A task fixture, its first container's and the task's memory changed (undefined removes). */
const variant = (fixture: string, change: (detail: Detail) => void = () => undefined): Alert => {
  const raw = structuredClone(loadRawFixture(fixture));
  change(raw.detail as Detail);
  const parsed = parseEvent(raw);
  if (!parsed.ok) throw new Error(parsed.error.message);
  return normalizeEvent(parsed.event);
};

const memoryOf = (alert: Alert): string | undefined => alert.evidence.find((e) => e.name === 'memory limit')?.value;

describe('the memory limit of a killed container', () => {
  it.each<{ case: string; alert: () => Alert; limit: string | undefined }>([
    { case: 'OOM kill: the container hard limit, and the task', alert: () => variant('ecs-task/stopped-oom'), limit: '896 MiB, container payments-api (task 1024 MiB)' },
    { case: 'OOM kill reported with exit 0', alert: () => variant('ecs-task/stopped-oom-exit-zero'), limit: '896 MiB, container payments-api (task 1024 MiB)' },
    {
      case: 'OOM kill with a soft limit too',
      alert: () => variant('ecs-task/stopped-oom', (d) => { if (d.containers[0]) d.containers[0].memoryReservation = '512'; }),
      limit: '896 MiB, container payments-api, reservation 512 MiB (task 1024 MiB)',
    },
    {
      case: 'OOM kill of a container without a limit of its own: the task limit',
      alert: () => variant('ecs-task/stopped-oom', (d) => { delete d.containers[0]?.memory; }),
      limit: "1024 MiB, the task's (container payments-api has no limit of its own)",
    },
    {
      case: 'OOM kill with only a soft limit (EC2)',
      alert: () => variant('ecs-task/stopped-oom', (d) => { delete d.containers[0]?.memory; delete d.memory; if (d.containers[0]) d.containers[0].memoryReservation = '512'; }),
      limit: "none set (container payments-api, reservation 512 MiB): it can use the instance's free memory",
    },
    { case: 'OOM kill, no sizes in the event', alert: () => variant('ecs-task/stopped-oom', (d) => { delete d.containers[0]?.memory; delete d.memory; }), limit: undefined },
    { case: 'a bare exit 137 (crash, memory the first suspect)', alert: () => variant('ecs-task/stopped-exit-137-no-reason'), limit: '2048 MiB, container worker (task 2048 MiB)' },
    { case: 'a crash with exit 1: no memory line', alert: () => variant('ecs-task/stopped-essential-exit'), limit: undefined },
  ])('$case', ({ alert, limit }) => {
    expect(memoryOf(alert())).toBe(limit);
  });

  it('is in the OOM email body, beside the container that was killed', () => {
    const { body } = renderMessage(variant('ecs-task/stopped-oom'), 'email', { route: 'critical', topic: 'oncall' });
    expect(body).toContain('  container aws-otel-collector: STOPPED, exit 0 (exited normally)\n  memory limit:           896 MiB, container payments-api (task 1024 MiB)\n');
  });

  it('says in "Why it matters" that OutOfMemoryError, not exit 137, makes an OOM kill', () => {
    const { body } = renderMessage(variant('ecs-task/stopped-oom'), 'email', { route: 'critical', topic: 'oncall' });
    expect(body).toContain('OutOfMemoryError, whatever the exit code. A bare exit 137 (SIGKILL) is an\n  essential-exit crash');
    expect(body).not.toContain('exit 137 with no other explanation');
  });
});
