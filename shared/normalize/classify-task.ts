import type { EcsContainer, EcsTaskDetail } from '../events';
import type { Category } from './constants';
import { CATEGORIES, type Severity } from './constants';
import { canonicalOrder, findCulprit } from './culprit';
import { headlineOf, matchReasonRule, REASON_RULES, type ReasonRule, ruleSignatureOf } from './task-reasons';
import type { Evidence } from './types';

/** What the classifier concluded about one task state change, and why. */
export interface TaskClassification {
  category: Category;
  severity: Severity;
  /** What happened, e.g. `container app killed: out of memory (exit 137)`. */
  headline: string;
  hint: string;
  /** The container to blame, when there is one. */
  culprit?: EcsContainer;
  /** Identifies this failure mode within the service, for the fingerprint. */
  signature: string;
  /** Notes on contradictory or surprising signals. */
  notes: Evidence[];
}

/**
 * Task stop codes.
 * @see https://docs.aws.amazon.com/AmazonECS/latest/developerguide/stopped-task-error-codes.html
 * @see https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_Task.html (stopCode)
 */
export const STOP_CODES = {
  taskFailedToStart: 'TaskFailedToStart',
  essentialContainerExited: 'EssentialContainerExited',
  userInitiated: 'UserInitiated',
  serviceSchedulerInitiated: 'ServiceSchedulerInitiated',
  spotInterruption: 'SpotInterruption',
  terminationNotice: 'TerminationNotice',
  infrastructureHealth: 'InfrastructureHealth',
} as const;

const ruleById = (id: string): ReasonRule => {
  const rule = REASON_RULES.find((r) => r.id === id);
  if (rule === undefined) throw new Error(`no reason rule "${id}"`);
  return rule;
};
/** The rules the classifier names, resolved once at load rather than on every event. */
const RULES = {
  oom: ruleById('out-of-memory'),
  spot: ruleById('spot-interruption'),
  userStop: ruleById('user-stop'),
  scheduler: ruleById('scheduler-scale-or-deploy'),
  resourceInit: ruleById('resource-initialization'),
  infrastructure: ruleById('infrastructure'),
  cannotStart: ruleById('cannot-start-container'),
} as const;

/**
 * What an exit code says, by the POSIX convention that 128+N means "killed by signal N".
 * @see https://docs.aws.amazon.com/AmazonECS/latest/developerguide/stopped-task-errors.html
 */
export const describeExitCode = (code: number): string => {
  switch (code) {
    case 0: return 'exited normally';
    case 1: return 'application error';
    case 2: return 'misuse of a shell builtin or bad arguments';
    case 126: return 'command found but not executable';
    case 127: return 'command not found';
    case 134: return 'aborted (SIGABRT)';
    case 137: return 'killed (SIGKILL): out of memory, or not stopped within stopTimeout';
    case 139: return 'segmentation fault (SIGSEGV)';
    case 143: return 'terminated (SIGTERM)';
    case 255: return 'exit status out of range or fatal runtime error';
    default: return code > 128 && code < 160 ? `killed by signal ${code - 128}` : 'application-defined error';
  }
};

const containerLine = (c: EcsContainer): string => {
  const exit = c.exitCode === undefined ? 'no exit code' : `exit ${c.exitCode} (${describeExitCode(c.exitCode)})`;
  return c.reason === undefined ? exit : `${exit}; ${c.reason}`;
};

/**
 * Evidence lines for every container: the raw facts, whatever the verdict. The culprit comes
 * first, then the others by name, so the evidence too is the same whatever the event's order.
 */
export const containerEvidence = (containers: readonly EcsContainer[], culprit?: EcsContainer): Evidence[] =>
  canonicalOrder(containers)
    .sort((a, b) => Number(b === culprit) - Number(a === culprit))
    .map((c) => ({ name: `container ${c.name}`, value: `${c.lastStatus ?? 'unknown status'}, ${containerLine(c)}` }));

const isCrash = (c: EcsContainer): boolean =>
  c.exitCode !== undefined && c.exitCode !== 0 && c.exitCode !== 137 && c.exitCode !== 143;

const make = (
  category: Category,
  headline: string,
  hint: string,
  extra: Partial<Pick<TaskClassification, 'culprit' | 'signature' | 'notes' | 'severity'>> = {},
): TaskClassification => ({
  category,
  severity: extra.severity ?? CATEGORIES[category].severity,
  headline,
  hint,
  culprit: extra.culprit,
  signature: extra.signature ?? '',
  notes: extra.notes ?? [],
});

const fromRule = (rule: ReasonRule, text: string, culprit: EcsContainer | undefined, signature: string, notes: Evidence[] = []) =>
  make(rule.category, culprit === undefined ? headlineOf(rule, text) : `container ${culprit.name} ${headlineOf(rule, text)}`, rule.hint, {
    severity: rule.severity,
    culprit,
    signature,
    notes: [{ name: 'matched', value: `${rule.id}: ${text}` }, ...notes],
  });

/** The container reason that matches the strongest rule (rule order, then container name), if any. */
const matchContainerReasons = (containers: readonly EcsContainer[]) => {
  let best: { container: EcsContainer; rule: ReasonRule; text: string; index: number } | undefined;
  for (const container of containers) {
    const match = matchReasonRule([container.reason]);
    if (match === undefined) continue;
    const index = REASON_RULES.indexOf(match.rule);
    if (best === undefined || index < best.index) best = { container, ...match, index };
  }
  return best;
};

/**
 * Classifies a STOPPED task by fusing its stop code, stopped reason, and each container's
 * reason and exit code. Containers are read in a canonical order (by name), so the verdict,
 * the culprit and the fingerprint never depend on the order the event lists them in.
 * Precedence, strongest evidence first:
 *
 * 1. A container `OutOfMemoryError` reason: the kernel killed it, whatever the exit code says
 *    (ECS can report exit 0 or no exit code for an OOM-killed container).
 * 2. The stop code when it names who stopped the task (Spot, user, infrastructure): the
 *    containers' exit codes are then consequences (143 SIGTERM, 137 after stopTimeout).
 * 3. A known message family in a container reason (the strongest rule wins) or the stopped reason.
 * 4. For `EssentialContainerExited`, the culprit's exit code ({@link findCulprit}: 143 and 137
 *    of the containers ECS stopped afterwards are consequences): 137 with no reason is a crash
 *    (SIGKILL), memory the first suspect; 126/127 is a broken command; 0 is a completed
 *    standalone task; any other non-zero exit is an application crash.
 *
 * @see https://docs.aws.amazon.com/AmazonECS/latest/developerguide/stopped-task-error-codes.html
 */
export const classifyStoppedTask = (task: EcsTaskDetail, isServiceTask: boolean): TaskClassification => {
  const { stopCode, stoppedReason } = task;
  const containers = canonicalOrder(task.containers);

  const oomContainer = containers.find((c) => c.reason !== undefined && RULES.oom.pattern.test(c.reason));
  if (oomContainer !== undefined) {
    const notes: Evidence[] = [];
    if (oomContainer.exitCode !== undefined && oomContainer.exitCode !== 137) {
      notes.push({ name: 'note', value: `ECS reported exit code ${oomContainer.exitCode} for an OOM-killed container; the OutOfMemoryError reason is authoritative` });
    }
    const exit = oomContainer.exitCode === undefined ? '' : ` (exit ${oomContainer.exitCode})`;
    return make('oom', `container ${oomContainer.name} killed: out of memory${exit}`, RULES.oom.hint, {
      culprit: oomContainer,
      signature: 'oom',
      notes,
    });
  }

  const crashed = containers.filter(isCrash);
  const crashNote = (what: string): Evidence[] =>
    crashed.map((c) => ({ name: 'note', value: `container ${c.name} exited ${c.exitCode} while the task was being stopped by ${what}; the app may not handle SIGTERM cleanly` }));

  const spotRule = RULES.spot;
  // TerminationNotice is what older events (and EC2 host terminations) carry; only a Spot
  // reason makes it a Spot interruption.
  if (stopCode === STOP_CODES.spotInterruption || (stopCode === STOP_CODES.terminationNotice && spotRule.pattern.test(stoppedReason ?? ''))) {
    return fromRule(spotRule, stoppedReason ?? stopCode, undefined, 'spot', crashNote('a Spot interruption'));
  }
  if (stopCode === STOP_CODES.userInitiated) {
    return fromRule(RULES.userStop, stoppedReason ?? stopCode, undefined, 'user', crashNote('a user'));
  }
  if (stopCode === STOP_CODES.terminationNotice || stopCode === STOP_CODES.infrastructureHealth) {
    return infrastructure(stoppedReason ?? stopCode, isServiceTask);
  }

  // Container reasons are more specific than the task's stoppedReason, so try them first.
  const containerMatch = matchContainerReasons(containers);
  if (containerMatch !== undefined) {
    const { rule, text, container } = containerMatch;
    return fromRule(rule, text, container, `${container.name}:${ruleSignatureOf(rule, text)}`);
  }
  const taskMatch = matchReasonRule([stoppedReason]);
  if (taskMatch?.rule.category === 'infrastructure') return infrastructure(taskMatch.text, isServiceTask);
  if (taskMatch !== undefined && taskMatch.rule.id !== 'user-stop') {
    const notes = taskMatch.rule.category === 'scale-in-or-deploy-replace' ? crashNote('the service scheduler') : [];
    return fromRule(taskMatch.rule, taskMatch.text, undefined, ruleSignatureOf(taskMatch.rule, taskMatch.text), notes);
  }
  if (stopCode === STOP_CODES.serviceSchedulerInitiated) {
    return make('scale-in-or-deploy-replace', 'stopped by the service scheduler', RULES.scheduler.hint, {
      signature: 'scheduler',
      notes: crashNote('the service scheduler'),
    });
  }
  if (stopCode === STOP_CODES.taskFailedToStart) {
    return make('task-init', 'task failed to start', RULES.resourceInit.hint, { signature: 'failed-to-start' });
  }
  return classifyByExitCodes(task, containers, isServiceTask);
};

/**
 * Fargate maintenance and task retirement replace service tasks on their own (info); a
 * standalone task is not replaced, and a lost EC2 host is worth a look (warning).
 * @see https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-maintenance.html
 */
const infrastructure = (text: string, isServiceTask: boolean): TaskClassification => {
  const rule = RULES.infrastructure;
  const routine = isServiceTask && /performing maintenance|task retirement/i.test(text);
  const reason = text.length > 90 ? `${text.slice(0, 89)}…` : text;
  const verdict = { ...fromRule(rule, text, undefined, 'infrastructure'), headline: `${rule.headline}: ${reason}` };
  return routine
    ? { ...verdict, severity: 'info', hint: `${rule.hint} Fargate maintenance of a service task is routine: the scheduler has already started a replacement.` }
    : isServiceTask
      ? verdict
      : { ...verdict, hint: `${rule.hint} This is a standalone task: ECS does not start a replacement, so rerun it if it still needs to run.` };
};

const classifyByExitCodes = (task: EcsTaskDetail, containers: readonly EcsContainer[], isServiceTask: boolean): TaskClassification => {
  const { culprit, notes: culpritNotes } = findCulprit(containers);
  if (culprit === undefined) {
    return make('other', `task stopped: ${task.stoppedReason ?? 'no reason given'}`,
      task.stopCode === undefined
        ? 'ECS gave no stop code or container detail. Check the task in the console (stopped tasks stay visible for about an hour) and the service events.'
        : `ECS stopped the task with stop code ${task.stopCode}, which ecs-herald has no rule for yet, and reported no container detail. Check the stopped reason, the task in the console (stopped tasks stay visible for about an hour) and the service events.`,
      { signature: `other:${task.stopCode ?? ''}`, severity: task.stopCode === undefined ? 'info' : 'warning' });
  }
  const code = culprit.exitCode;
  const verdict = (category: Category, headline: string, hint: string, extra: { severity?: Severity; notes?: Evidence[] } = {}) =>
    make(category, headline, hint, {
      culprit,
      signature: `${culprit.name}:${code === undefined ? 'no-exit-code' : `exit-${code}`}`,
      severity: extra.severity,
      notes: [...(extra.notes ?? []), ...culpritNotes],
    });
  if (code === 137) {
    // Without an OutOfMemoryError reason ECS did not see an OOM kill, so this stays an
    // application exit; the hint names memory as the first suspect.
    return verdict('essential-exit', `essential container ${culprit.name} killed (exit 137, SIGKILL; possibly out of memory)`,
      'Exit 137 is SIGKILL. With no stop request from a user or the scheduler, the usual sender is the kernel OOM killer (a child process, or host memory pressure on EC2, is not always reported as OutOfMemoryError): compare the memory limits with the MemoryUtilization metric and the log tail.',
      { notes: [{ name: 'note', value: 'exit code 137 without an OutOfMemoryError reason: SIGKILL from an unknown sender, possibly the OOM killer' }] });
  }
  if (code === 126 || code === 127) {
    return verdict('config-error', `container ${culprit.name} exited ${code}: ${describeExitCode(code)}`, RULES.cannotStart.hint);
  }
  if (code === undefined) {
    return verdict('essential-exit', `essential container ${culprit.name} stopped with no exit code`,
      'The container stopped without an exit code: it may never have started, or the agent lost track of it. Check the log tail and the container runtime on the host.',
      { severity: 'warning' });
  }
  if (code === 0) {
    if (!isServiceTask) {
      return verdict('task-completed', `task completed: container ${culprit.name} exited 0`, 'Routine: a standalone task ran to completion.');
    }
    return verdict('essential-exit', `essential container ${culprit.name} exited 0 in a service task`,
      'A service expects its essential containers to keep running, but this one exited cleanly: check that the process does not daemonise or finish early, and that its command is the long-running server.',
      { severity: 'warning' });
  }
  return verdict('essential-exit', `essential container ${culprit.name} exited ${code} (${describeExitCode(code)})`,
    'The application exited on its own. The log tail usually shows the error; check recent deployments, configuration and dependencies it connects to at start-up.');
};
