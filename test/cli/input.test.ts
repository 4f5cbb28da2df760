import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expandPaths, InputPathError, type InputRecord, parseInputText, readInputs } from '../../cli/input';
import { loadRawFixture } from '../support/fixtures';

const TASK = loadRawFixture('ecs-task/stopped-essential-exit');
const SERVICE = loadRawFixture('ecs-service-action/placement-failure-memory');
const ALARM = loadRawFixture('cloudwatch-alarm/alarm');

const line = (event: unknown): string => JSON.stringify(event);

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

  it('reads every expanded file and standard input, keeping each record located', () => {
    const records = readInputs([...expandPaths([at('sub')]), at('a-task.jsonl'), '-'], () => line(SERVICE));
    expect(records).toEqual([
      { location: `${at('sub', 'deeper', 'y.json')}[0]`, value: TASK },
      { location: `${at('sub', 'deeper', 'y.json')}[1]`, value: SERVICE },
      { location: at('sub', 'z.json'), value: ALARM },
      { location: `${at('a-task.jsonl')}:1`, value: TASK },
      { location: `${at('a-task.jsonl')}:2`, error: "invalid JSON at column 16: Expected ',' or '}' after property value" },
      { location: '<stdin>', value: SERVICE },
    ]);
  });

  it('reports an unreadable input as a located error instead of throwing', () => {
    const [record, ...rest] = readInputs([at('sub')], () => '');
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
