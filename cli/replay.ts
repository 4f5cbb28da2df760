import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { SKIP_REASONS } from '../shared/events';
import type { EventReport } from '../shared/pipeline';
import { loadCliConfig } from './config';
import type { CliIo } from './io';
import { expandPaths, readInputs } from './input';
import { createOfflinePipeline } from './offline';
import { type LocatedReport, renderSummary } from './summary';

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
          location,
        }
      : { eventId: report.eventId ?? null, outcome: 'skipped', reason: report.reason, message: report.message, location },
  );

const humanLine = (location: string, report: EventReport): string =>
  report.outcome === 'alert'
    ? `${report.alert.severity.toUpperCase().padEnd(8)} ${report.alert.category.padEnd(26)} ${report.alert.summary}${
        report.deliveries.length === 0 ? '' : `  -> ${report.deliveries.map((d) => (d.status === 'sent' ? d.destination : `${d.destination} (${d.status})`)).join(', ')}`}`
    : `SKIPPED  ${location}: ${report.reason}: ${report.message}`;

/**
 * `herald replay`: reads events from files, directories or stdin and runs each through the
 * pipeline with local adapters (no AWS calls). Malformed inputs are reported with their
 * location and skipped; the run always finishes. Returns the exit code.
 */
export const runReplay = async (options: ReplayOptions, io: CliIo): Promise<number> => {
  const files = expandPaths(options.paths);
  const compiled = loadCliConfig(options.config);
  if (options.outbox !== undefined) clearOutbox(options.outbox);
  const pipeline = createOfflinePipeline(compiled, options.outbox, options.aws === true);
  const reports: LocatedReport[] = [];
  for (const input of readInputs(files, io.readStdin)) {
    const report: EventReport =
      'error' in input
        ? { outcome: 'skipped', reason: SKIP_REASONS.invalidJson, message: input.error }
        : await pipeline.processEvent(input.value);
    reports.push({ location: input.location, report });
    io.stdout(`${options.json ? jsonLine(input.location, report) : humanLine(input.location, report)}\n`);
  }
  if (!options.json) io.stdout(renderSummary(reports, options.outbox, compiled.file));
  return 0;
};
