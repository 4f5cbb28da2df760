import { parseArgs } from 'node:util';
import { InputPathError } from './input';
import { type CliIo, processIo } from './io';
import { ConfigError, formatIssue } from '../shared/config';
import { runCases } from './cases';
import { runCheck } from './check';
import { runMatch } from './match';
import { runReplay } from './replay';
import { runRoutes } from './routes';
import { runTestEvents } from './test-events';
import { runSilenceAdd, runSilenceExpire, runSilenceList, SilenceStoreError, SilenceUsageError } from './silence';
import { SilenceError } from '../shared/gate';
import { StateFileError } from '../shared/state';
import packageJson from '../package.json';

/** Exit codes: 0 success, 1 a check failed, 2 usage error. */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

export const USAGE = `herald: ECS-aware alerting, offline tools

Usage:
  herald replay [paths... | -] [--json] [--outbox DIR | --no-outbox] [--config FILE] [--aws] [--state FILE]
      Run events through the pipeline with local adapters (no AWS calls), noise control
      included: each alert line says whether it was sent, grouped, throttled, duplicate,
      silenced or inhibited (and by what), digests are sent as the events' own clock
      passes each window's end, and a recovery sends "resolved" messages.
      Paths are event files (one event, a JSON array, or JSON lines), directories
      (searched for .json, .jsonl, .ndjson) or - for standard input.
      What each topic would receive is written to the outbox: <topic>/<n>.txt (the
      email) and <n>.alert.json.
      --json        one JSON line per input event (and per digest) instead of the table
      --outbox DIR  where to write messages (default: outbox)
      --no-outbox   write nothing
      --state FILE  also apply the silences recorded with herald silence add --state FILE

  herald silence add (--match LABEL=VALUE ... | --pattern JSON) (--for 2h | --until TIME)
                     --comment TEXT [--starts TIME] [--author NAME] [--table NAME | --state FILE]
  herald silence list [--all] [--json] [--table NAME | --state FILE]
  herald silence expire ID [--table NAME | --state FILE]
      Run-time silences, stored in the stack's state table (--table, default
      $HERALD_STATE_TABLE, with your AWS credentials) or a local file (--state).
      --match takes label=value, label=prefix*, label!=value or label!=prefix*; one label
      given twice with = matches either value, with != excludes both. TIME is ISO 8601
      with a zone, e.g. 2026-12-01T22:00:00Z.
      --json        one JSON line per silence: id, matchers, startsAt, endsAt, createdBy,
                    comment, active

  herald check [FILES...]
      Validate configurations (default: herald.yml); every error with file:line:column.

  herald routes [--config FILE]
      The routing tree, and the EventBridge rules it deploys.

  herald test [--config FILE] [--aws] <events...>
      For each event: the alert, the routes it matches and why, the topics, the message.

  herald test --cases FILE [--config FILE]
      Routing tests as code: run each case, print a diff for each failure.

  herald match <pattern.json> <event.json>
      Does an EventBridge pattern match an event? Prints true (exit 0) or false (exit 1);
      an invalid pattern, or an input that is not one event, exits 2. Either file may be -
      (standard input).

  herald help, herald COMMAND --help     this text, or the command's part of it
  herald --version                       the version

--config FILE defaults to ./herald.yml, else the built-in default configuration.
--aws enriches alerts with read-only ECS and CloudWatch Logs calls, using your own AWS
credentials and Region; without it nothing leaves the machine (context from the event only).

Exit codes: 0 ok, 1 a check failed (or replay and test read no event they could use), 2 usage error.
`;

/** parseArgs reports unknown options and missing values as errors with an ERR_PARSE_ARGS_* code. */
const isParseArgsError = (error: unknown): error is { code: string; message: string } =>
  typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string' &&
  error.code.startsWith('ERR_PARSE_ARGS') && 'message' in error && typeof error.message === 'string';

/** The options each `herald silence` action takes; parseArgs knows only their union. */
const SILENCE_OPTIONS: ReadonlyMap<string, readonly string[]> = new Map([
  ['add', ['match', 'pattern', 'for', 'until', 'starts', 'comment', 'author', 'table', 'state']],
  ['list', ['all', 'json', 'table', 'state']],
  ['expire', ['table', 'state']],
]);

/** The commands, for their own `--help` and for "did you mean". */
const COMMANDS = ['replay', 'silence', 'check', 'routes', 'test', 'match'] as const;

/** The part of {@link USAGE} about one command: its usage lines and their explanation. */
export const usageOf = (command: string): string | undefined => {
  const blocks = USAGE.split('\n\n').filter((block) => block.trimStart().startsWith(`herald ${command} `) || block.trimStart().startsWith(`herald ${command}\n`) || block.trim().startsWith(`Usage:\n  herald ${command} `));
  return blocks.length === 0 ? undefined : `${blocks.map((block) => block.replace(/^Usage:\n/, '')).join('\n\n')}\n`;
};

/** The closest command to a typo, if close enough. */
const suggestCommand = (word: string): string | undefined => COMMANDS.find((c) => c.startsWith(word.slice(0, 3)) || word.startsWith(c.slice(0, 3)));

const usageError = (io: CliIo, message: string): number => {
  io.stderr(`herald: ${message}\nRun "herald help" for usage.\n`);
  return EXIT.usage;
};

/**
 * The CLI entry point: parses `argv` (without node and script) and runs a command.
 * @returns the process exit code
 */
export const main = async (argv: readonly string[], io: CliIo = processIo): Promise<number> => {
  const [command, ...rest] = argv;
  if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
    const topic = command === 'help' ? rest[0] : undefined;
    io.stdout((topic === undefined ? undefined : usageOf(topic)) ?? USAGE);
    return command === undefined ? EXIT.usage : EXIT.ok;
  }
  if (command === '--version' || command === '-V' || command === 'version') {
    io.stdout(`${packageJson.version}\n`);
    return EXIT.ok;
  }
  // Every command takes --help (before anything else it would refuse).
  if (rest.includes('--help') || rest.includes('-h')) {
    const part = usageOf(command);
    if (part !== undefined) {
      io.stdout(part);
      return EXIT.ok;
    }
  }
  try {
    switch (command) {
      case 'replay': {
        const { values, positionals } = parseArgs({
          args: [...rest],
          allowPositionals: true,
          strict: true,
          options: {
            json: { type: 'boolean', default: false },
            outbox: { type: 'string' },
            'no-outbox': { type: 'boolean', default: false },
            config: { type: 'string' },
            aws: { type: 'boolean', default: false },
            state: { type: 'string' },
            help: { type: 'boolean', short: 'h', default: false },
          },
        });
        if (values.help) {
          io.stdout(USAGE);
          return EXIT.ok;
        }
        if (values['no-outbox'] && values.outbox !== undefined) return usageError(io, '--outbox and --no-outbox are exclusive');
        if (positionals.length === 0) return usageError(io, 'replay needs at least one path (or - for stdin)');
        return await runReplay(
          { paths: positionals, json: values.json, config: values.config, aws: values.aws, state: values.state, outbox: values['no-outbox'] ? undefined : (values.outbox ?? 'outbox') },
          io,
        );
      }
      case 'check': {
        const { positionals } = parseArgs({ args: [...rest], allowPositionals: true, strict: true, options: {} });
        if (positionals.length === 0) return runCheck(undefined, io);
        // Every file is checked; the worst outcome is the exit code.
        return Math.max(...positionals.map((file) => runCheck(file, io)));
      }
      case 'routes': {
        const { values, positionals } = parseArgs({ args: [...rest], allowPositionals: true, strict: true, options: { config: { type: 'string' } } });
        if (positionals.length > 0) return usageError(io, 'routes takes no arguments (use --config FILE)');
        return runRoutes(values.config, io);
      }
      case 'test': {
        const { values, positionals } = parseArgs({
          args: [...rest],
          allowPositionals: true,
          strict: true,
          options: { config: { type: 'string' }, cases: { type: 'string' }, aws: { type: 'boolean', default: false } },
        });
        if (values.cases !== undefined) {
          if (positionals.length > 0) return usageError(io, 'test --cases takes no event files');
          return await runCases(values.cases, values.config, io);
        }
        if (positionals.length === 0) return usageError(io, 'test needs event files (or --cases FILE)');
        return await runTestEvents(positionals, values.config, io, values.aws);
      }
      case 'silence': {
        const [action, ...flags] = rest;
        const { values, positionals, tokens } = parseArgs({
          args: flags,
          allowPositionals: true,
          strict: true,
          tokens: true,
          options: {
            match: { type: 'string', multiple: true, default: [] },
            pattern: { type: 'string' },
            for: { type: 'string' },
            until: { type: 'string' },
            starts: { type: 'string' },
            comment: { type: 'string' },
            author: { type: 'string' },
            table: { type: 'string' },
            state: { type: 'string' },
            all: { type: 'boolean', default: false },
            json: { type: 'boolean', default: false },
          },
        });
        // An option of another action is refused, not ignored: `expire ID --for 1h` must not end the silence now.
        const allowed = action === undefined ? undefined : SILENCE_OPTIONS.get(action);
        const foreign = allowed === undefined ? undefined : tokens.find((t) => t.kind === 'option' && !allowed.includes(t.name));
        if (foreign?.kind === 'option') return usageError(io, `silence ${action} does not take ${foreign.rawName}`);
        const where = { table: values.table, state: values.state };
        if (action === 'add' && positionals.length === 0) return await runSilenceAdd({ ...where, ...values }, io);
        if (action === 'list' && positionals.length === 0) return await runSilenceList({ ...where, all: values.all, json: values.json }, io);
        if (action === 'expire' && positionals.length === 1) return await runSilenceExpire(positionals[0] ?? '', where, io);
        return usageError(io, 'silence takes add, list or expire ID');
      }
      case 'match': {
        const { positionals } = parseArgs({ args: [...rest], allowPositionals: true, strict: true, options: {} });
        if (positionals.length !== 2) return usageError(io, 'match takes a pattern file and an event file');
        return runMatch(positionals[0] ?? '', positionals[1] ?? '', io);
      }
      default: {
        const hint = suggestCommand(command);
        return usageError(io, `unknown command "${command}"${hint === undefined ? '' : ` (did you mean "${hint}"?)`}`);
      }
    }
  } catch (error) {
    if (error instanceof InputPathError || error instanceof SilenceUsageError) return usageError(io, error.message);
    if (error instanceof SilenceError || error instanceof SilenceStoreError || error instanceof StateFileError) {
      io.stderr(`herald: ${error.message}\n`);
      return EXIT.failed;
    }
    if (error instanceof ConfigError) {
      for (const issue of error.issues) io.stderr(`${formatIssue(issue)}\n`);
      return EXIT.failed;
    }
    if (isParseArgsError(error)) return usageError(io, error.message);
    throw error;
  }
};
