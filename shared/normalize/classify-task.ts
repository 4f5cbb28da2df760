import type { EcsContainer, EcsTaskDetail } from '../events';
import type { Category } from './constants';
import { CATEGORIES, type Severity } from './constants';
import { matchReasonRule, REASON_RULES, type ReasonRule } from './task-reasons';
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

/** Evidence lines for every container: the raw facts, whatever the verdict. */
export const containerEvidence = (containers: readonly EcsContainer[]): Evidence[] =>
  containers.map((c) => ({ name: `container ${c.name}`, value: `${c.lastStatus ?? 'unknown status'}, ${containerLine(c)}` }));

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
  make(rule.category, culprit === undefined ? rule.headline : `container ${culprit.name} ${rule.headline}`, rule.hint, {
    severity: rule.severity,
    culprit,
    signature,
    notes: [{ name: 'matched', value: `${rule.id}: ${text}` }, ...notes],
  });

/**
 * Classifies a STOPPED task by fusing its stop code, stopped reason, and each container's
 * reason and exit code. Precedence, strongest evidence first:
 *
 * 1. A container `OutOfMemoryError` reason: the kernel killed it, whatever the exit code says
 *    (ECS can report exit 0 or no exit code for an OOM-killed container).
 * 2. The stop code when it names who stopped the task (Spot, user, infrastructure): the
 *    containers' exit codes are then consequences (143 SIGTERM, 137 after stopTimeout).
 * 3. A known message family in the stopped reason or a container reason.
 * 4. For `EssentialContainerExited`, the exit codes: 137 with no reason is a crash (SIGKILL),
 *    memory the first suspect; 126/127 is a broken command; any other non-zero exit is an
 *    application crash.
 *
 * @see https://docs.aws.amazon.com/AmazonECS/latest/developerguide/stopped-task-error-codes.html
 */
export const classifyStoppedTask = (task: EcsTaskDetail, isServiceTask: boolean): TaskClassification => {
  const { stopCode, stoppedReason, containers } = task;

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
  for (const container of containers) {
    const match = matchReasonRule([container.reason]);
    if (match !== undefined) return fromRule(match.rule, match.text, container, `${container.name}:${match.rule.id}`);
  }
  const taskMatch = matchReasonRule([stoppedReason]);
  if (taskMatch?.rule.category === 'infrastructure') return infrastructure(taskMatch.text, isServiceTask);
  if (taskMatch !== undefined && taskMatch.rule.id !== 'user-stop') {
    const notes = taskMatch.rule.category === 'scale-in-or-deploy-replace' ? crashNote('the service scheduler') : [];
    return fromRule(taskMatch.rule, taskMatch.text, undefined, taskMatch.rule.id, notes);
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
  return classifyByExitCodes(task, isServiceTask);
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

const classifyByExitCodes = (task: EcsTaskDetail, isServiceTask: boolean): TaskClassification => {
  const { containers } = task;
  // The culprit: a container that exited non-zero, else one that stopped with no exit code, else any.
  const culprit =
    containers.find((c) => c.exitCode !== undefined && c.exitCode !== 0) ??
    containers.find((c) => c.exitCode === undefined && c.lastStatus === 'STOPPED') ??
    containers[0];
  if (culprit === undefined) {
    return make('other', `task stopped: ${task.stoppedReason ?? 'no reason given'}`,
      task.stopCode === undefined
        ? 'ECS gave no stop code or container detail. Check the task in the console (stopped tasks stay visible for about an hour) and the service events.'
        : `ECS stopped the task with stop code ${task.stopCode}, which ecs-herald has no rule for yet, and reported no container detail. Check the stopped reason, the task in the console (stopped tasks stay visible for about an hour) and the service events.`,
      { signature: `other:${task.stopCode ?? ''}`, severity: task.stopCode === undefined ? 'info' : 'warning' });
  }
  const code = culprit.exitCode;
  if (code === 137) {
    // Without an OutOfMemoryError reason ECS did not see an OOM kill, so this stays an
    // application exit; the hint names memory as the first suspect.
    return make('essential-exit', `essential container ${culprit.name} killed (exit 137, SIGKILL; possibly out of memory)`,
      'Exit 137 is SIGKILL. With no stop request from a user or the scheduler, the usual sender is the kernel OOM killer (a child process, or host memory pressure on EC2, is not always reported as OutOfMemoryError): compare the memory limits with the MemoryUtilization metric and the log tail.',
      { culprit, signature: `${culprit.name}:exit-137`, notes: [{ name: 'note', value: 'exit code 137 without an OutOfMemoryError reason: SIGKILL from an unknown sender, possibly the OOM killer' }] });
  }
  if (code === 126 || code === 127) {
    return make('config-error', `container ${culprit.name} exited ${code}: ${describeExitCode(code)}`,
      RULES.cannotStart.hint, { culprit, signature: `${culprit.name}:exit-${code}` });
  }
  if (code === undefined) {
    return make('essential-exit', `essential container ${culprit.name} stopped with no exit code`,
      'The container stopped without an exit code: it may never have started, or the agent lost track of it. Check the log tail and the container runtime on the host.',
      { culprit, signature: `${culprit.name}:no-exit-code`, severity: 'warning' });
  }
  if (code === 0) {
    if (!isServiceTask) {
      return make('task-completed', `task completed: container ${culprit.name} exited 0`, 'Routine: a standalone task ran to completion.',
        { culprit, signature: `${culprit.name}:exit-0` });
    }
    return make('essential-exit', `essential container ${culprit.name} exited 0 in a service task`,
      'A service expects its essential containers to keep running, but this one exited cleanly: check that the process does not daemonise or finish early, and that its command is the long-running server.',
      { culprit, signature: `${culprit.name}:exit-0`, severity: 'warning' });
  }
  return make('essential-exit', `essential container ${culprit.name} exited ${code} (${describeExitCode(code)})`,
    'The application exited on its own. The log tail usually shows the error; check recent deployments, configuration and dependencies it connects to at start-up.',
    { culprit, signature: `${culprit.name}:exit-${code}` });
};
