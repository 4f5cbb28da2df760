import type { AlertContext, ServiceContext } from '../../enrich/types';

/** One section of enrichment, as plain lines (formats indent and escape them). */
export interface ContextSection {
  title: string;
  lines: string[];
  /** Lines are machine output (log lines, URLs) that must not be wrapped as prose. */
  verbatim: boolean;
}

/** `service payments-api: 2/4 running, 1 pending; deployment ecs-svc/123 IN_PROGRESS (2 failed tasks)`. */
export const serviceHealthLine = (service: ServiceContext): string => {
  const counts = `${service.runningCount ?? '?'}/${service.desiredCount ?? '?'} running${service.pendingCount ? `, ${service.pendingCount} pending` : ''}`;
  const primary = service.deployments.find((d) => d.status === 'PRIMARY');
  const rollout = primary === undefined ? '' : `; deployment ${primary.id} ${primary.rolloutState ?? primary.status ?? ''}${primary.failedTasks ? ` (${primary.failedTasks} failed tasks)` : ''}`;
  const breaker = service.circuitBreaker === undefined ? '' : `; circuit breaker ${service.circuitBreaker.enable ? (service.circuitBreaker.rollback ? 'on, rolls back' : 'on') : 'off'}`;
  return `${counts}${rollout}${breaker}`;
};

/** The enrichment of an alert as sections, in reading order; empty sections are left out. */
export const contextSections = (context: AlertContext | undefined): ContextSection[] => {
  if (context === undefined) return [];
  const sections: ContextSection[] = [];
  if (context.service !== undefined) {
    const deployments = context.service.deployments.map((d) =>
      `${d.status ?? '?'} ${d.id}: ${d.rolloutState ?? '?'}, ${d.runningCount ?? '?'}/${d.desiredCount ?? '?'} running${d.failedTasks ? `, ${d.failedTasks} failed` : ''}${d.taskDefinition === undefined ? '' : `, ${d.taskDefinition.split('/').pop() ?? ''}`}`);
    sections.push({ title: 'Service', lines: [serviceHealthLine(context.service), ...deployments], verbatim: false });
  }
  if (context.deploymentChange !== undefined) {
    const { from, to, changes } = context.deploymentChange;
    sections.push({ title: 'What changed', lines: [`${from} -> ${to}`, ...(changes.length === 0 ? ['no change in images, cpu, memory or environment names'] : changes)], verbatim: false });
  }
  if (context.stoppedTasks !== undefined && context.stoppedTasks.length > 0) {
    const lines = context.stoppedTasks.flatMap((task) => [
      `task ${task.taskId}: ${[task.stopCode, task.stoppedReason].filter((p) => p !== undefined).join(': ') || 'stopped'}`,
      ...task.containers
        .filter((c) => c.reason !== undefined || (c.exitCode !== undefined && c.exitCode !== 0))
        .map((c) => `  container ${c.name}${c.exitCode === undefined ? '' : ` exit ${c.exitCode}`}${c.reason === undefined ? '' : `: ${c.reason}`}`),
    ]);
    sections.push({ title: 'Why the new tasks stopped', lines, verbatim: false });
  }
  if (context.service !== undefined && context.service.events.length > 0) {
    sections.push({ title: 'Recent service events', lines: context.service.events.map((e) => `${e.createdAt ?? ''} ${e.message}`.trim()), verbatim: false });
  }
  if (context.logTail !== undefined) {
    const tail = context.logTail;
    const header = `${tail.group} ${tail.stream}${tail.redactions > 0 ? ` (${tail.redactions} secret(s) redacted)` : ''}`;
    sections.push({ title: `Last ${tail.lines.length} log lines`, lines: [header, ...tail.lines], verbatim: true });
  }
  if (context.instanceLogs !== undefined) {
    const { instanceId, stream, tails, missing } = context.instanceLogs;
    const lines = [
      ...tails.flatMap((tail) => [
        `${tail.group} ${tail.stream}${tail.redactions > 0 ? ` (${tail.redactions} secret(s) redacted)` : ''}:`,
        ...(tail.lines.length === 0 ? ['  (no lines)'] : tail.lines.map((line) => `  ${line}`)),
      ]),
      ...(missing.length === 0 ? [] : [`no stream ${stream} in ${missing.join(', ')}`]),
    ];
    sections.push({ title: `Instance logs${instanceId === undefined ? '' : ` (${instanceId})`}`, lines, verbatim: true });
  }
  if (context.links.length > 0) sections.push({ title: 'Links', lines: context.links.map((l) => `${l.label}: ${l.url}`), verbatim: true });
  if (context.failures.length > 0) {
    sections.push({ title: 'Partially enriched', lines: context.failures.map((f) => `${f.source}: ${f.reason}`), verbatim: false });
  }
  return sections;
};
