import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  ConditionalCheckFailedException,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  UpdateItemCommand,
  type AttributeValue,
} from '@aws-sdk/client-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { DATA_ATTRIBUTE_PREFIX, DynamoDbStateStore, STATE_TABLE, type StateStore } from '../../shared/state';
import { type LocalDynamo, startDynalite } from '../support/dynalite';

const TABLE = 'herald-layout';
let dynamo: LocalDynamo;
const clock = Date.parse('2026-05-12T12:00:00Z');
const now = () => clock;
const inSeconds = (s: number) => Math.floor(clock / 1000) + s;
let keys = 0;
const freshPk = (name: string) => `${name}#${++keys}`;

beforeAll(async () => {
  dynamo = await startDynalite();
  await dynamo.createStateTable(TABLE);
});
afterAll(async () => dynamo.close());

const storeOn = (client: DynamoDBClient) => new DynamoDbStateStore({ tableName: TABLE, client, now });
const rawItem = async (pk: string, sk: string) =>
  (await dynamo.client.send(new GetItemCommand({ TableName: TABLE, Key: { pk: { S: pk }, sk: { S: sk } }, ConsistentRead: true }))).Item;

describe('DynamoDbStateStore item layout', () => {
  it('stores data fields as top-level d_<field> attributes and the expiry as a Number', async () => {
    const store = storeOn(dynamo.client);
    const pk = freshPk('layout');
    await store.put({ pk, sk: 'k', expiresAt: inSeconds(60) + 0.9, data: { messageId: 'm-1', attempts: 2, ok: true, 'with space': 'x' } });
    expect(await rawItem(pk, 'k')).toEqual({
      pk: { S: pk },
      sk: { S: 'k' },
      expiresAt: { N: String(inSeconds(60)) },
      d_messageId: { S: 'm-1' },
      d_attempts: { N: '2' },
      d_ok: { BOOL: true },
      'd_with space': { S: 'x' },
    });
  });

  /** Every write path leaves `expiresAt` a Number of epoch seconds: what TTL needs. */
  const writes: { case: string; write: (store: StateStore, pk: string) => Promise<unknown> }[] = [
    { case: 'put', write: (store, pk) => store.put({ pk, sk: 'k', expiresAt: inSeconds(60) }) },
    { case: 'putIfAbsent', write: (store, pk) => store.putIfAbsent({ pk, sk: 'k', expiresAt: inSeconds(60) }) },
    { case: 'claim', write: (store, pk) => store.claim({ pk, sk: 'k', expiresAt: inSeconds(60) }, 'evt-1') },
    { case: 'putIfGreater', write: (store, pk) => store.putIfGreater({ pk, sk: 'k', expiresAt: inSeconds(60), data: { version: 1 } }, 'version') },
    { case: 'add', write: (store, pk) => store.add(pk, 'k', { n: 1 }, { expiresAt: inSeconds(60), set: { a: 'b' } }) },
  ];
  it.each(writes)('$case writes expiresAt as a Number attribute', async ({ write }) => {
    const pk = freshPk('ttl');
    await write(storeOn(dynamo.client), pk);
    const item = await rawItem(pk, 'k');
    expect(item?.[STATE_TABLE.ttl]).toEqual({ N: String(inSeconds(60)) });
    for (const name of Object.keys(item ?? {}).filter((n) => ![STATE_TABLE.partitionKey, STATE_TABLE.sortKey, STATE_TABLE.ttl].includes(n as never))) {
      expect(name.startsWith(DATA_ATTRIBUTE_PREFIX)).toBe(true);
    }
  });

  it('reads back every d_* attribute and ignores the others', async () => {
    const pk = freshPk('read');
    await dynamo.client.send(
      new PutItemCommand({
        TableName: TABLE,
        Item: { pk: { S: pk }, sk: { S: 'k' }, expiresAt: { N: String(inSeconds(60)) }, d_s: { S: 'x' }, d_n: { N: '1.5' }, d_b: { BOOL: false }, status: { S: 'COMPLETED' }, d_list: { L: [] } },
      }),
    );
    expect(await storeOn(dynamo.client).get(pk, 'k')).toEqual({ pk, sk: 'k', expiresAt: inSeconds(60), data: { s: 'x', n: 1.5, b: false } });
  });

  it('matches the table serverless.yml deploys', () => {
    const template = readFileSync(join(__dirname, '..', '..', 'serverless.yml'), 'utf8');
    expect(template).toMatch(new RegExp(`AttributeName: ${STATE_TABLE.partitionKey}, KeyType: HASH`));
    expect(template).toMatch(new RegExp(`AttributeName: ${STATE_TABLE.sortKey}, KeyType: RANGE`));
    expect(template).toMatch(new RegExp(`TimeToLiveSpecification:\\s+AttributeName: ${STATE_TABLE.ttl}`));
  });
});

describe('DynamoDbStateStore requests', () => {
  const client = new DynamoDBClient({ region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
  const mock = mockClient(client);
  afterEach(() => mock.reset());
  const refused = (item?: Record<string, AttributeValue>) =>
    new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {}, ...(item === undefined ? {} : { Item: item }) });
  const current = { pk: { S: 'version#t' }, sk: { S: 'last' }, expiresAt: { N: String(inSeconds(60)) }, d_version: { N: '9' } };
  const record = { pk: 'version#t', sk: 'last', expiresAt: inSeconds(60), data: { version: 3 } };

  it('putIfGreater answers with the item DynamoDB returns on refusal, without reading it', async () => {
    mock.on(PutItemCommand).rejects(refused(current));
    expect(await storeOn(client).putIfGreater(record, 'version')).toEqual({ written: false, current: { ...record, data: { version: 9 } } });
    expect(mock.commandCalls(PutItemCommand)[0]?.args[0].input).toMatchObject({
      ConditionExpression: 'attribute_not_exists(#pk) OR #exp <= :now OR NOT attribute_type(#f, :n) OR #f < :v',
      ExpressionAttributeNames: { '#pk': 'pk', '#exp': 'expiresAt', '#f': 'd_version' },
      ExpressionAttributeValues: { ':now': { N: String(inSeconds(0)) }, ':n': { S: 'N' }, ':v': { N: '3' } },
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
    });
    expect(mock.commandCalls(GetItemCommand)).toHaveLength(0);
  });

  it('putIfGreater reads the record when the refusal carries none (as dynalite does)', async () => {
    mock.on(PutItemCommand).rejects(refused()).on(GetItemCommand).resolves({ Item: current });
    expect(await storeOn(client).putIfGreater(record, 'version')).toEqual({ written: false, current: { ...record, data: { version: 9 } } });
    expect(mock.commandCalls(GetItemCommand)[0]?.args[0].input).toMatchObject({ ConsistentRead: true });
  });

  it('putIfGreater tries again when the refusing record is gone by the time it is read', async () => {
    mock.on(PutItemCommand).rejectsOnce(refused()).resolves({}).on(GetItemCommand).resolves({});
    expect(await storeOn(client).putIfGreater(record, 'version')).toEqual({ written: true });
    expect(mock.commandCalls(PutItemCommand)).toHaveLength(2);
  });

  it('add is one UpdateItem with ADD, if_not_exists and SET, all through attribute names', async () => {
    mock.on(UpdateItemCommand).resolves({ Attributes: { ...current, d_count: { N: '1' } } });
    await storeOn(client).add('g#1', 'w#1', { count: 1, 'c-oom': 2 }, { expiresAt: inSeconds(60), setIfAbsent: { first: 'a' }, set: { last: 'b' } });
    expect(mock.commandCalls(UpdateItemCommand)[0]?.args[0].input).toEqual({
      TableName: TABLE,
      Key: { pk: { S: 'g#1' }, sk: { S: 'w#1' } },
      UpdateExpression: 'SET #exp = :e, #s0 = if_not_exists(#s0, :s0), #t0 = :t0 ADD #f0 :v0, #f1 :v1',
      ExpressionAttributeNames: { '#exp': 'expiresAt', '#s0': 'd_first', '#t0': 'd_last', '#f0': 'd_count', '#f1': 'd_c-oom' },
      ExpressionAttributeValues: { ':e': { N: String(inSeconds(60)) }, ':s0': { S: 'a' }, ':t0': { S: 'b' }, ':v0': { N: '1' }, ':v1': { N: '2' } },
      ReturnValues: 'ALL_NEW',
    });
  });
});
