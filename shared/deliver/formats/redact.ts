import { type AlertContext, createRedactor, redactLines, type Redactor } from '../../enrich';
import type { Notification } from '../types';

/**
 * The built-in rules alone, compiled once: what {@link renderMessage} redacts with when the
 * caller has no configured redactor (herald.yml's `enrich.redact` patterns add to these).
 */
export const BUILT_IN_REDACTOR: Redactor = createRedactor();

const redactText = (redactor: Redactor, text: string): string => redactor.redact(text).text;

const redactContext = (redactor: Redactor, context: AlertContext): AlertContext => {
  const text = (value: string) => redactText(redactor, value);
  const optional = (value: string | undefined) => (value === undefined ? undefined : text(value));
  return {
    ...context,
    ...(context.service === undefined ? {} : {
      service: {
        ...context.service,
        deployments: context.service.deployments.map((d) => ({ ...d, rolloutStateReason: optional(d.rolloutStateReason) })),
        events: context.service.events.map((e) => ({ ...e, message: text(e.message) })),
      },
    }),
    ...(context.deploymentChange === undefined ? {} : { deploymentChange: { ...context.deploymentChange, changes: context.deploymentChange.changes.map(text) } }),
    ...(context.stoppedTasks === undefined ? {} : {
      stoppedTasks: context.stoppedTasks.map((task) => ({
        ...task,
        stoppedReason: optional(task.stoppedReason),
        containers: task.containers.map((c) => ({ ...c, reason: optional(c.reason) })),
      })),
    }),
    // Redacted when it was read; again here, in case herald.yml's patterns changed since (a digest's stored alert).
    ...(context.logTail === undefined ? {} : { logTail: { ...context.logTail, lines: redactLines(redactor, context.logTail.lines).lines } }),
    ...(context.instanceLogs === undefined ? {} : {
      instanceLogs: { ...context.instanceLogs, tails: context.instanceLogs.tails.map((tail) => ({ ...tail, lines: redactLines(redactor, tail.lines).lines })) },
    }),
    tags: Object.fromEntries(Object.entries(context.tags).map(([k, v]) => [k, text(v)])),
    failures: context.failures.map((f) => ({ ...f, reason: text(f.reason) })),
  };
};

/**
 * The notification with every text that came from an event or a lookup passed through
 * `redactor`: summary, hint, label values (tags are labels), evidence, identifiers (ARNs pass
 * unchanged), parse warnings, the context's service events, stopped tasks, log tail, tags and
 * failures, a digest's first and last alert, a resolution's incident summary, the last task
 * alert a deployment's failure tells, and the noise-control error. The event's id, time and type, the fingerprint and console links are
 * ecs-herald's own and are kept. A copy: the notification is not changed.
 */
export const redactNotification = (alert: Notification, redactor: Redactor): Notification => {
  const text = (value: string) => redactText(redactor, value);
  const { digest, resolves, gateUnavailable, deploymentTasks, remediation, context } = alert;
  return {
    ...alert,
    summary: text(alert.summary),
    hint: text(alert.hint),
    labels: Object.fromEntries(Object.entries(alert.labels).map(([k, v]) => [k, v === undefined ? v : text(v)])),
    evidence: alert.evidence.map((e) => ({ name: text(e.name), value: text(e.value) })),
    identifiers: alert.identifiers.map((i) => ({ name: i.name, value: text(i.value) })),
    warnings: alert.warnings.map(text),
    ...(context === undefined ? {} : { context: redactContext(redactor, context) }),
    ...(digest === undefined ? {} : {
      digest: { ...digest, first: { ...digest.first, summary: text(digest.first.summary) }, last: { ...digest.last, summary: text(digest.last.summary) } },
    }),
    ...(resolves === undefined ? {} : { resolves: { ...resolves, summary: text(resolves.summary) } }),
    ...(gateUnavailable === undefined ? {} : { gateUnavailable: text(gateUnavailable) }),
    ...(deploymentTasks === undefined ? {} : { deploymentTasks: { ...deploymentTasks, last: { ...deploymentTasks.last, summary: text(deploymentTasks.last.summary) } } }),
    ...(remediation === undefined ? {} : {
      remediation: remediation.map((note) => ({
        ...note,
        does: text(note.does),
        ...(note.refused === undefined ? {} : { refused: text(note.refused) }),
        ...(note.decision === undefined ? {} : { decision: { ...note.decision, reason: text(note.decision.reason), ...(note.decision.did === undefined ? {} : { did: text(note.decision.did) }) } }),
      })),
    }),
  };
};
