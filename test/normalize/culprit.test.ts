import { parseEvent } from '../../shared/events';
import { type Alert, type Category, normalizeEvent, type Severity } from '../../shared/normalize';
import { listFixtures, loadRawFixture } from '../support/fixtures';

type Container = Record<string, unknown>;
type Raw = Record<string, unknown> & { id: string; detail: Record<string, unknown> & { containers: Container[] } };

/** What a row says about one container: ECS's fields, nothing else changed. */
interface ContainerSpec {
  name: string;
  exitCode?: number;
  reason?: string;
}

const alertOf = (raw: Raw): Alert => {
  const parsed = parseEvent(raw);
  if (!parsed.ok) throw new Error(parsed.error.message);
  return normalizeEvent(parsed.event);
};

const raw = (fixture: string): Raw => structuredClone(loadRawFixture(fixture)) as Raw;

/**
 * A task fixture whose containers are replaced by `specs`, each a copy of the fixture's first
 * container (image, ARN, network) with the row's name, exit code and reason.
 */
const withContainers = (fixture: string, specs: readonly ContainerSpec[], group?: string): Raw => {
  const event = raw(fixture);
  const [template] = event.detail.containers;
  if (template === undefined) throw new Error(`${fixture} has no container`);
  event.detail.containers = specs.map((spec, index) => {
    const container: Container = { ...structuredClone(template), name: spec.name, containerArn: `${String(template.containerArn)}-${index}` };
    delete container.exitCode;
    delete container.reason;
    if (spec.exitCode !== undefined) container.exitCode = spec.exitCode;
    if (spec.reason !== undefined) container.reason = spec.reason;
    return container;
  });
  if (group !== undefined) event.detail.group = group;
  return event;
};

/** Every order of `items` (rows have at most 4 containers: 24 orders). */
const permutations = <T>(items: readonly T[]): T[][] => {
  if (items.length <= 1) return [[...items]];
  return items.flatMap((item, index) =>
    permutations([...items.slice(0, index), ...items.slice(index + 1)]).map((rest) => [item, ...rest]));
};

/** The event with its containers in every order. */
const everyOrder = (event: Raw): Raw[] =>
  permutations(event.detail.containers).map((containers) => ({ ...structuredClone(event), detail: { ...structuredClone(event.detail), containers: structuredClone(containers) } }));

const SIDECARS = 'ecs-task/stopped-essential-exit-sidecars';
const RUNNER_PASSED = 'ecs-task/stopped-test-runner-passed';
const RUNNER_FAILED = 'ecs-task/stopped-test-runner-failed';
const STANDALONE = 'family:integration-tests';

describe('the container blamed for a stopped task', () => {
  it.each<{ case: string; event: () => Raw; category: Category; severity: Severity; container: string; exitCode?: string; evidence?: RegExp }>([
    {
      case: 'a crashed app; Envoy SIGKILLed after stopTimeout (137) and the log router SIGTERMed (143) are consequences',
      event: () => raw(SIDECARS),
      category: 'essential-exit', severity: 'critical', container: 'checkout', exitCode: '1',
      evidence: /containers envoy \(exit 137\), log-router \(exit 143\) were stopped by ECS after checkout exited .*consequences, not causes/,
    },
    {
      case: 'a passing test runner (exit 0) with its database sidecar SIGTERMed (143) is a completed job',
      event: () => raw(RUNNER_PASSED),
      category: 'task-completed', severity: 'info', container: 'test-runner', exitCode: '0',
    },
    {
      case: 'the failing run of the same task (exit 1) is the runner\'s crash, not the sidecar\'s 143',
      event: () => raw(RUNNER_FAILED),
      category: 'essential-exit', severity: 'critical', container: 'test-runner', exitCode: '1',
    },
    {
      case: 'a passing test runner whose sidecar ignored SIGTERM and was SIGKILLed (137) is still completed',
      event: () => withContainers(RUNNER_PASSED, [{ name: 'postgres', exitCode: 137 }, { name: 'test-runner', exitCode: 0 }]),
      category: 'task-completed', severity: 'info', container: 'test-runner', exitCode: '0',
    },
    {
      case: 'a scheduled job (RunTask, no group) whose essential container exited 0 is completed',
      event: () => {
        const event = withContainers(RUNNER_PASSED, [{ name: 'postgres', exitCode: 143 }, { name: 'test-runner', exitCode: 0 }]);
        delete event.detail.group;
        return event;
      },
      category: 'task-completed', severity: 'info', container: 'test-runner', exitCode: '0',
    },
    {
      case: 'a service app that exited 0 while its sidecars were SIGTERMed is a warning on the app',
      event: () => withContainers(SIDECARS, [{ name: 'envoy', exitCode: 143 }, { name: 'log-router', exitCode: 143 }, { name: 'checkout', exitCode: 0 }]),
      category: 'essential-exit', severity: 'warning', container: 'checkout', exitCode: '0',
    },
    {
      case: 'a sidecar that crashed (exit 1) stopped the app, which exited 0 on SIGTERM: the sidecar is blamed',
      event: () => withContainers(SIDECARS, [{ name: 'checkout', exitCode: 0 }, { name: 'log-router', exitCode: 0 }, { name: 'envoy', exitCode: 1 }]),
      category: 'essential-exit', severity: 'critical', container: 'envoy', exitCode: '1',
    },
    {
      case: 'the only 137 among 143s (no OOM reason) is the container that was killed',
      event: () => withContainers(SIDECARS, [{ name: 'envoy', exitCode: 143 }, { name: 'log-router', exitCode: 143 }, { name: 'checkout', exitCode: 137 }]),
      category: 'essential-exit', severity: 'critical', container: 'checkout', exitCode: '137', evidence: /possibly the OOM killer/,
    },
    {
      case: 'a container reason that only echoes the task stop does not make a culprit',
      event: () => withContainers(SIDECARS, [{ name: 'envoy', exitCode: 143, reason: 'Essential container in task exited' }, { name: 'checkout', exitCode: 2 }]),
      category: 'essential-exit', severity: 'critical', container: 'checkout', exitCode: '2',
    },
    {
      case: 'every container exited 143: the first by name is named, with a note',
      event: () => withContainers(SIDECARS, [{ name: 'log-router', exitCode: 143 }, { name: 'envoy', exitCode: 143 }, { name: 'checkout', exitCode: 143 }]),
      category: 'essential-exit', severity: 'critical', container: 'checkout', exitCode: '143',
      evidence: /containers envoy \(exit 143\), log-router \(exit 143\) also look like the cause; ECS does not say which container exited first/,
    },
    {
      case: 'two crashes: the first by name is named, the other noted',
      event: () => withContainers(SIDECARS, [{ name: 'envoy', exitCode: 2 }, { name: 'checkout', exitCode: 1 }, { name: 'log-router', exitCode: 143 }]),
      category: 'essential-exit', severity: 'critical', container: 'checkout', exitCode: '1', evidence: /container envoy \(exit 2\) also looks like the cause/,
    },
    {
      case: 'a container with no exit code among SIGTERMed ones is blamed (warning)',
      event: () => withContainers(SIDECARS, [{ name: 'envoy', exitCode: 143 }, { name: 'checkout' }]),
      category: 'essential-exit', severity: 'warning', container: 'checkout',
    },
    {
      case: 'an OOM-killed sidecar listed last is named, not the SIGTERMed app listed first',
      event: () => withContainers(SIDECARS, [{ name: 'checkout', exitCode: 143 }, { name: 'envoy', exitCode: 137, reason: 'OutOfMemoryError: Container killed due to memory usage' }]),
      category: 'oom', severity: 'critical', container: 'envoy', exitCode: '137',
    },
    {
      case: 'the strongest container reason wins, whatever the order: a bad command over a sidecar\'s health check',
      event: () => withContainers(SIDECARS, [
        { name: 'envoy', exitCode: 143, reason: 'Task failed container health checks' },
        { name: 'log-router', reason: 'CannotStartContainerError: failed to create shim task: exec format error' },
      ]),
      category: 'config-error', severity: 'critical', container: 'log-router',
    },
  ])('$case', ({ event, category, severity, container, exitCode, evidence }) => {
    const orders = everyOrder(event());
    const [first, ...others] = orders.map(alertOf);
    if (first === undefined) throw new Error('no order');
    expect([first.category, first.severity, first.labels.container, first.labels.exitCode]).toEqual([category, severity, container, exitCode]);
    if (evidence !== undefined) expect(first.evidence.map((e) => `${e.name}: ${e.value}`).join('\n')).toMatch(evidence);
    // Not just the verdict: the whole alert (summary, evidence order, fingerprint) is the same in every order.
    for (const alert of others) expect(alert).toEqual(first);
  });

  const multiContainer = listFixtures().filter((name) => name.startsWith('ecs-task/') && raw(name).detail.containers.length > 1);

  it('there are multi-container fixtures to permute', () => {
    expect(multiContainer.length).toBeGreaterThanOrEqual(8);
  });

  it.each(multiContainer.map((fixture) => ({ case: fixture, fixture })))('$case: the same alert in every container order', ({ fixture }) => {
    const [first, ...others] = everyOrder(raw(fixture)).map(alertOf);
    for (const alert of others) {
      expect([alert.category, alert.severity, alert.labels.container, alert.fingerprint]).toEqual([first?.category, first?.severity, first?.labels.container, first?.fingerprint]);
      expect(alert).toEqual(first);
    }
  });
});

describe('the fingerprint follows the culprit', () => {
  const fingerprint = (event: Raw): string => alertOf(event).fingerprint;

  it.each<{ case: string; a: () => Raw; b: () => Raw; same: boolean }>([
    {
      case: 'a passing and a failing run of the same test task are different incidents',
      a: () => raw(RUNNER_PASSED), b: () => raw(RUNNER_FAILED), same: false,
    },
    {
      case: 'the failing run with its sidecar listed first or last is one incident',
      a: () => raw(RUNNER_FAILED),
      b: () => { const event = raw(RUNNER_FAILED); event.detail.containers.reverse(); return event; },
      same: true,
    },
    {
      case: 'two failing runs (other task, other event) are one incident',
      a: () => raw(RUNNER_FAILED),
      b: () => {
        const event = raw(RUNNER_FAILED);
        event.id = 'another-run';
        event.detail.taskArn = 'arn:aws:ecs:us-west-2:111122223333:task/ci/0a1b2c3d4e5f40718293a4b5c6d7e8f9';
        return event;
      },
      same: true,
    },
    {
      case: 'the runner failing and the sidecar failing are different incidents',
      a: () => withContainers(RUNNER_FAILED, [{ name: 'postgres', exitCode: 143 }, { name: 'test-runner', exitCode: 1 }], STANDALONE),
      b: () => withContainers(RUNNER_FAILED, [{ name: 'postgres', exitCode: 1 }, { name: 'test-runner', exitCode: 143 }], STANDALONE),
      same: false,
    },
  ])('$case', ({ a, b, same }) => {
    expect(fingerprint(a()) === fingerprint(b())).toBe(same);
  });
});
