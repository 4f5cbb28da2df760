import { CATEGORY_NAMES, SEVERITIES, type Category, type Severity } from '../shared/normalize';
import { GATE_OUTCOMES, type GateOutcome } from '../shared/gate';
import type { DueReport, EventReport, RemediationReport } from '../shared/pipeline';
import { remediationCounts, type RemediationTally, tallyRemediation } from './remediation';

/** A skipped input, with where it came from. */
interface LocatedSkip {
  location: string;
  reason: string;
  message: string;
}

const MAX_LISTED_SKIPS = 20;

const countInto = <K>(map: Map<K, number>, key: K, n = 1): void => {
  map.set(key, (map.get(key) ?? 0) + n);
};

/**
 * The end-of-run summary of `herald replay`, counted as the reports go by (none is kept, so a
 * stream of any length costs the same): events read, alerts by category and severity, noise
 * control's outcomes, what each topic was sent, skipped events with their reasons and the
 * locations of the first {@link MAX_LISTED_SKIPS}.
 */
export class ReplaySummary {
  private events = 0;
  private skips = 0;
  private readonly counts = new Map<Category, Record<Severity, number>>();
  private readonly listedSkips: LocatedSkip[] = [];
  private readonly skipReasons = new Map<string, number>();
  private readonly byTopic = new Map<string, number>();
  private readonly gate = new Map<GateOutcome, number>();
  private recordedOnly = 0;
  private redelivered = 0;
  private resolved = 0;
  private digests = 0;
  private readonly remediations: RemediationTally = { outcomes: new Map(), guards: new Map() };
  private remediationCount = 0;

  /** How many input events were counted. */
  public get eventCount(): number {
    return this.events;
  }

  /** How many input events became alerts. */
  public get alertCount(): number {
    return this.events - this.skips;
  }

  private sent(deliveries: readonly { destination: string; status: string }[]): number {
    let sent = 0;
    for (const d of deliveries) {
      if (d.status !== 'sent') continue;
      countInto(this.byTopic, d.destination);
      sent++;
    }
    return sent;
  }

  /** An input event's report. */
  public addEvent(location: string, report: EventReport): void {
    this.events++;
    if (report.outcome === 'skipped') {
      this.skips++;
      countInto(this.skipReasons, report.reason);
      if (this.listedSkips.length < MAX_LISTED_SKIPS) this.listedSkips.push({ location, reason: report.reason, message: report.message });
      return;
    }
    const { alert } = report;
    const row = this.counts.get(alert.category) ?? { critical: 0, warning: 0, info: 0 };
    row[alert.severity] += 1;
    this.counts.set(alert.category, row);
    if (report.decisions.some((d) => d.topics.length > 0) || report.gate !== 'sent') countInto(this.gate, report.gate);
    for (const r of report.resolved) if (this.sent(r.deliveries) > 0) this.resolved++;
    if (report.deliveries.some((d) => d.status === 'already-sent')) this.redelivered++;
    if (this.sent(report.deliveries) === 0 && report.gate === 'sent') this.recordedOnly++;
  }

  /** A digest or resolved message the scheduled run sent. */
  public addDue(report: DueReport): void {
    const sent = this.sent(report.deliveries);
    if (report.kind === 'resolved' && sent > 0) this.resolved++;
    if (report.kind === 'digest' && report.retry === undefined) this.digests++;
  }

  /** A remediation decision and its audit alert. */
  public addAudit(report: RemediationReport): void {
    this.remediationCount++;
    tallyRemediation(this.remediations, report);
    if (report.audit.outcome === 'alert') this.sent(report.audit.deliveries);
  }

  /** The summary's text. */
  public render(outbox: string | undefined, configFile: string, live = false): string {
      const { counts, byTopic, gate, recordedOnly, redelivered, resolved } = this;
      const alerts = this.alertCount;
      const sent = [...byTopic.values()].reduce((a, b) => a + b, 0);
    const lines = [
      '',
      `events read: ${this.events}    alerts: ${alerts}    skipped: ${this.skips}`,
      `routing: ${configFile}    sent: ${sent} (${[...byTopic].map(([t, n]) => `${t} ${n}`).join(', ') || 'none'})    recorded only: ${recordedOnly}${redelivered === 0 ? '' : ` (${redelivered} redelivered, already sent)`}`,
      `noise control: ${GATE_OUTCOMES.map((o) => `${o} ${gate.get(o) ?? 0}`).join(', ')}    digests: ${this.digests}    resolved: ${resolved}`,
    ];
    if (this.remediationCount > 0) lines.push(`remediation (dry runs: the CLI never acts): ${this.remediationCount} decision(s): ${remediationCounts(this.remediations)}${live ? '' : '; offline, services are not re-read (--aws reads them)'}`);
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
    if (this.skips > 0) {
      lines.push('', 'skipped (reason: count)');
      for (const [reason, count] of this.skipReasons) lines.push(`  ${reason}: ${count}`);
      for (const { location, reason, message } of this.listedSkips) lines.push(`  ${location}: ${reason}: ${message}`);
      if (this.skips > MAX_LISTED_SKIPS) lines.push(`  ... and ${this.skips - MAX_LISTED_SKIPS} more (see --json)`);
    }
    return `${lines.join('\n')}\n`;
  }
}
