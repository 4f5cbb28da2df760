import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createOfflineRun } from '../../cli/offline';
import { compileConfigFile } from '../../shared/compile';
import { recordReport, type ReportLogger, type ReportMetrics } from '../../shared/pipeline';
import type { AwsJsonServer } from '../support/aws-json-server';
import { runCli } from '../support/cli';
import { type ArchivedEvent, type LocalEventBridge, startLocalEventBridge } from '../support/local-eventbridge';
import { startLocalLogsFilter, type WrittenLogEvent } from '../support/local-logs-filter';

// `herald replay --archive` against a loopback EventBridge (AWS JSON 1.1, `AWSEvents.`) and a
// loopback CloudWatch Logs (FilterLogEvents): the shipped incident sample went through the
// router live (its report lines in the router's log), was archived, and is replayed into the
// router's rules only; the router reports each copy without sending, and the CLI prints what it
// reported.

const ROOT = join(__dirname, '..', '..');
const STACK = 'ecs-herald-dev';
const RULES = [1, 2, 3, 4].map((n) => `${STACK}-router-rule-${n}`);
const RULE_ARNS = RULES.map((name) => `arn:aws:events:us-west-2:111122223333:rule/${name}`);
const REPLAY = `${STACK}-incident`;

const incident = (): ArchivedEvent[] =>
  readFileSync(join(ROOT, 'samples', 'incident.jsonl'), 'utf8').split('\n').filter((line) => line.trim() !== '').map((line) => JSON.parse(line) as ArchivedEvent);

describe('herald replay --archive (loopback EventBridge and CloudWatch Logs)', () => {
  const logged: WrittenLogEvent[] = [];
  const logger: ReportLogger = {
    info: (message, ...extra) => logged.push({ timestamp: Date.now(), message: JSON.stringify({ level: 'INFO', message, ...Object.assign({}, ...extra) }) }),
    warn: (message, ...extra) => logged.push({ timestamp: Date.now(), message: JSON.stringify({ level: 'WARN', message, ...Object.assign({}, ...extra) }) }),
  };
  const metrics: ReportMetrics = { count: () => undefined, duration: () => undefined };
  const run = createOfflineRun(compileConfigFile(join(ROOT, 'herald.yml')));
  const saved = new Map<string, string | undefined>();
  let eventBridge: LocalEventBridge;
  let logs: AwsJsonServer;

  beforeAll(async () => {
    // The morning as it happened: every event through the router, live.
    for (const event of incident()) {
      run.advanceTo(event);
      recordReport(await run.pipeline.processEvent(event), logger, metrics);
    }
    eventBridge = await startLocalEventBridge({
      archive: { name: STACK, events: incident() },
      rules: [...RULES, 'audit-every-ecs-event'],
      deliver: async (copies) => {
        for (const copy of copies) recordReport(await run.pipeline.processEvent(copy), logger, metrics);
      },
      endedAgoMs: 120_000,
    });
    logs = await startLocalLogsFilter(`/aws/lambda/${STACK}-router`, () => logged);
    const env: Record<string, string | undefined> = {
      AWS_REGION: 'us-west-2',
      AWS_ACCESS_KEY_ID: 'AKIDREPLAY',
      AWS_SECRET_ACCESS_KEY: 'replay-secret',
      AWS_SESSION_TOKEN: undefined,
      AWS_PROFILE: undefined,
      AWS_CONFIG_FILE: join(ROOT, 'no-such-aws-config'),
      AWS_SHARED_CREDENTIALS_FILE: join(ROOT, 'no-such-aws-credentials'),
      AWS_ENDPOINT_URL_EVENTBRIDGE: eventBridge.endpoint,
      AWS_ENDPOINT_URL_CLOUDWATCH_LOGS: logs.endpoint,
    };
    for (const [name, value] of Object.entries(env)) {
      saved.set(name, process.env[name]);
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });
  afterAll(async () => {
    for (const [name, value] of saved) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    await Promise.all([eventBridge?.close(), logs?.close()]);
  });

  it('replays the window into the router\'s rules only, and prints what the router reported', async () => {
    const { code, stdout, stderr } = await runCli(['replay', '--archive', STACK, '--from', '2026-05-20T09:00:00Z', '--to', '2026-05-20T09:10:00Z', '--wait', '--name', REPLAY]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const [start] = eventBridge.requestsFor('StartReplay');
    expect(start?.body).toMatchObject({
      ReplayName: REPLAY,
      EventSourceArn: `arn:aws:events:us-west-2:111122223333:archive/${STACK}`,
      EventStartTime: Date.parse('2026-05-20T09:00:00Z') / 1000,
      EventEndTime: Date.parse('2026-05-20T09:10:00Z') / 1000,
      Destination: { Arn: 'arn:aws:events:us-west-2:111122223333:event-bus/default', FilterArns: RULE_ARNS },
    });
    const lines = stdout.split('\n');
    const replayed = incident().filter((e) => String(e.time) >= '2026-05-20T09:00:00Z' && String(e.time) < '2026-05-20T09:10:00Z');
    expect(eventBridge.replays.get(REPLAY)?.replayed).toBe(replayed.length);
    expect(lines[0]).toBe(`replay ${REPLAY}: archive ${STACK}, events from 2026-05-20T09:00:00.000Z to 2026-05-20T09:10:00.000Z, into the 4 router rule(s) of ${STACK}`);
    expect(lines).toContain('nothing was sent or acted on: replayed events are evaluated and reported, never delivered');
    expect(lines.find((l) => l.startsWith(`replay ${REPLAY}: COMPLETED`))).toBe(`replay ${REPLAY}: COMPLETED, ${replayed.length} event(s) reported in /aws/lambda/${STACK}-router`);
    // The failed deployment paged live: its copy says so, and would remediate without acting.
    expect(lines.find((l) => l.includes('deployment-failed'))).toMatch(/-> oncall \(delivered live: oncall\)  \[would remediate: rollback-failed-deployment; not acted on\]$/);
    if (process.env.SHOW_REPORT === '1') process.stdout.write(`${stdout}\n`);
  });

  it('prints one JSON line per replayed event with --json', async () => {
    const { code, stdout } = await runCli(['replay', '--archive', STACK, '--report', REPLAY, '--json']);
    expect(code).toBe(0);
    const records = stdout.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(records.at(-1)).toEqual({ outcome: 'replay', name: REPLAY, state: 'COMPLETED', reason: null, events: records.length - 1 });
    expect(records[0]).toMatchObject({ outcome: 'replayed', replay: REPLAY, eventId: '5a0d0001-incident-sample' });
  });

  it.each([
    { case: 'an archive that does not exist', argv: ['--archive', 'ecs-herald-prod', '--from', '2026-05-20T09:00:00Z'], code: 1, stderr: 'herald: no archive named ecs-herald-prod in this account and Region (the stack output ArchiveName names it)\n' },
    { case: 'a stack without router rules', argv: ['--archive', STACK, '--stack', 'ecs-herald-prod', '--from', '2026-05-20T09:00:00Z'], code: 1, stderr: 'herald: no rule named ecs-herald-prod-router-* on arn:aws:events:us-west-2:111122223333:event-bus/default: is ecs-herald-prod the stack (--stack)?\n' },
    { case: 'a replay name used before', argv: ['--archive', STACK, '--from', '2026-05-20T09:00:00Z', '--name', REPLAY], code: 1, stderr: `herald: events:StartReplay failed: ResourceAlreadyExistsException: Replay ${REPLAY} already exists.\n` },
    { case: 'no --from', argv: ['--archive', STACK], code: 2, stderr: 'herald: replay --archive needs --from (the start of the events to replay)\nRun "herald replay --help" for usage.\n' },
    { case: 'a time without a zone', argv: ['--archive', STACK, '--from', '2026-05-20 09:00'], code: 2, stderr: 'herald: --from "2026-05-20 09:00": expected an ISO 8601 time with a zone (2026-05-20T09:00:00Z) or a duration ago (6h, 2d)\nRun "herald replay --help" for usage.\n' },
    { case: 'a window the wrong way round', argv: ['--archive', STACK, '--from', '2026-05-20T10:00:00Z', '--to', '2026-05-20T09:00:00Z'], code: 2, stderr: 'herald: --from (2026-05-20T10:00:00.000Z) must be before --to (2026-05-20T09:00:00.000Z)\nRun "herald replay --help" for usage.\n' },
    { case: 'files and an archive', argv: ['samples', '--archive', STACK, '--from', '6h'], code: 2, stderr: 'herald: --archive replays the deployed archive: event paths belong to a replay of files\nRun "herald replay --help" for usage.\n' },
    { case: 'an archive option without --archive', argv: ['samples', '--wait'], code: 2, stderr: 'herald: --wait need --archive\nRun "herald replay --help" for usage.\n' },
  ])('refuses $case', async ({ argv, code, stderr }) => {
    const result = await runCli(['replay', ...argv]);
    expect([result.code, result.stderr]).toEqual([code, stderr]);
  });
});
