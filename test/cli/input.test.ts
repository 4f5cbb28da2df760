import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expandPaths, InputPathError, type InputRecord, parseInputText, readInputBatches, readInputs } from '../../cli/input';
import { JsonInputSplitter, MAX_RECORD_BYTES } from '../../cli/json-stream';
import { loadRawFixture } from '../support/fixtures';

const TASK = loadRawFixture('ecs-task/stopped-essential-exit');
const SERVICE = loadRawFixture('ecs-service-action/placement-failure-memory');
const ALARM = loadRawFixture('cloudwatch-alarm/alarm');

const line = (event: unknown): string => JSON.stringify(event);

const collect = async <T>(items: AsyncIterable<T>): Promise<T[]> => {
  const all: T[] = [];
  for await (const item of items) all.push(item);
  return all;
};

/** One event on one line with the comma after `"version":"0"` missing: V8 stops at column 16. */
const BROKEN_LINE = line(SERVICE).replace('"version":"0",', '"version":"0" ');

/** A pretty-printed event whose line 3 (`"id": ...`) lost its trailing comma. */
const BROKEN_DOCUMENT = JSON.stringify(TASK, null, 2)
  .split('\n')
  .map((text, index) => (index === 2 ? text.replace(/,$/, '') : text))
  .join('\n');

describe('parseInputText', () => {
  it.each<{ case: string; name: string; text: string; records: InputRecord[] }>([
    {
      case: 'a single pretty-printed event',
      name: 'task.json', text: JSON.stringify(TASK, null, 2),
      records: [{ location: 'task.json', value: TASK }],
    },
    {
      case: 'a single event on one line in a .json file is a document, not line 1',
      name: 'task.json', text: `${line(TASK)}\n`,
      records: [{ location: 'task.json', value: TASK }],
    },
    {
      case: 'an array of events: each located by its index',
      name: 'batch.json', text: JSON.stringify([TASK, SERVICE, ALARM], null, 2),
      records: [
        { location: 'batch.json[0]', value: TASK },
        { location: 'batch.json[1]', value: SERVICE },
        { location: 'batch.json[2]', value: ALARM },
      ],
    },
    {
      case: 'an empty array',
      name: 'batch.json', text: '[]\n',
      records: [],
    },
    {
      case: 'a value that is no event still passes (parseEvent judges it)',
      name: 'n.json', text: '42',
      records: [{ location: 'n.json', value: 42 }],
    },
    {
      case: 'JSON lines, detected, with a malformed line 2 and a blank line 3',
      name: 'stream.json', text: [line(TASK), BROKEN_LINE, '', line(ALARM), ''].join('\n'),
      records: [
        { location: 'stream.json:1', value: TASK },
        { location: 'stream.json:2', error: "invalid JSON at column 16: Expected ',' or '}' after property value" },
        { location: 'stream.json:4', value: ALARM },
      ],
    },
    {
      case: 'JSON lines with CRLF line endings',
      name: '<stdin>', text: `${line(TASK)}\r\n${line(SERVICE)}\r\n`,
      records: [
        { location: '<stdin>:1', value: TASK },
        { location: '<stdin>:2', value: SERVICE },
      ],
    },
    {
      case: '.jsonl forces line mode for a single line',
      name: 'one.jsonl', text: `${line(TASK)}\n`,
      records: [{ location: 'one.jsonl:1', value: TASK }],
    },
    {
      case: '.ndjson forces line mode, even when line 1 is broken',
      name: 'events.ndjson', text: [BROKEN_LINE, line(ALARM)].join('\n'),
      records: [
        { location: 'events.ndjson:1', error: "invalid JSON at column 16: Expected ',' or '}' after property value" },
        { location: 'events.ndjson:2', value: ALARM },
      ],
    },
    {
      case: '.jsonl with two events on one line',
      name: 'two.jsonl', text: `${line(TASK)} ${line(ALARM)}`,
      records: [{ location: 'two.jsonl:1', error: `invalid JSON at column ${line(TASK).length + 2}: Unexpected non-whitespace character after JSON` }],
    },
    {
      case: 'a pretty-printed document with a syntax error: one error at line:column',
      name: 'task.json', text: BROKEN_DOCUMENT,
      records: [{ location: 'task.json:4:3', error: "invalid JSON: Expected ',' or '}' after property value" }],
    },
    {
      case: 'two events on one line of a .json file: one error at line:column',
      name: 'two.json', text: `${line(TASK)} ${line(ALARM)}`,
      records: [{ location: `two.json:1:${line(TASK).length + 2}`, error: 'invalid JSON: Unexpected non-whitespace character after JSON' }],
    },
    { case: 'empty text', name: 'empty.json', text: '', records: [] },
    { case: 'blank lines only', name: 'blank.jsonl', text: '\n  \n\t\n', records: [] },
  ])('$case', ({ name, text, records }) => {
    expect(parseInputText(name, text)).toEqual(records);
  });
});

describe('expandPaths and readInputs over a directory', () => {
  let root: string;
  const at = (...parts: string[]): string => join(root, ...parts);

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'herald-input-'));
    mkdirSync(at('sub', 'deeper'), { recursive: true });
    mkdirSync(at('a-empty-dir'));
    const files: [path: string[], text: string][] = [
      [['b-service.json'], JSON.stringify(SERVICE, null, 2)],
      [['a-task.jsonl'], `${line(TASK)}\n${BROKEN_LINE}\n`],
      [['c-alarm.ndjson'], `${line(ALARM)}\n`],
      [['notes.txt'], 'not an event'],
      [['README.md'], '# events'],
      [['b-service.json.bak'], '{}'],
      [['sub', 'z.json'], line(ALARM)],
      [['sub', 'deeper', 'y.json'], JSON.stringify([TASK, SERVICE])],
    ];
    for (const [path, text] of files) writeFileSync(at(...path), text);
  });

  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it.each<{ case: string; paths: () => string[]; files: () => string[] }>([
    {
      case: 'a directory: event files only, recursively, sorted by name at each level',
      paths: () => [root],
      files: () => [at('a-task.jsonl'), at('b-service.json'), at('c-alarm.ndjson'), at('sub', 'deeper', 'y.json'), at('sub', 'z.json')],
    },
    {
      case: 'files are kept whatever their extension, and - (standard input) as is, in argument order',
      paths: () => [at('notes.txt'), '-', at('sub')],
      files: () => [at('notes.txt'), '-', at('sub', 'deeper', 'y.json'), at('sub', 'z.json')],
    },
    { case: 'an empty directory', paths: () => [at('a-empty-dir')], files: () => [] },
  ])('$case', ({ paths, files }) => {
    expect(expandPaths(paths())).toEqual(files());
  });

  it.each([
    { case: 'a missing file', path: () => at('missing.json') },
    { case: 'a missing directory after a good one', path: () => at('no-such-dir') },
  ])('$case throws InputPathError naming it', ({ path }) => {
    const missing = path();
    const attempt = () => expandPaths([root, missing]);
    expect(attempt).toThrow(InputPathError);
    expect(attempt).toThrow(`no such file or directory: ${missing}`);
  });

  it('reads every expanded file and standard input, keeping each record located', async () => {
    const records = await collect(readInputs([...expandPaths([at('sub')]), at('a-task.jsonl'), '-'], () => line(SERVICE)));
    expect(records).toEqual([
      { location: `${at('sub', 'deeper', 'y.json')}[0]`, value: TASK },
      { location: `${at('sub', 'deeper', 'y.json')}[1]`, value: SERVICE },
      { location: at('sub', 'z.json'), value: ALARM },
      { location: `${at('a-task.jsonl')}:1`, value: TASK },
      { location: `${at('a-task.jsonl')}:2`, error: "invalid JSON at column 16: Expected ',' or '}' after property value" },
      { location: '<stdin>', value: SERVICE },
    ]);
  });

  it('reports an unreadable input as a located error instead of throwing', async () => {
    const [record, ...rest] = await collect(readInputs([at('sub')], () => ''));
    expect(rest).toEqual([]);
    expect(record?.location).toBe(at('sub'));
    // Jest runs tests in a vm context where errors from node:fs are not `instanceof Error`,
    // so String(error) adds an `Error: ` that the CLI itself never prints.
    expect(record).toHaveProperty('error', expect.stringMatching(/^cannot read: (Error: )?EISDIR: illegal operation on a directory, read$/));
  });
});

describe('input edge cases', () => {
  it('accepts a UTF-8 byte order mark', () => {
    expect(parseInputText('bom.json', '\uFEFF{"id":"x"}')).toEqual([{ location: 'bom.json', value: { id: 'x' } }]);
  });

  it('follows symbolic links to files and directories, each directory once', () => {
    const root = mkdtempSync(join(tmpdir(), 'herald-links-'));
    const real = join(root, 'real');
    mkdirSync(real);
    writeFileSync(join(real, 'a.json'), '{}');
    const tree = join(root, 'tree');
    mkdirSync(tree);
    symlinkSync(real, join(tree, 'linked-dir'));
    symlinkSync(join(real, 'a.json'), join(tree, 'b.json'));
    symlinkSync(tree, join(tree, 'loop'));
    expect(expandPaths([tree]).map((p) => p.slice(tree.length + 1))).toEqual(['b.json', 'linked-dir/a.json']);
  });
});

describe('JsonInputSplitter: inputs read a chunk at a time', () => {
  const split = (name: string, text: string, chunkBytes: number): InputRecord[] => {
    const splitter = new JsonInputSplitter(name, name.endsWith('.jsonl'));
    const bytes = Buffer.from(text, 'utf8');
    const records: InputRecord[] = [];
    for (let at = 0; at < bytes.length; at += chunkBytes) records.push(...splitter.push(bytes.subarray(at, at + chunkBytes)));
    return [...records, ...splitter.end()];
  };

  it.each([
    { case: 'JSON lines with a malformed line and CRLF endings', name: 'stream.json', text: [line(TASK), BROKEN_LINE, '', `${line(ALARM)}\r`, ''].join('\n') },
    { case: 'a pretty-printed array', name: 'batch.json', text: JSON.stringify([TASK, SERVICE, ALARM], null, 2) },
    { case: 'a pretty-printed event', name: 'task.json', text: JSON.stringify(TASK, null, 2) },
    { case: 'a broken pretty-printed event', name: 'task.json', text: BROKEN_DOCUMENT },
    { case: 'one event on one line', name: 'task.json', text: `${line(TASK)}\n\n` },
    { case: 'text with multi-byte characters', name: 'events.jsonl', text: `${line({ ...ALARM, detail: { note: 'naïve ✓ 𝄞' } })}\n${line(TASK)}` },
  ])('$case: the same events whatever the chunk size', ({ name, text }) => {
    const whole = parseInputText(name, text);
    expect(whole.length).toBeGreaterThan(0);
    for (const chunkBytes of [1, 3, 64, 4096]) expect(split(name, text, chunkBytes)).toEqual(whole);
  });

  it.each<{ case: string; name: string; text: string; records: InputRecord[] }>([
    {
      case: 'an array with a malformed element: that element only, located by index, line and column',
      name: 'batch.json', text: '[\n  {"id": "a"},\n  {"id": },\n  {"id": "c"}\n]\n',
      records: [
        { location: 'batch.json[0]', value: { id: 'a' } },
        { location: 'batch.json[1]', error: 'invalid JSON at line 3 column 3: Unexpected token \'}\', "{"id": }" is not valid JSON' },
        { location: 'batch.json[2]', value: { id: 'c' } },
      ],
    },
    {
      case: 'commas and brackets inside strings end nothing',
      name: 'batch.json', text: '[{"reason": "a, b] [c\\" }"}, ["x", {"y": "]"}]]',
      records: [
        { location: 'batch.json[0]', value: { reason: 'a, b] [c" }' } },
        { location: 'batch.json[1]', value: ['x', { y: ']' }] },
      ],
    },
    {
      case: 'an array that is never closed',
      name: 'cut.json', text: '[{"id": "a"}, {"id": "b"',
      records: [
        { location: 'cut.json[0]', value: { id: 'a' } },
        { location: 'cut.json[1]', error: 'invalid JSON: Unexpected end of JSON input (the array is not closed)' },
      ],
    },
    {
      case: 'text after the array',
      name: 'batch.json', text: '[{"id": "a"}]\n{"id": "b"}\n',
      records: [
        { location: 'batch.json[0]', value: { id: 'a' } },
        { location: 'batch.json:2:1', error: 'invalid JSON: Unexpected non-whitespace character after JSON (the rest of the input is ignored)' },
      ],
    },
    {
      case: 'a trailing comma',
      name: 'batch.json', text: '[{"id": "a"},]',
      records: [
        { location: 'batch.json[0]', value: { id: 'a' } },
        { location: 'batch.json[1]', error: 'invalid JSON at line 1 column 14: Unexpected end of JSON input' },
      ],
    },
  ])('$case', ({ name, text, records }) => {
    expect(parseInputText(name, text)).toEqual(records);
    expect(split(name, text, 5)).toEqual(records);
  });

  it.each([
    { case: 'a line', name: 'big.jsonl', text: (big: string) => `${line(TASK)}\n${big}\n${line(ALARM)}\n`, location: 'big.jsonl:2', what: 'a line' },
    { case: 'an array element', name: 'big.json', text: (big: string) => `[${line(TASK)},\n${big},\n${line(ALARM)}]`, location: 'big.json[1]', what: 'an element' },
  ])('$case too large is reported alone, its neighbours read', ({ name, text, location, what }) => {
    const big = JSON.stringify({ padding: 'x'.repeat(MAX_RECORD_BYTES) });
    const records = split(name, text(big), 1 << 20);
    expect(records.map((r) => r.location)).toEqual([expect.any(String), location, expect.any(String)]);
    expect(records[1]).toEqual({ location, error: `${what} of more than ${MAX_RECORD_BYTES} bytes: an event is at most 256 KB (give many events as JSON lines or a JSON array, which are read one event at a time)` });
  });

  it('a single document too large is one error, not held in memory', () => {
    const text = JSON.stringify({ ...TASK, padding: 'x'.repeat(MAX_RECORD_BYTES) }, null, 2);
    expect(split('huge.json', text, 1 << 20)).toEqual([
      { location: 'huge.json', error: `a JSON document of more than ${MAX_RECORD_BYTES} bytes: an event is at most 256 KB (give many events as JSON lines or a JSON array, which are read one event at a time)` },
    ]);
  });

  it('reads standard input as a stream of chunks', async () => {
    async function* chunks(): AsyncGenerator<Buffer> {
      const text = Buffer.from(`${line(TASK)}\n${line(ALARM)}\n`);
      for (let at = 0; at < text.length; at += 100) yield text.subarray(at, at + 100);
    }
    const batches = await collect(readInputBatches(['-'], chunks));
    expect(batches.flat()).toEqual([{ location: '<stdin>:1', value: TASK }, { location: '<stdin>:2', value: ALARM }]);
    // One batch per chunk (and the end): the events of a chunk go on before the next is read.
    expect(batches.length).toBeGreaterThan(2);
  });
});
