import { CloudWatchLogsClient, GetLogEventsCommand, ResourceNotFoundException, type OutputLogEvent } from '@aws-sdk/client-cloudwatch-logs';
import { mockClient } from 'aws-sdk-client-mock';
import { LogTailReader, type LogTailRef, type LogTailResult } from '../../shared/enrich/logs';
import { createRedactor } from '../../shared/enrich/redact';

const logs = mockClient(CloudWatchLogsClient);
const client = new CloudWatchLogsClient({ region: 'us-west-2', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
const REF: LogTailRef = { group: '/ecs/payments-api', streamPrefix: 'ecs', container: 'payments-api', taskId: 'cbc32545b881445133440842bacf91ce' };
const STREAM = 'ecs/payments-api/cbc32545b881445133440842bacf91ce';

const reader = (lines?: number) => new LogTailReader({ client, redactor: createRedactor(), lines, rateLimitPerSecond: 1000 });
const events = (...messages: string[]): OutputLogEvent[] => messages.map((message, i) => ({ timestamp: 1_700_000_000_000 + i, message, ingestionTime: 0 }));
const awsError = (name: string) => Object.assign(new Error(`${name} from AWS`), { name, $metadata: {} });

beforeEach(() => logs.reset());

describe('LogTailReader.tail', () => {
  it('reads the newest events of <prefix>/<container>/<taskId> in one call', async () => {
    logs.on(GetLogEventsCommand).resolves({ events: events('a', 'b') });
    const r = reader(50);
    await r.tail(REF);
    expect(logs.commandCalls(GetLogEventsCommand).map((c) => c.args[0].input)).toEqual([
      { logGroupName: '/ecs/payments-api', logStreamName: STREAM, startFromHead: false, limit: 50 },
    ]);
    expect(r.calls).toBe(1);
  });

  it.each<{ case: string; events: OutputLogEvent[]; lines: string[]; redactions: number }>([
    { case: 'oldest first, trailing newlines stripped', events: events('starting\n', 'listening on :8080\r\n', 'Error: boom\n\n'), lines: ['starting', 'listening on :8080', 'Error: boom'], redactions: 0 },
    {
      case: 'out-of-order events are put oldest first',
      events: [{ timestamp: 3, message: 'third' }, { timestamp: 1, message: 'first' }, { timestamp: 2, message: 'second' }],
      lines: ['first', 'second', 'third'],
      redactions: 0,
    },
    {
      case: 'secrets are redacted and counted',
      events: events('connecting to postgres://app:hunter2@db:5432/x', 'password=hunter2 token=abc', 'ready'),
      lines: ['connecting to postgres://app:[REDACTED:url-credentials]@db:5432/x', 'password=[REDACTED:password] token=[REDACTED:token]', 'ready'],
      redactions: 3,
    },
    { case: 'a long line is cut at 500 characters', events: events('x'.repeat(600)), lines: [`${'x'.repeat(500)}…`], redactions: 0 },
    { case: 'a cut never splits a surrogate pair', events: events(`${'x'.repeat(499)}😀tail`), lines: [`${'x'.repeat(499)}…`], redactions: 0 },
    {
      case: 'a huge line (over 4,000 characters) is redacted, then cut at 500',
      events: events(`password=hunter2 ${'y '.repeat(3000)}`),
      lines: [`password=[REDACTED:password] ${'y '.repeat(235)}y…`],
      redactions: 1,
    },
    { case: 'an empty stream gives an empty tail', events: [], lines: [], redactions: 0 },
  ])('$case', async ({ events: evs, lines, redactions }) => {
    logs.on(GetLogEventsCommand).resolves({ events: evs });
    expect(await reader().tail(REF)).toEqual({ logTail: { group: '/ecs/payments-api', stream: STREAM, lines, redactions } });
  });

  it.each<{ case: string; error: Error; reason: string }>([
    { case: 'no such group or stream', error: new ResourceNotFoundException({ message: 'The specified log stream does not exist.', $metadata: {} }), reason: 'not-found' },
    { case: 'throttling', error: awsError('ThrottlingException'), reason: 'throttled: ThrottlingException' },
    { case: 'missing permission', error: awsError('AccessDeniedException'), reason: 'access-denied: AccessDeniedException' },
    { case: 'an SDK timeout', error: awsError('TimeoutError'), reason: 'timeout' },
    { case: 'anything else', error: awsError('ServiceUnavailableException'), reason: 'error: ServiceUnavailableException' },
    { case: 'keys AWS does not know', error: awsError('UnrecognizedClientException'), reason: 'no-credentials: UnrecognizedClientException (the credentials expired or are not known to AWS; refresh them)' },
  ])('maps $case to a failure, never throwing', async ({ error, reason }) => {
    logs.on(GetLogEventsCommand).rejects(error);
    expect(await reader().tail(REF)).toEqual({ failure: { source: 'logs:GetLogEvents', reason } });
  });

  it.each<{ case: string; ref: LogTailRef }>([
    { case: 'no stream prefix', ref: { ...REF, streamPrefix: undefined } },
    { case: 'an empty stream prefix', ref: { ...REF, streamPrefix: '' } },
  ])('$case: a not-found failure that says why, without a call', async ({ ref }) => {
    const r = reader();
    const result = await r.tail(ref);
    expect(result.failure?.source).toBe('logs:GetLogEvents');
    expect(result.failure?.reason).toMatch(/^not-found: the container logs without awslogs-stream-prefix/);
    expect(r.calls).toBe(0);
  });

  it.each<{ case: string; group: string; allowed: boolean }>([
    { case: 'a group under a prefix', group: '/ecs/payments-api', allowed: true },
    { case: 'a group under another prefix', group: '/copilot/shop-prod-api', allowed: true },
    { case: 'a group outside every prefix', group: 'Demo01-TaskDefwebLogGroup', allowed: false },
    { case: 'a prefix is not a substring match', group: '/aws/ecs/containerinsights/prod/performance', allowed: false },
  ])('enrich.log_groups: $case', async ({ group, allowed }) => {
    logs.on(GetLogEventsCommand).resolves({ events: events('boom') });
    const r = new LogTailReader({ client, redactor: createRedactor(), rateLimitPerSecond: 1000, groupPrefixes: ['/ecs/', '/copilot/'] });
    const result = await r.tail({ ...REF, group });
    expect(result.failure).toEqual(allowed ? undefined : { source: 'logs:GetLogEvents', reason: `not-allowed: log group ${group} is outside enrich.log_groups (/ecs/, /copilot/)` });
    expect(r.calls).toBe(allowed ? 1 : 0);
  });

  it('an abort resolves at once with a timeout failure', async () => {
    logs.on(GetLogEventsCommand).callsFake(() => new Promise(() => undefined));
    const controller = new AbortController();
    const pending = reader().tail(REF, controller.signal);
    controller.abort();
    expect(await pending).toEqual({ failure: { source: 'logs:GetLogEvents', reason: 'timeout' } });
  });

  it('an already aborted signal makes no call', async () => {
    const r = reader();
    expect(await r.tail(REF, AbortSignal.abort())).toEqual({ failure: { source: 'logs:GetLogEvents', reason: 'timeout' } });
    expect(r.calls).toBe(0);
  });

  it('concurrent tails of one stream share one call; another stream gets its own', async () => {
    logs.on(GetLogEventsCommand).resolves({ events: events('boom') });
    const r = reader();
    const results = await Promise.all([r.tail(REF), r.tail(REF), r.tail({ ...REF, taskId: 'other' })]);
    expect(r.calls).toBe(2);
    expect(results[0]).toEqual(results[1]);
    await r.tail(REF); // settled calls are not cached
    expect(r.calls).toBe(3);
  });

  it('reads from a client of the awslogs-region when it differs, caching it', async () => {
    const regions: string[] = [];
    logs.on(GetLogEventsCommand).callsFake(async (_input, getClient: () => CloudWatchLogsClient) => {
      regions.push(await getClient().config.region());
      return { events: [] };
    });
    const r = reader();
    await r.tail({ ...REF, region: 'eu-west-1' });
    await r.tail({ ...REF, region: 'eu-west-1', taskId: 'other' });
    await r.tail({ ...REF, region: 'us-west-2' });
    await r.tail(REF);
    expect(regions).toEqual(['eu-west-1', 'eu-west-1', 'us-west-2', 'us-west-2']);
  });

  it('spaces calls by the rate limit, after a burst of one second\'s worth', async () => {
    logs.on(GetLogEventsCommand).resolves({ events: [] });
    const r = new LogTailReader({ client, redactor: createRedactor(), rateLimitPerSecond: 20 });
    const started = Date.now();
    const all: Promise<LogTailResult>[] = Array.from({ length: 22 }, (_, i) => r.tail({ ...REF, taskId: `t${i}` }));
    await Promise.all(all);
    // 20 at once (the burst), then 20/s: the 22nd starts >= 100 ms after the first.
    expect(Date.now() - started).toBeGreaterThanOrEqual(95);
  });

  it('does not make a call whose caller gave up while it waited for the rate limit', async () => {
    logs.on(GetLogEventsCommand).resolves({ events: [] });
    const r = new LogTailReader({ client, redactor: createRedactor(), rateLimitPerSecond: 1 });
    await r.tail({ ...REF, taskId: 'first' });
    const result = await r.tail({ ...REF, taskId: 'second' }, AbortSignal.timeout(50));
    expect(result.failure?.reason).toBe('timeout');
    expect(r.calls).toBe(1);
  });

  it.each<{ case: string; options: { lines?: number; rateLimitPerSecond?: number }; message: string }>([
    { case: 'lines above 100', options: { lines: 101 }, message: 'log tail lines must be an integer from 1 to 100, got 101' },
    { case: 'lines of 0', options: { lines: 0 }, message: 'log tail lines must be an integer from 1 to 100, got 0' },
    { case: 'a zero rate', options: { rateLimitPerSecond: 0 }, message: 'log tail rateLimitPerSecond must be a positive number, got 0' },
  ])('rejects $case at construction', ({ options, message }) => {
    expect(() => new LogTailReader({ client, redactor: createRedactor(), ...options })).toThrow(message);
  });
});

describe('LogTailReader onCall: what the enrichment metrics count', () => {
  it.each([
    { case: 'a call that answered', answer: () => logs.on(GetLogEventsCommand).resolves({ events: events('a') }), calls: [{ source: 'logs:GetLogEvents' }] },
    { case: 'a throttled call', answer: () => logs.on(GetLogEventsCommand).rejects(awsError('ThrottlingException')), calls: [{ source: 'logs:GetLogEvents', failure: 'throttled' }] },
    { case: 'a missing stream', answer: () => logs.on(GetLogEventsCommand).rejects(awsError('ResourceNotFoundException')), calls: [{ source: 'logs:GetLogEvents', failure: 'not-found' }] },
  ])('reports $case', async ({ answer, calls }) => {
    answer();
    const seen: unknown[] = [];
    await new LogTailReader({ client, redactor: createRedactor(), rateLimitPerSecond: 1000, onCall: (call) => seen.push(call) }).tail(REF);
    expect(seen).toEqual(calls);
  });

  it('reports nothing when no call is made (no stream to name)', async () => {
    const seen: unknown[] = [];
    await new LogTailReader({ client, redactor: createRedactor(), onCall: (call) => seen.push(call) }).tail({ ...REF, streamPrefix: undefined });
    expect(seen).toEqual([]);
  });
});
