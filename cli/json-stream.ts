import { jsonErrorAt, lineAndColumn, tooLarge, withoutPosition } from './json-errors';

/** One input event, or the reason an input could not be read as JSON, with where it came from. */
export type InputRecord =
  | { location: string; value: unknown }
  | { location: string; error: string };

/**
 * The largest line, array element or single document read: 16 times the largest event
 * EventBridge delivers (256 KB), so only a file that is no event stream (or a whole array on
 * one line) reaches it. Each is decoded and parsed alone, so memory does not grow with the file.
 * @see https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-putevent-size.html
 */
export const MAX_RECORD_BYTES = 4 * 1024 * 1024;

const NEWLINE = 0x0a;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const BOM = [0xef, 0xbb, 0xbf] as const;

const isSpace = (byte: number): boolean => byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;

/** How the text of an input is laid out, decided from its start. */
type Layout =
  /** Nothing significant read yet. */
  | 'start'
  /** Not decided: the first line is being read; if it is JSON by itself, the input is JSON lines. */
  | 'first-line'
  /** One event per line. */
  | 'lines'
  /** A JSON array, read element by element. */
  | 'array'
  /** After the array: only whitespace may follow. */
  | 'after-array'
  /** A single (pretty-printed) document, read whole up to {@link MAX_RECORD_BYTES}. */
  | 'document'
  /** Nothing more is read (the input ended, or text followed the array). */
  | 'done';

/**
 * Splits an input's bytes, pushed in chunks of any size, into events, without holding more
 * than one line, array element or document at a time. The layout is detected as the text
 * starts: `.jsonl`/`.ndjson` (`lines`) is always JSON lines; otherwise a `[` starts a JSON array,
 * read element by element (located `name[i]`); a first line that is JSON by itself starts JSON
 * lines (located `name:N`; one alone is a document, located `name`); anything else is one
 * document. A bad line or element costs that line or element only.
 *
 * @example
 * ```ts
 * const splitter = new JsonInputSplitter('events.jsonl', true);
 * for await (const chunk of createReadStream('events.jsonl')) handle(splitter.push(chunk));
 * handle(splitter.end());
 * ```
 */
export class JsonInputSplitter {
  private layout: Layout = 'start';
  /** The unfinished line, element or document, in pieces. */
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  /** The current one grew past {@link MAX_RECORD_BYTES}: it is reported, its bytes dropped. */
  private overflow = false;
  /** Line number (1-based) the unfinished line starts on. */
  private line = 1;
  /** JSON lines read alone, in an input that may turn out to be a one-line document. */
  private held: { line: number; text: string } | undefined;
  /** Nothing pushed yet: a byte order mark may come. */
  private leading = true;
  // Array scanning state, kept across chunks.
  private depth = 0;
  private inString = false;
  private escaped = false;
  private index = 0;
  /** Line and column where the current element starts. */
  private elementLine = 1;
  private elementColumn = 1;
  /** Column (1-based, in bytes) of the last byte scanned on {@link line}. */
  private column = 0;
  /** Line number the single document starts on. */
  private documentLine = 1;

  public constructor(
    private readonly name: string,
    private readonly forceLines: boolean,
  ) {}

  /** The events completed by this chunk. */
  public push(chunk: Buffer): InputRecord[] {
    const out: InputRecord[] = [];
    let start = 0;
    if (this.leading) {
      // Editors on Windows save UTF-8 with a byte order mark, which JSON.parse rejects.
      if (chunk.length >= 3 && chunk[0] === BOM[0] && chunk[1] === BOM[1] && chunk[2] === BOM[2]) start = 3;
      this.leading = false;
    }
    while (start < chunk.length) {
      switch (this.layout) {
        case 'start':
          start = this.detect(chunk, start);
          break;
        case 'first-line':
        case 'lines':
          start = this.readLines(chunk, start, out);
          break;
        case 'array':
          start = this.readArray(chunk, start, out);
          break;
        case 'after-array':
          start = this.readTrailing(chunk, start, out);
          break;
        case 'document':
          this.keep(chunk.subarray(start));
          start = chunk.length;
          break;
        case 'done':
          start = chunk.length;
          break;
      }
    }
    return out;
  }

  /** The events left when the input ends. */
  public end(): InputRecord[] {
    const out: InputRecord[] = [];
    // The last line, without a newline (it may turn out to start a document).
    if ((this.layout === 'first-line' || this.layout === 'lines') && (this.pendingBytes > 0 || this.overflow)) this.endLine(out);
    switch (this.layout) {
      case 'first-line':
      case 'lines':
        // A single line in a file that is not JSON lines by name is that file's document.
        if (this.held !== undefined) this.readDocument(this.held.text, out);
        break;
      case 'array':
        if (this.overflow) out.push({ location: `${this.name}[${this.index}]`, error: tooLarge('an element', MAX_RECORD_BYTES) });
        else if (this.pendingBytes > 0 && this.takeText().trim() !== '') out.push({ location: `${this.name}[${this.index}]`, error: 'invalid JSON: Unexpected end of JSON input (the array is not closed)' });
        else out.push({ location: `${this.name}:${this.line}:${this.column}`, error: 'invalid JSON: Unexpected end of JSON input (the array is not closed)' });
        break;
      case 'document':
        if (this.overflow) out.push({ location: this.name, error: tooLarge('a JSON document', MAX_RECORD_BYTES) });
        else this.readDocument(this.takeText(), out);
        break;
      case 'start':
      case 'after-array':
      case 'done':
        break;
    }
    this.layout = 'done';
    return out;
  }

  /** Skips leading whitespace and picks the layout from the first significant byte. */
  private detect(chunk: Buffer, from: number): number {
    let at = from;
    while (at < chunk.length && isSpace(chunk[at] ?? 0)) {
      if (chunk[at] === NEWLINE) {
        this.line++;
        this.column = 0;
      } else this.column++;
      at++;
    }
    if (at === chunk.length) return at;
    this.layout = this.forceLines ? 'lines' : chunk[at] === OPEN_BRACKET ? 'array' : 'first-line';
    return at;
  }

  private keep(piece: Buffer): void {
    if (this.overflow || piece.length === 0) return;
    if (this.pendingBytes + piece.length > MAX_RECORD_BYTES) {
      this.overflow = true;
      this.pending = [];
      this.pendingBytes = 0;
      return;
    }
    // A copy: the reader may reuse the chunk's memory.
    this.pending.push(Buffer.from(piece));
    this.pendingBytes += piece.length;
  }

  private takeText(): string {
    const text = this.pending.length === 1 ? (this.pending[0]?.toString('utf8') ?? '') : Buffer.concat(this.pending, this.pendingBytes).toString('utf8');
    this.pending = [];
    this.pendingBytes = 0;
    return text;
  }

  private readLines(chunk: Buffer, from: number, out: InputRecord[]): number {
    let start = from;
    for (let end = chunk.indexOf(NEWLINE, start); end !== -1; end = chunk.indexOf(NEWLINE, start)) {
      if (this.pendingBytes === 0 && !this.overflow && end - start <= MAX_RECORD_BYTES) this.readLine(chunk.toString('utf8', start, end), out);
      else {
        this.keep(chunk.subarray(start, end));
        this.endLine(out);
      }
      this.line++;
      start = end + 1;
      if (this.layout === 'document') return start;
    }
    this.keep(chunk.subarray(start));
    return chunk.length;
  }

  private endLine(out: InputRecord[]): void {
    if (this.overflow) {
      this.overflow = false;
      this.flushHeld(out);
      out.push({ location: `${this.name}:${this.line}`, error: tooLarge('a line', MAX_RECORD_BYTES) });
      if (this.layout === 'first-line') this.layout = 'lines';
      return;
    }
    this.readLine(this.takeText(), out);
  }

  private readLine(text: string, out: InputRecord[]): void {
    if (text.trim() === '') return;
    if (this.layout === 'first-line') {
      // JSON by itself: JSON lines (or a one-line document, known at the end); otherwise the
      // first line of a pretty-printed document.
      if (parses(text)) {
        this.layout = 'lines';
        this.held = { line: this.line, text };
        return;
      }
      this.layout = 'document';
      this.documentLine = this.line;
      this.keep(Buffer.from(`${text}\n`));
      return;
    }
    this.flushHeld(out);
    out.push(this.parseLine(this.line, text));
  }

  /** The first line was not alone after all: it is line N of JSON lines. */
  private flushHeld(out: InputRecord[]): void {
    if (this.held === undefined) return;
    out.push(this.parseLine(this.held.line, this.held.text));
    this.held = undefined;
  }

  private parseLine(line: number, text: string): InputRecord {
    const location = `${this.name}:${line}`;
    try {
      return { location, value: JSON.parse(text) as unknown };
    } catch (error) {
      const at = jsonErrorAt(text, error);
      const column = at.column === undefined ? '' : ` at column ${at.column}`;
      return { location, error: `invalid JSON${column}: ${withoutPosition(at.message)}` };
    }
  }

  /** A whole document: an array is its elements, anything else one event. */
  private readDocument(text: string, out: InputRecord[]): void {
    try {
      const value = JSON.parse(text) as unknown;
      if (Array.isArray(value)) value.forEach((item: unknown, index) => out.push({ location: `${this.name}[${index}]`, value: item }));
      else out.push({ location: this.name, value });
    } catch (error) {
      const at = jsonErrorAt(text, error);
      // Lines before the document's first are not in its text.
      const first = this.held?.line ?? this.documentLine;
      const where = at.line === undefined ? this.name : `${this.name}:${first + at.line - 1}:${at.column ?? 1}`;
      out.push({ location: where, error: `invalid JSON: ${withoutPosition(at.message)}` });
    }
  }

  /**
   * Scans an array's bytes for its elements: strings are skipped (a `,` or `]` in one ends
   * nothing), brackets and braces counted; each element at depth 1 is parsed alone.
   */
  private readArray(chunk: Buffer, from: number, out: InputRecord[]): number {
    let elementStart = from;
    for (let at = from; at < chunk.length; at++) {
      const byte = chunk[at] ?? 0;
      if (byte === NEWLINE) {
        this.line++;
        this.column = 0;
      } else this.column++;
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (byte === BACKSLASH) this.escaped = true;
        else if (byte === QUOTE) this.inString = false;
        continue;
      }
      if (byte === QUOTE) this.inString = true;
      else if (byte === OPEN_BRACE || byte === OPEN_BRACKET) {
        this.depth++;
        if (this.depth === 1) {
          // The array's own bracket: elements start after it.
          elementStart = at + 1;
          this.markElement();
        }
      } else if (byte === CLOSE_BRACE || byte === CLOSE_BRACKET || byte === COMMA) {
        if (byte !== COMMA) this.depth--;
        if (this.depth === 0 || (byte === COMMA && this.depth === 1)) {
          this.keep(chunk.subarray(elementStart, at));
          this.endElement(out, byte === COMMA);
          elementStart = at + 1;
          this.markElement();
          if (this.depth <= 0) {
            this.layout = 'after-array';
            return at + 1;
          }
        }
      }
    }
    this.keep(chunk.subarray(elementStart));
    return chunk.length;
  }

  private markElement(): void {
    this.elementLine = this.line;
    this.elementColumn = this.column + 1;
  }

  private endElement(out: InputRecord[], separated: boolean): void {
    const location = `${this.name}[${this.index}]`;
    if (this.overflow) {
      this.overflow = false;
      out.push({ location, error: tooLarge('an element', MAX_RECORD_BYTES) });
      this.index++;
      return;
    }
    const text = this.takeText();
    const body = text.trimStart();
    // `[]` has no element; `[1,]` has an empty one.
    if (body === '' && !separated && this.index === 0) return;
    try {
      out.push({ location, value: JSON.parse(body) as unknown });
    } catch (error) {
      // Where V8 says (else where the element starts), from the element's place in the input.
      const found = jsonErrorAt(body, error);
      const start = lineAndColumn(text, text.length - body.length);
      const line = start.line + (found.line ?? 1) - 1;
      const column = found.line === undefined || found.line === 1 ? start.column + (found.column ?? 1) - 1 : (found.column ?? 1);
      const at = line === 1 ? { line: this.elementLine, column: this.elementColumn + column - 1 } : { line: this.elementLine + line - 1, column };
      out.push({ location, error: `invalid JSON at line ${at.line} column ${at.column}: ${withoutPosition(found.message)}` });
    }
    this.index++;
  }

  /** Only whitespace may follow the array; anything else is reported once, and ignored. */
  private readTrailing(chunk: Buffer, from: number, out: InputRecord[]): number {
    for (let at = from; at < chunk.length; at++) {
      const byte = chunk[at] ?? 0;
      if (byte === NEWLINE) {
        this.line++;
        this.column = 0;
        continue;
      }
      this.column++;
      if (!isSpace(byte)) {
        out.push({ location: `${this.name}:${this.line}:${this.column}`, error: 'invalid JSON: Unexpected non-whitespace character after JSON (the rest of the input is ignored)' });
        this.layout = 'done';
        return chunk.length;
      }
    }
    return chunk.length;
  }
}

const parses = (text: string): boolean => {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
};
