// How a JSON input that cannot be read is reported: where (line and column), and why.

/** Line and column (1-based) of a character offset. */
export const lineAndColumn = (text: string, offset: number): { line: number; column: number } => {
  let line = 1;
  let start = 0;
  for (let at = text.indexOf('\n'); at !== -1 && at < offset; at = text.indexOf('\n', at + 1)) {
    line++;
    start = at + 1;
  }
  return { line, column: offset - start + 1 };
};

/** `JSON.parse`'s message, with the position turned into line:column where it gives one. */
export const jsonErrorAt = (text: string, error: unknown): { message: string; line?: number; column?: number } => {
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
 * JSON.parse's message without its offset, which the location already gives as line:column,
 * on one line (V8 quotes short inputs, newlines included). V8 says "... in JSON at position N"
 * but "... after JSON at position N" for trailing text.
 */
export const withoutPosition = (message: string): string =>
  message.replace(/ (?:in JSON )?at position \d+.*$| \(line \d+ column \d+\)$/, '').replace(/\s*\n\s*/g, ' ');

/** Why an input too large to hold was skipped. */
export const tooLarge = (what: string, bytes: number): string =>
  `${what} of more than ${bytes} bytes: an event is at most 256 KB (give many events as JSON lines or a JSON array, which are read one event at a time)`;
