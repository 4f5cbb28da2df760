import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { eventId, FIXTURE_TIME, oomEvent, taskId } from './events';
import { countByKind } from './messages';
import { startWorld, type World } from './world';

// Controls for the scenarios: with healthy servers the bundles behave, and each fault and each
// observation the scenarios rely on (the failure destination, the dead-letter queue over
// https, a hung DynamoDB) does what it says. A scenario failing while these pass is the
// product's failure, not the harness's.

const nameOf = (error: unknown): string => (error instanceof Error ? error.name : String(error));

describe('the scenario harness, on the built bundles', () => {
  let world: World;
  beforeAll(async () => {
    world = await startWorld({ startAt: FIXTURE_TIME });
  });
  afterAll(async () => {
    await world?.close();
  });

  it('publishes one alert for a normal OOM kill with healthy servers (control)', async () => {
    const from = world.messages().length;
    const event = oomEvent({ id: eventId('ctrl', 1), service: 'payments-api', task: taskId('ctrl', 1), at: FIXTURE_TIME });

    const result = await world.router.invokeAsync(event);

    expect(result.attempts.map((a) => a.error)).toEqual([undefined]);
    expect(result.onFailureDestination).toBe(false);
    const messages = world.messages().slice(from);
    expect(countByKind(messages)).toEqual({ alert: 1, digest: 0, resolved: 0 });
    expect(messages[0]).toMatchObject({ eventId: event.id, service: 'payments-api', subject: expect.stringMatching(/^\[CRITICAL\] oom: .* \| prod\/payments-api$/) });
    // Routed by the repository's herald.yml (route `critical`), not another configuration.
    expect(messages[0]?.request.attributes.route).toEqual({ dataType: 'String', stringValue: 'critical' });
    expect(world.deadLetterQueue.messages).toHaveLength(0);
  });

  it('receives a dead letter over https when SNS refuses a publish for good', async () => {
    const from = world.messages().length;
    world.sns.inject({ error: 'AuthorizationError', times: 1 });
    const event = oomEvent({ id: eventId('ctrl', 2), service: 'ledger', task: taskId('ctrl', 2), at: FIXTURE_TIME });

    const result = await world.router.invokeAsync(event);

    expect(result.onFailureDestination).toBe(false);
    expect(world.messages().slice(from)).toEqual([]);
    expect(world.deadLetterQueue.messages).toHaveLength(1);
    expect(JSON.parse(world.deadLetterQueue.messages[0]?.body ?? '{}')).toMatchObject({ reason: 'permanent-delivery-failure', eventId: event.id, topic: 'oncall' });
  });

  it('puts an event on the failure destination when all three attempts throw', async () => {
    world.sns.inject({ error: 'InternalError' });
    const event = oomEvent({ id: eventId('ctrl', 3), service: 'orders-api', task: taskId('ctrl', 3), at: FIXTURE_TIME });

    const result = await world.router.invokeAsync(event);
    world.sns.clearFaults();

    expect(result.attempts.map((a) => nameOf(a.error))).toEqual(['RetryableDeliveryError', 'RetryableDeliveryError', 'RetryableDeliveryError']);
    expect(String(result.attempts[2]?.error)).toContain('InternalError');
    expect(result.onFailureDestination).toBe(true);
  });

  it('runs concurrent invocations in separate environments (no shared module state)', async () => {
    const events = [4, 5].map((n) => oomEvent({ id: eventId('ctrl', n), service: `svc-${n}`, task: taskId('ctrl', n), at: FIXTURE_TIME }));
    const before = world.router.coldStarts;

    const results = await Promise.all(events.map((event) => world.router.invoke(event)));

    expect(new Set(results.map((r) => r.environment)).size).toBe(2);
    expect(world.router.coldStarts - before).toBeGreaterThanOrEqual(1);
  });

  it('answers on the simulated clock: a client sees no clock skew, so an error is not retried for it', async () => {
    const client = new SNSClient({ endpoint: world.sns.endpoint, region: 'us-west-2', credentials: { accessKeyId: 'local', secretAccessKey: 'local' }, maxAttempts: 3 });
    const from = world.sns.requests.length;
    try {
      world.setClock(FIXTURE_TIME + 86_400_000);
      world.sns.inject({ error: 'AuthorizationError', times: 1 });
      await expect(client.send(new PublishCommand({ TopicArn: 'arn:aws:sns:us-west-2:111122223333:ecs-herald-oncall', Message: 'x' }))).rejects.toMatchObject({ name: 'AuthorizationErrorException' });
      expect(world.sns.requests.length - from).toBe(1);
    } finally {
      world.sns.clearFaults();
      world.setClock(FIXTURE_TIME);
      client.destroy();
    }
  });

  it('stalls DynamoDB requests while the proxy hangs, and answers them again once it resumes', async () => {
    const client = new DynamoDBClient({
      endpoint: world.dynamoProxy.endpoint,
      region: 'us-west-2',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      maxAttempts: 1,
      requestHandler: { requestTimeout: 500, throwOnRequestTimeout: true },
    });
    try {
      world.dynamoProxy.hang();
      await expect(client.send(new DescribeTableCommand({ TableName: 'ecs-herald-state' }))).rejects.toMatchObject({ name: 'TimeoutError' });
      expect(world.dynamoProxy.droppedBytes).toBeGreaterThan(0);
      world.dynamoProxy.resume();
      await expect(client.send(new DescribeTableCommand({ TableName: 'ecs-herald-state' }))).resolves.toMatchObject({ Table: { TableName: 'ecs-herald-state' } });
    } finally {
      world.dynamoProxy.resume();
      client.destroy();
    }
  });
});
