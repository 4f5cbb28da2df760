import { readFileSync } from 'node:fs';
import { once } from 'node:events';

/** The CLI's side effects, injectable so commands run in-process in tests. */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Standard input, whole (a pattern, one event). */
  readStdin(): string;
  /** Standard input as it arrives, for streams of any length; without it, {@link readStdin}. */
  streamStdin?(): AsyncIterable<Buffer>;
  /**
   * A progress line, rewritten in place; `undefined` clears it. Only where someone watches
   * (standard error is a terminal); absent, nothing is shown.
   */
  progress?(line: string | undefined): void;
  /** Resolves once standard output took what was written (a slow reader holds the writer back). */
  drain?(): Promise<void>;
}

/**
 * C0 and C1 control characters but newline and tab, DEL, and the bidirectional overrides and
 * isolates: what a terminal would act on (an `ESC [2J` in a stopped reason clears the screen;
 * anyone allowed `ecs:StopTask --reason` can write one) or display reordered.
 * @see https://unicode.org/reports/tr9/#Explicit_Directional_Formatting_Characters
 */
const TERMINAL_CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/**
 * Text for a terminal: every control character shown as its escape (`\x1b`, `\u202e`), never
 * interpreted. Newlines and tabs stay. `--json` output is JSON, whose strings escape them anyway.
 */
export const terminalSafe = (text: string): string =>
  text.replace(TERMINAL_CONTROLS, (c) => {
    const code = c.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });

/**
 * A reader that went away (`herald routes | head -1`) closes the pipe: the output is no longer
 * wanted, so the command ends quietly instead of with an EPIPE stack trace. Set once per stream.
 */
const watched = new WeakSet<NodeJS.WriteStream>();
const endOnClosedPipe = (stream: NodeJS.WriteStream): NodeJS.WriteStream => {
  if (watched.has(stream)) return stream;
  watched.add(stream);
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(typeof process.exitCode === 'number' ? process.exitCode : 0);
    throw error;
  });
  return stream;
};

/** `ESC [2K` erases the line, `\r` returns to its start: the progress line is rewritten in place. */
const ERASE_LINE = '\r\u001b[2K';

/** Whether a progress line is on the screen (output to the same terminal clears it first). */
let progressShown = false;

/** The process's real streams; everything written is made terminal-safe. */
export const processIo: CliIo = {
  stdout: (text) => {
    if (progressShown && process.stdout.isTTY) {
      process.stderr.write(ERASE_LINE);
      progressShown = false;
    }
    endOnClosedPipe(process.stdout).write(terminalSafe(text));
  },
  stderr: (text) => endOnClosedPipe(process.stderr).write(terminalSafe(text)),
  readStdin: () => readFileSync(0, 'utf8'),
  streamStdin: () => process.stdin,
  // Our own escape sequence around our own text: written as is, never from event text.
  progress: process.stderr.isTTY
    ? (line) => {
        progressShown = line !== undefined;
        process.stderr.write(line === undefined ? ERASE_LINE : `${ERASE_LINE}${terminalSafe(line)}`);
      }
    : undefined,
  drain: async () => {
    if (process.stdout.writableNeedDrain) await once(process.stdout, 'drain');
  },
};

/** What {@link terminalSafe} would rewrite that `JSON.stringify` leaves as is: DEL, C1 controls, bidi controls. */
const JSON_UNESCAPED_CONTROLS = /[\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/**
 * A value as one line of JSON that stays valid JSON on a terminal: the controls JSON leaves raw
 * are written as `\u` escapes (the same string to a JSON reader), so {@link terminalSafe} finds
 * nothing to rewrite (its `\x9b` would not be JSON).
 */
export const toJsonLine = (value: unknown): string =>
  JSON.stringify(value).replace(JSON_UNESCAPED_CONTROLS, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
