import { Command, CommanderError } from 'commander';
import { InputPathError } from './input';
import { type CliIo, processIo } from './io';
import { ConfigError, formatIssue } from '../shared/config';
import { runCases } from './cases';
import { runCheck } from './check';
import { runMatch } from './match';
import { runMember } from './member';
import { runReplay } from './replay';
import { ArchiveReplayUsageError, runArchiveReplay, runArchiveReplayReport } from './archive-replay';
import { runRoutes } from './routes';
import { runTestEvents } from './test-events';
import { runSilenceAdd, runSilenceExpire, runSilenceList, SilenceStoreError, SilenceUsageError } from './silence';
import { SilenceError } from '../shared/gate';
import { StateFileError } from '../shared/state';
import { version } from '../package.json';

/** Exit codes, the same for every command, for scripts to rely on. */
export const EXIT = {
  /** Everything went well: a valid configuration, events that became alerts, a pattern that matched. */
  ok: 0,
  /** Findings: configuration errors, a failed test case, no input that became an alert, a pattern that did not match. */
  failed: 1,
  /** The command line was wrong: an unknown command or option, a missing argument, an event path that does not exist. */
  usage: 2,
} as const;

/** Printed after the commands in `herald --help`. */
const GENERAL_HELP = `
--config FILE defaults to ./herald.yml, else the built-in default configuration.
--aws enriches alerts with read-only ECS and CloudWatch Logs calls, using your own AWS
credentials and Region; without it nothing leaves the machine (context from the event only).

Exit codes (every command):
  0  ok
  1  findings: configuration errors, a failed test case, a pattern that does not match,
     or replay and test read no event they could use (nothing read, or every input skipped)
  2  usage error: unknown command or option, missing argument, an event path that does not
     exist, an invalid pattern or input for match

Run "herald help COMMAND" (or "herald COMMAND --help") for a command's options.`;

const REPLAY_HELP = `
Run events through the pipeline with local adapters (no AWS calls), noise control included: each alert line says whether it was sent, grouped, throttled, duplicate, silenced or inhibited (and by what), digests are sent as the events' own clock passes each window's end, and a recovery sends "resolved" messages. What each topic would receive is written to the outbox: <topic>/<n>.txt (the email) and <n>.alert.json.

Inputs are read as they come, one event at a time: JSON lines (one event per line; always for .jsonl and .ndjson), a JSON array, or one (pretty-printed) event. A malformed line or element is reported with its location and skipped. On a terminal, standard error shows the progress.

With --archive NAME (the stack output ArchiveName): an EventBridge replay of the deployed archive, with your AWS credentials, into the stack's router only (its rules, as FilterArns). The router evaluates each replayed event (replay-name) and reports it without sending anything or acting; --wait follows the replay to its end and prints that report, read from the router's log (/aws/lambda/<stack>-router). TIME is ISO 8601 with a zone, or a duration ago (6h). Needs events:DescribeArchive, events:ListRules, events:StartReplay, events:DescribeReplay and logs:FilterLogEvents (README, History).`;

const SILENCE_HELP = `
Run-time silences, stored in the stack's state table (--table, default $HERALD_STATE_TABLE, with your AWS credentials) or a local file (--state FILE, to try them with herald replay --state).`;

const ADD_HELP = `
--match takes label=value, label=prefix*, label!=value or label!=prefix*; one label given twice with = matches either value, with != excludes both. TIME is ISO 8601 with a zone, e.g. 2026-12-01T22:00:00Z.`;

/** A usage error found by a command itself, after commander parsed the line. */
class UsageError extends Error {
  public constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** `herald silence add` in `herald silence add --help` and in error hints. */
const commandPath = (command: Command): string => {
  const names: string[] = [];
  for (let at: Command | null = command; at !== null; at = at.parent) names.unshift(at.name());
  return names.join(' ');
};

const usageHint = (command: Command): string => `Run "${commandPath(command)} --help" for usage.\n`;

/** Commander's errors as herald's: `herald: unknown option '--x' (Did you mean --y?)` and how to get help. */
const configureIo = (command: Command, io: CliIo): Command =>
  command
    .configureOutput({
      writeOut: (text) => io.stdout(text),
      writeErr: (text) => io.stderr(text),
      outputError: (text, write) => write(`${text.replace(/^error: /, 'herald: ').replace(/\n\(Did you mean (.*)\?\)\n$/, ' (did you mean $1?)\n')}${usageHint(command)}`),
    })
    .exitOverride()
    .showSuggestionAfterError(true);

/** A subcommand with herald's output and errors. */
const subcommand = (parent: Command, nameAndArgs: string, io: CliIo): Command => configureIo(parent.command(nameAndArgs), io);

/** A repeatable option's values, in order. */
const collect = (value: string, previous: string[] | undefined): string[] => [...(previous ?? []), value];

/** What the actions report back to {@link main}. */
interface RunState {
  /** The exit code of the action that ran. */
  code: number;
  /** The command whose action runs, for the hint after its usage errors. */
  active?: Command;
}

/** Builds the `herald` program for one command line (`argv`); each action stores its exit code in `run`. */
const buildProgram = (argv: readonly string[], io: CliIo, run: RunState): Command => {
  const program = configureIo(new Command('herald'), io)
    .description('ECS-aware alerting, offline tools: validate, explain and replay herald.yml routing, and manage silences.')
    .version(version, '-V, --version', 'print the version')
    .helpOption('-h, --help', 'print help')
    .helpCommand('help [command]', "print a command's help")
    .addHelpText('after', GENERAL_HELP)
    .hook('preAction', (_program, action) => {
      run.active = action;
    });

  subcommand(program, 'replay', io)
    .summary('run events through the pipeline offline, noise control included')
    .description(REPLAY_HELP.trim())
    .argument('[paths...]', 'event files, directories (searched for .json, .jsonl, .ndjson), or - for standard input')
    .option('--json', 'one JSON line per input event (and per digest) instead of the table')
    .option('--outbox <dir>', 'where to write messages', 'outbox')
    .option('--no-outbox', 'write nothing')
    .option('--config <file>', 'the configuration (default: ./herald.yml, else built in)')
    .option('--aws', 'enrich with read-only ECS and CloudWatch Logs calls (your credentials)')
    .option('--state <file>', 'also apply the silences recorded with herald silence add --state FILE')
    .option('--archive <name>', "replay the deployed archive into the stack's router instead (AWS)")
    .option('--from <time>', 'with --archive: the first events to replay (ISO 8601, or 6h for six hours ago)')
    .option('--to <time>', 'with --archive: the last events to replay (default: now)')
    .option('--wait', "with --archive: follow the replay to its end, then print the router's report")
    .option('--report <replay>', 'with --archive: the report of a replay started before (follows it to its end)')
    .option('--stack <name>', 'with --archive: the stack whose router receives it (default: the archive name)')
    .option('--name <replay>', 'with --archive: the replay name (default: <archive>-<yyyymmdd>-<hhmmss>)')
    .action(async (paths: string[], options: { json?: boolean; outbox: string | false; config?: string; aws?: boolean; state?: string; archive?: string; from?: string; to?: string; wait?: boolean; report?: string; stack?: string; name?: string }) => {
      const archiveOnly = (['from', 'to', 'wait', 'report', 'stack', 'name'] as const).filter((key) => options[key] !== undefined);
      if (options.archive !== undefined) {
        const offline = [...(paths.length > 0 ? ['event paths'] : []), ...(['config', 'aws', 'state'] as const).filter((key) => options[key] !== undefined).map((key) => `--${key}`), ...(argv.some((a) => a === '--outbox' || a.startsWith('--outbox=') || a === '--no-outbox') ? ['--outbox'] : [])];
        if (offline.length > 0) throw new UsageError(`--archive replays the deployed archive: ${offline.join(', ')} belong to a replay of files`);
        if (options.report !== undefined) {
          if (options.from !== undefined || options.to !== undefined || options.name !== undefined) throw new UsageError('--report follows a replay started before: no --from, --to or --name');
          run.code = await runArchiveReplayReport({ archive: options.archive, stack: options.stack, json: options.json === true, name: options.report }, io);
          return;
        }
        run.code = await runArchiveReplay({ archive: options.archive, from: options.from, to: options.to, wait: options.wait === true, stack: options.stack, name: options.name, json: options.json === true }, io);
        return;
      }
      if (archiveOnly.length > 0) throw new UsageError(`${archiveOnly.map((key) => `--${key}`).join(', ')} need --archive`);
      // Commander keeps one value for an option and its negation (the last given wins): both is a mistake.
      if (argv.includes('--no-outbox') && argv.some((a) => a === '--outbox' || a.startsWith('--outbox='))) throw new UsageError('--outbox and --no-outbox are exclusive');
      if (paths.length === 0) throw new UsageError('replay needs at least one path (or - for stdin)');
      run.code = await runReplay(
        { paths, json: options.json === true, config: options.config, aws: options.aws === true, state: options.state, outbox: options.outbox === false ? undefined : options.outbox },
        io,
      );
    });

  const silence = subcommand(program, 'silence', io)
    .summary('add, list and expire run-time silences')
    .description(SILENCE_HELP.trim())
    .helpCommand('help [action]', "print an action's help");
  const where = (command: Command): Command =>
    command.option('--table <name>', 'the state table (default: $HERALD_STATE_TABLE)').option('--state <file>', 'a local file instead of the table');
  where(
    subcommand(silence, 'add', io)
      .summary('mute the alerts a set of matchers selects, for a while')
      .usage('(--match LABEL=VALUE ... | --pattern JSON) (--for 2h | --until TIME) --comment TEXT [options]')
      .description(`Mute the alerts a set of matchers selects, for a while.\n${ADD_HELP}`)
      .option('--match <label=value>', 'a label matcher; repeatable', collect)
      .option('--pattern <json>', 'an EventBridge pattern over the labels, instead of --match')
      .option('--for <duration>', 'how long, e.g. 30m, 2h, 1d (at most 31d)')
      .option('--until <time>', 'when it ends, instead of --for')
      .option('--starts <time>', 'when it starts (default: now)')
      .option('--comment <text>', 'why: on-call reads it (required)')
      .option('--author <name>', 'who (default: $USER)'),
  ).action(async (options: { match?: string[]; pattern?: string; for?: string; until?: string; starts?: string; comment?: string; author?: string; table?: string; state?: string }) => {
    run.code = await runSilenceAdd({ ...options, match: options.match ?? [] }, io);
  });
  where(
    subcommand(silence, 'list', io)
      .summary('the current silences (--all: ended ones too)')
      .option('--all', 'ended silences too')
      .option('--json', 'one JSON line per silence: id, matchers, startsAt, endsAt, createdBy, comment, active'),
  ).action(async (options: { all?: boolean; json?: boolean; table?: string; state?: string }) => {
    run.code = await runSilenceList({ table: options.table, state: options.state, all: options.all === true, json: options.json === true }, io);
  });
  where(subcommand(silence, 'expire', io).summary('end a silence now').argument('<id>', 'the silence id (herald silence list shows them)')).action(
    async (id: string, options: { table?: string; state?: string }) => {
      run.code = await runSilenceExpire(id, { table: options.table, state: options.state }, io);
    },
  );

  subcommand(program, 'check', io)
    .summary('validate configurations; every error with file:line:column')
    .description('Validate configurations (default: herald.yml): every error and warning with file:line:column, then the permissions and alarms they deploy.')
    .argument('[files...]', 'configuration files (default: herald.yml)')
    .action((files: string[]) => {
      // Every file is checked; the worst outcome is the exit code.
      run.code = files.length === 0 ? runCheck(undefined, io) : Math.max(...files.map((file) => runCheck(file, io)));
    });

  subcommand(program, 'routes', io)
    .summary('the routing tree, and the EventBridge rules it deploys')
    .option('--config <file>', 'the configuration (default: ./herald.yml, else built in)')
    .action((options: { config?: string }) => {
      run.code = runRoutes(options.config, io);
    });

  subcommand(program, 'member', io)
    .summary("central mode: the member stack's CloudFormation template, for a StackSet")
    .description(
      "Central mode (herald.yml accounts:): print the member stack's CloudFormation template as JSON: rules forwarding the member's events to the central bus, and the read role the central router assumes. The same template serverless.member.yml packages, for aws cloudformation deploy or a StackSet across the member accounts and Regions.",
    )
    .option('--config <file>', 'the configuration (default: ./herald.yml, else built in)')
    .requiredOption('--stage <stage>', "the central stack's stage: its router role, ecs-herald-<stage>-router, is the one trusted")
    .option('--central-service <name>', "the central stack's service name", 'ecs-herald')
    .action((options: { config?: string; stage: string; centralService: string }) => {
      run.code = runMember(options, io);
    });

  subcommand(program, 'test', io)
    .summary('for each event: the alert, the routes it matches and why, the topics, the message')
    .description(
      'For each event: the alert, the routes it matches and why, the topics, the message (events given together are judged as one stream, noise control included).\n\nWith --cases FILE: routing tests as code; each case runs, and a failure prints a diff.',
    )
    .argument('[events...]', 'event files, directories, or - for standard input')
    .option('--config <file>', 'the configuration (default: ./herald.yml, else built in; --cases: the one the file names)')
    .option('--cases <file>', 'a routing test cases file, instead of events')
    .option('--aws', 'enrich with read-only ECS and CloudWatch Logs calls (your credentials)')
    .action(async (events: string[], options: { config?: string; cases?: string; aws?: boolean }) => {
      if (options.cases !== undefined) {
        if (events.length > 0) throw new UsageError('test --cases takes no event files');
        run.code = await runCases(options.cases, options.config, io);
        return;
      }
      if (events.length === 0) throw new UsageError('test needs event files (or --cases FILE)');
      run.code = await runTestEvents(events, options.config, io, options.aws === true);
    });

  subcommand(program, 'match', io)
    .summary('does an EventBridge pattern match an event? (TestEventPattern, offline)')
    .description(
      'Does an EventBridge pattern match an event? Prints true (exit 0) or false (exit 1); an invalid pattern, or an input that is not one event, exits 2. Either file may be - (standard input).',
    )
    .argument('<pattern>', 'the pattern, a JSON file')
    .argument('<event>', 'the event, a JSON file')
    .action((pattern: string, event: string) => {
      run.code = runMatch(pattern, event, io);
    });

  return program;
};

/** The exit code for commander's own ends: help and version are successes, the rest usage errors. */
const exitCodeOf = (error: CommanderError): number => {
  if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version') return EXIT.ok;
  // `herald` alone, or `herald silence` alone, prints the help as an error.
  if (error.code === 'commander.help') return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
  return EXIT.usage;
};

/**
 * The CLI entry point: parses `argv` (without node and script) and runs a command.
 * @returns the process exit code (see {@link EXIT})
 */
export const main = async (argv: readonly string[], io: CliIo = processIo): Promise<number> => {
  const run: RunState = { code: EXIT.ok };
  const program = buildProgram(argv, io, run);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return run.code;
  } catch (error) {
    if (error instanceof CommanderError) return exitCodeOf(error);
    if (error instanceof UsageError || error instanceof InputPathError || error instanceof SilenceUsageError || error instanceof ArchiveReplayUsageError) {
      io.stderr(`herald: ${error.message}\n${usageHint(run.active ?? program)}`);
      return EXIT.usage;
    }
    if (error instanceof SilenceError || error instanceof SilenceStoreError || error instanceof StateFileError) {
      io.stderr(`herald: ${error.message}\n`);
      return EXIT.failed;
    }
    if (error instanceof ConfigError) {
      for (const issue of error.issues) io.stderr(`${formatIssue(issue)}\n`);
      return EXIT.failed;
    }
    throw error;
  }
};
