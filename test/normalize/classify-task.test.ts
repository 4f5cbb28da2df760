import { parseEvent } from '../../shared/events';
import { normalizeEvent, type Category, type Severity } from '../../shared/normalize';
import { loadRawFixture } from '../support/fixtures';

type Detail = Record<string, unknown> & { containers: Record<string, unknown>[] };

/** A task fixture with one small mutation of its detail. */
const variant = (fixture: string, mutate: (detail: Detail) => void) => {
  const raw = structuredClone(loadRawFixture(`ecs-task/${fixture}`));
  mutate(raw.detail as Detail);
  const parsed = parseEvent(raw);
  if (!parsed.ok) throw new Error(parsed.error.message);
  return normalizeEvent(parsed.event);
};

describe('task stop classification with contradictory signals', () => {
  it.each<{ case: string; fixture: string; mutate: (d: Detail) => void; category: Category; severity: Severity; evidence?: RegExp }>([
    {
      case: 'OutOfMemoryError reason wins over exit code 0',
      fixture: 'stopped-oom',
      mutate: (d) => { d.containers[0]!.exitCode = 0; },
      category: 'oom', severity: 'critical', evidence: /OutOfMemoryError reason is authoritative/,
    },
    {
      case: 'OutOfMemoryError reason with no exit code',
      fixture: 'stopped-oom',
      mutate: (d) => { delete d.containers[0]!.exitCode; },
      category: 'oom', severity: 'critical',
    },
    {
      case: 'lower-case "container killed due to memory usage"',
      fixture: 'stopped-oom',
      mutate: (d) => { d.containers[0]!.reason = 'container killed due to memory usage'; },
      category: 'oom', severity: 'critical',
    },
    {
      case: 'exit 137 without a reason is a crash that names memory as suspect',
      fixture: 'stopped-exit-137-no-reason',
      mutate: () => undefined,
      category: 'essential-exit', severity: 'critical', evidence: /possibly the OOM killer/,
    },
    {
      case: 'a deployment replacement whose container exited 1 stays routine, with a note',
      fixture: 'stopped-deploy-replace-container-crashed',
      mutate: () => undefined,
      category: 'scale-in-or-deploy-replace', severity: 'info', evidence: /may not handle SIGTERM/,
    },
    {
      case: 'a Spot interruption with exit 137 is Spot, not a crash',
      fixture: 'stopped-spot',
      mutate: (d) => { d.containers[0]!.exitCode = 137; },
      category: 'spot', severity: 'warning',
    },
    {
      case: 'the older TerminationNotice stop code with the Spot reason is Spot',
      fixture: 'stopped-spot',
      mutate: (d) => { d.stopCode = 'TerminationNotice'; },
      category: 'spot', severity: 'warning',
    },
    {
      case: 'TerminationNotice for a terminated EC2 host is infrastructure',
      fixture: 'stopped-ec2-instance-terminated',
      mutate: () => undefined,
      category: 'infrastructure', severity: 'warning',
    },
    {
      case: 'a user stop with a crashed container is a user stop',
      fixture: 'stopped-user',
      mutate: (d) => { d.containers[0]!.exitCode = 1; },
      category: 'user-stop', severity: 'info', evidence: /stopped by a user/,
    },
    {
      case: 'a user stop with a custom StopTask reason',
      fixture: 'stopped-user',
      mutate: (d) => { d.stoppedReason = 'rotating credentials (ticket OPS-1234)'; },
      category: 'user-stop', severity: 'info',
    },
    {
      case: 'CannotStartContainerError wrapping ResourceInitializationError is a bad command',
      fixture: 'stopped-cannot-start-fargate',
      mutate: () => undefined,
      category: 'config-error', severity: 'critical',
    },
    {
      case: 'the typographic apostrophe of newer pull errors',
      fixture: 'stopped-image-pull',
      mutate: (d) => {
        const reason = 'CannotPullContainerError: The task can\u2019t pull the image. Check whether the image exists.';
        d.stoppedReason = reason;
        d.containers[0]!.reason = reason;
      },
      category: 'image-pull', severity: 'critical',
    },
    {
      case: 'registry auth failing inside "unable to pull secrets or registry auth" is task-init, naming both',
      fixture: 'stopped-registry-auth-network',
      mutate: () => undefined,
      category: 'task-init', severity: 'critical', evidence: /secrets or registry auth \(ECR registry auth failed\)/,
    },
    {
      case: 'exit 127 is a command that does not exist',
      fixture: 'stopped-essential-exit',
      mutate: (d) => { d.containers[0]!.exitCode = 127; },
      category: 'config-error', severity: 'critical',
    },
    {
      case: 'exit 0 of an essential container in a service is a warning',
      fixture: 'stopped-essential-exit',
      mutate: (d) => { for (const c of d.containers) c.exitCode = 0; },
      category: 'essential-exit', severity: 'warning',
    },
    {
      case: 'Fargate maintenance of a standalone task is a warning',
      fixture: 'stopped-infrastructure-health',
      mutate: (d) => { d.group = 'family:web'; },
      category: 'infrastructure', severity: 'warning',
    },
    {
      case: 'a stopped task with no stop code, reason or containers',
      fixture: 'stopped-essential-exit',
      mutate: (d) => { delete d.stopCode; delete d.stoppedReason; d.containers = []; },
      category: 'other', severity: 'info',
    },
    {
      case: 'STOPPING with a stop code waits for STOPPED',
      fixture: 'stopped-oom',
      mutate: (d) => { d.lastStatus = 'DEACTIVATING'; },
      category: 'task-lifecycle', severity: 'info',
    },
  ])('$case', ({ fixture, mutate, category, severity, evidence }) => {
    const alert = variant(fixture, mutate);
    expect([alert.category, alert.severity]).toEqual([category, severity]);
    if (evidence !== undefined) {
      expect(alert.evidence.map((e) => `${e.name}: ${e.value}`).join('\n') + alert.summary).toMatch(evidence);
    }
  });
});

describe('fingerprints', () => {
  const fingerprint = (name: string, mutate: (raw: Record<string, unknown>) => void = () => undefined): string => {
    const raw = structuredClone(loadRawFixture(name));
    mutate(raw);
    const parsed = parseEvent(raw);
    if (!parsed.ok) throw new Error(parsed.error.message);
    return normalizeEvent(parsed.event).fingerprint;
  };
  const detail = (raw: Record<string, unknown>) => raw.detail as Detail;

  it.each<{ case: string; a: [string, (raw: Record<string, unknown>) => void]; b: [string, (raw: Record<string, unknown>) => void]; same: boolean }>([
    {
      case: 'a redelivery (new event id) is the same incident',
      a: ['ecs-task/stopped-oom', () => undefined],
      b: ['ecs-task/stopped-oom', (raw) => { raw.id = 'another-delivery'; raw.time = '2026-05-12T13:16:00Z'; }],
      same: true,
    },
    {
      case: 'a replacement task crashing the same way is the same incident',
      a: ['ecs-task/stopped-oom', () => undefined],
      b: ['ecs-task/stopped-oom', (raw) => {
        const d = detail(raw);
        d.taskArn = 'arn:aws:ecs:us-west-2:111122223333:task/prod/0123456789abcdef0123456789abcdef';
        d.containers[0]!.exitCode = 0;
        (raw as { id: string }).id = 'next-task';
      }],
      same: true,
    },
    {
      case: 'the same failure in another service is another incident',
      a: ['ecs-task/stopped-oom', () => undefined],
      b: ['ecs-task/stopped-oom', (raw) => { detail(raw).group = 'service:web'; }],
      same: false,
    },
    {
      case: 'another exit code is another failure mode',
      a: ['ecs-task/stopped-essential-exit', () => undefined],
      b: ['ecs-task/stopped-essential-exit', (raw) => { detail(raw).containers[0]!.exitCode = 139; }],
      same: false,
    },
    {
      case: 'an alarm and its OK share a fingerprint',
      a: ['cloudwatch-alarm/alarm', () => undefined],
      b: ['cloudwatch-alarm/alarm', (raw) => {
        const state = (raw.detail as { state: { value: string } }).state;
        state.value = 'OK';
      }],
      same: true,
    },
    {
      case: 'a failed deployment reported as a service action and as a deployment event is one incident',
      a: ['ecs-deployment/failed', () => undefined],
      b: ['ecs-service-action/deployment-failed', () => undefined],
      same: true,
    },
    {
      case: 'instance health IMPAIRED and OK share a fingerprint',
      a: ['ecs-container-instance-health/container-runtime-impaired', () => undefined],
      b: ['ecs-container-instance-health/container-runtime-ok', () => undefined],
      same: true,
    },
  ])('$case', ({ a, b, same }) => {
    expect(fingerprint(...a) === fingerprint(...b)).toBe(same);
  });
});
