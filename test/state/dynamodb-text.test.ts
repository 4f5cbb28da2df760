import { DeleteItemCommand, DynamoDBClient, GetItemCommand, PutItemCommand, QueryCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { DynamoDbStateStore, type StateStore } from '../../shared/state';
import { type LocalDynamo, startDynalite } from '../support/dynalite';
import { illFormedPaths, LONE_HIGH, LONE_LOW } from '../support/ill-formed-text';

// DynamoDB strings are Unicode in UTF-8: a lone surrogate from event text (a group key built
// from a service name, a summary kept for a digest) is written as U+FFFD, in keys and data.

const TABLE = 'herald-text';
const clock = Date.parse('2026-05-12T12:00:00Z');
const now = () => clock;
const expiresAt = Math.floor(clock / 1000) + 60;
const PK = `group#prod/payments-api${LONE_HIGH}`;
const SK = `window#${LONE_LOW}1`;
const SUMMARY = `Essential container in task exited ${LONE_HIGH}`;

/** Every store operation that sends strings, with the event text in each of them. */
const OPERATIONS: { case: string; run: (store: StateStore) => Promise<unknown> }[] = [
  { case: 'put', run: (store) => store.put({ pk: PK, sk: SK, expiresAt, data: { summary: SUMMARY } }) },
  { case: 'putIfAbsent', run: (store) => store.putIfAbsent({ pk: PK, sk: SK, expiresAt, data: { summary: SUMMARY } }) },
  { case: 'claim', run: (store) => store.claim({ pk: PK, sk: SK, expiresAt }, `evt-${LONE_LOW}`) },
  { case: 'putIfGreater', run: (store) => store.putIfGreater({ pk: PK, sk: SK, expiresAt, data: { version: 2, summary: SUMMARY } }, 'version') },
  { case: 'add', run: (store) => store.add(PK, SK, { count: 1 }, { expiresAt, setIfAbsent: { first: SUMMARY }, set: { last: SUMMARY } }) },
  { case: 'get', run: (store) => store.get(PK, SK) },
  { case: 'query by prefix', run: (store) => store.query(PK, { prefix: `window#${LONE_LOW}` }) },
  { case: 'query up to a key', run: (store) => store.query(PK, { atMost: SK }) },
  { case: 'delete', run: (store) => store.delete(PK, SK) },
];

describe('DynamoDbStateStore requests carry well-formed strings', () => {
  const client = new DynamoDBClient({ region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
  const mock = mockClient(client);
  afterEach(() => mock.reset());

  it.each(OPERATIONS)('$case', async ({ run }) => {
    mock.on(PutItemCommand).resolves({}).on(UpdateItemCommand).resolves({}).on(GetItemCommand).resolves({}).on(QueryCommand).resolves({ Items: [] }).on(DeleteItemCommand).resolves({});
    await run(new DynamoDbStateStore({ tableName: TABLE, client, now }));
    const inputs = mock.calls().map((call) => call.args[0].input);
    expect(inputs.length).toBeGreaterThan(0);
    for (const input of inputs) expect(illFormedPaths(input)).toEqual([]);
    expect(JSON.stringify(inputs)).toContain('\ufffd');
  });
});

describe('DynamoDbStateStore on a local DynamoDB', () => {
  let dynamo: LocalDynamo;
  beforeAll(async () => {
    dynamo = await startDynalite();
    await dynamo.createStateTable(TABLE);
  });
  afterAll(async () => dynamo.close());

  it('stores U+FFFD and finds the record again by the key it was written with', async () => {
    const store = new DynamoDbStateStore({ tableName: TABLE, client: dynamo.client, now });
    await store.put({ pk: PK, sk: SK, expiresAt, data: { summary: SUMMARY } });
    const raw = await dynamo.client.send(new GetItemCommand({ TableName: TABLE, Key: { pk: { S: PK.toWellFormed() }, sk: { S: SK.toWellFormed() } } }));
    expect(raw.Item).toMatchObject({ pk: { S: 'group#prod/payments-api\ufffd' }, sk: { S: 'window#\ufffd1' }, d_summary: { S: 'Essential container in task exited \ufffd' } });

    const expected = { pk: 'group#prod/payments-api\ufffd', sk: 'window#\ufffd1', expiresAt, data: { summary: 'Essential container in task exited \ufffd' } };
    expect(await store.get(PK, SK)).toEqual(expected);
    expect(await store.query(PK, { prefix: `window#${LONE_LOW}` })).toEqual([expected]);
    expect(await store.query(PK, { atMost: SK })).toEqual([expected]);
    expect(await store.putIfAbsent({ pk: PK, sk: SK, expiresAt })).toBe(false);
  });
});
