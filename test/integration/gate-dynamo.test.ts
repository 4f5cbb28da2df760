import { IdempotencyAlreadyInProgressError } from '@aws-lambda-powertools/idempotency';
import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { compileConfigText } from '../../shared/compile';
import { MemoryDeadLetters, type Publisher } from '../../shared/deliver';
import type { Notification } from '../../shared/deliver';
import { createHeraldPipeline, type EventReport } from '../../shared/pipeline';
import { createDynamoDbIdempotencyStore, DynamoDbStateStore } from '../../shared/state';
import { type LocalDynamo, startDynalite } from '../support/dynalite';
import { eventOf, SCENARIO_CONFIG } from '../gate/scenarios';

const T = (hhmmss: string) => `2026-05-12T${hhmmss}Z`;
let dynamo: LocalDynamo;
let tables = 0;

beforeAll(async () => {
  dynamo = await startDynalite();
});
afterAll(async () => {
  await dynamo.close();
});

/** Publishes to memory; can be told to throttle the next N publishes (a retryable failure). */
class FlakyPublisher implements Publisher {
  public readonly sent: { topic: string; alert: Notification }[] = [];
  public failNext = 0;
  public async publish(topic: { name: string }, _message: unknown, _attributes: unknown, alert: Notification): Promise<string> {
    if (this.failNext > 0) {
      this.failNext -= 1;
      throw Object.assign(new Error('Rate exceeded'), { name: 'ThrottledException', $retryable: { throttling: true }, $metadata: { httpStatusCode: 400 } });
    }
    this.sent.push({ topic: topic.name, alert });
    return `msg-${this.sent.length}`;
  }
}

/**
 * What one warm Lambda instance builds at module scope (functions/router.ts), on the shared
 * dynalite table: several of these racing on one table are concurrent invocations.
 */
const instance = (table: string, clock: { now: number }, publisher: Publisher, client: DynamoDBClient = dynamo.client) => {
  const config = compileConfigText(SCENARIO_CONFIG, 'scenario.yml');
  const now = () => clock.now;
  const store = new DynamoDbStateStore({ tableName: table, client, now });
  const failOpen: string[] = [];
  const lambda = createHeraldPipeline({
    config,
    store,
    idempotency: createDynamoDbIdempotencyStore({ tableName: table, client }),
    publisher,
    deadLetters: new MemoryDeadLetters(),
    now,
    onFailOpen: (stage) => failOpen.push(stage),
  });
  return { pipeline: lambda.pipeline, failOpen, flush: async (at: string) => (await lambda.processDue(Date.parse(at))).filter((r) => r.kind === 'digest') };
};

const freshTable = async (): Promise<string> => {
  const name = `herald-gate-${++tables}`;
  await dynamo.createStateTable(name);
  return name;
};

const alertOf = (report: EventReport) => {
  if (report.outcome !== 'alert') throw new Error(`expected an alert: ${report.reason}`);
  return report;
};

describe('noise control on DynamoDB (dynalite)', () => {
  it('turns a crash loop into one alert, digests and one resolved message, with TTL on every item', async () => {
    const table = await freshTable();
    const clock = { now: Date.parse(T('12:00:00')) };
    const publisher = new FlakyPublisher();
    const lambda = instance(table, clock, publisher);
    const gates: string[] = [];
    let fingerprint = '';
    for (let n = 0; n < 40; n++) {
      const time = new Date(Date.parse(T('12:00:00')) + n * 15_000).toISOString();
      clock.now = Date.parse(time);
      const report = alertOf(await lambda.pipeline.processEvent(eventOf('ecs-task/stopped-oom', time)));
      gates.push(report.gate);
      fingerprint = report.alert.fingerprint;
    }
    expect(gates.filter((g) => g === 'sent')).toHaveLength(1);
    expect(gates.filter((g) => g === 'throttled')).toHaveLength(39);
    const digests = [...(await lambda.flush(T('12:05:00'))), ...(await lambda.flush(T('12:10:00'))), ...(await lambda.flush(T('12:15:00')))];
    expect(digests.map((d) => d.count)).toEqual([19, 20]);
    const item = async (pk: string, sk: string) => (await dynamo.client.send(new GetItemCommand({ TableName: table, Key: { pk: { S: pk }, sk: { S: sk } }, ConsistentRead: true }))).Item;
    expect(await item(`throttle#critical#${fingerprint}`, 'claim')).toBeDefined();
    clock.now = Date.parse(T('12:20:00'));
    const steady = alertOf(await lambda.pipeline.processEvent(eventOf('ecs-service-action/steady-state', T('12:20:00'), { service: 'payments-api' })));
    expect(steady.resolved).toEqual([expect.objectContaining({ route: 'critical', durationMs: 20 * 60_000 })]);
    expect(publisher.sent.map((m) => (m.alert.digest !== undefined ? 'digest' : m.alert.status))).toEqual(['firing', 'digest', 'digest', 'resolved']);

    // The incident's end forgot its throttle and its group: the next crash pages at once.
    expect(await item(`throttle#critical#${fingerprint}`, 'claim')).toBeUndefined();
    expect(await item('group#critical#prod|payments-api', 'head')).toBeUndefined();
    // Every item the gate wrote carries the TTL attribute DynamoDB deletes it by.
    const window = await dynamo.client.send(new GetItemCommand({ TableName: table, Key: { pk: { S: 'group#critical#prod|payments-api' }, sk: { S: `w#${Date.parse(T('12:00:00'))}#1` } } }));
    expect(window.Item?.expiresAt?.N).toMatch(/^\d{10}$/);
    expect(window.Item?.d_count?.N).toBe('19');
  });

  it('lets exactly one of several concurrent invocations send the same alert', async () => {
    const table = await freshTable();
    const clock = { now: Date.parse(T('12:00:00')) };
    const publisher = new FlakyPublisher();
    // Eight warm instances (no shared memory), each handling a different task's OOM at once.
    const lambdas = Array.from({ length: 8 }, () => instance(table, clock, publisher));
    const reports = await Promise.all(lambdas.map((l, n) => l.pipeline.processEvent(eventOf('ecs-task/stopped-oom', T('12:00:00'), { task: `race${n}` }))));
    const gates = reports.map((r) => alertOf(r).gate).sort();
    expect(gates.filter((g) => g === 'sent')).toHaveLength(1);
    expect(gates.filter((g) => g !== 'sent').every((g) => g === 'throttled')).toBe(true);
    expect(publisher.sent).toHaveLength(1);
  });

  it('processes an event delivered twice at once only once', async () => {
    const table = await freshTable();
    const clock = { now: Date.parse(T('12:00:00')) };
    const publisher = new FlakyPublisher();
    const [a, b] = [instance(table, clock, publisher), instance(table, clock, publisher)];
    const event = eventOf('ecs-task/stopped-oom', T('12:00:00'));
    const results = await Promise.allSettled([a.pipeline.processEvent(event), b.pipeline.processEvent(structuredClone(event))]);
    const fulfilled = results.filter((r): r is PromiseFulfilledResult<EventReport> => r.status === 'fulfilled').map((r) => alertOf(r.value).gate);
    const rejected = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected').map((r) => r.reason as unknown);
    // Either the second saw the first in progress (it fails; Lambda retries it later) or done.
    expect(fulfilled.filter((g) => g === 'sent')).toHaveLength(1);
    for (const reason of rejected) expect(reason).toBeInstanceOf(IdempotencyAlreadyInProgressError);
    expect(alertOf(await a.pipeline.processEvent(structuredClone(event))).gate).toBe('duplicate');
    expect(publisher.sent).toHaveLength(1);
  });

  it('retries an event whose delivery failed, and the retry is not throttled by its own first attempt', async () => {
    const table = await freshTable();
    const clock = { now: Date.parse(T('12:00:00')) };
    const publisher = new FlakyPublisher();
    const lambda = instance(table, clock, publisher);
    const event = eventOf('ecs-task/stopped-oom', T('12:00:00'), { version: 7 });
    publisher.failNext = 1;
    await expect(lambda.pipeline.processEvent(event)).rejects.toThrow(/will be retried/);
    expect(publisher.sent).toHaveLength(0);
    // Lambda's retry: the same event, same id, same task version.
    const retry = alertOf(await lambda.pipeline.processEvent(structuredClone(event)));
    expect(retry.gate).toBe('sent');
    expect(publisher.sent).toHaveLength(1);
  });

  it('fails open when the table is unreachable: delivered, marked, reported', async () => {
    const clock = { now: Date.parse(T('12:00:00')) };
    const publisher = new FlakyPublisher();
    const closed = new DynamoDBClient({ endpoint: 'http://127.0.0.1:9', region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' }, maxAttempts: 1 });
    const lambda = instance('herald-missing', clock, publisher, closed);
    const reports = [];
    for (const n of [1, 2]) reports.push(alertOf(await lambda.pipeline.processEvent(eventOf('ecs-task/stopped-oom', T(`12:00:0${n}`)))));
    expect(reports.map((r) => r.gate)).toEqual(['sent', 'sent']);
    expect(publisher.sent).toHaveLength(2);
    for (const message of publisher.sent) expect(message.alert.gateUnavailable).toMatch(/ECONNREFUSED|connect/);
    // A task event's idempotency record is its version record: both fail open as 'ordering'.
    expect(lambda.failOpen).toEqual(expect.arrayContaining(['ordering', 'silences', 'throttle/grouping']));
    closed.destroy();
  });
});
