import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { TIME_BUDGET } from '../../shared/budget';
import { createStateClient, DynamoDbStateStore, StateUnavailableError } from '../../shared/state';
import { type LocalDynamo, startDynalite } from '../support/dynalite';

// A DynamoDB that hangs: it accepts the connection, reads the request and never answers. Only
// the client's request timeout catches that; the breaker then spares every later call the wait.

let hung: Server;
let hungEndpoint: string;
const sockets = new Set<Socket>();
let dynamo: LocalDynamo;

beforeAll(async () => {
  hung = createServer((socket) => {
    sockets.add(socket);
    socket.on('data', () => undefined);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => hung.listen(0, '127.0.0.1', resolve));
  hungEndpoint = `http://127.0.0.1:${(hung.address() as AddressInfo).port}`;
  dynamo = await startDynalite();
  await dynamo.createStateTable('breaker-test');
});

afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  await new Promise<void>((resolve) => hung.close(() => resolve()));
  await dynamo.close();
});

/** The state client on `endpoint`, with a clock the test moves. */
const clientOn = (endpoint: string, clock: { now: number }) => {
  return createStateClient({ clock: () => clock.now, config: { endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } } });
};

describe('the state table client', () => {
  it('gives up on a hung table within its attempts x request timeout, then fails every call at once until the outage time is over', async () => {
    const clock = { now: 0 };
    const client = clientOn(hungEndpoint, clock);
    const store = new DynamoDbStateStore({ tableName: 'breaker-test', client });
    const started = performance.now();
    await expect(store.get('pk', 'sk')).rejects.toThrow();
    const firstMs = performance.now() - started;
    const { attempts, connectMs, requestMs } = TIME_BUDGET.state;
    expect(firstMs).toBeLessThan(attempts * (connectMs + requestMs) + 1_000);

    const next = performance.now();
    await expect(store.putIfAbsent({ pk: 'a', sk: 'b', expiresAt: 1 })).rejects.toThrow(StateUnavailableError);
    await expect(store.get('pk', 'sk')).rejects.toThrow(/state table unavailable/);
    expect(performance.now() - next).toBeLessThan(100);

    // After the outage time the table is tried again (and still hangs here).
    clock.now += TIME_BUDGET.state.outageMs + 1;
    await expect(store.get('pk', 'sk')).rejects.not.toThrow(StateUnavailableError);
    client.destroy();
  });

  it('stays closed on answers, errors included (a failed condition is an answer)', async () => {
    const clock = { now: 0 };
    const client = clientOn(dynamo.endpoint, clock);
    const store = new DynamoDbStateStore({ tableName: 'breaker-test', client });
    expect(await store.putIfAbsent({ pk: 'k', sk: 's', expiresAt: 4_000_000_000 })).toBe(true);
    expect(await store.putIfAbsent({ pk: 'k', sk: 's', expiresAt: 4_000_000_000 })).toBe(false);
    await expect(new DynamoDbStateStore({ tableName: 'no-such-table', client }).get('k', 's')).rejects.toThrow(/not found/i);
    expect(await store.get('k', 's')).toMatchObject({ pk: 'k', sk: 's' });
    client.destroy();
  });
});
