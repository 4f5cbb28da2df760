import { readFileSync } from 'node:fs';

/** The CLI's side effects, injectable so commands run in-process in tests. */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  readStdin(): string;
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

/** The process's real streams; everything written is made terminal-safe. */
export const processIo: CliIo = {
  stdout: (text) => endOnClosedPipe(process.stdout).write(terminalSafe(text)),
  stderr: (text) => endOnClosedPipe(process.stderr).write(terminalSafe(text)),
  readStdin: () => readFileSync(0, 'utf8'),
};
