import { parseArgs } from 'node:util';
import { InputPathError } from './input';
import { type CliIo, processIo } from './io';
import { runReplay } from './replay';

/** Exit codes: 0 success, 1 a check failed, 2 usage error. */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

export const USAGE = `herald: ECS-aware alerting, offline tools

Usage:
  herald replay [paths... | -] [--json] [--outbox DIR | --no-outbox]
      Run events through the pipeline with local adapters (no AWS calls).
      Paths are event files (one event, a JSON array, or JSON lines), directories
      (searched for .json, .jsonl, .ndjson) or - for standard input.
      Each alert is written to the outbox as an email (<n>.txt) and JSON (<n>.alert.json).
      --json        one JSON line per input event instead of the table
      --outbox DIR  where to write messages (default: outbox)
      --no-outbox   write nothing

  herald help     this text

Exit codes: 0 ok, 1 a check failed, 2 usage error.
`;

/** parseArgs reports unknown options and missing values as errors with an ERR_PARSE_ARGS_* code. */
const isParseArgsError = (error: unknown): error is { code: string; message: string } =>
  typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string' &&
  error.code.startsWith('ERR_PARSE_ARGS') && 'message' in error && typeof error.message === 'string';

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
    io.stdout(USAGE);
    return command === undefined ? EXIT.usage : EXIT.ok;
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
          { paths: positionals, json: values.json, outbox: values['no-outbox'] ? undefined : (values.outbox ?? 'outbox') },
          io,
        );
      }
      default:
        return usageError(io, `unknown command "${command}"`);
    }
  } catch (error) {
    if (error instanceof InputPathError) return usageError(io, error.message);
    if (isParseArgsError(error)) return usageError(io, error.message);
    throw error;
  }
};
