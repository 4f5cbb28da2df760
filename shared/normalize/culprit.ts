import type { EcsContainer } from '../events';
import type { Evidence } from './types';

/**
 * What ECS does to the other containers once an essential container has exited: it sends them
 * SIGTERM, which a process that does not handle it dies of (exit 143 = 128 + 15), and SIGKILL
 * after the container's `stopTimeout` (exit 137 = 128 + 9). These codes are what ECS's own stop
 * leaves behind, not why the task stopped.
 * @see https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_definition_parameters.html (stopTimeout, essential)
 * @see https://docs.aws.amazon.com/AmazonECS/latest/developerguide/stopped-task-error-codes.html
 */
export const STOP_SIGNAL_EXIT_CODES = { sigterm: 143, sigkill: 137 } as const;

/** A container reason that only repeats the task's stop, which explains nothing about the container. */
const ECHO_OF_TASK_STOP = /^\s*essential container in task exited\s*$/i;

/**
 * How strongly a container's own record says its exit is what stopped the task; lower is
 * stronger. The event has no `essential` flag and no per-container stop time, and ECS's
 * `stoppedReason` ("Essential container in task exited") does not name the container, so the
 * culprit is inferred from what each container reports:
 *
 * - `reason`: a container reason of its own (not an echo of the task's stop) explains its exit;
 * - `crash`: an exit code ECS's stop does not produce (1, 2, 139...): the process ended on its own;
 * - `clean`: exit 0, the process finished on its own (a job that completed; or a sidecar that
 *   handled SIGTERM, which is why a crash outranks it);
 * - `noExitCode`: stopped without an exit code (never started, or the agent lost it);
 * - `sigkill`: 137, ECS's SIGKILL after stopTimeout, unless nothing else explains the stop
 *   (then it is the kernel's OOM killer or another SIGKILL, as a lone 137 always was);
 * - `sigterm`: 143, ECS's SIGTERM: the weakest, it is what every stopped survivor reports.
 */
const RANKS = { reason: 0, crash: 1, clean: 2, noExitCode: 3, sigkill: 4, sigterm: 5 } as const;

const rankOf = (c: EcsContainer): number => {
  if (c.reason !== undefined && c.reason.trim() !== '' && !ECHO_OF_TASK_STOP.test(c.reason)) return RANKS.reason;
  switch (c.exitCode) {
    case undefined: return RANKS.noExitCode;
    case 0: return RANKS.clean;
    case STOP_SIGNAL_EXIT_CODES.sigkill: return RANKS.sigkill;
    case STOP_SIGNAL_EXIT_CODES.sigterm: return RANKS.sigterm;
    default: return RANKS.crash;
  }
};

const byName = (a: EcsContainer, b: EcsContainer): number =>
  a.name < b.name ? -1 : a.name > b.name ? 1 : (a.containerArn ?? '') < (b.containerArn ?? '') ? -1 : (a.containerArn ?? '') > (b.containerArn ?? '') ? 1 : 0;

/**
 * The containers by name (then ARN): the order the classifier reads them in, so that no verdict,
 * culprit or fingerprint depends on the order an event happens to list them in.
 */
export const canonicalOrder = (containers: readonly EcsContainer[]): EcsContainer[] => [...containers].sort(byName);

/** Who stopped the task, among its containers, and what the others say about it. */
export interface CulpritFinding {
  /** The container whose exit most likely stopped the task; absent when the task has none. */
  culprit?: EcsContainer;
  /** Notes for the evidence: containers ECS stopped afterwards, containers as likely as the culprit. */
  notes: Evidence[];
}

const exitOf = (c: EcsContainer): string => (c.exitCode === undefined ? 'no exit code' : `exit ${c.exitCode}`);

const list = (containers: readonly EcsContainer[]): string => containers.map((c) => `${c.name} (${exitOf(c)})`).join(', ');

/**
 * Finds the container whose exit stopped an `EssentialContainerExited` task (or a task
 * stopped with no stronger signal): the strongest-ranked container (see {@link RANKS}), the
 * first by name among equals. Containers that exited 143 or 137 while a stronger candidate
 * exists are reported as consequences: ECS stopped them after the culprit exited.
 */
export const findCulprit = (containers: readonly EcsContainer[]): CulpritFinding => {
  const ranked = canonicalOrder(containers).map((container) => ({ container, rank: rankOf(container) }));
  let best: { container: EcsContainer; rank: number } | undefined;
  for (const entry of ranked) if (best === undefined || entry.rank < best.rank) best = entry;
  if (best === undefined) return { notes: [] };
  const culprit = best.container;
  const notes: Evidence[] = [];
  const tied = ranked.filter((e) => e.rank === best.rank && e.container !== culprit).map((e) => e.container);
  if (tied.length > 0) {
    notes.push({
      name: 'note',
      value: `${tied.length === 1 ? 'container' : 'containers'} ${list(tied)} also ${tied.length === 1 ? 'looks' : 'look'} like the cause; ECS does not say which container exited first, so ${culprit.name} (first by name) is named`,
    });
  }
  const stopped = ranked.filter((e) => e.rank > best.rank && e.rank >= RANKS.sigkill).map((e) => e.container);
  if (stopped.length > 0) {
    notes.push({
      name: 'note',
      value: `${stopped.length === 1 ? 'container' : 'containers'} ${list(stopped)} ${stopped.length === 1 ? 'was' : 'were'} stopped by ECS after ${culprit.name} exited (SIGTERM, then SIGKILL after stopTimeout): ${stopped.length === 1 ? 'a consequence, not the cause' : 'consequences, not causes'}`,
    });
  }
  return { culprit, notes };
};
