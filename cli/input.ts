import { readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';

/** One input event, or the reason an input could not be read as JSON, with where it came from. */
export type InputRecord =
  | { location: string; value: unknown }
  | { location: string; error: string };

/** A path that does not exist or cannot be read: a usage error, reported before any work. */
export class InputPathError extends Error {
  public constructor(message: string) {
    super(message);
    this.name = 'InputPathError';
  }
}

const LINE_EXTENSIONS = new Set(['.jsonl', '.ndjson']);
const EVENT_EXTENSIONS = new Set(['.json', ...LINE_EXTENSIONS]);

/** Line and column (1-based) of a character offset. */
const lineAndColumn = (text: string, offset: number): { line: number; column: number } => {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
};

/** `JSON.parse`'s message, with the position turned into line:column where it gives one. */
const jsonErrorAt = (text: string, error: unknown): { message: string; line?: number; column?: number } => {
  const message = error instanceof Error ? error.message : String(error);
  const position = /at position (\d+)/.exec(message);
  if (position?.[1] !== undefined) return { message, ...lineAndColumn(text, Number(position[1])) };
  const lineColumn = /line (\d+) column (\d+)/.exec(message);
  if (lineColumn?.[1] !== undefined && lineColumn[2] !== undefined) {
    return { message, line: Number(lineColumn[1]), column: Number(lineColumn[2]) };
  }
  return { message };
};

/**
 * JSON.parse's message without its offset, which the location already gives as line:column.
 * V8 says "... in JSON at position N" but "... after JSON at position N" for trailing text.
 */
const withoutPosition = (message: string): string => message.replace(/ (?:in JSON )?at position \d+.*$| \(line \d+ column \d+\)$/, '');

const parseLines = (name: string, text: string): InputRecord[] =>
  text.split("\n").flatMap((line, index): InputRecord[] => {
    if (line.trim() === '') return [];
    const location = `${name}:${index + 1}`;
    try {
      return [{ location, value: JSON.parse(line) as unknown }];
    } catch (error) {
      const at = jsonErrorAt(line, error);
      const column = at.column === undefined ? '' : ` at column ${at.column}`;
      return [{ location, error: `invalid JSON${column}: ${withoutPosition(at.message)}` }];
    }
  });

const firstLineIsJson = (text: string): boolean => {
  const first = text.split('\n').find((line) => line.trim() !== '');
  if (first === undefined) return false;
  try {
    JSON.parse(first);
    return true;
  } catch {
    return false;
  }
};

/**
 * Splits one input text into events. Accepts a single event, a JSON array of events, or
 * JSON lines (one event per line; always for `.jsonl`/`.ndjson`). A bad line of a JSON-lines
 * input costs that line only; a broken JSON document is one error with its line and column.
 */
export const parseInputText = (name: string, raw: string): InputRecord[] => {
  // Editors on Windows save UTF-8 with a byte order mark, which JSON.parse rejects.
  const text = raw.startsWith('\uFEFF') ? raw.slice(1) : raw;
  if (text.trim() === '') return [];
  if (LINE_EXTENSIONS.has(extname(name))) return parseLines(name, text);
  try {
    const value = JSON.parse(text) as unknown;
    if (Array.isArray(value)) return value.map((item, index) => ({ location: `${name}[${index}]`, value: item as unknown }));
    return [{ location: name, value }];
  } catch (error) {
    if (firstLineIsJson(text)) return parseLines(name, text);
    const at = jsonErrorAt(text, error);
    const where = at.line === undefined ? name : `${name}:${at.line}:${at.column ?? 1}`;
    return [{ location: where, error: `invalid JSON: ${withoutPosition(at.message)}` }];
  }
};

/** Event files under `directory`, sorted, following symbolic links (each directory once). */
const listEventFiles = (directory: string, seen: Set<string> = new Set()): string[] => {
  const real = realpathSync(directory);
  if (seen.has(real)) return [];
  seen.add(real);
  return readdirSync(directory, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((entry) => {
      const path = join(directory, entry.name);
      const stats = entry.isSymbolicLink() ? statSync(path, { throwIfNoEntry: false }) : entry;
      if (stats === undefined) return [];
      if (stats.isDirectory()) return listEventFiles(path, seen);
      return stats.isFile() && EVENT_EXTENSIONS.has(extname(entry.name)) ? [path] : [];
    });
};

/** Expands paths (files and directories, recursively) into event files; throws {@link InputPathError}. */
export const expandPaths = (paths: readonly string[]): string[] =>
  paths.flatMap((path) => {
    if (path === '-') return [path];
    let isDirectory: boolean;
    try {
      isDirectory = statSync(path).isDirectory();
    } catch {
      throw new InputPathError(`no such file or directory: ${path}`);
    }
    return isDirectory ? listEventFiles(path) : [path];
  });

/** Reads every input: files, directories, or `-` for standard input. */
export const readInputs = (files: readonly string[], readStdin: () => string): InputRecord[] =>
  files.flatMap((file) => {
    if (file === '-') return parseInputText('<stdin>', readStdin());
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      return [{ location: file, error: `cannot read: ${error instanceof Error ? error.message : String(error)}` }];
    }
    return parseInputText(file, text);
  });
