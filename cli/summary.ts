import { CATEGORY_NAMES, SEVERITIES, type Category, type Severity } from '../shared/normalize';
import { GATE_OUTCOMES, type GateOutcome } from '../shared/gate';
import type { DueReport, EventReport, RemediationReport } from '../shared/pipeline';
import { remediationCounts } from './remediation';

/** A report with the input location it came from. */
export interface LocatedReport {
  location: string;
  report: EventReport;
}

const MAX_LISTED_SKIPS = 20;

/**
 * The end-of-run summary of `herald replay`: events read, alerts by category and severity,
 * skipped events with their reasons and locations.
 */
export const renderSummary = (reports: readonly LocatedReport[], outbox: string | undefined, configFile: string, due: readonly DueReport[] = [], audits: readonly RemediationReport[] = [], live = false): string => {
  const counts = new Map<Category, Record<Severity, number>>();
  const skipped: LocatedReport[] = [];
  const byTopic = new Map<string, number>();
  let recordedOnly = 0;
  let redelivered = 0;
  let resolved = 0;
  const gate = new Map<GateOutcome, number>();
  for (const entry of reports) {
    if (entry.report.outcome === 'skipped') {
      skipped.push(entry);
      continue;
    }
    const { alert } = entry.report;
    const row = counts.get(alert.category) ?? { critical: 0, warning: 0, info: 0 };
    row[alert.severity] += 1;
    counts.set(alert.category, row);
    if (entry.report.decisions.some((d) => d.topics.length > 0) || entry.report.gate !== 'sent') gate.set(entry.report.gate, (gate.get(entry.report.gate) ?? 0) + 1);
    for (const r of entry.report.resolved) {
      if (r.deliveries.some((d) => d.status === 'sent')) resolved++;
      for (const d of r.deliveries) if (d.status === 'sent') byTopic.set(d.destination, (byTopic.get(d.destination) ?? 0) + 1);
    }
    const sentTo = entry.report.deliveries.filter((d) => d.status === 'sent');
    if (entry.report.deliveries.some((d) => d.status === 'already-sent')) redelivered++;
    for (const d of sentTo) byTopic.set(d.destination, (byTopic.get(d.destination) ?? 0) + 1);
    if (sentTo.length === 0 && entry.report.gate === 'sent') recordedOnly++;
  }
  for (const report of due) {
    for (const d of report.deliveries) if (d.status === 'sent') byTopic.set(d.destination, (byTopic.get(d.destination) ?? 0) + 1);
    if (report.kind === 'resolved' && report.deliveries.some((d) => d.status === 'sent')) resolved++;
  }
  for (const { audit } of audits) {
    if (audit.outcome !== 'alert') continue;
    for (const d of audit.deliveries) if (d.status === 'sent') byTopic.set(d.destination, (byTopic.get(d.destination) ?? 0) + 1);
  }
  const alerts = reports.length - skipped.length;
  const sent = [...byTopic.values()].reduce((a, b) => a + b, 0);
  const lines = [
    '',
    `events read: ${reports.length}    alerts: ${alerts}    skipped: ${skipped.length}`,
    `routing: ${configFile}    sent: ${sent} (${[...byTopic].map(([t, n]) => `${t} ${n}`).join(', ') || 'none'})    recorded only: ${recordedOnly}${redelivered === 0 ? '' : ` (${redelivered} redelivered, already sent)`}`,
    `noise control: ${GATE_OUTCOMES.map((o) => `${o} ${gate.get(o) ?? 0}`).join(', ')}    digests: ${due.filter((d) => d.kind === 'digest' && d.retry === undefined).length}    resolved: ${resolved}`,
  ];
  if (audits.length > 0) lines.push(`remediation (dry runs: the CLI never acts): ${audits.length} decision(s): ${remediationCounts(audits)}${live ? '' : '; offline, services are not re-read (--aws reads them)'}`);
  if (outbox !== undefined) lines.push(`outbox: ${outbox}/<topic>/<n>.txt (${sent} emails: subject line and plain-text body) and <n>.alert.json`);
  if (alerts > 0) {
    const width = Math.max(8, ...[...counts.keys()].map((c) => c.length)) + 2;
    const num = (n: number): string => String(n).padStart(9);
    lines.push('', `${'category'.padEnd(width)}${SEVERITIES.map((s) => s.padStart(9)).join('')}${'total'.padStart(9)}`);
    const totals: Record<Severity, number> = { critical: 0, warning: 0, info: 0 };
    for (const category of CATEGORY_NAMES) {
      const row = counts.get(category);
      if (row === undefined) continue;
      for (const s of SEVERITIES) totals[s] += row[s];
      lines.push(`${category.padEnd(width)}${SEVERITIES.map((s) => num(row[s])).join('')}${num(row.critical + row.warning + row.info)}`);
    }
    lines.push(`${'total'.padEnd(width)}${SEVERITIES.map((s) => num(totals[s])).join('')}${num(alerts)}`);
  }
  if (skipped.length > 0) {
    const byReason = new Map<string, number>();
    for (const { report } of skipped) {
      if (report.outcome === 'skipped') byReason.set(report.reason, (byReason.get(report.reason) ?? 0) + 1);
    }
    lines.push('', 'skipped (reason: count)');
    for (const [reason, count] of byReason) lines.push(`  ${reason}: ${count}`);
    for (const { location, report } of skipped.slice(0, MAX_LISTED_SKIPS)) {
      if (report.outcome === 'skipped') lines.push(`  ${location}: ${report.reason}: ${report.message}`);
    }
    if (skipped.length > MAX_LISTED_SKIPS) lines.push(`  ... and ${skipped.length - MAX_LISTED_SKIPS} more (see --json)`);
  }
  return `${lines.join('\n')}\n`;
};
