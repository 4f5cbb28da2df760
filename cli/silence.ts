import { userInfo } from 'node:os';
import type { PatternConfig } from '../shared/config';
import { parseDuration } from '../shared/config';
import { addSilence, expireSilence, isSilenceActive, listSilences, type Silence, SilenceError } from '../shared/gate';
import { DynamoDbStateStore, FileStateStore, type StateStore } from '../shared/state';
import type { CliIo } from './io';

/** Where `herald silence` keeps silences: the deployed table, or a local file. */
export interface SilenceStoreOptions {
  /** `--table NAME` (default: `$HERALD_STATE_TABLE`): the stack's state table, with your AWS credentials. */
  table?: string;
  /** `--state FILE`: a local file, for trying silences with `herald replay --state FILE`. */
  state?: string;
}

/** Options of `herald silence add`. */
export interface SilenceAddOptions extends SilenceStoreOptions {
  /** `--match label=value` (repeatable; `label!=value`, `label=prefix*`). */
  match: readonly string[];
  /** `--pattern JSON`: a full EventBridge pattern over the labels instead. */
  pattern?: string;
  /** `--for 2h` or `--until ISO`. */
  for?: string;
  until?: string;
  /** `--starts ISO` @default now */
  starts?: string;
  comment?: string;
  author?: string;
}

/** A usage problem the CLI reports with exit code 2. */
export class SilenceUsageError extends Error {
  public constructor(message: string) {
    super(message);
    this.name = 'SilenceUsageError';
  }
}

const storeOf = (options: SilenceStoreOptions, env: Readonly<Record<string, string | undefined>>): StateStore => {
  if (options.state !== undefined && options.table !== undefined) throw new SilenceUsageError('--state and --table are exclusive');
  if (options.state !== undefined) return new FileStateStore({ file: options.state });
  const table = options.table ?? env.HERALD_STATE_TABLE;
  if (table === undefined || table === '') {
    throw new SilenceUsageError('say where silences live: --table NAME (the stack\'s state table, see "serverless info") or --state FILE (local, for herald replay --state FILE)');
  }
  return new DynamoDbStateStore({ tableName: table });
};

/** `service=api` -> exact, `service!=api` -> anything-but, `service=api-*` -> prefix; one label's values are alternatives. */
export const matchersFromFlags = (flags: readonly string[]): PatternConfig => {
  const pattern: Record<string, unknown[]> = {};
  for (const flag of flags) {
    const found = /^([A-Za-z0-9_.:/-]+)(!=|=)(.*)$/.exec(flag);
    if (found === null) throw new SilenceUsageError(`--match "${flag}": expected label=value, label!=value or label=prefix*`);
    const [, label = '', operator, value = ''] = found;
    const condition = operator === '!=' ? { 'anything-but': value } : value.endsWith('*') && value.length > 1 ? { prefix: value.slice(0, -1) } : value;
    (pattern[label] ??= []).push(condition);
  }
  return pattern;
};

const parseTime = (text: string, flag: string): number => {
  const ms = /(Z|[+-]\d\d:\d\d)$/.test(text) ? Date.parse(text) : Number.NaN;
  if (Number.isNaN(ms)) throw new SilenceUsageError(`${flag} "${text}": expected an ISO 8601 date-time with a time zone, e.g. 2026-12-01T22:00:00Z`);
  return ms;
};

const describe = (silence: Silence, nowMs: number): string => {
  const state = isSilenceActive(silence, nowMs) ? 'active' : silence.endsAt <= nowMs ? 'ended' : 'pending';
  return `${silence.id}  ${state.padEnd(7)}  ${new Date(silence.startsAt).toISOString()} -> ${new Date(silence.endsAt).toISOString()}  ${silence.written}  by ${silence.createdBy}: ${silence.comment}`;
};

/** `herald silence add`: records a silence; prints its id. */
export const runSilenceAdd = async (options: SilenceAddOptions, io: CliIo, env = process.env, nowMs = Date.now()): Promise<number> => {
  if (options.comment === undefined || options.comment.trim() === '') throw new SilenceUsageError('--comment is required: say why, so on-call knows');
  if ((options.for === undefined) === (options.until === undefined)) throw new SilenceUsageError('give exactly one of --for DURATION (e.g. 2h) or --until DATE-TIME');
  if ((options.match.length === 0) === (options.pattern === undefined)) throw new SilenceUsageError('give --match label=value (repeatable) or --pattern JSON');
  let matchers: PatternConfig;
  if (options.pattern !== undefined) {
    try {
      matchers = JSON.parse(options.pattern) as PatternConfig;
    } catch (error) {
      throw new SilenceUsageError(`--pattern: invalid JSON (${error instanceof Error ? error.message : String(error)})`);
    }
  } else {
    matchers = matchersFromFlags(options.match);
  }
  const startsAt = options.starts === undefined ? nowMs : parseTime(options.starts, '--starts');
  let endsAt: number;
  if (options.for !== undefined) {
    const ms = parseDuration(options.for);
    if (ms === undefined || ms <= 0) throw new SilenceUsageError(`--for "${options.for}": expected a duration such as 30m, 2h or 1d`);
    endsAt = startsAt + ms;
  } else {
    endsAt = parseTime(options.until ?? '', '--until');
  }
  const store = storeOf(options, env);
  const silence = await addSilence(store, { matchers, startsAt, endsAt, comment: options.comment, createdBy: options.author ?? env.USER ?? userInfo().username }, nowMs);
  io.stdout(`silence added\n${describe(silence, nowMs)}\n`);
  return 0;
};

/** `herald silence list`: current and pending silences (`--all`: ended ones too). */
export const runSilenceList = async (options: SilenceStoreOptions & { all: boolean; json: boolean }, io: CliIo, env = process.env, nowMs = Date.now()): Promise<number> => {
  const silences = await listSilences(storeOf(options, env), nowMs, options.all);
  if (options.json) {
    for (const s of silences) {
      io.stdout(`${JSON.stringify({ id: s.id, matchers: JSON.parse(s.written) as unknown, startsAt: new Date(s.startsAt).toISOString(), endsAt: new Date(s.endsAt).toISOString(), createdBy: s.createdBy, comment: s.comment, active: isSilenceActive(s, nowMs) })}\n`);
    }
    return 0;
  }
  if (silences.length === 0) io.stdout(options.all ? 'no silences\n' : 'no current silences (--all shows ended ones)\n');
  for (const s of silences) io.stdout(`${describe(s, nowMs)}\n`);
  return 0;
};

/** `herald silence expire ID`: ends a silence now. */
export const runSilenceExpire = async (id: string, options: SilenceStoreOptions, io: CliIo, env = process.env, nowMs = Date.now()): Promise<number> => {
  try {
    const silence = await expireSilence(storeOf(options, env), id, nowMs);
    io.stdout(`silence expired\n${describe(silence, nowMs)}\n`);
    return 0;
  } catch (error) {
    if (error instanceof SilenceError) {
      io.stderr(`herald: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
};
