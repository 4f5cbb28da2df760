import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { SKIP_REASONS } from '../shared/events';
import { listSilences, type Silence } from '../shared/gate';
import type { DigestReport, DueReport, EventReport, ResolvedReport } from '../shared/pipeline';
import { FileStateStore } from '../shared/state';
import { loadCliConfig } from './config';
import type { CliIo } from './io';
import { expandPaths, readInputs } from './input';
import { createOfflineRun, eventTimeOf } from './offline';
import { type LocatedReport, renderSummary } from './summary';
import { remediationJson, remediationLine } from './remediation';
import type { RemediationReport } from '../shared/pipeline';

/** Options of `herald replay`. */
export interface ReplayOptions {
  paths: string[];
  json: boolean;
  /** `--config`; see loadCliConfig for the default. */
  config?: string;
  /** `--aws`: enrich with live, read-only ECS and CloudWatch Logs calls. */
  aws?: boolean;
  /** Outbox directory; undefined writes nothing. */
  outbox?: string;
  /** `--state FILE`: apply the run-time silences `herald silence add --state FILE` recorded. */
  state?: string;
}

const OUTBOX_FILE = /^\d+\.(txt|json|alert\.json|attributes\.json)$/;

/** Removes the files an earlier replay wrote (and nothing else), so the outbox shows this run. */
const clearOutbox = (directory: string): void => {
  if (!existsSync(directory)) return;
  for (const entry of readdirSync(directory, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const sub = join(directory, entry.name);
    for (const file of readdirSync(sub)) if (OUTBOX_FILE.test(file)) rmSync(join(sub, file));
  }
};

/** One `--json` line: the documented shape, stable for scripts. */
const jsonLine = (location: string, report: EventReport): string =>
  JSON.stringify(
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
          location,
        }
      : { eventId: report.eventId ?? null, outcome: 'skipped', reason: report.reason, message: report.message, location },
  );

/** A digest's `--json` line. */
const digestJsonLine = (digest: DigestReport): string =>
  JSON.stringify({
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

const humanLine = (location: string, report: EventReport): string => {
  if (report.outcome === 'skipped') return `SKIPPED  ${location}: ${report.reason}: ${report.message}`;
  const head = `${report.alert.severity.toUpperCase().padEnd(8)} ${report.alert.category.padEnd(26)} ${report.alert.summary}`;
  const gated = report.decisions.some((d) => d.topics.length > 0) || report.gate !== 'sent';
  const gate = !gated ? '' : report.gate === 'sent' ? '' : `  [${report.gate}${report.mutedBy === undefined ? '' : `: ${report.mutedBy}`}]`;
  const lines = [`${head}${arrow(report.deliveries)}${gate}${report.failOpen === undefined ? '' : `  [noise control unavailable: ${report.failOpen}]`}`];
  for (const r of report.resolved) lines.push(resolvedLine(r));
  for (const note of report.remediations) lines.push(`${'REMEDIATE'.padEnd(8)} ${''.padEnd(26)} ${remediationLine(note)}`);
  return lines.join('\n');
};

const resolvedLine = (r: ResolvedReport): string => `RESOLVED ${''.padEnd(26)} ${r.summary} (lasted ${minutes(r.durationMs)})${arrow(r.deliveries)}`;

/** A remediation decision's audit alert, as the remediator would send it. */
const auditLine = ({ audit }: RemediationReport): string => {
  if (audit.outcome === 'skipped') return `AUDIT    ${audit.reason}: ${audit.message}`;
  const gate = audit.gate === 'sent' ? '' : `  [${audit.gate}${audit.mutedBy === undefined ? '' : `: ${audit.mutedBy}`}]`;
  return `AUDIT    ${audit.alert.severity.toUpperCase().padEnd(8)} ${''.padEnd(17)} ${audit.alert.summary}${arrow(audit.deliveries)}${gate}`;
};

/** A remediation decision's `--json` line: the outcome and its audit alert's delivery. */
const auditJsonLine = ({ result, audit }: RemediationReport): string =>
  JSON.stringify({
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
  JSON.stringify({ outcome: 'resolved', route: r.route, summary: r.summary, durationMs: r.durationMs, topics: r.deliveries.filter((d) => d.status === 'sent').map((d) => d.destination) });

const dueLine = (report: DueReport, json: boolean): string =>
  report.kind === 'digest' ? (json ? digestJsonLine(report) : digestLine(report)) : json ? resolvedJsonLine(report) : resolvedLine(report);

const digestLine = (digest: DigestReport): string =>
  `${(digest.held ? 'HELD' : 'DIGEST').padEnd(8)} ${digest.route.padEnd(26)} ${digest.alert.summary} [${digest.since.slice(11, 16)}-${digest.until.slice(11, 16)}Z]${arrow(digest.deliveries)}`;

/** The run-time silences recorded in a state file (`herald silence add --state FILE`). */
// Every silence of the file, ended ones too, read with no clock of today: the replay judges each
// against its events' own time, and a window in the past (the samples') is what a trial needs.
const silencesFrom = async (file: string | undefined): Promise<Silence[]> => (file === undefined ? [] : listSilences(new FileStateStore({ file, now: () => 0 }), 0, true));

/**
 * `herald replay`: reads events from files, directories or stdin and runs each through the
 * pipeline with local adapters (no AWS calls). Malformed inputs are reported with their
 * location and skipped; the run always finishes. Returns the exit code.
 */
export const runReplay = async (options: ReplayOptions, io: CliIo): Promise<number> => {
  const files = expandPaths(options.paths);
  const compiled = loadCliConfig(options.config);
  if (options.outbox !== undefined) clearOutbox(options.outbox);
  const run = createOfflineRun(compiled, { outbox: options.outbox, live: options.aws === true, silences: await silencesFrom(options.state) });
  const reports: LocatedReport[] = [];
  const audits: RemediationReport[] = [];
  const due: DueReport[] = [];
  const print = (sent: readonly DueReport[]) => {
    due.push(...sent);
    for (const report of sent) io.stdout(`${dueLine(report, options.json)}\n`);
  };
  for (const input of readInputs(files, io.readStdin)) {
    if (!('error' in input)) {
      // Windows that ended before this event's time send their digests first, as the
      // scheduled digest function would have, while the replay clock still reads the time
      // before the jump: a jump of days would otherwise let their records expire unseen.
      print(await run.processDue(eventTimeOf(input.value)));
      run.advanceTo(input.value);
    }
    const report: EventReport =
      'error' in input
        ? { outcome: 'skipped', reason: SKIP_REASONS.invalidJson, message: input.error }
        : await run.pipeline.processEvent(input.value);
    reports.push({ location: input.location, report });
    io.stdout(`${options.json ? jsonLine(input.location, report) : humanLine(input.location, report)}\n`);
    // Each decision's audit alert, routed like any alert (the remediator function sends them).
    for (const decided of run.takeRemediations()) {
      audits.push(decided);
      io.stdout(`${options.json ? auditJsonLine(decided) : auditLine(decided)}\n`);
    }
  }
  // The stream is over: every window still open ends, as time would end it.
  print(await run.processDue(Number.POSITIVE_INFINITY));
  if (!options.json) io.stdout(renderSummary(reports, options.outbox, compiled.file, due, audits, options.aws === true));
  // Nothing read, or every input skipped: a script must not take that for a clean run.
  return reports.some((entry) => entry.report.outcome === 'alert') ? 0 : 1;
};
