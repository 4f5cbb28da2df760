import type { DigestReport, DueReport, EventReport, RemediationReport, ResolvedReport } from '../shared/pipeline';
import { toJsonLine } from './io';
import { remediationJson, remediationLine } from './remediation';

// What `herald replay` prints per input event, digest, resolved message and remediation
// decision: a table row, or (`--json`) one JSON line in the documented shape.

/** One `--json` line: the documented shape, stable for scripts. */
export const jsonLine = (location: string, report: EventReport): string =>
  toJsonLine(
    report.outcome === 'alert'
      ? {
          eventId: report.eventId,
          outcome: 'alert',
          alert: {
            fingerprint: report.alert.fingerprint,
            category: report.alert.category,
            severity: report.alert.severity,
            status: report.alert.status,
            summary: report.alert.summary,
            labels: report.alert.labels,
          },
          routes: report.routes.map((r) => r.route),
          topics: report.deliveries.filter((d) => d.status === 'sent').map((d) => d.destination),
          gate: report.gate,
          ...(report.mutedBy === undefined || report.gate === 'sent' ? {} : { mutedBy: report.mutedBy }),
          ...(report.failOpen === undefined ? {} : { failOpen: report.failOpen }),
          ...(report.resolved.length === 0
            ? {}
            : { resolved: report.resolved.map((r) => ({ route: r.route, summary: r.summary, durationMs: r.durationMs, topics: r.deliveries.filter((d) => d.status === 'sent').map((d) => d.destination) })) }),
          ...(report.remediations.length === 0 ? {} : { remediations: report.remediations.map(remediationJson) }),
          // A replayed copy (EventBridge replay-name): the topics it would have reached, none sent.
          ...(report.replay === undefined ? {} : { replay: report.replay, wouldSend: report.deliveries.filter((d) => d.status === 'replayed').map((d) => d.destination) }),
          location,
        }
      : { eventId: report.eventId ?? null, outcome: 'skipped', reason: report.reason, message: report.message, location },
  );

/** A digest's `--json` line. */
const digestJsonLine = (digest: DigestReport): string =>
  toJsonLine({
    outcome: 'digest',
    route: digest.route,
    group: digest.group,
    since: digest.since,
    until: digest.until,
    count: digest.count,
    held: digest.held,
    summary: digest.alert.summary,
    topics: digest.deliveries.filter((d) => d.status === 'sent').map((d) => d.destination),
  });

const arrow = (deliveries: readonly { destination: string; status: string }[]): string =>
  deliveries.length === 0 ? '' : `  -> ${deliveries.map((d) => (d.status === 'sent' ? d.destination : `${d.destination} (${d.status})`)).join(', ')}`;

const minutes = (ms: number): string => (ms < 60_000 ? `${Math.round(ms / 1000)}s` : ms < 3_600_000 ? `${Math.round(ms / 60_000)}m` : `${Math.floor(ms / 3_600_000)}h${String(Math.round((ms % 3_600_000) / 60_000)).padStart(2, '0')}m`);

export const humanLine = (location: string, report: EventReport): string => {
  if (report.outcome === 'skipped') return `SKIPPED  ${location}: ${report.reason}: ${report.message}`;
  const head = `${report.alert.severity.toUpperCase().padEnd(8)} ${report.alert.category.padEnd(26)} ${report.alert.summary}`;
  const gated = report.decisions.some((d) => d.topics.length > 0) || report.gate !== 'sent';
  const gate = !gated ? '' : report.gate === 'sent' ? '' : `  [${report.gate}${report.mutedBy === undefined ? '' : `: ${report.mutedBy}`}]`;
  const replayed = report.replay === undefined ? '' : `  [replay ${report.replay}: nothing sent]`;
  const lines = [`${head}${arrow(report.deliveries)}${gate}${report.failOpen === undefined ? '' : `  [noise control unavailable: ${report.failOpen}]`}${replayed}`];
  for (const r of report.resolved) lines.push(resolvedLine(r));
  for (const note of report.remediations) lines.push(`${'REMEDIATE'.padEnd(8)} ${''.padEnd(26)} ${remediationLine(note)}`);
  return lines.join('\n');
};

const resolvedLine = (r: ResolvedReport): string => `RESOLVED ${''.padEnd(26)} ${r.summary} (lasted ${minutes(r.durationMs)})${arrow(r.deliveries)}`;

/** A remediation decision's audit alert, as the remediator would send it. */
export const auditLine = ({ audit }: RemediationReport): string => {
  if (audit.outcome === 'skipped') return `AUDIT    ${audit.reason}: ${audit.message}`;
  const gate = audit.gate === 'sent' ? '' : `  [${audit.gate}${audit.mutedBy === undefined ? '' : `: ${audit.mutedBy}`}]`;
  return `AUDIT    ${audit.alert.severity.toUpperCase().padEnd(8)} ${''.padEnd(17)} ${audit.alert.summary}${arrow(audit.deliveries)}${gate}`;
};

/** A remediation decision's `--json` line: the outcome and its audit alert's delivery. */
export const auditJsonLine = ({ result, audit }: RemediationReport): string =>
  toJsonLine({
    outcome: 'remediation',
    decision: result.request.id,
    action: result.request.action,
    result: result.outcome,
    ...(result.guard === undefined ? {} : { guard: result.guard }),
    reason: result.reason,
    ...(result.did === undefined ? {} : { did: result.did }),
    topics: audit.outcome === 'alert' ? audit.deliveries.filter((d) => d.status === 'sent').map((d) => d.destination) : [],
    gate: audit.outcome === 'alert' ? audit.gate : 'skipped',
  });

/** A resolved message's `--json` line, when the scheduled run sent it after the hold. */
const resolvedJsonLine = (r: ResolvedReport): string =>
  toJsonLine({ outcome: 'resolved', route: r.route, summary: r.summary, durationMs: r.durationMs, topics: r.deliveries.filter((d) => d.status === 'sent').map((d) => d.destination) });

export const dueLine = (report: DueReport, json: boolean): string =>
  report.kind === 'digest' ? (json ? digestJsonLine(report) : digestLine(report)) : json ? resolvedJsonLine(report) : resolvedLine(report);

const digestLine = (digest: DigestReport): string =>
  `${(digest.held ? 'HELD' : 'DIGEST').padEnd(8)} ${digest.route.padEnd(26)} ${digest.alert.summary} [${digest.since.slice(11, 16)}-${digest.until.slice(11, 16)}Z]${arrow(digest.deliveries)}`;

