import type { DigestReport, DueReport, EventReport, RemediationReport, ResolvedReport } from '../shared/pipeline';
import { toJsonLine } from './io';
import { remediationJson, remediationLine } from './remediation';

// What `herald replay` prints per input event, digest, resolved message and remediation
// decision: a table row, or (`--json`) one JSON line in the documented shape.

/** The destinations a report's deliveries reached with `status`. */
const destinations = (deliveries: readonly { destination: string; status: string }[], status: string): string[] => {
  const out: string[] = [];
  for (const d of deliveries) if (d.status === status) out.push(d.destination);
  return out;
};

/** One `--json` line: the documented shape, stable for scripts. */
// Built field by field (a replay writes one per event): optional fields are set only when
// present, in the documented order.
export const jsonLine = (location: string, report: EventReport): string => {
  if (report.outcome !== 'alert') return toJsonLine({ eventId: report.eventId ?? null, outcome: 'skipped', reason: report.reason, message: report.message, location });
  const { alert } = report;
  const line: Record<string, unknown> = {
    eventId: report.eventId,
    outcome: 'alert',
    alert: { fingerprint: alert.fingerprint, category: alert.category, severity: alert.severity, status: alert.status, summary: alert.summary, labels: alert.labels },
    routes: report.routes.map((r) => r.route),
    topics: destinations(report.deliveries, 'sent'),
    gate: report.gate,
  };
  if (report.mutedBy !== undefined && report.gate !== 'sent') line.mutedBy = report.mutedBy;
  if (report.failOpen !== undefined) line.failOpen = report.failOpen;
  if (report.resolved.length > 0) {
    line.resolved = report.resolved.map((r) => ({ route: r.route, summary: r.summary, durationMs: r.durationMs, topics: destinations(r.deliveries, 'sent') }));
  }
  if (report.remediations.length > 0) line.remediations = report.remediations.map(remediationJson);
  // A replayed copy (EventBridge replay-name): the topics it would have reached, none sent.
  if (report.replay !== undefined) {
    line.replay = report.replay;
    line.wouldSend = destinations(report.deliveries, 'replayed');
  }
  line.location = location;
  return toJsonLine(line);
};

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
    topics: destinations(digest.deliveries, 'sent'),
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
    topics: audit.outcome === 'alert' ? destinations(audit.deliveries, 'sent') : [],
    gate: audit.outcome === 'alert' ? audit.gate : 'skipped',
  });

/** A resolved message's `--json` line, when the scheduled run sent it after the hold. */
const resolvedJsonLine = (r: ResolvedReport): string =>
  toJsonLine({ outcome: 'resolved', route: r.route, summary: r.summary, durationMs: r.durationMs, topics: destinations(r.deliveries, 'sent') });

export const dueLine = (report: DueReport, json: boolean): string =>
  report.kind === 'digest' ? (json ? digestJsonLine(report) : digestLine(report)) : json ? resolvedJsonLine(report) : resolvedLine(report);

const digestLine = (digest: DigestReport): string =>
  `${(digest.held ? 'HELD' : 'DIGEST').padEnd(8)} ${digest.route.padEnd(26)} ${digest.alert.summary} [${digest.since.slice(11, 16)}-${digest.until.slice(11, 16)}Z]${arrow(digest.deliveries)}`;

