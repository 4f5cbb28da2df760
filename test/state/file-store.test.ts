import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileStateStore, StateFileError, type StateStore } from '../../shared/state';

let dir: string;
let clock = Date.parse('2026-05-12T12:00:00Z');
const now = () => clock;
const inSeconds = (s: number) => Math.floor(clock / 1000) + s;
let files = 0;
const freshFile = () => join(dir, `state-${++files}.json`);

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'herald-file-store-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Each mutation, then what a second instance on the same file reads. */
const roundTrips: { case: string; mutate: (store: StateStore) => Promise<unknown>; pk: string; sk: string; data: Record<string, unknown> | undefined }[] = [
  { case: 'put', mutate: (s) => s.put({ pk: 'p', sk: 'k', expiresAt: inSeconds(60), data: { a: 'x', n: 1, ok: true } }), pk: 'p', sk: 'k', data: { a: 'x', n: 1, ok: true } },
  { case: 'putIfAbsent', mutate: (s) => s.putIfAbsent({ pk: 'p', sk: 'k', expiresAt: inSeconds(60), data: { a: 'x' } }), pk: 'p', sk: 'k', data: { a: 'x' } },
  { case: 'claim', mutate: (s) => s.claim({ pk: 'p', sk: 'k', expiresAt: inSeconds(60) }, 'evt-1'), pk: 'p', sk: 'k', data: { owner: 'evt-1' } },
  {
    case: 'putIfGreater',
    mutate: (s) => s.putIfGreater({ pk: 'p', sk: 'k', expiresAt: inSeconds(60), data: { version: 4 } }, 'version'),
    pk: 'p',
    sk: 'k',
    data: { version: 4 },
  },
  {
    case: 'add',
    mutate: async (s) => {
      await s.add('p', 'k', { n: 1 }, { expiresAt: inSeconds(60), setIfAbsent: { first: 'a' } });
      await s.add('p', 'k', { n: 2 }, { expiresAt: inSeconds(60), setIfAbsent: { first: 'b' } });
    },
    pk: 'p',
    sk: 'k',
    data: { n: 3, first: 'a' },
  },
  {
    case: 'delete',
    mutate: async (s) => {
      await s.put({ pk: 'p', sk: 'k', expiresAt: inSeconds(60) });
      await s.delete('p', 'k');
    },
    pk: 'p',
    sk: 'k',
    data: undefined,
  },
];

/** A file's content, and what the error says about it. */
const corruptFiles: { case: string; content: string; message: string }[] = [
  { case: 'not JSON', content: '{"version": 1, "records": [', message: 'is not valid JSON (' },
  { case: 'empty', content: '', message: 'is not valid JSON (' },
  { case: 'an array', content: '[]', message: 'is not a herald state file (expected {"version": 1, "records": [...]}): (top level): ' },
  { case: 'another version', content: '{"version": 2, "records": []}', message: 'version: ' },
  { case: 'no records', content: '{"version": 1}', message: 'records: ' },
  { case: 'a record without expiry', content: '{"version": 1, "records": [{"pk": "p", "sk": "k"}]}', message: 'records.0.expiresAt: ' },
  { case: 'a text expiry', content: '{"version": 1, "records": [{"pk": "p", "sk": "k", "expiresAt": "soon"}]}', message: 'records.0.expiresAt: ' },
  { case: 'a data value that is an object', content: '{"version": 1, "records": [{"pk": "p", "sk": "k", "expiresAt": 1, "data": {"a": {}}}]}', message: 'records.0.data.a: ' },
  { case: 'an unknown key', content: '{"version": 1, "records": [], "extra": true}', message: 'extra' },
];

describe('FileStateStore', () => {
  it.each(roundTrips)('keeps what $case wrote for the next instance', async ({ mutate, pk, sk, data }) => {
    const file = freshFile();
    await mutate(new FileStateStore({ file, now }));
    const reread = await new FileStateStore({ file, now }).get(pk, sk);
    expect(reread?.data).toEqual(data);
  });

  it('starts empty when the file does not exist, and creates it (and its folder) on the first write', async () => {
    const file = join(dir, `new-${++files}`, 'state.json');
    const store = new FileStateStore({ file, now });
    expect(await store.query('p')).toEqual([]);
    expect(existsSync(file)).toBe(false);
    await store.put({ pk: 'p', sk: 'k', expiresAt: inSeconds(60) });
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ version: 1, records: [{ pk: 'p', sk: 'k', expiresAt: inSeconds(60), data: {} }] });
  });

  it.each(corruptFiles)('refuses a file that is $case, naming the file and the problem', ({ content, message }) => {
    const file = freshFile();
    writeFileSync(file, content);
    expect(() => new FileStateStore({ file, now })).toThrow(StateFileError);
    expect(() => new FileStateStore({ file, now })).toThrow(`state file ${file}: `);
    expect(() => new FileStateStore({ file, now })).toThrow(message);
  });

  it('leaves expired records out of the file, whether they expired in memory or were read expired', async () => {
    const file = freshFile();
    writeFileSync(
      file,
      JSON.stringify({
        version: 1,
        records: [
          { pk: 'p', sk: 'old', expiresAt: inSeconds(-1) },
          { pk: 'p', sk: 'soon', expiresAt: inSeconds(30), data: { n: 1 } },
          { pk: 'p', sk: 'later', expiresAt: inSeconds(600), data: { n: 2 } },
        ],
      }),
    );
    const store = new FileStateStore({ file, now });
    expect((await store.query('p')).map((r) => r.sk)).toEqual(['later', 'soon']);
    clock += 60_000;
    await store.put({ pk: 'a', sk: 'new', expiresAt: inSeconds(60) });
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({
      version: 1,
      records: [
        { pk: 'a', sk: 'new', expiresAt: inSeconds(60), data: {} },
        { pk: 'p', sk: 'later', expiresAt: inSeconds(540), data: { n: 2 } },
      ],
    });
  });

  it('writes every concurrent change, through a temporary file that does not stay behind', async () => {
    const file = join(dir, `concurrent-${++files}`, 'state.json');
    const store = new FileStateStore({ file, now });
    await Promise.all(Array.from({ length: 40 }, (_, i) => store.add('p', 'k', { n: 1 }, { expiresAt: inSeconds(60), set: { [`w${i}`]: true } })));
    expect((await new FileStateStore({ file, now }).get('p', 'k'))?.data?.n).toBe(40);
    expect(readdirSync(join(file, '..'))).toEqual(['state.json']);
  });

  it('refuses a path it cannot read, naming the file', () => {
    expect(() => new FileStateStore({ file: dir, now })).toThrow(`state file ${dir}: cannot be read (`);
  });

  it('rejects the change it cannot write, naming the file', async () => {
    const folder = join(dir, `gone-${++files}`);
    const file = join(folder, 'state.json');
    const store = new FileStateStore({ file, now });
    writeFileSync(folder, 'a file where the folder should be');
    await expect(store.put({ pk: 'p', sk: 'k', expiresAt: inSeconds(60) })).rejects.toThrow(`state file ${file}: cannot be written (`);
  });
});
