import { DynamoDbStateStore, MemoryStateStore, type StateStore } from '../../shared/state';
import { type LocalDynamo, startDynalite } from '../support/dynalite';

let dynamo: LocalDynamo;
let clock = Date.parse('2026-05-12T12:00:00Z');
const now = () => clock;
const inSeconds = (s: number) => Math.floor(clock / 1000) + s;

beforeAll(async () => {
  dynamo = await startDynalite();
  await dynamo.createStateTable('herald-state');
});
afterAll(async () => dynamo.close());
beforeEach(() => {
  clock += 86_400_000; // each test starts a day later: nothing left over is live
});

const stores: [string, () => StateStore][] = [
  ['memory', () => new MemoryStateStore(now)],
  ['dynamodb (dynalite)', () => new DynamoDbStateStore({ tableName: 'herald-state', client: dynamo.client, now })],
];

describe.each(stores)('%s state store', (_name, makeStore) => {
  it('writes once, then refuses the same key until it expires', async () => {
    const store = makeStore();
    const record = { pk: `delivery#${clock}`, sk: 'oncall', expiresAt: inSeconds(60), data: { messageId: 'm-1', attempts: 1, ok: true } };
    expect(await store.putIfAbsent(record)).toBe(true);
    expect(await store.putIfAbsent({ ...record, data: { messageId: 'm-2' } })).toBe(false);
    expect(await store.get(record.pk, record.sk)).toEqual(record);
    clock += 61_000;
    expect(await store.get(record.pk, record.sk)).toBeUndefined();
    expect(await store.putIfAbsent({ ...record, expiresAt: inSeconds(60) })).toBe(true);
  });

  it('lets exactly one of many concurrent writers win', async () => {
    const store = makeStore();
    const pk = `race#${clock}`;
    const results = await Promise.all(Array.from({ length: 25 }, (_, i) => store.putIfAbsent({ pk, sk: 'k', expiresAt: inSeconds(60), data: { writer: i } })));
    expect(results.filter(Boolean)).toHaveLength(1);
  });

  it('overwrites with put', async () => {
    const store = makeStore();
    const pk = `put#${clock}`;
    await store.put({ pk, sk: 'k', expiresAt: inSeconds(60), data: { n: 1 } });
    await store.put({ pk, sk: 'k', expiresAt: inSeconds(60), data: { n: 2 } });
    expect((await store.get(pk, 'k'))?.data).toEqual({ n: 2 });
  });
});
