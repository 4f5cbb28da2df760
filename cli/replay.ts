import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { SKIP_REASONS } from '../shared/events';
import { listSilences, type Silence } from '../shared/gate';
import type { DueReport, EventReport } from '../shared/pipeline';
import { FileStateStore } from '../shared/state';
import { loadCliConfig } from './config';
import type { CliIo } from './io';
import { expandPaths, readInputBatches } from './input';
import { createOfflineRun, eventTimeOf } from './offline';
import { auditJsonLine, auditLine, dueLine, humanLine, jsonLine } from './replay-lines';
import { ReplaySummary } from './summary';

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

/** The run-time silences recorded in a state file (`herald silence add --state FILE`). */
// Every silence of the file, ended ones too, read with no clock of today: the replay judges each
// against its events' own time, and a window in the past (the samples') is what a trial needs.
const silencesFrom = async (file: string | undefined): Promise<Silence[]> => (file === undefined ? [] : listSilences(new FileStateStore({ file, now: () => 0 }), 0, true));

/** How often the digest function runs (serverless.yml: `rate(1 minute)`), on the replay clock. */
const SCHEDULE_MS = 60_000;
/** Expired state is deleted after this many events (a pass over what the store holds). */
const FORGET_EVERY_EVENTS = 10_000;
/** Output is written when this much is waiting, and after each chunk of input. */
const FLUSH_CHARS = 1 << 20;
/** The progress line is redrawn at most this often. */
const PROGRESS_EVERY_MS = 250;

/** Lines waiting to be written: one write per chunk of input, not one per line. */
class OutputBuffer {
  private parts: string[] = [];
  private chars = 0;

  public constructor(private readonly io: CliIo) {}

  public line(text: string): void {
    this.parts.push(text, '\n');
    this.chars += text.length + 1;
    if (this.chars >= FLUSH_CHARS) this.write();
  }

  /** Writes what is waiting, and waits until a slow reader took it. */
  public async flush(): Promise<void> {
    this.write();
    await this.io.drain?.();
  }

  private write(): void {
    if (this.parts.length === 0) return;
    this.io.stdout(this.parts.join(''));
    this.parts = [];
    this.chars = 0;
  }
}

/** `replaying: 120,000 events  11,800 events/s  10.2 s`, redrawn as the replay goes. */
const progressOf = (show: (line: string | undefined) => void) => {
  const started = performance.now();
  let shown = 0;
  return {
    update(events: number, force = false): void {
      const now = performance.now();
      if (!force && now - shown < PROGRESS_EVERY_MS) return;
      shown = now;
      const seconds = (now - started) / 1000;
      show(`replaying: ${events.toLocaleString('en-US')} events  ${Math.round(events / Math.max(seconds, 0.001)).toLocaleString('en-US')} events/s  ${seconds.toFixed(1)} s`);
    },
    clear: () => show(undefined),
  };
};

/**
 * `herald replay`: reads events from files, directories or stdin and runs each through the
 * pipeline with local adapters (no AWS calls). Malformed inputs are reported with their
 * location and skipped; the run always finishes. Inputs are read a chunk at a time and each
 * report printed as it is made and then dropped (the summary keeps counts), so a stream of any
 * length runs in the same memory. Returns the exit code: 1 when no input became an alert.
 */
export const runReplay = async (options: ReplayOptions, io: CliIo): Promise<number> => {
  const files = expandPaths(options.paths);
  const compiled = loadCliConfig(options.config);
  if (options.outbox !== undefined) clearOutbox(options.outbox);
  const run = createOfflineRun(compiled, { outbox: options.outbox, live: options.aws === true, silences: await silencesFrom(options.state) });
  const summary = new ReplaySummary();
  const out = new OutputBuffer(io);
  const progress = io.progress === undefined ? undefined : progressOf(io.progress);
  const print = (sent: readonly DueReport[]) => {
    for (const report of sent) {
      summary.addDue(report);
      out.line(dueLine(report, options.json));
    }
  };
  let scheduledUpTo = Number.NEGATIVE_INFINITY;
  for await (const batch of readInputBatches(files, () => io.streamStdin?.() ?? io.readStdin())) {
    for (const input of batch) {
      if (!('error' in input)) {
        // The scheduled digest function runs at each minute mark; at the first event past one,
        // windows that ended by it send their digests first, while the replay clock still
        // reads the time before the event: a jump of days would otherwise let their records
        // expire unseen.
        const time = eventTimeOf(input.value);
        const mark = time === undefined ? undefined : time - (time % SCHEDULE_MS);
        if (mark !== undefined && mark > scheduledUpTo) {
          scheduledUpTo = mark;
          print(await run.processDue(mark));
        }
        run.advanceTo(input.value);
      }
      const report: EventReport =
        'error' in input
          ? { outcome: 'skipped', reason: SKIP_REASONS.invalidJson, message: input.error }
          : await run.pipeline.processEvent(input.value);
      summary.addEvent(input.location, report);
      out.line(options.json ? jsonLine(input.location, report) : humanLine(input.location, report));
      // Each decision's audit alert, routed like any alert (the remediator function sends them).
      for (const decided of run.takeRemediations()) {
        summary.addAudit(decided);
        out.line(options.json ? auditJsonLine(decided) : auditLine(decided));
      }
      if (summary.eventCount % FORGET_EVERY_EVENTS === 0) run.forgetExpired();
    }
    await out.flush();
    progress?.update(summary.eventCount);
  }
  // The stream is over: every window still open ends, as time would end it.
  print(await run.processDue(Number.POSITIVE_INFINITY));
  await out.flush();
  progress?.clear();
  if (!options.json) io.stdout(summary.render(options.outbox, compiled.file, options.aws === true));
  // Nothing read, or every input skipped: a script must not take that for a clean run.
  return summary.alertCount > 0 ? 0 : 1;
};
