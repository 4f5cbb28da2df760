import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  IdempotencyAlreadyInProgressError,
  IdempotencyConfig,
  IdempotencyItemAlreadyExistsError,
  IdempotencyValidationError,
  makeIdempotent,
} from '@aws-lambda-powertools/idempotency';
import type { BasePersistenceLayer } from '@aws-lambda-powertools/idempotency/persistence';
import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import {
  createDynamoDbIdempotencyStore,
  DynamoDbStateStore,
  FileStateStore,
  IDEMPOTENCY_PARTITION,
  IDEMPOTENCY_SORT_KEY,
  MemoryStateStore,
  StateStorePersistenceLayer,
} from '../../shared/state';
import { type LocalDynamo, startDynalite } from '../support/dynalite';

const TABLE = 'herald-idempotency';
let dynamo: LocalDynamo;
let dir: string;
let ids = 0;
/** An event id no other test used (the dynalite table is shared). */
const freshId = () => `evt-${Date.now()}-${++ids}`;

beforeAll(async () => {
  dynamo = await startDynalite();
  await dynamo.createStateTable(TABLE);
  dir = mkdtempSync(join(tmpdir(), 'herald-idempotency-'));
});
afterAll(async () => {
  await dynamo.close();
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => {
  // Powertools warns when no Lambda context gives the remaining time; expected here.
  jest.spyOn(console, 'warn').mockImplementation(() => undefined);
});
afterEach(() => jest.restoreAllMocks());

const layers: { name: string; makeLayer: () => BasePersistenceLayer }[] = [
  { name: 'state store (memory)', makeLayer: () => new StateStorePersistenceLayer({ store: new MemoryStateStore() }) },
  { name: 'state store (file)', makeLayer: () => new StateStorePersistenceLayer({ store: new FileStateStore({ file: join(dir, `${++ids}.json`) }) }) },
  {
    name: 'state store (dynamodb on dynalite)',
    makeLayer: () => new StateStorePersistenceLayer({ store: new DynamoDbStateStore({ tableName: TABLE, client: dynamo.client }) }),
  },
  { name: 'Powertools DynamoDB layer (dynalite)', makeLayer: () => createDynamoDbIdempotencyStore({ tableName: TABLE, client: dynamo.client }) },
];

interface Event {
  id: string;
  body?: string;
}

/** A counted function made idempotent on `id` over the layer. */
const idempotentOver = (persistenceStore: BasePersistenceLayer, options: { fail?: number; hold?: Promise<void>; validate?: boolean } = {}) => {
  let runs = 0;
  const handle = jest.fn(async (event: Event) => {
    runs += 1;
    await options.hold;
    if (runs <= (options.fail ?? 0)) throw new Error(`run ${runs} failed`);
    return { id: event.id, run: runs, nested: { list: [1, 'two', true, null] } };
  });
  const config = new IdempotencyConfig({ eventKeyJmesPath: 'id', payloadValidationJmesPath: options.validate === true ? 'body' : undefined });
  return { handle, run: makeIdempotent(handle, { persistenceStore, config }) };
};

describe.each(layers)('idempotency over $name', ({ makeLayer }) => {
  it('runs once per id and returns the first result to a repeat', async () => {
    const { handle, run } = idempotentOver(makeLayer());
    const id = freshId();
    const first = await run({ id });
    expect(first).toEqual({ id, run: 1, nested: { list: [1, 'two', true, null] } });
    expect(await run({ id })).toEqual(first);
    expect(handle).toHaveBeenCalledTimes(1);
    expect(await run({ id: freshId() })).toMatchObject({ run: 2 });
  });

  it('forgets a run that threw, so the retry runs', async () => {
    const { handle, run } = idempotentOver(makeLayer(), { fail: 1 });
    const id = freshId();
    await expect(run({ id })).rejects.toThrow('run 1 failed');
    expect(await run({ id })).toMatchObject({ id, run: 2 });
    expect(await run({ id })).toMatchObject({ id, run: 2 });
    expect(handle).toHaveBeenCalledTimes(2);
  });

  it('refuses a concurrent duplicate while the first is in progress', async () => {
    let release = () => {};
    const hold = new Promise<void>((resolve) => (release = resolve));
    const { handle, run } = idempotentOver(makeLayer(), { hold });
    const id = freshId();
    const calls = [run({ id }), run({ id })];
    // The loser fails at once; then let the winner finish. (A timeout too, should both run.)
    for (const call of calls) call.catch(() => release());
    const safety = setTimeout(release, 5_000);
    const settled = await Promise.allSettled(calls);
    clearTimeout(safety);
    expect(settled.filter((s) => s.status === 'fulfilled')).toHaveLength(1);
    const rejected = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
    expect(rejected?.reason).toBeInstanceOf(IdempotencyAlreadyInProgressError);
    expect(handle).toHaveBeenCalledTimes(1);
  });

  it('runs again once the record has expired', async () => {
    const { handle, run } = idempotentOver(makeLayer());
    const id = freshId();
    await run({ id });
    const later = Date.now() + 2 * 3_600_000; // past the default hour
    jest.spyOn(Date, 'now').mockReturnValue(later);
    expect(await run({ id })).toMatchObject({ run: 2 });
    expect(handle).toHaveBeenCalledTimes(2);
  });

  it('refuses the same id with another payload when payload validation is on', async () => {
    const { run } = idempotentOver(makeLayer(), { validate: true });
    const id = freshId();
    await run({ id, body: 'a' });
    expect(await run({ id, body: 'a' })).toMatchObject({ run: 1 });
    await expect(run({ id, body: 'b' })).rejects.toThrow(IdempotencyValidationError);
  });

  it('lets exactly one of several takers replace an in-progress record whose Lambda timed out', async () => {
    const layer = makeLayer();
    layer.configure({ config: new IdempotencyConfig({ eventKeyJmesPath: 'id' }) });
    const event = { id: freshId() };
    await layer.saveInProgress(event, -1_000); // in progress until a second ago
    const takers = await Promise.allSettled(Array.from({ length: 10 }, () => layer.saveInProgress(event, 60_000)));
    expect(takers.filter((t) => t.status === 'fulfilled')).toHaveLength(1);
    for (const taker of takers.filter((t): t is PromiseRejectedResult => t.status === 'rejected')) {
      expect(taker.reason).toBeInstanceOf(IdempotencyItemAlreadyExistsError);
    }
    await expect(layer.saveInProgress(event, 60_000)).rejects.toThrow(IdempotencyItemAlreadyExistsError);
  });
});

describe('a put whose answer was lost (Powertools DynamoDB layer)', () => {
  /** A client that sends every PutItem twice and answers with the second: the first landed, its answer was lost, the SDK retried. */
  const answerLostClient = (): DynamoDBClient => {
    const client = new DynamoDBClient({ endpoint: dynamo.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
    client.middlewareStack.add(
      (next, context) => async (args) => {
        if (context.commandName !== 'PutItemCommand') return next(args);
        await next(args);
        return next(args);
      },
      { step: 'finalizeRequest', name: 'answerLost' },
    );
    return client;
  };

  it.each([
    { $case: 'the event runs once and returns its result', deadlineMs: 30_000 },
  ])('$case: the retry refused by its own record is not taken for a duplicate', async ({ deadlineMs }) => {
    const persistenceStore = createDynamoDbIdempotencyStore({ tableName: TABLE, client: answerLostClient() });
    const handle = jest.fn(async (event: Event) => ({ id: event.id }));
    const config = new IdempotencyConfig({ eventKeyJmesPath: 'id' });
    config.registerLambdaContext({ getRemainingTimeInMillis: () => deadlineMs } as never);
    const run = makeIdempotent(handle, { persistenceStore, config });
    const id = freshId();
    await expect(run({ id })).resolves.toEqual({ id });
    expect(handle).toHaveBeenCalledTimes(1);
    // Another delivery of the same id, with its own deadline, is still refused while in progress or returned once done.
    await expect(run({ id })).resolves.toEqual({ id });
    expect(handle).toHaveBeenCalledTimes(1);
  });

  it('still refuses another invocation holding the same id in progress', async () => {
    const persistenceStore = createDynamoDbIdempotencyStore({ tableName: TABLE, client: dynamo.client });
    let release = () => {};
    const hold = new Promise<void>((resolve) => (release = resolve));
    const config = new IdempotencyConfig({ eventKeyJmesPath: 'id' });
    config.registerLambdaContext({ getRemainingTimeInMillis: () => 30_000 } as never);
    const first = makeIdempotent(async (event: Event) => (await hold, { id: event.id }), { persistenceStore, config });
    const other = new IdempotencyConfig({ eventKeyJmesPath: 'id' });
    other.registerLambdaContext({ getRemainingTimeInMillis: () => 29_000 } as never);
    const second = makeIdempotent(async (event: Event) => ({ id: event.id }), { persistenceStore: createDynamoDbIdempotencyStore({ tableName: TABLE, client: answerLostClient() }), config: other });
    const id = freshId();
    const running = first({ id });
    await new Promise((resolve) => setTimeout(resolve, 50));
    await expect(second({ id })).rejects.toBeInstanceOf(IdempotencyAlreadyInProgressError);
    release();
    await running;
  });
});

describe('idempotency records', () => {
  it('live in the state store under idempotency#herald, expiring with the record', async () => {
    const store = new MemoryStateStore();
    const { run } = idempotentOver(new StateStorePersistenceLayer({ store }));
    await run({ id: 'evt-1' });
    const [record, ...others] = await store.query(IDEMPOTENCY_PARTITION);
    expect(others).toEqual([]);
    expect(record?.expiresAt).toBeGreaterThan(Date.now() / 1000 + 3_500);
    expect(record?.data).toMatchObject({ status: 'COMPLETED', response: JSON.stringify({ id: 'evt-1', run: 1, nested: { list: [1, 'two', true, null] } }) });
  });

  it('in the state table use its keys and TTL attribute, one partition per event (Powertools DynamoDB layer)', async () => {
    const { run } = idempotentOver(createDynamoDbIdempotencyStore({ tableName: TABLE, client: dynamo.client }));
    const id = freshId();
    await run({ id });
    const { Items } = await dynamo.client.send(
      new ScanCommand({ TableName: TABLE, FilterExpression: 'sk = :sk', ExpressionAttributeValues: { ':sk': { S: IDEMPOTENCY_SORT_KEY } } }),
    );
    const record = Items?.find((item) => item.response?.M?.id?.S === id);
    expect(record).toMatchObject({ pk: { S: expect.stringMatching(/#[A-Za-z0-9+/]{22}==$/) }, sk: { S: 'idempotency' }, status: { S: 'COMPLETED' } });
    expect(Number(record?.expiresAt?.N)).toBeGreaterThan(Date.now() / 1000 + 3_500);
    // Each event its own partition: no hot key under a storm.
    expect(new Set(Items?.map((item) => item.pk?.S)).size).toBe(Items?.length);
  });
});
