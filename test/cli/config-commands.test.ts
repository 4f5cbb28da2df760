import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FIXTURES_DIR } from '../support/fixtures';
import { runCli } from '../support/cli';

const ROOT = join(__dirname, '..', '..');
const CONFIG = join(ROOT, 'herald.yml');

const run = runCli;

const write = (name: string, text: string): string => {
  const file = join(mkdtempSync(join(tmpdir(), 'herald-cli-')), name);
  writeFileSync(file, text);
  return file;
};

describe('herald check', () => {
  it('accepts the default configuration', async () => {
    const { code, stdout } = await run(['check', CONFIG]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/herald\.yml: ok \(1 topic\(s\), 6 route\(s\), 4 EventBridge rule\(s\)\)/);
  });

  it('lists every error with file, line, column and path, and exits 1', async () => {
    const file = write('bad.yml', 'topics:\n  oncall: {}\nroutes:\n  - name: a\n    notify: [pager]\n    match: { service: [web] }\n  - name: a\n    match: { severity: critical }\n');
    const { code, stdout } = await run(['check', file]);
    expect(code).toBe(1);
    expect(stdout.trim().split('\n')).toEqual([
      `${file}:5:14: routes[0].notify[0]: undefined topic "pager" used in route "a"; defined topics: oncall`,
      `${file}:7:11: routes[1].name: duplicate route name "a"; first defined at routes[0]`,
      `${file}:8:24: routes[1].match.severity: must be an array of values and operator objects, or an object of fields; got "critical"`,
      `${file}: 3 error(s), 0 warning(s)`,
    ]);
  });

  it('prints the permissions the remediator gets from the actions', async () => {
    const file = join(ROOT, 'test', 'fixtures', 'config', 'remediation.yml');
    const { code, stdout } = await run(['check', file]);
    expect(code).toBe(0);
    expect(stdout.split('\n')).toEqual([
      'remediator permissions, derived from actions (resources in this account and Region unless a full ARN):',
      '  ReadServices            ecs:DescribeServices on service/prod/* when ecs:cluster is cluster/prod',
      '  ReadServiceDeployments  ecs:ListServiceDeployments, ecs:DescribeServiceDeployments, ecs:DescribeServiceRevisions on service/prod/api, service-deployment/prod/api/*, service-revision/prod/api/* when ecs:cluster is cluster/prod',
      '  ReadTasks               ecs:DescribeTasks on task/prod/* when ecs:cluster is cluster/prod',
      '  ReadContainerInstances  ecs:DescribeContainerInstances on container-instance/prod/*, container-instance/staging-eu/* when ecs:cluster is cluster/prod or cluster/staging-eu',
      '  ForceNewDeployment      ecs:UpdateService on service/prod/web-* when ecs:cluster is cluster/prod',
      '  Rollback                ecs:UpdateService on service/prod/api when ecs:cluster is cluster/prod',
      '  StopTask                ecs:StopTask on task/prod/* when ecs:cluster is cluster/prod',
      '  InvokeFunction          lambda:InvokeFunction on function:remediation-hook',
      `${file}: ok (1 topic(s), 3 route(s), 4 EventBridge rule(s))`,
      '',
    ]);
  });

  it('prints no permissions without actions', async () => {
    const { stdout } = await run(['check', write('herald.yml', 'topics: {}\n')]);
    expect(stdout).not.toContain('remediator permissions');
    expect(stdout).not.toContain('CloudWatch alarms');
  });

  it('sums up the CloudWatch alarms it creates per service in one line', async () => {
    const file = join(ROOT, 'test', 'fixtures', 'config', 'service-alarms.yml');
    const { code, stdout } = await run(['check', file]);
    expect(code).toBe(0);
    expect(stdout.split('\n')).toEqual([
      'CloudWatch alarms to create: 10 (prod/payments-api 4, prod/worker 3, staging/web 3)',
      `${file}: ok (1 topic(s), 0 route(s), 4 EventBridge rule(s))`,
      '',
    ]);
  });

  it('warns of a live action bound to nothing and of an action no route names, with their lines', async () => {
    const file = write('herald.yml', [
      'topics: {}',
      'actions:',
      '  restart:',
      '    type: force-new-deployment',
      '    dry_run: false',
      '  drain: {type: drain-instance, clusters: [prod]}',
      'default:',
      '  remediate: [restart]',
      '',
    ].join('\n'));
    const { code, stdout } = await run(['check', file]);
    expect(code).toBe(0);
    expect(stdout.split('\n')).toEqual([
      `${file}:5:14: warning: actions.restart.dry_run: action "restart" is live and names no clusters or services: it may act on every service of the account and Region; set "clusters" (here or at the top level) or "services"`,
      `${file}:6:3: warning: actions.drain: action "drain" is never used: no route names it in remediate`,
      'remediator permissions, derived from actions (resources in this account and Region unless a full ARN):',
      '  ReadServices            ecs:DescribeServices on service/*/*',
      '  ReadContainerInstances  ecs:DescribeContainerInstances on container-instance/prod/* when ecs:cluster is cluster/prod',
      '  ForceNewDeployment      ecs:UpdateService on service/*/*',
      `${file}: ok (0 topic(s), 0 route(s), 4 EventBridge rule(s), 2 warning(s))`,
      '',
    ]);
  });

  it('refuses an action on a cluster the deployment does not watch', async () => {
    const file = write('herald.yml', 'clusters: [prod]\ntopics: {}\nactions:\n  restart: {type: rollback, clusters: [staging]}\ndefault:\n  remediate: [restart]\n');
    const { code, stdout } = await run(['check', file]);
    expect(code).toBe(1);
    expect(stdout.trim().split('\n')).toEqual([
      `${file}:4:40: actions.restart.clusters[0]: cluster "staging" of action "restart" is not among the clusters this deployment watches (top-level clusters: prod)`,
      `${file}: 1 error(s), 0 warning(s)`,
    ]);
  });

  it('checks thousands of sibling routes, naming the one an earlier sibling keeps from being reached', async () => {
    const routes = Array.from({ length: 5000 }, (_, i) => `  - name: svc-${i}\n    match: {service: [svc-${i}], cluster: [prod]}`);
    const file = write('herald.yml', ['topics: {}', 'routes:', ...routes, '  - name: late', '    match: {service: [svc-4321], cluster: [prod], category: [oom]}', ''].join('\n'));
    const { code, stdout } = await run(['check', file]);
    expect(code).toBe(1);
    expect(stdout.trim().split('\n')).toEqual([
      `${file}:10003:11: routes[5000].name: route "late" is never reached: route "svc-4321" (routes[4321]) before it matches every alert it matches and does not continue`,
      `${file}: 1 error(s), 0 warning(s)`,
    ]);
  });

  it('refuses a file too large to be a configuration, at once', async () => {
    const file = write('herald.yml', `topics: {}\n# ${'x'.repeat(5 * 1024 * 1024)}\n`);
    const { code, stdout } = await run(['check', file]);
    expect(code).toBe(1);
    expect(stdout).toBe(`${file}:1:1: the file is 5.0 MiB, more than the 4.0 MiB a configuration may be: is it the right file?\n${file}: 1 error(s), 0 warning(s)\n`);
  });

  it('reports an unreadable file', async () => {
    const { code, stderr } = await run(['check', '/nonexistent/herald.yml']);
    expect(code).toBe(1);
    expect(stderr).toContain('/nonexistent/herald.yml: cannot read');
  });
});

describe('herald routes', () => {
  it('prints the tree and the EventBridge rules', async () => {
    const { code, stdout } = await run(['routes', '--config', join(ROOT, 'examples', 'per-team', 'herald.yml')]);
    expect(code).toBe(0);
    expect(stdout).toContain('default (every alert)');
    expect(stdout).toContain('  payments\n      match {"service":[{"prefix":"payments-"}]}');
    expect(stdout).toContain('    payments-noise');
    expect(stdout).toContain('{"source":["aws.cloudwatch"],"detail-type":["CloudWatch Alarm State Change"],"detail":{"$or":[{"configuration":{"metrics":{"metricStat":{"metric":{"namespace":["AWS/ECS","ECS/ContainerInsights"]}}}}}');
  });
});

describe('herald test', () => {
  it('explains the alert, the matched routes and why, the topics and the message', async () => {
    const { code, stdout } = await run(['test', '--config', CONFIG, join(FIXTURES_DIR, 'ecs-task', 'stopped-oom.json')]);
    expect(code).toBe(0);
    expect(stdout).toContain('alert     CRITICAL oom  prod/payments-api: container payments-api killed: out of memory (exit 137)');
    expect(stdout).toContain('route     critical  (default > critical)');
    expect(stdout).toMatch(/ {2}why {5}critical: match severity: .*critical/);
    expect(stdout).toContain('topics    oncall');
    expect(stdout).toContain('  | Subject: [CRITICAL] oom: container payments-api killed: out of memory (exit 137) | prod/payments-api');
  });

  it('says when an event is recorded only', async () => {
    const { stdout } = await run(['test', '--config', CONFIG, join(FIXTURES_DIR, 'ecs-task', 'running.json')]);
    expect(stdout).toContain('route     routine  (default > routine)');
    expect(stdout).toContain('topics    (none: recorded only)');
  });

  it('applies noise control to the events given together and says what it did', async () => {
    const { stdout } = await run(['test', '--config', CONFIG, join(FIXTURES_DIR, 'ecs-task', 'stopped-oom.json'), join(FIXTURES_DIR, 'ecs-task', 'stopped-oom-exit-zero.json'), join(FIXTURES_DIR, 'ecs-task', 'stopped-oom.json')]);
    const gates = stdout.split('\n').filter((line) => /^ {2}gate {4}|^gate {6}/.test(line));
    // The copy of the first event comes 33 minutes later on the events' clock: a late copy, a duplicate.
    expect(gates).toEqual([
      '  gate    sent',
      '  gate    grouped: group cluster=prod, service=payments-api',
      expect.stringMatching(/^gate {6}duplicate: event 39ce5faf-b683-e4d1-607d-8424eEXAMPLE already received at /),
    ]);
    expect(stdout).toContain('topics    (none: grouped, counted in the next digest of its group)');
  });
});

describe('herald test --cases', () => {
  it.each(readdirSync(join(ROOT, 'examples')).map((example) => ({ example })))('the $example example passes its cases', async ({ example }) => {
    const { code, stdout } = await run(['test', '--cases', join(ROOT, 'examples', example, 'cases.yml')]);
    expect(stdout).not.toContain('FAIL');
    expect(stdout).toMatch(/: \d+ passed, 0 failed\n$/);
    expect(code).toBe(0);
  });

  it('prints a diff for a failing case and exits 1', async () => {
    const cases = write('cases.yml', [
      `config: ${CONFIG}`,
      'cases:',
      `  - name: oom goes to the wrong place`,
      `    event: ${join(FIXTURES_DIR, 'ecs-task', 'stopped-oom.json')}`,
      '    expect: { routes: [payments], topics: [payments], severity: critical }',
    ].join('\n'));
    const { code, stdout } = await run(['test', '--cases', cases]);
    expect(code).toBe(1);
    expect(stdout).toContain('FAIL  oom goes to the wrong place\n      routes: expected [payments], got [critical]\n      topics: expected [payments], got [oncall]\n');
    expect(stdout).toContain(': 0 passed, 1 failed');
  });

  it('tests --config over the configuration the cases file names, and says so', async () => {
    const other = write('other.yml', 'topics: { payments: {} }\ndefault: { notify: [payments] }\n');
    const cases = write('cases.yml', [
      `config: ${CONFIG}`,
      'cases:',
      `  - name: oom goes to payments under the other configuration`,
      `    event: ${join(FIXTURES_DIR, 'ecs-task', 'stopped-oom.json')}`,
      '    expect: { routes: [default], topics: [payments] }',
    ].join('\n'));
    const { code, stdout, stderr } = await run(['test', '--cases', cases, '--config', other]);
    expect(stderr).toBe(`herald: testing --config ${other}, not ${CONFIG} that ${cases} names\n`);
    expect([code, stdout]).toEqual([0, expect.stringContaining('PASS  oom goes to payments under the other configuration')]);
  });

  it('rejects an invalid cases file with its location', async () => {
    const cases = write('cases.yml', 'cases:\n  - name: x\n    evnt: {}\n    expect: {}\n');
    const { code, stderr } = await run(['test', '--cases', cases]);
    expect(code).toBe(1);
    expect(stderr).toContain(`${cases}:3:5: cases[0].evnt: unknown key "evnt"`);
  });
});

describe('herald match', () => {
  const pattern = (p: unknown) => write('pattern.json', JSON.stringify(p));
  const event = join(FIXTURES_DIR, 'ecs-task', 'stopped-oom.json');

  it.each([
    { case: 'a matching pattern', p: { source: ['aws.ecs'], detail: { lastStatus: ['STOPPED'] } }, code: 0, out: 'true\n' },
    { case: 'a pattern that does not match', p: { detail: { lastStatus: ['RUNNING'] } }, code: 1, out: 'false\n' },
    { case: 'numeric over an array of containers', p: { detail: { containers: { exitCode: [{ numeric: ['>=', 137] }] } } }, code: 0, out: 'true\n' },
  ])('$case exits $code', async ({ p, code, out }) => {
    const result = await run(['match', pattern(p), event]);
    expect([result.code, result.stdout]).toEqual([code, out]);
  });

  it('an invalid pattern exits 2 with the problem', async () => {
    const file = pattern({ detail: { lastStatus: [{ prefx: 'STOP' }] } });
    const result = await run(['match', file, event]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${file}: detail.lastStatus[0].prefx: unknown operator "prefx"`);
  });

  it('unreadable inputs exit 2', async () => {
    expect((await run(['match', '/nonexistent.json', event])).code).toBe(2);
    expect((await run(['match', event])).code).toBe(2);
  });

  it('reads the event from standard input with -', async () => {
    const result = await run(['match', pattern({ source: ['aws.ecs'] }), '-'], readFileSync(event, 'utf8'));
    expect([result.code, result.stdout]).toEqual([0, 'true\n']);
  });

  it.each([
    { case: 'an array of events', input: `[${readFileSync(event, 'utf8')}]`, stderr: 'herald match: standard input: expected one event (a JSON object), got an array of 1\n' },
    { case: 'a string', input: '"aws.ecs"', stderr: 'herald match: standard input: expected one event (a JSON object), got a string\n' },
  ])('refuses $case with exit 2, never an answer', async ({ input, stderr }) => {
    const result = await run(['match', pattern({ source: ['aws.ecs'] }), '-'], input);
    expect([result.code, result.stdout, result.stderr]).toEqual([2, '', stderr]);
  });

  it('refuses - for both', async () => {
    expect((await run(['match', '-', '-'], '{}')).stderr).toBe('herald match: only one of the pattern and the event can be read from standard input (-)\n');
  });
});
