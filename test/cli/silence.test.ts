import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type LocalDynamo, startDynalite } from '../support/dynalite';
import { FIXTURES_DIR, loadRawFixture } from '../support/fixtures';
import { runCli } from '../support/cli';

const CONFIG = join(__dirname, '..', '..', 'herald.yml');
const HOUR_MS = 3_600_000;

const run = runCli;

const stateFile = () => join(mkdtempSync(join(tmpdir(), 'herald-silence-')), 'state.json');

/** `silence list --json` lines, parsed. */
interface SilenceLine {
  id: string;
  matchers: unknown;
  startsAt: string;
  endsAt: string;
  createdBy: string;
  comment: string;
  active: boolean;
}

const jsonLines = (stdout: string): SilenceLine[] =>
  stdout.trim() === '' ? [] : stdout.trim().split('\n').map((line) => JSON.parse(line) as SilenceLine);

/** The id `silence add` printed: the first word of its second line. */
const addedId = (stdout: string): string => {
  const id = /^silence added\n(\S+) /.exec(stdout)?.[1];
  if (id === undefined) throw new Error(`no silence id in: ${stdout}`);
  return id;
};

const iso = (ms: number): string => new Date(ms).toISOString();

/** Sets (or, for undefined, removes) environment variables; returns a function restoring them. */
const setEnv = (values: Readonly<Record<string, string | undefined>>): (() => void) => {
  const saved = Object.fromEntries(Object.keys(values).map((name) => [name, process.env[name]]));
  const apply = (entries: Readonly<Record<string, string | undefined>>) => {
    for (const [name, value] of Object.entries(entries)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  };
  apply(values);
  return () => apply(saved);
};

// No test may reach a table named in the environment of whoever runs them.
let restoreEnv: () => void;
beforeEach(() => {
  restoreEnv = setEnv({ HERALD_STATE_TABLE: undefined });
});
afterEach(() => restoreEnv());

describe('herald silence with --state FILE', () => {
  it('adds, lists (text and --json), expires, and lists the ended silence with --all', async () => {
    const file = stateFile();
    const before = Date.now();
    const added = await run([
      'silence', 'add', '--state', file,
      '--match', 'service=payments-api', '--match', 'cluster=prod',
      '--for', '2h', '--comment', 'payments-api 2.14 rollout, OOMs expected', '--author', 'alice',
    ]);
    expect(added).toMatchObject({ code: 0, stderr: '' });
    const id = addedId(added.stdout);
    expect(id).toMatch(/^[0-9a-f]{8}$/);
    expect(added.stdout).toMatch(
      new RegExp(`^silence added\\n${id}  active   \\S+Z -> \\S+Z  \\{"service":\\["payments-api"\\],"cluster":\\["prod"\\]\\}  by alice: payments-api 2\\.14 rollout, OOMs expected\\n$`),
    );

    const listed = await run(['silence', 'list', '--state', file]);
    expect(listed).toMatchObject({ code: 0, stderr: '' });
    expect(listed.stdout.trim().split('\n')).toHaveLength(1);
    expect(listed.stdout).toContain(`${id}  active `);
    expect(listed.stdout).toContain('by alice: payments-api 2.14 rollout, OOMs expected');

    const json = await run(['silence', 'list', '--json', '--state', file]);
    expect(json.code).toBe(0);
    const [line, ...more] = jsonLines(json.stdout);
    expect(more).toEqual([]);
    expect(line).toEqual({
      id,
      matchers: { service: ['payments-api'], cluster: ['prod'] },
      startsAt: expect.stringMatching(/Z$/),
      endsAt: expect.stringMatching(/Z$/),
      createdBy: 'alice',
      comment: 'payments-api 2.14 rollout, OOMs expected',
      active: true,
    });
    const startsAt = Date.parse(line?.startsAt ?? '');
    expect(startsAt).toBeGreaterThanOrEqual(before);
    expect(startsAt).toBeLessThanOrEqual(Date.now());
    expect(Date.parse(line?.endsAt ?? '') - startsAt).toBe(2 * HOUR_MS);

    const expired = await run(['silence', 'expire', id, '--state', file]);
    expect(expired).toMatchObject({ code: 0, stderr: '' });
    expect(expired.stdout).toMatch(new RegExp(`^silence expired\\n${id}  ended `));

    expect(await run(['silence', 'list', '--state', file])).toEqual({ code: 0, stdout: 'no current silences (--all shows ended ones)\n', stderr: '' });
    expect(await run(['silence', 'list', '--json', '--state', file])).toEqual({ code: 0, stdout: '', stderr: '' });
    const all = await run(['silence', 'list', '--all', '--state', file]);
    expect(all.code).toBe(0);
    expect(all.stdout).toMatch(new RegExp(`^${id}  ended   .* by alice: payments-api 2\\.14 rollout, OOMs expected\\n$`));
    const [ended] = jsonLines((await run(['silence', 'list', '--all', '--json', '--state', file])).stdout);
    expect(ended).toMatchObject({ id, active: false });
    expect(Date.parse(ended?.endsAt ?? '')).toBeLessThanOrEqual(Date.now());
  });

  it('says so when the file holds no silences at all', async () => {
    expect(await run(['silence', 'list', '--all', '--state', stateFile()])).toEqual({ code: 0, stdout: 'no silences\n', stderr: '' });
  });

  it('shows a silence that starts later as pending, not yet active', async () => {
    const file = stateFile();
    const starts = iso(Date.now() + HOUR_MS);
    const added = await run(['silence', 'add', '--state', file, '--match', 'service=orders', '--starts', starts, '--for', '30m', '--comment', 'db upgrade tonight']);
    expect(added.code).toBe(0);
    expect(added.stdout).toContain(`${addedId(added.stdout)}  pending  ${starts} -> ${iso(Date.parse(starts) + 30 * 60_000)}`);
    expect(jsonLines((await run(['silence', 'list', '--json', '--state', file])).stdout)).toEqual([expect.objectContaining({ startsAt: starts, active: false })]);
  });

  it.each([
    { case: 'label=value (exact)', flags: ['--match', 'service=payments-api'], matchers: { service: ['payments-api'] } },
    { case: 'label!=value (anything-but)', flags: ['--match', 'severity!=critical'], matchers: { severity: [{ 'anything-but': 'critical' }] } },
    { case: 'label=prefix* (prefix)', flags: ['--match', 'service=payments-*'], matchers: { service: [{ prefix: 'payments-' }] } },
    { case: 'a value with = in it', flags: ['--match', 'taskDefinitionFamily=a=b'], matchers: { taskDefinitionFamily: ['a=b'] } },
    { case: 'label given twice (alternatives)', flags: ['--match', 'service=orders', '--match', 'service=payments-*'], matchers: { service: ['orders', { prefix: 'payments-' }] } },
    {
      case: 'label!= given twice (excludes both)',
      flags: ['--match', 'cluster=prod', '--match', 'service!=orders', '--match', 'service!=payments-api'],
      matchers: { cluster: ['prod'], service: [{ 'anything-but': ['orders', 'payments-api'] }] },
    },
    { case: 'label!=prefix* (anything-but prefix)', flags: ['--match', 'service!=payments-*'], matchers: { service: [{ 'anything-but': { prefix: 'payments-' } }] } },
    { case: 'label!=prefix* given twice', flags: ['--match', 'service!=payments-*', '--match', 'service!=orders-*'], matchers: { service: [{ 'anything-but': { prefix: ['payments-', 'orders-'] } }] } },
    { case: 'labels combined (all must match)', flags: ['--match', 'cluster=prod', '--match', 'category=oom'], matchers: { cluster: ['prod'], category: ['oom'] } },
    { case: '--pattern JSON', flags: ['--pattern', '{"category":["oom"]}'], matchers: { category: ['oom'] } },
    { case: '--pattern with operators', flags: ['--pattern', '{"service":[{"prefix":"pay"}],"severity":[{"anything-but":["info"]}]}'], matchers: { service: [{ prefix: 'pay' }], severity: [{ 'anything-but': ['info'] }] } },
  ])('stores $case as its pattern', async ({ flags, matchers }) => {
    const file = stateFile();
    const added = await run(['silence', 'add', '--state', file, ...flags, '--for', '1h', '--comment', 'table test', '--author', 'ci']);
    expect(added).toMatchObject({ code: 0, stderr: '' });
    expect(jsonLines((await run(['silence', 'list', '--json', '--state', file])).stdout)).toEqual([expect.objectContaining({ id: addedId(added.stdout), matchers })]);
  });

  // A real temp path: a usage error must be reported before the store is touched.
  const add = ['silence', 'add', '--state', join(tmpdir(), 'herald-silence-usage-never-written.json')];
  it.each([
    { case: 'no --comment', argv: [...add, '--match', 'service=x', '--for', '1h'], stderr: '--comment is required: say why, so on-call knows' },
    { case: 'a blank --comment', argv: [...add, '--match', 'service=x', '--for', '1h', '--comment', '  '], stderr: '--comment is required' },
    { case: 'both --for and --until', argv: [...add, '--match', 'service=x', '--for', '1h', '--until', '2099-01-01T00:00:00Z', '--comment', 'c'], stderr: 'give exactly one of --for DURATION (e.g. 2h) or --until DATE-TIME' },
    { case: 'neither --for nor --until', argv: [...add, '--match', 'service=x', '--comment', 'c'], stderr: 'give exactly one of --for DURATION' },
    { case: 'neither --match nor --pattern', argv: [...add, '--for', '1h', '--comment', 'c'], stderr: 'give --match label=value (repeatable) or --pattern JSON' },
    { case: 'both --match and --pattern', argv: [...add, '--match', 'service=x', '--pattern', '{"service":["x"]}', '--for', '1h', '--comment', 'c'], stderr: 'give --match label=value (repeatable) or --pattern JSON' },
    { case: '--match without an operator', argv: [...add, '--match', 'service', '--for', '1h', '--comment', 'c'], stderr: '--match "service": expected label=value, label!=value or label=prefix*' },
    { case: '--match without a label', argv: [...add, '--match', '=payments-api', '--for', '1h', '--comment', 'c'], stderr: '--match "=payments-api": expected label=value' },
    { case: '--match with a space in the label', argv: [...add, '--match', 'my service=x', '--for', '1h', '--comment', 'c'], stderr: '--match "my service=x": expected label=value' },
    { case: '--match without a value', argv: [...add, '--match', 'service=', '--for', '1h', '--comment', 'c'], stderr: '--match "service=": expected label=value' },
    { case: '--match = and != on one label', argv: [...add, '--match', 'service=payments-*', '--match', 'service!=payments-canary', '--for', '1h', '--comment', 'c'], stderr: '--match service: = and != on one label are alternatives, so the silence would match almost every alert; use --pattern' },
    { case: '--match != of a value and a prefix', argv: [...add, '--match', 'service!=orders', '--match', 'service!=payments-*', '--for', '1h', '--comment', 'c'], stderr: "--match service!=: exclude either values or prefixes (EventBridge's anything-but takes one kind); use --pattern" },
    { case: '--pattern not JSON', argv: [...add, '--pattern', '{category:oom}', '--for', '1h', '--comment', 'c'], stderr: '--pattern: invalid JSON (' },
    { case: 'a bad duration', argv: [...add, '--match', 'service=x', '--for', '2 hours', '--comment', 'c'], stderr: '--for "2 hours": expected a duration such as 30m, 2h or 1d' },
    { case: 'a zero duration', argv: [...add, '--match', 'service=x', '--for', '0h', '--comment', 'c'], stderr: '--for "0h": expected a duration' },
    { case: '--until without a time zone', argv: [...add, '--match', 'service=x', '--until', '2099-01-01T00:00:00', '--comment', 'c'], stderr: '--until "2099-01-01T00:00:00": expected an ISO 8601 date-time with a time zone, e.g. 2026-12-01T22:00:00Z' },
    { case: '--until not a date', argv: [...add, '--match', 'service=x', '--until', 'tomorrowZ', '--comment', 'c'], stderr: '--until "tomorrowZ": expected an ISO 8601 date-time' },
    { case: '--starts without a time zone', argv: [...add, '--match', 'service=x', '--starts', '2099-01-01 10:00', '--for', '1h', '--comment', 'c'], stderr: '--starts "2099-01-01 10:00": expected an ISO 8601 date-time' },
    { case: '--state and --table together', argv: ['silence', 'list', '--state', 'x.json', '--table', 'herald-state'], stderr: '--state and --table are exclusive' },
    { case: '--state and --table together (add)', argv: [...add, '--table', 'herald-state', '--match', 'service=x', '--for', '1h', '--comment', 'c'], stderr: '--state and --table are exclusive' },
    { case: 'no store at all (add)', argv: ['silence', 'add', '--match', 'service=x', '--for', '1h', '--comment', 'c'], stderr: 'say where silences live: --table NAME' },
    { case: 'no store at all (list)', argv: ['silence', 'list'], stderr: 'say where silences live: --table NAME' },
    { case: 'no store at all (expire)', argv: ['silence', 'expire', 'abcd1234'], stderr: 'say where silences live: --table NAME' },
    { case: 'an empty --table', argv: ['silence', 'list', '--table', ''], stderr: 'say where silences live' },
    { case: 'an unknown action', argv: ['silence', 'mute', '--state', 'x.json'], stderr: "unknown command 'mute'" },
    { case: 'a misspelt action', argv: ['silence', 'lsit', '--state', 'x.json'], stderr: "unknown command 'lsit' (did you mean list?)" },
    { case: 'expire without an id', argv: ['silence', 'expire', '--state', 'x.json'], stderr: "missing required argument 'id'" },
    { case: 'expire with two ids', argv: ['silence', 'expire', 'a', 'b', '--state', 'x.json'], stderr: "too many arguments for 'expire'. Expected 1 argument but got 2." },
    { case: 'list with an argument', argv: ['silence', 'list', 'everything', '--state', 'x.json'], stderr: "too many arguments for 'list'. Expected 0 arguments but got 1." },
    { case: 'an unknown option', argv: ['silence', 'list', '--statefile', 'x.json'], stderr: "unknown option '--statefile'" },
    // An option of another action is refused, not ignored: `expire ID --for 1h` must not end the silence now.
    { case: 'an option of another action', argv: ['silence', 'list', '--state', 'x.json', '--comment', 'c'], stderr: "unknown option '--comment'" },
    { case: 'add options on expire', argv: ['silence', 'expire', 'abcd1234', '--state', 'x.json', '--for', '1h'], stderr: "unknown option '--for'" },
    { case: 'list options on add', argv: [...add, '--match', 'service=x', '--for', '1h', '--comment', 'c', '--all'], stderr: "unknown option '--all'" },
    { case: 'a silence of 400 days', argv: [...add, '--match', 'service=x', '--for', '400d', '--comment', 'c'], stderr: 'a silence of 400d is longer than 31d' },
    { case: 'a silence of more than 31 days', argv: [...add, '--match', 'service=x', '--starts', '2099-01-01T00:00:00Z', '--until', '2099-03-01T00:00:00Z', '--comment', 'c'], stderr: 'a silence of 59d is longer than 31d: muting that long is a change of routing; put it in herald.yml (silences, or a route with notify: []), reviewed and deployed' },
    { case: 'a silence that only excludes, for 30 days', argv: [...add, '--match', 'severity!=critical', '--for', '30d', '--comment', 'c'], stderr: 'a silence that only excludes (label!=value) mutes every other alert; for more than 1d name what it mutes (label=value)' },
  ])('usage error: $case exits 2', async ({ argv, stderr }) => {
    const result = await run(argv);
    expect(result).toMatchObject({ code: 2, stdout: '' });
    expect(result.stderr).toContain(`herald: ${stderr}`);
    // The hint names the command's own help: herald silence add --help.
    expect(result.stderr).toMatch(/\nRun "herald silence (add|list|expire)? ?--help" for usage\.\n$/);
  });

  it('herald silence without an action prints its help on standard error and exits 2', async () => {
    const result = await run(['silence']);
    expect(result).toMatchObject({ code: 2, stdout: '' });
    expect(result.stderr).toMatch(/^Usage: herald silence \[options\] \[command\]\n/);
    expect(result.stderr).toMatch(/^ {2}add \[options\] +mute the alerts/m);
  });

  it.each([
    { case: 'a misspelt label', flag: 'servce=orders', warning: 'herald: warning: "servce" is not a built-in label (did you mean "service"?); the silence only mutes alerts with a resource tag of that name\n' },
    { case: 'a tag', flag: 'team=payments', warning: 'herald: warning: "team" is not a built-in label; the silence only mutes alerts with a resource tag of that name\n' },
    { case: 'a built-in label', flag: 'service=orders', warning: '' },
  ])('warns of $case, as herald check does, and adds the silence', async ({ flag, warning }) => {
    const added = await run(['silence', 'add', '--state', stateFile(), '--match', flag, '--for', '1h', '--comment', 'c']);
    expect([added.code, added.stderr]).toEqual([0, warning]);
  });

  it('takes the table from $HERALD_STATE_TABLE, so --state beside it is not a conflict', async () => {
    restoreEnv();
    restoreEnv = setEnv({ HERALD_STATE_TABLE: 'herald-state' });
    expect(await run(['silence', 'list', '--all', '--state', stateFile()])).toEqual({ code: 0, stdout: 'no silences\n', stderr: '' });
  });

  it.each([
    { case: 'empty matchers', flags: ['--pattern', '{}', '--for', '1h'], stderr: 'a silence needs at least one matcher (it would mute every alert)\n' },
    // Without --starts the silence starts now: a past --until ends before its start.
    { case: 'an --until in the past', flags: ['--match', 'service=x', '--until', '2020-01-01T00:00:00Z'], stderr: 'the silence would end before it starts' },
    { case: 'an end before the start', flags: ['--match', 'service=x', '--starts', '2099-01-02T00:00:00Z', '--until', '2099-01-01T00:00:00+02:00'], stderr: 'the silence would end before it starts' },
    { case: 'an invalid pattern operator', flags: ['--pattern', '{"service":[{"prefixx":"pay"}]}', '--for', '1h'], stderr: 'invalid matchers: service[0].prefixx: unknown operator "prefixx" (did you mean "prefix"?)' },
    { case: 'a pattern that is not an object', flags: ['--pattern', '["oom"]', '--for', '1h'], stderr: 'invalid matchers: an event pattern must be a JSON object, got ' },
  ])('gate error: $case exits 1 and writes nothing', async ({ flags, stderr }) => {
    const file = stateFile();
    const result = await run(['silence', 'add', '--state', file, ...flags, '--comment', 'c']);
    expect(result).toMatchObject({ code: 1, stdout: '' });
    expect(result.stderr).toMatch(/^herald: /);
    expect(result.stderr).toContain(`herald: ${stderr}`);
    expect(await run(['silence', 'list', '--all', '--state', file])).toMatchObject({ stdout: 'no silences\n' });
  });

  it('exits 1 naming the id when expiring an unknown silence', async () => {
    expect(await run(['silence', 'expire', 'deadbeef', '--state', stateFile()])).toEqual({
      code: 1,
      stdout: '',
      stderr: 'herald: no silence "deadbeef" (herald silence list shows their ids)\n',
    });
  });

  it.each([
    { case: '--starts and --until', flags: ['--starts', '2026-05-12T12:00:00Z', '--until', '2026-05-12T14:00:00Z'] },
    { case: '--starts and --for', flags: ['--starts', '2026-05-12T12:00:00Z', '--for', '2h'] },
  ])('takes a window in the past ($case): replays of its events are muted', async ({ flags }) => {
    const file = stateFile();
    const added = await run(['silence', 'add', '--state', file, '--match', 'service=payments-api', ...flags, '--comment', 'trying a silence on the samples']);
    expect(added.code).toBe(0);
    expect(added.stdout).toContain('ended');
    expect(added.stdout).toContain('(in the past: it mutes the events of its window in herald replay --state; the deployed table refuses such a silence)');
    const replay = await run(['replay', '--state', file, '--json', '--no-outbox', '--config', CONFIG, join(FIXTURES_DIR, 'ecs-task', 'stopped-oom.json')]);
    expect(JSON.parse(replay.stdout.trim().split('\n')[0] ?? '{}')).toMatchObject({ gate: 'silenced', topics: [] });
  });

  it('exits 1 with the file named when the state file is not a herald state file', async () => {
    const file = stateFile();
    writeFileSync(file, '{"silences": []}');
    const result = await run(['silence', 'list', '--state', file]);
    expect(result).toMatchObject({ code: 1, stdout: '' });
    expect(result.stderr.startsWith(`herald: state file ${file}: is not a herald state file (expected {"version": 1, "records": [...]}): `)).toBe(true);
  });
});

describe('herald silence with --table (a local DynamoDB)', () => {
  const TABLE = 'herald-state';
  let dynamo: LocalDynamo;
  let restoreAws: () => void;

  beforeAll(async () => {
    dynamo = await startDynalite();
    await dynamo.createStateTable(TABLE);
  });
  afterAll(async () => dynamo.close());
  // The CLI builds its client from the environment, as it does for a user: point it at dynalite.
  beforeEach(() => {
    restoreAws = setEnv({
      AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
      AWS_SESSION_TOKEN: undefined,
      AWS_PROFILE: undefined,
      AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: undefined,
    });
  });
  afterEach(() => restoreAws());

  it('adds, lists and expires a silence; the item carries a numeric TTL after its end', async () => {
    const added = await run(['silence', 'add', '--table', TABLE, '--match', 'service=payments-api', '--for', '2h', '--comment', 'rollout', '--author', 'alice']);
    expect(added).toMatchObject({ code: 0, stderr: '' });
    const id = addedId(added.stdout);

    const [line] = jsonLines((await run(['silence', 'list', '--json', '--table', TABLE])).stdout);
    expect(line).toMatchObject({ id, matchers: { service: ['payments-api'] }, createdBy: 'alice', comment: 'rollout', active: true });

    const item = async () => (await dynamo.client.send(new GetItemCommand({ TableName: TABLE, Key: { pk: { S: 'silence' }, sk: { S: id } }, ConsistentRead: true }))).Item;
    const stored = await item();
    expect(stored?.expiresAt?.N).toMatch(/^\d+$/);
    expect(Number(stored?.expiresAt?.N) * 1000).toBeGreaterThan(Date.parse(line?.endsAt ?? ''));
    expect(stored?.d_endsAt?.N).toBe(String(Date.parse(line?.endsAt ?? '')));

    const expired = await run(['silence', 'expire', id, '--table', TABLE]);
    expect(expired).toMatchObject({ code: 0, stderr: '' });
    expect(expired.stdout).toContain(`${id}  ended `);
    expect(await run(['silence', 'list', '--table', TABLE])).toMatchObject({ code: 0, stdout: 'no current silences (--all shows ended ones)\n' });
    expect(jsonLines((await run(['silence', 'list', '--all', '--json', '--table', TABLE])).stdout)).toEqual([expect.objectContaining({ id, active: false })]);
    // Ended, yet kept until TTL removes it: still listable with --all.
    const ended = await item();
    expect(Number(ended?.d_endsAt?.N)).toBeLessThanOrEqual(Date.now());
    expect(Number(ended?.expiresAt?.N) * 1000).toBeGreaterThan(Number(ended?.d_endsAt?.N));
  });

  it('takes the table from $HERALD_STATE_TABLE', async () => {
    restoreEnv();
    restoreEnv = setEnv({ HERALD_STATE_TABLE: TABLE });
    const added = await run(['silence', 'add', '--match', 'cluster=staging', '--for', '15m', '--comment', 'load test']);
    expect(added.code).toBe(0);
    expect((await run(['silence', 'list'])).stdout).toContain(`${addedId(added.stdout)}  active `);
  });

  it('exits 1 naming the table when it does not exist', async () => {
    const result = await run(['silence', 'list', '--table', 'no-such-table']);
    expect(result).toMatchObject({ code: 1, stdout: '' });
    expect(result.stderr).toMatch(/^herald: state table no-such-table: ResourceNotFoundException: /);
  });
});

describe('herald replay --state FILE', () => {
  /** The OOM fixture (cluster prod, service payments-api) at the current time, in a temp file. */
  const oomNow = (dir: string, now: number): string => {
    const file = join(dir, 'oom-now.json');
    writeFileSync(file, JSON.stringify({ ...loadRawFixture('ecs-task/stopped-oom'), time: iso(now).replace(/\.\d{3}Z$/, 'Z') }));
    return file;
  };

  it.each([
    { case: 'exact labels', match: ['service=payments-api', 'category=oom'], gate: 'silenced' },
    { case: 'a prefix', match: ['service=payments-*'], gate: 'silenced' },
    { case: 'alternatives', match: ['service=orders', 'service=payments-api'], gate: 'silenced' },
    { case: 'an exclusion of another service', match: ['cluster=prod', 'service!=orders'], gate: 'silenced' },
    // Two separate anything-buts would be alternatives, which every service satisfies.
    { case: 'an exclusion of this service among two', match: ['cluster=prod', 'service!=orders', 'service!=payments-api'], gate: 'sent' },
    { case: 'an excluded prefix', match: ['service!=payments-*'], gate: 'sent' },
    { case: 'another cluster', match: ['cluster=staging', 'service=payments-api'], gate: 'sent' },
  ])('a silence on $case: the OOM event is $gate', async ({ match, gate }) => {
    const dir = mkdtempSync(join(tmpdir(), 'herald-silence-'));
    const file = join(dir, 'state.json');
    const now = Date.now();
    // Past silences are refused, and replay judges silences on the event's clock: start before the event.
    const added = await run([
      'silence', 'add', '--state', file, ...match.flatMap((m) => ['--match', m]),
      '--starts', iso(now - HOUR_MS), '--until', iso(now + HOUR_MS), '--comment', 'known leak, fix in 2.15', '--author', 'alice',
    ]);
    expect(added).toMatchObject({ code: 0, stderr: '' });
    const id = addedId(added.stdout);

    const replay = await run(['replay', '--state', file, '--json', '--no-outbox', '--config', CONFIG, oomNow(dir, now)]);
    expect(replay).toMatchObject({ code: 0, stderr: '' });
    const lines = replay.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ outcome: 'alert', alert: { category: 'oom', labels: expect.objectContaining({ cluster: 'prod', service: 'payments-api' }) } });
    expect(lines[0]).toEqual(
      gate === 'silenced'
        ? expect.objectContaining({ gate: 'silenced', topics: [], mutedBy: `silence ${id} by alice: known leak, fix in 2.15` })
        : expect.objectContaining({ gate: 'sent', topics: ['oncall'] }),
    );
  });

  it('sends the event when no state file is given', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'herald-silence-'));
    const replay = await run(['replay', '--json', '--no-outbox', '--config', CONFIG, oomNow(dir, Date.now())]);
    expect(JSON.parse(replay.stdout.trim())).toMatchObject({ gate: 'sent', topics: ['oncall'] });
  });
});
