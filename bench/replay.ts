// `herald replay` at scale: a JSON-lines stream made from the fixture corpus (each event with
// its own id, time and task), replayed by the built CLI in a child process, as a user runs it:
// `herald replay --json --no-outbox FILE > /dev/null`. Events per second and the child's peak
// resident memory, against a baseline run on the same file in the same way: a node process that
// reads the lines, parses each and writes it back as a JSON line (`replayVsJsonLines`, how many
// times longer the replay takes). The goal is 1,000,000 events in under 400 MB at 10,000 events/s
// or more; memory stops growing once the stream is longer than what noise control remembers
// (2 days of the events' clock: 172,800 events a second apart).
import { spawn } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

/** What {@link benchReplay} adds to the `--json` figures. */
export interface ReplayFigures {
  /** Events in the stream. */
  replayEvents: number;
  /** Input events per second, start-up and configuration included; goal >= 10,000. */
  replayEventsPerSec: number;
  /** The replaying process's peak resident set, MB; goal < 400 at 1,000,000 events. */
  replayPeakRssMb: number;
  /** The baseline's lines per second: read, JSON.parse, JSON.stringify, written. */
  jsonLinesPerSec: number;
  /** The replay's time / the baseline's, on the same file. */
  replayVsJsonLines: number;
}

/** Options of {@link benchReplay}. */
export interface ReplayBenchOptions {
  /** @default 1_000_000 */
  events?: number;
  /** Event time between two events of the stream. @default 1_000 (1,000,000 events span 11.6 days) */
  spacingMs?: number;
  /** Where the fixtures are. @default test/fixtures/events under the working directory */
  fixtures?: string;
  /** The CLI entry point. @default bin/herald.mjs under the working directory */
  cli?: string;
}

const STREAM_START = Date.parse('2026-05-12T00:00:00Z');
/** Lines are written in chunks of about this many characters. */
const CHUNK_CHARS = 1 << 20;

const walk = (dir: string): string[] =>
  readdirSync(dir)
    .sort()
    .flatMap((f) => (statSync(join(dir, f)).isDirectory() ? walk(join(dir, f)) : f.endsWith('.json') ? [join(dir, f)] : []));

/** The slots a template's text is cut at. */
const SLOTS = { id: '@@ID@@', time: '@@TIME@@', task: '@@TASK@@', instance: '@@INSTANCE@@' } as const;
type Slot = keyof typeof SLOTS;

/** An event as text cut at its slots: `parts[0] slot[0] parts[1] ... parts[n]`. */
interface Template {
  parts: string[];
  slots: Slot[];
}

const lastSegment = (arn: unknown): string | undefined => (typeof arn === 'string' ? arn.split('/').pop() : undefined);

/** One fixture as a template: its id, time, task id and container instance id become slots. */
const templateOf = (event: Record<string, unknown>): Template => {
  const detail = typeof event.detail === 'object' && event.detail !== null ? (event.detail as Record<string, unknown>) : {};
  let text = JSON.stringify({ ...event, id: SLOTS.id, time: SLOTS.time });
  const task = lastSegment(detail.taskArn);
  const instance = lastSegment(detail.containerInstanceArn);
  if (task !== undefined && task.length >= 16) text = text.split(task).join(SLOTS.task);
  if (instance !== undefined && instance.length >= 16) text = text.split(instance).join(SLOTS.instance);
  const pattern = new RegExp(Object.values(SLOTS).join('|'), 'g');
  const parts = text.split(pattern);
  const slots = [...text.matchAll(pattern)].map((m) => (Object.keys(SLOTS) as Slot[]).find((k) => SLOTS[k] === m[0]) ?? 'id');
  return { parts, slots };
};

/**
 * Writes `count` events to `file` as JSON lines, cycling through the fixtures: every event has
 * its own id and time (`spacingMs` apart), every task and container instance event its own
 * resource (distinct tasks are what noise control keeps most state for).
 */
export const writeReplayStream = (file: string, count: number, fixturesDir: string, spacingMs = 1_000): void => {
  const templates = walk(fixturesDir).map((f) => templateOf(JSON.parse(readFileSync(f, 'utf8')) as Record<string, unknown>));
  const fd = openSync(file, 'w');
  try {
    let chunk = '';
    for (let i = 0; i < count; i++) {
      const template = templates[i % templates.length];
      if (template === undefined) break;
      const hex = i.toString(16).padStart(12, '0');
      const values: Record<Slot, string> = {
        id: `5e1f0000-0000-4000-8000-${hex}`,
        time: new Date(STREAM_START + i * spacingMs).toISOString().replace(/\.\d{3}Z$/, 'Z'),
        task: `7a5c${hex}0000000000000000`,
        instance: `c1e0${hex}0000000000000000`,
      };
      chunk += template.parts[0];
      for (let s = 0; s < template.slots.length; s++) chunk += values[template.slots[s] ?? 'id'] + (template.parts[s + 1] ?? '');
      chunk += '\n';
      if (chunk.length >= CHUNK_CHARS) {
        writeSync(fd, chunk);
        chunk = '';
      }
    }
    if (chunk.length > 0) writeSync(fd, chunk);
  } finally {
    closeSync(fd);
  }
};

/** A child process's peak resident set in MB, read from its own `process.resourceUsage()` at exit. */
const PEAK_RSS_HOOK = `process.on('exit', () => process.stderr.write('\\nherald-bench-peak-rss-kb ' + process.resourceUsage().maxRSS + '\\n'));`;

/**
 * The baseline: each line of the file read, parsed and written back as a JSON line, with the
 * same streams the CLI uses (a file read stream, line splitting, stdout), and nothing else.
 */
const BASELINE = `
const { createReadStream } = require('node:fs');
const { createInterface } = require('node:readline');
(async () => {
  let out = [];
  for await (const line of createInterface({ input: createReadStream(process.argv[1]), crlfDelay: Infinity })) {
    if (line.length === 0) continue;
    out.push(JSON.stringify(JSON.parse(line)));
    if (out.length === 1000) { if (!process.stdout.write(out.join('\\n') + '\\n')) await new Promise((r) => process.stdout.once('drain', r)); out = []; }
  }
  process.stdout.write(out.join('\\n') + '\\n');
})();`;

/** Runs `node ...args` with stdout discarded; resolves with its exit code and peak resident set. */
const runMeasured = (cli: string, args: readonly string[]): Promise<{ code: number | null; peakRssKb: number; stderr: string }> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', `data:text/javascript,${encodeURIComponent(PEAK_RSS_HOOK)}`, ...(cli === '' ? [] : [cli]), ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (text: string) => {
      stderr = (stderr + text).slice(-4096);
    });
    child.on('error', reject);
    child.on('close', (code) => {
      const peak = /herald-bench-peak-rss-kb (\d+)/.exec(stderr);
      resolve({ code, peakRssKb: Number(peak?.[1] ?? 0), stderr });
    });
  });

/**
 * Generates the stream in a temporary directory, replays it with the built CLI
 * (`--json --no-outbox`, output discarded) and returns the figures.
 *
 * @example
 * ```ts
 * const { replayEventsPerSec, replayPeakRssMb } = await benchReplay({ events: 200_000 });
 * ```
 */
export const benchReplay = async (options: ReplayBenchOptions = {}): Promise<ReplayFigures> => {
  const events = options.events ?? 1_000_000;
  const dir = mkdtempSync(join(tmpdir(), 'herald-replay-bench-'));
  try {
    const file = join(dir, 'stream.jsonl');
    writeReplayStream(file, events, options.fixtures ?? join(process.cwd(), 'test', 'fixtures', 'events'), options.spacingMs);
    const cli = options.cli ?? join(process.cwd(), 'bin', 'herald.mjs');
    const timed = async (command: string, args: readonly string[]) => {
      const start = performance.now();
      const result = await runMeasured(command, args);
      if (result.code !== 0) throw new Error(`${command === '' ? 'the baseline' : 'herald replay'} exited ${String(result.code)}: ${result.stderr.trim()}`);
      return { seconds: (performance.now() - start) / 1000, peakRssKb: result.peakRssKb };
    };
    const baseline = await timed('', ['-e', BASELINE, file]);
    const replay = await timed(cli, ['replay', '--json', '--no-outbox', file]);
    return {
      replayEvents: events,
      replayEventsPerSec: Math.round(events / replay.seconds),
      replayPeakRssMb: Math.round(replay.peakRssKb / 1024),
      jsonLinesPerSec: Math.round(events / baseline.seconds),
      replayVsJsonLines: Math.round((replay.seconds / baseline.seconds) * 100) / 100,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};
