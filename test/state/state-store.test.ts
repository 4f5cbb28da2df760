import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDbStateStore, FileStateStore, MemoryStateStore, type StateRecord, type StateStore } from '../../shared/state';
import { type LocalDynamo, startDynalite } from '../support/dynalite';

let dynamo: LocalDynamo;
let dir: string;
let clock = Date.parse('2026-05-12T12:00:00Z');
const now = () => clock;
const inSeconds = (s: number) => Math.floor(clock / 1000) + s;
let keys = 0;
/** A partition key no other test uses (the dynalite table is shared). */
const freshPk = (name: string) => `${name}#${clock}#${++keys}`;

beforeAll(async () => {
  dynamo = await startDynalite();
  await dynamo.createStateTable('herald-state');
  dir = mkdtempSync(join(tmpdir(), 'herald-state-'));
});
afterAll(async () => {
  await dynamo.close();
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => {
  clock += 86_400_000; // each test starts a day later: nothing left over is live
});

/** `appliesInCallOrder`: every call takes effect before it first awaits (no network). */
const stores: { name: string; makeStore: () => StateStore; appliesInCallOrder: boolean }[] = [
  { name: 'memory', makeStore: () => new MemoryStateStore(now), appliesInCallOrder: true },
  { name: 'dynamodb (dynalite)', makeStore: () => new DynamoDbStateStore({ tableName: 'herald-state', client: dynamo.client, now }), appliesInCallOrder: false },
  { name: 'file', makeStore: () => new FileStateStore({ file: join(dir, `${++keys}.json`), now }), appliesInCallOrder: true },
];

type Data = Record<string, string | number | boolean>;

/** What an unexpired record left from an earlier writer reads as, in every store. */
const expiredCases: { case: string; check: (store: StateStore, old: StateRecord) => Promise<void> }[] = [
  { case: 'get', check: async (store, old) => expect(await store.get(old.pk, old.sk)).toBeUndefined() },
  { case: 'query', check: async (store, old) => expect(await store.query(old.pk)).toEqual([]) },
  { case: 'putIfAbsent', check: async (store, old) => expect(await store.putIfAbsent({ ...old, expiresAt: inSeconds(60) })).toBe(true) },
  { case: 'claim', check: async (store, old) => expect(await store.claim({ ...old, expiresAt: inSeconds(60) }, 'me')).toBe(true) },
  {
    case: 'putIfGreater',
    check: async (store, old) => expect(await store.putIfGreater({ ...old, expiresAt: inSeconds(60), data: { version: 1 } }, 'version')).toEqual({ written: true }),
  },
];

const putIfGreaterCases: { case: string; existing?: Data; expired?: boolean; incoming: number; written: boolean }[] = [
  { case: 'no record', incoming: 3, written: true },
  { case: 'a lower version', existing: { version: 2 }, incoming: 3, written: true },
  { case: 'the same version', existing: { version: 3 }, incoming: 3, written: false },
  { case: 'a higher version', existing: { version: 4, eventId: 'e-4' }, incoming: 3, written: false },
  { case: 'a higher version, expired', existing: { version: 4 }, expired: true, incoming: 3, written: true },
  { case: 'a record without the field', existing: { other: 9 }, incoming: 3, written: true },
  { case: 'a field that is not a number', existing: { version: 'v9' }, incoming: 3, written: true },
];

const claimCases: { case: string; existing?: { owner: string; expired?: boolean }; claimed: boolean }[] = [
  { case: 'an absent key', claimed: true },
  { case: 'a key this owner holds (a retry)', existing: { owner: 'evt-1' }, claimed: true },
  { case: "a key another owner holds", existing: { owner: 'evt-2' }, claimed: false },
  { case: 'an expired claim of another owner', existing: { owner: 'evt-2', expired: true }, claimed: true },
];

/** Calls of `add`, one after another, and the data after the last. */
const addCases: { case: string; calls: { increments: Record<string, number>; set?: Data; setIfAbsent?: Data }[]; data: Data }[] = [
  { case: 'creates the record', calls: [{ increments: { count: 1 } }], data: { count: 1 } },
  { case: 'absent fields count as 0', calls: [{ increments: { a: 1 } }, { increments: { a: 2, b: 3 } }], data: { a: 3, b: 3 } },
  { case: 'negative and fractional increments', calls: [{ increments: { n: 5 } }, { increments: { n: -1.5 } }], data: { n: 3.5 } },
  { case: 'setIfAbsent keeps the first value', calls: [{ increments: { n: 1 }, setIfAbsent: { first: 'a' } }, { increments: { n: 1 }, setIfAbsent: { first: 'b' } }], data: { n: 2, first: 'a' } },
  { case: 'set keeps the last value', calls: [{ increments: { n: 1 }, set: { last: 'a', ok: false } }, { increments: { n: 1 }, set: { last: 'b', ok: true } }], data: { n: 2, last: 'b', ok: true } },
  { case: 'no increments', calls: [{ increments: {}, setIfAbsent: { first: 'a' } }], data: { first: 'a' } },
];

/** What `addIfOpen` finds, and whether it counts. */
const addIfOpenCases: { case: string; existing?: { data: Data; expired?: boolean }; counted: boolean }[] = [
  { case: 'an open record', existing: { data: { n: 2 } }, counted: true },
  { case: 'a record whose flag is false', existing: { data: { n: 2, closed: false } }, counted: true },
  { case: 'no record (it is not created)', counted: false },
  { case: 'a closed record', existing: { data: { n: 2, closed: true } }, counted: false },
  { case: 'an expired record', existing: { data: { n: 2 }, expired: true }, counted: false },
];

/** Partition for the query cases: `a#0` is expired, the rest live. */
const QUERY_KEYS = ['c', 'a#2', 'b#1', 'a#1', 'b#2'];
const queryCases: { case: string; options?: Parameters<StateStore['query']>[1]; keys: string[] }[] = [
  { case: 'the whole partition, in sort-key order', keys: ['a#1', 'a#2', 'b#1', 'b#2', 'c'] },
  { case: 'a prefix', options: { prefix: 'a#' }, keys: ['a#1', 'a#2'] },
  { case: 'a prefix nothing has', options: { prefix: 'z' }, keys: [] },
  { case: 'at most a key', options: { atMost: 'b#1' }, keys: ['a#1', 'a#2', 'b#1'] },
  { case: 'at most a key between keys', options: { atMost: 'b' }, keys: ['a#1', 'a#2'] },
  { case: 'a prefix and at most', options: { prefix: 'b', atMost: 'b#1' }, keys: ['b#1'] },
  { case: 'a limit, not counting the expired record', options: { limit: 2 }, keys: ['a#1', 'a#2'] },
  { case: 'a limit and a prefix', options: { prefix: 'b', limit: 1 }, keys: ['b#1'] },
  { case: 'a limit above the count', options: { limit: 50 }, keys: ['a#1', 'a#2', 'b#1', 'b#2', 'c'] },
];

const shuffled = <T>(items: T[]): T[] => items.map((item) => ({ item, order: Math.random() })).sort((a, b) => a.order - b.order).map(({ item }) => item);

describe.each(stores)('$name state store', ({ makeStore, appliesInCallOrder }) => {
  it('writes once, then refuses the same key until it expires', async () => {
    const store = makeStore();
    const record = { pk: freshPk('delivery'), sk: 'oncall', expiresAt: inSeconds(60), data: { messageId: 'm-1', attempts: 1, ok: true } };
    expect(await store.putIfAbsent(record)).toBe(true);
    expect(await store.putIfAbsent({ ...record, data: { messageId: 'm-2' } })).toBe(false);
    expect(await store.get(record.pk, record.sk)).toEqual(record);
    clock += 61_000;
    expect(await store.get(record.pk, record.sk)).toBeUndefined();
    expect(await store.putIfAbsent({ ...record, expiresAt: inSeconds(60) })).toBe(true);
  });

  it('overwrites with put, and reads a record without data as empty data', async () => {
    const store = makeStore();
    const pk = freshPk('put');
    await store.put({ pk, sk: 'k', expiresAt: inSeconds(60), data: { n: 1 } });
    await store.put({ pk, sk: 'k', expiresAt: inSeconds(60), data: { n: 2 } });
    expect((await store.get(pk, 'k'))?.data).toEqual({ n: 2 });
    await store.put({ pk, sk: 'k', expiresAt: inSeconds(60) });
    expect(await store.get(pk, 'k')).toEqual({ pk, sk: 'k', expiresAt: inSeconds(60), data: {} });
  });

  it.each([
    { case: 'expiring this second', expiresIn: 0, live: false },
    { case: 'expiring next second', expiresIn: 1, live: true },
  ])('reads a record $case as live: $live', async ({ expiresIn, live }) => {
    const store = makeStore();
    const record = { pk: freshPk('edge'), sk: 'k', expiresAt: inSeconds(expiresIn), data: {} };
    await store.put(record);
    expect(await store.get(record.pk, record.sk)).toEqual(live ? record : undefined);
  });

  it.each(expiredCases)('treats an expired record that is still stored as absent: $case', async ({ check }) => {
    const store = makeStore();
    const old = { pk: freshPk('expired'), sk: 'k', expiresAt: inSeconds(-10), data: { version: 99, owner: 'someone-else' } };
    await store.put(old);
    await check(store, old);
  });

  it.each(putIfGreaterCases)('putIfGreater over $case: written $written', async ({ existing, expired, incoming, written }) => {
    const store = makeStore();
    const pk = freshPk('version');
    const old = { pk, sk: 'last', expiresAt: inSeconds(expired === true ? -1 : 60), data: existing ?? {} };
    if (existing !== undefined) await store.put(old);
    const record = { pk, sk: 'last', expiresAt: inSeconds(120), data: { version: incoming, eventId: `e-${incoming}` } };
    const result = await store.putIfGreater(record, 'version');
    expect(result).toEqual(written ? { written: true } : { written: false, current: old });
    expect(await store.get(pk, 'last')).toEqual(written ? record : old);
  });

  it('putIfGreater rejects a record whose field is not a number', async () => {
    const store = makeStore();
    await expect(store.putIfGreater({ pk: freshPk('version'), sk: 'last', expiresAt: inSeconds(60), data: { version: '3' } }, 'version')).rejects.toThrow(
      'putIfGreater: data.version',
    );
  });

  it.each(claimCases)('claim of $case: $claimed', async ({ existing, claimed }) => {
    const store = makeStore();
    const pk = freshPk('claim');
    const old = { pk, sk: 'k', expiresAt: inSeconds(existing?.expired === true ? -1 : 60), data: { owner: existing?.owner ?? '', topic: 'old' } };
    if (existing !== undefined) await store.put(old);
    const record = { pk, sk: 'k', expiresAt: inSeconds(90), data: { topic: 'new' } };
    expect(await store.claim(record, 'evt-1')).toBe(claimed);
    expect(await store.get(pk, 'k')).toEqual(claimed ? { ...record, data: { topic: 'new', owner: 'evt-1' } } : old);
  });

  it.each(addCases)('add: $case', async ({ calls, data }) => {
    const store = makeStore();
    const pk = freshPk('add');
    let last: StateRecord | undefined;
    for (const [i, { increments, ...options }] of calls.entries()) last = await store.add(pk, 'w1', increments, { expiresAt: inSeconds(60 + i), ...options });
    const expected = { pk, sk: 'w1', expiresAt: inSeconds(59 + calls.length), data };
    expect(last).toEqual(expected);
    expect(await store.get(pk, 'w1')).toEqual(expected);
  });

  it.each(addIfOpenCases)('addIfOpen: $case', async ({ existing, counted }) => {
    const store = makeStore();
    const pk = freshPk('add');
    if (existing !== undefined) await store.put({ pk, sk: 'w1', expiresAt: inSeconds(existing.expired === true ? -5 : 60), data: existing.data });
    const record = await store.addIfOpen(pk, 'w1', { n: 1 }, { expiresAt: inSeconds(120), set: { last: 'x' } }, 'closed');
    if (counted) {
      expect(record).toEqual({ pk, sk: 'w1', expiresAt: inSeconds(120), data: { ...existing?.data, n: 3, last: 'x' } });
      expect(await store.get(pk, 'w1')).toEqual(record);
    } else {
      expect(record).toBeUndefined();
      if (existing === undefined) expect(await store.get(pk, 'w1')).toBeUndefined();
      else if (existing.expired !== true) expect((await store.get(pk, 'w1'))?.data).toEqual(existing.data);
    }
  });

  it('add sets the expiry on every call, even to an earlier one', async () => {
    const store = makeStore();
    const pk = freshPk('add');
    await store.add(pk, 'w1', { n: 1 }, { expiresAt: inSeconds(600) });
    expect((await store.add(pk, 'w1', { n: 1 }, { expiresAt: inSeconds(60) })).expiresAt).toBe(inSeconds(60));
  });

  it('add continues counting on an expired record that is still stored (callers key by window)', async () => {
    const store = makeStore();
    const pk = freshPk('add');
    await store.put({ pk, sk: 'w1', expiresAt: inSeconds(-5), data: { n: 5, first: 'old' } });
    const record = await store.add(pk, 'w1', { n: 1 }, { expiresAt: inSeconds(60), setIfAbsent: { first: 'new' } });
    expect(record.data).toEqual({ n: 6, first: 'old' });
  });

  it.each<{ case: string; increments: Record<string, number>; set?: Data; setIfAbsent?: Data }>([
    { case: 'a field both incremented and set', increments: { n: 1 }, set: { n: 2 } },
    { case: 'a field both set and set if absent', increments: { n: 1 }, set: { a: 'x' }, setIfAbsent: { a: 'y' } },
    { case: 'a field that is not a number', increments: { label: 1 } },
  ])('add rejects $case', async ({ increments, ...options }) => {
    const store = makeStore();
    const pk = freshPk('add');
    await store.put({ pk, sk: 'w1', expiresAt: inSeconds(60), data: { label: 'text' } });
    await expect(store.add(pk, 'w1', increments, { expiresAt: inSeconds(60), ...options })).rejects.toThrow();
    expect((await store.get(pk, 'w1'))?.data).toEqual({ label: 'text' });
  });

  it.each(queryCases)('query: $case', async ({ options, keys: expected }) => {
    const store = makeStore();
    const pk = freshPk('query');
    await store.put({ pk, sk: 'a#0', expiresAt: inSeconds(-1), data: { n: 0 } });
    for (const [i, sk] of QUERY_KEYS.entries()) await store.put({ pk, sk, expiresAt: inSeconds(60), data: { n: i } });
    await store.put({ pk: `${pk}-other`, sk: 'a#1', expiresAt: inSeconds(60) });
    const found = await store.query(pk, options);
    expect(found.map((r) => r.sk)).toEqual(expected);
    for (const record of found) expect(record).toEqual({ pk, sk: record.sk, expiresAt: inSeconds(60), data: { n: QUERY_KEYS.indexOf(record.sk) } });
  });

  it.each([0, -1, 1.5])('query rejects limit %p', async (limit) => {
    await expect(makeStore().query(freshPk('query'), { limit })).rejects.toThrow('query: limit must be a positive integer');
  });

  it('deletes a record, and deleting an absent one is no error', async () => {
    const store = makeStore();
    const pk = freshPk('delete');
    await store.put({ pk, sk: 'k', expiresAt: inSeconds(60) });
    await store.delete(pk, 'k');
    await store.delete(pk, 'k');
    await store.delete(pk, 'never');
    expect(await store.get(pk, 'k')).toBeUndefined();
    expect(await store.putIfAbsent({ pk, sk: 'k', expiresAt: inSeconds(60) })).toBe(true);
  });

  describe('under concurrency', () => {
    it('lets exactly one of many concurrent putIfAbsent writers win', async () => {
      const store = makeStore();
      const pk = freshPk('race');
      const results = await Promise.all(Array.from({ length: 25 }, (_, i) => store.putIfAbsent({ pk, sk: 'k', expiresAt: inSeconds(60), data: { writer: i } })));
      expect(results.filter(Boolean)).toHaveLength(1);
      expect((await store.get(pk, 'k'))?.data).toEqual({ writer: results.indexOf(true) });
    });

    it('lets exactly one of many concurrent owners claim a key', async () => {
      const store = makeStore();
      const pk = freshPk('race');
      const results = await Promise.all(Array.from({ length: 25 }, (_, i) => store.claim({ pk, sk: 'k', expiresAt: inSeconds(60) }, `evt-${i}`)));
      expect(results.filter(Boolean)).toHaveLength(1);
      expect((await store.get(pk, 'k'))?.data).toEqual({ owner: `evt-${results.indexOf(true)}` });
    });

    it('keeps the highest of versions 1..25 written concurrently in random order', async () => {
      const store = makeStore();
      const pk = freshPk('race');
      const versions = shuffled(Array.from({ length: 25 }, (_, i) => i + 1));
      const results = await Promise.all(versions.map((version) => store.putIfGreater({ pk, sk: 'last', expiresAt: inSeconds(60), data: { version } }, 'version')));
      expect((await store.get(pk, 'last'))?.data).toEqual({ version: 25 });
      expect(results[versions.indexOf(25)]).toEqual({ written: true });
      const winners = versions.filter((_, i) => results[i]?.written === true);
      // Every refusal saw an equal or higher version that some writer won with: the stored
      // version only went up.
      results.forEach((result, i) => {
        if (result.written) return;
        const seen = Number(result.current.data?.version);
        expect(seen).toBeGreaterThanOrEqual(versions[i] ?? Infinity);
        expect(winners).toContain(seen);
      });
      // Where calls apply in the order they are made, the winners are exactly the running
      // maxima of that order: strictly increasing.
      if (appliesInCallOrder) {
        expect(winners).toEqual(versions.filter((v, i) => versions.slice(0, i).every((earlier) => earlier < v)));
      }
    });

    it('counts 50 concurrent adds of 1, each seeing a different count', async () => {
      const store = makeStore();
      const pk = freshPk('race');
      const records = await Promise.all(Array.from({ length: 50 }, () => store.add(pk, 'w1', { count: 1 }, { expiresAt: inSeconds(60) })));
      expect((await store.get(pk, 'w1'))?.data).toEqual({ count: 50 });
      expect(records.map((r) => r.data?.count).sort((a, b) => Number(a) - Number(b))).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    });

    it('keeps the first concurrent writer of a setIfAbsent field', async () => {
      const store = makeStore();
      const pk = freshPk('race');
      const records = await Promise.all(
        Array.from({ length: 25 }, (_, i) => store.add(pk, 'w1', { count: 1 }, { expiresAt: inSeconds(60), setIfAbsent: { first: `writer-${i}` }, set: { last: `writer-${i}` } })),
      );
      const first = records.findIndex((r) => r.data?.count === 1);
      const final = await store.get(pk, 'w1');
      expect(final?.data?.first).toBe(`writer-${first}`);
      for (const record of records) expect(record.data?.first).toBe(`writer-${first}`);
      const lastWriter = records.findIndex((r) => r.data?.count === 25);
      expect(final?.data?.last).toBe(`writer-${lastWriter}`);
    });
  });
});

describe('memory state store: deleting expired records', () => {
  it('deletes what expired on its clock, as TTL would, and keeps the rest', async () => {
    const store = new MemoryStateStore(now);
    await store.put({ pk: 'version#task/a', sk: 'last', expiresAt: inSeconds(10), data: { version: 1 } });
    await store.put({ pk: 'window', sk: 'w1', expiresAt: inSeconds(10), data: {} });
    await store.put({ pk: 'window', sk: 'w2', expiresAt: inSeconds(100), data: {} });
    clock += 50_000;
    expect(store.deleteExpired()).toBe(2);
    expect(store.records().map((r) => `${r.pk}/${r.sk}`)).toEqual(['window/w2']);
    // Deleted, not only expired: a count starts again, as after TTL deleted the record.
    expect((await store.add('version#task/a', 'last', { n: 1 }, { expiresAt: inSeconds(10) })).data).toEqual({ n: 1 });
  });
});
