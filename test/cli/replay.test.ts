import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FIXTURES_DIR } from '../support/fixtures';
import { main } from '../../cli/herald';
import { runCli } from '../support/cli';

const SAMPLES = join(__dirname, '..', '..', 'samples');
const CONFIG = join(__dirname, '..', '..', 'herald.yml');

const run = runCli;

const tempDir = () => mkdtempSync(join(tmpdir(), 'herald-'));

describe('herald replay', () => {
  it('sends the digests of a window before a jump of days in the replayed stream', async () => {
    const dir = tempDir();
    const oom = JSON.parse(readFileSync(join(FIXTURES_DIR, 'ecs-task', 'stopped-oom.json'), 'utf8')) as Record<string, unknown> & { detail: Record<string, unknown> };
    const at = (id: string, time: string, task: string) => JSON.stringify({ ...oom, id, time, detail: { ...oom.detail, taskArn: `arn:aws:ecs:us-west-2:111122223333:task/prod/${task}` } });
    const lines = [at('jump-1', '2026-05-12T12:00:00Z', 'a1'), at('jump-2', '2026-05-12T12:01:00Z', 'a2'), at('jump-3', '2026-05-22T12:00:00Z', 'a3')];
    writeFileSync(join(dir, 'jump.jsonl'), `${lines.join('\n')}\n`);
    const { code, stdout } = await run(['replay', join(dir, 'jump.jsonl'), '--no-outbox']);
    expect(code).toBe(0);
    // The second kill is counted into the window that ends at 12:05, ten days before the third.
    expect(stdout).toMatch(/DIGEST\s+critical\s+1 more alert in group cluster=prod, service=payments-api \(oom 1\) \[12:00-12:05Z\]/);
  });

  it('replays the fixture corpus through the routes into the outbox, with a summary', async () => {
    const outbox = tempDir();
    const { code, stdout } = await run(['replay', FIXTURES_DIR, '--outbox', outbox, '--config', CONFIG]);
    expect(code).toBe(0);
    // The two composite alarms and the load balancer's are outside ECS's alarms (herald.yml's
    // `alarms: ecs`, which names no service's target group).
    expect(stdout).toMatch(/events read: 110 {4}alerts: 107 {4}skipped: 3/);
    // The default herald.yml sends critical and warning alerts to on-call (the first of each
    // service at once, the rest in digests), records the rest. The corpus's recoveries are
    // mostly older than the failures they would end, so they resolve nothing.
    expect(stdout).toMatch(/routing: \S+herald\.yml {4}sent: 41 \(oncall 41\) {4}recorded only: 37/);
    expect(stdout).toMatch(/noise control: sent 21, grouped 37, throttled 8, duplicate 4, silenced 0, muted 0, inhibited 0 {4}digests: 15 {4}resolved: 2/);
    // Routes' remediations, decided at once and always as dry runs (the CLI never acts).
    expect(stdout).toMatch(/remediation \(dry runs: the CLI never acts\): 6 decision\(s\): dry-run 3, skipped 3 \(cooldown 3\); offline, services are not re-read \(--aws reads them\)/);
    expect(stdout).toMatch(/^oom\s+2\s+0\s+0\s+2$/m);
    const files = readdirSync(join(outbox, 'oncall'));
    expect(files.filter((f) => f.endsWith('.txt'))).toHaveLength(41);
    expect(files.filter((f) => f.endsWith('.alert.json'))).toHaveLength(41);
    const email = readFileSync(join(outbox, 'oncall', '1.txt'), 'utf8');
    expect(email).toMatch(/^Subject: \[(CRITICAL|WARNING)\] \S+ .{1,90}\n\n/);
    expect(email).toMatch(/Sent by ecs-herald, route "(critical|default)"\.\n$/);
  });

  it('reports a malformed line with its file and line number and finishes the run', async () => {
    const { code, stdout } = await run(['replay', join(SAMPLES, 'mixed-stream.jsonl'), '--no-outbox']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/events read: 7 {4}alerts: 4 {4}skipped: 3/);
    expect(stdout).toContain('mixed-stream.jsonl:3: invalid-json: invalid JSON at column 77: Expected');
    expect(stdout).toMatch(/mixed-stream\.jsonl:4: unknown-ecs-detail-type: aws\.ecs detail-type "ECS Example Future State Change"/);
    expect(stdout).toMatch(/mixed-stream\.jsonl:5: not-eventbridge: not an EventBridge event: missing or non-string "id"/);
  });

  it('--json prints one line per input event in the documented shape', async () => {
    const { code, stdout } = await run(['replay', '--json', '--no-outbox', join(SAMPLES, 'mixed-stream.jsonl')]);
    expect(code).toBe(0);
    const lines = stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    // One line per input event; the failed deployment pages on its own route, not in the OOM's group.
    // The failed deployment's rollback (a dry run) is decided at once: its audit line follows it.
    expect(lines.map((l) => l.outcome)).toEqual(['alert', 'alert', 'skipped', 'skipped', 'skipped', 'alert', 'remediation', 'alert']);
    expect(lines.map((l) => l.gate)).toEqual(['sent', 'duplicate', undefined, undefined, undefined, 'sent', 'sent', 'sent']);
    expect(lines[6]).toMatchObject({ action: 'rollback-failed-deployment', result: 'dry-run', topics: ['oncall'], did: 'UpdateService prod/payments-api taskDefinition <last completed>' });
    expect(lines[1]).toMatchObject({ mutedBy: expect.stringMatching(/^event 39ce5faf-b683-e4d1-607d-8424eEXAMPLE already received at /) });
    expect(lines[0]).toMatchObject({
      eventId: expect.any(String),
      outcome: 'alert',
      routes: ['critical'],
      topics: ['oncall'],
      alert: { fingerprint: expect.stringMatching(/^[0-9a-f]{16}$/), category: 'oom', severity: 'critical', summary: expect.any(String), labels: expect.objectContaining({ cluster: 'prod', service: 'payments-api' }) },
    });
    expect(lines[2]).toMatchObject({ eventId: null, outcome: 'skipped', reason: 'invalid-json' });
    expect(lines[3]).toMatchObject({ outcome: 'skipped', reason: 'unknown-ecs-detail-type' });
  });

  it('reads a JSON array from stdin', async () => {
    const events = [join(FIXTURES_DIR, 'ecs-task', 'stopped-oom.json'), join(FIXTURES_DIR, 'ecs-deployment', 'failed.json')]
      .map((f) => JSON.parse(readFileSync(f, 'utf8')) as unknown);
    const { code, stdout } = await run(['replay', '-', '--json', '--no-outbox'], JSON.stringify(events));
    expect(code).toBe(0);
    const lines = stdout.trim().split('\n').map((l) => JSON.parse(l) as { outcome: string; alert?: { category: string } });
    expect(lines.filter((l) => l.outcome === 'alert').map((l) => l.alert?.category)).toEqual(['oom', 'deployment-failed']);
  });

  it('clears only its own files from a reused outbox', async () => {
    const outbox = tempDir();
    await run(['replay', join(FIXTURES_DIR, 'ecs-task'), '--outbox', outbox, '--config', CONFIG]);
    writeFileSync(join(outbox, 'keep-me.md'), 'user file');
    await run(['replay', join(FIXTURES_DIR, 'ecs-deployment'), '--outbox', outbox, '--config', CONFIG]);
    // The failed deployment's alert, its rollback's audit (a dry run), the rollback's warning.
    expect(readdirSync(join(outbox, 'oncall')).filter((f) => f.endsWith('.txt'))).toHaveLength(3);
    expect(readFileSync(join(outbox, 'keep-me.md'), 'utf8')).toBe('user file');
  });

  it.each([
    { case: 'no command', argv: [], code: 2, stderr: '' },
    { case: 'unknown command', argv: ['explode'], code: 2, stderr: "herald: unknown command 'explode'\nRun \"herald --help\" for usage." },
    { case: 'replay without paths', argv: ['replay'], code: 2, stderr: 'herald: replay needs at least one path (or - for stdin)\nRun "herald replay --help" for usage.' },
    { case: 'unknown option', argv: ['replay', '--frobnicate', 'x'], code: 2, stderr: "herald: unknown option '--frobnicate'\nRun \"herald replay --help\" for usage." },
    { case: 'misspelt option', argv: ['replay', '--jsno', 'x'], code: 2, stderr: "unknown option '--jsno' (did you mean --json?)" },
    { case: 'option without its value', argv: ['replay', 'x', '--config'], code: 2, stderr: "option '--config <file>' argument missing" },
    { case: 'missing path', argv: ['replay', '/nonexistent/events.json'], code: 2, stderr: 'no such file or directory: /nonexistent/events.json' },
    { case: 'exclusive outbox options', argv: ['replay', '--outbox', 'x', '--no-outbox', 'y'], code: 2, stderr: '--outbox and --no-outbox are exclusive' },
  ])('usage error: $case exits $code', async ({ argv, code, stderr }) => {
    const result = await run(argv);
    expect(result.code).toBe(code);
    expect(result.stderr).toContain(stderr);
  });

  it('--help lists every command, the exit codes, and exits 0', async () => {
    const { code, stdout, stderr } = await run(['--help']);
    expect([code, stderr]).toEqual([0, '']);
    expect(stdout).toMatch(/^Usage: herald \[options\] \[command\]\n/);
    for (const command of ['replay [options] [paths...]', 'silence', 'check [files...]', 'routes [options]', 'test [options] [events...]', 'match <pattern> <event>', 'help [command]']) {
      expect(stdout).toMatch(new RegExp(`^ {2}${command.replace(/[[\].]/g, '\\$&')} `, 'm'));
    }
    expect(stdout).toMatch(/^Exit codes \(every command\):\n {2}0 {2}ok\n {2}1 {2}findings: .*\n.*\n {2}2 {2}usage error: /m);
  });

  it.each([
    { command: ['replay'], first: 'Usage: herald replay [options] [paths...]' },
    { command: ['check'], first: 'Usage: herald check [options] [files...]' },
    { command: ['routes'], first: 'Usage: herald routes [options]' },
    { command: ['test'], first: 'Usage: herald test [options] [events...]' },
    { command: ['match'], first: 'Usage: herald match [options] <pattern> <event>' },
    { command: ['silence'], first: 'Usage: herald silence [options] [command]' },
    { command: ['silence', 'add'], first: 'Usage: herald silence add (--match LABEL=VALUE ... | --pattern JSON) (--for 2h | --until TIME) --comment TEXT [options]' },
    { command: ['silence', 'list'], first: 'Usage: herald silence list [options]' },
    { command: ['silence', 'expire'], first: 'Usage: herald silence expire [options] <id>' },
  ])('herald $command --help prints its own usage and exits 0, whatever else it is given', async ({ command, first }) => {
    const [name, action] = command;
    const viaHelp = action === undefined ? ['help', name ?? ''] : [name ?? '', 'help', action];
    for (const argv of [[...command, '--help'], [...command, '-h'], [...command, '--unknown', '--help'], viaHelp]) {
      const { code, stdout, stderr } = await run(argv);
      expect([code, stdout.split('\n')[0], stderr]).toEqual([0, first, '']);
    }
  });

  it('--version prints the version', async () => {
    expect(await run(['--version'])).toMatchObject({ code: 0, stdout: `${(JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as { version: string }).version}\n` });
  });

  it('suggests the command a typo meant', async () => {
    expect((await run(['chek'])).stderr).toBe('herald: unknown command \'chek\' (did you mean check?)\nRun "herald --help" for usage.\n');
  });
});

describe('herald replay on a stream', () => {
  const oom = JSON.parse(readFileSync(join(FIXTURES_DIR, 'ecs-task', 'stopped-oom.json'), 'utf8')) as Record<string, unknown> & { detail: Record<string, unknown> };
  const stream = (n: number): string =>
    Array.from({ length: n }, (_, i) => JSON.stringify({ ...oom, id: `stream-${i}`, time: new Date(Date.parse('2026-05-12T12:00:00Z') + i * 1000).toISOString(), detail: { ...oom.detail, taskArn: `arn:aws:ecs:us-west-2:111122223333:task/prod/t${i}` } })).join('\n');

  it('shows its progress where someone watches (a terminal), and clears it at the end', async () => {
    const shown: (string | undefined)[] = [];
    let stdout = '';
    const code = await main(['replay', '-', '--json', '--no-outbox'], { stdout: (t) => void (stdout += t), stderr: () => undefined, readStdin: () => stream(50), progress: (line) => void shown.push(line) });
    expect(code).toBe(0);
    expect(stdout.trim().split('\n')).toHaveLength(50 + 1);
    expect(shown.at(0)).toMatch(/^replaying: \d+ events {2}[\d,]+ events\/s {2}\d+\.\d s$/);
    expect(shown.at(-1)).toBeUndefined();
  });

  it('reads events from standard input as they arrive, a chunk at a time', async () => {
    const text = Buffer.from(`${stream(20)}\n`);
    async function* chunks(): AsyncGenerator<Buffer> {
      for (let at = 0; at < text.length; at += 1000) yield text.subarray(at, at + 1000);
    }
    let stdout = '';
    const code = await main(['replay', '-', '--json', '--no-outbox'], { stdout: (t) => void (stdout += t), stderr: () => undefined, readStdin: () => '', streamStdin: chunks });
    expect(code).toBe(0);
    const lines = stdout.trim().split('\n').map((l) => JSON.parse(l) as { outcome: string; location?: string });
    expect(lines.filter((l) => l.location !== undefined).map((l) => l.location)).toEqual(Array.from({ length: 20 }, (_, i) => `<stdin>:${i + 1}`));
  });

  it('a JSON array is read element by element, a broken element skipped alone', async () => {
    const events = stream(3).split('\n');
    const { code, stdout } = await run(['replay', '-', '--no-outbox'], `[\n${events[0]},\n{"id": },\n${events[2]}\n]\n`);
    expect(code).toBe(0);
    expect(stdout).toMatch(/events read: 3 {4}alerts: 2 {4}skipped: 1/);
    expect(stdout).toContain(`<stdin>[1]: invalid-json: invalid JSON at line 3 column 1: Unexpected token '}', "{"id": }" is not valid JSON`);
  });
});

describe('exit codes a script can rely on', () => {
  it.each([
    { case: 'replay of a stream whose every input is skipped', argv: ['replay', '-', '--no-outbox'], stdin: '{"not": "an event"}\nnot json\n', code: 1 },
    { case: 'replay of nothing', argv: ['replay', '-', '--no-outbox'], stdin: '', code: 1 },
    { case: 'test of an input that is not an event', argv: ['test', '-'], stdin: '{"not": "an event"}', code: 1 },
    { case: 'replay with one usable event among skipped ones', argv: ['replay', join(SAMPLES, 'mixed-stream.jsonl'), '--no-outbox'], stdin: '', code: 0 },
  ])('$case: exit $code', async ({ argv, stdin, code }) => {
    expect((await run(argv, stdin)).code).toBe(code);
  });
});
