import { userInfo } from 'node:os';
import type { PatternConfig } from '../shared/config';
import { formatDuration, MAX_DURATION_MS, parseDuration, suggest } from '../shared/config';
import { LABEL_NAMES } from '../shared/normalize';
import { addSilence, expireSilence, isSilenceActive, listSilences, type Silence, SilenceError } from '../shared/gate';
import { DynamoDbStateStore, FileStateStore, StateFileError, type StateStore } from '../shared/state';
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

/**
 * The store could not be used: a missing table, no credentials or Region, a network error.
 * The CLI reports it with exit code 1, naming the store, instead of a stack trace.
 */
export class SilenceStoreError extends Error {
  public constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'SilenceStoreError';
  }
}

/** A store, and how to name it in an error. */
interface OpenedStore {
  store: StateStore;
  label: string;
}

const storeOf = (options: SilenceStoreOptions, env: Readonly<Record<string, string | undefined>>): OpenedStore => {
  if (options.state !== undefined && options.table !== undefined) throw new SilenceUsageError('--state and --table are exclusive');
  if (options.state !== undefined) return { store: new FileStateStore({ file: options.state }), label: `state file ${options.state}` };
  const table = options.table ?? env.HERALD_STATE_TABLE;
  if (table === undefined || table === '') {
    throw new SilenceUsageError('say where silences live: --table NAME (the stack\'s state table, see "serverless info") or --state FILE (local, for herald replay --state FILE)');
  }
  return { store: new DynamoDbStateStore({ tableName: table }), label: `state table ${table}` };
};

// Structural, not `instanceof Error`: errors from Node's own modules come from another realm under jest.
const describeFailure = (error: unknown): string => {
  const field = (name: string): string | undefined =>
    typeof error === 'object' && error !== null && name in error && typeof (error as Record<string, unknown>)[name] === 'string' ? String((error as Record<string, unknown>)[name]) : undefined;
  return `${field('name') ?? 'Error'}: ${field('message') ?? String(error)}`;
};

/** Runs `work` on the store; an SDK or I/O failure becomes a {@link SilenceStoreError} naming the store. */
const withStore = async <T>(opened: OpenedStore, work: (store: StateStore) => Promise<T>): Promise<T> => {
  try {
    return await work(opened.store);
  } catch (error) {
    if (error instanceof SilenceError || error instanceof StateFileError) throw error;
    throw new SilenceStoreError(`${opened.label}: ${describeFailure(error)}`, { cause: error });
  }
};

/** One label's `--match` flags. */
interface LabelFlags {
  /** `label=value`, `label=prefix*`: alternatives. */
  is: (string | { prefix: string })[];
  /** `label!=value`. */
  isNot: string[];
  /** `label!=prefix*`. */
  isNotPrefix: string[];
}

/**
 * `service=api` -> exact, `service=api-*` -> prefix, `service!=api` -> anything-but,
 * `service!=api-*` -> anything-but prefix. A label's `=` values are alternatives; its `!=`
 * values are all excluded (one `anything-but` list: two separate ones would be alternatives,
 * and every value differs from one of them, so the silence would mute every alert).
 */
export const matchersFromFlags = (flags: readonly string[]): PatternConfig => {
  const labels = new Map<string, LabelFlags>();
  for (const flag of flags) {
    // An empty value is refused: `service!=` would mute every alert that has the label.
    const found = /^([A-Za-z0-9_.:/-]+)(!=|=)(.+)$/.exec(flag);
    if (found === null) throw new SilenceUsageError(`--match "${flag}": expected label=value, label!=value or label=prefix*`);
    const [, label = '', operator, value = ''] = found;
    const prefix = value.endsWith('*') && value.length > 1 ? value.slice(0, -1) : undefined;
    const entry = labels.get(label) ?? { is: [], isNot: [], isNotPrefix: [] };
    labels.set(label, entry);
    if (operator === '=') entry.is.push(prefix === undefined ? value : { prefix });
    else if (prefix === undefined) entry.isNot.push(value);
    else entry.isNotPrefix.push(prefix);
  }
  const pattern: Record<string, unknown[]> = {};
  for (const [label, { is, isNot, isNotPrefix }] of labels) {
    if (is.length > 0 && isNot.length + isNotPrefix.length > 0) {
      throw new SilenceUsageError(`--match ${label}: = and != on one label are alternatives, so the silence would match almost every alert; use --pattern`);
    }
    if (isNot.length > 0 && isNotPrefix.length > 0) {
      throw new SilenceUsageError(`--match ${label}!=: exclude either values or prefixes (EventBridge's anything-but takes one kind); use --pattern`);
    }
    const one = <V>(values: V[]): V | V[] => (values.length === 1 ? (values[0] as V) : values);
    pattern[label] = is.length > 0 ? is : isNot.length > 0 ? [{ 'anything-but': one(isNot) }] : [{ 'anything-but': { prefix: one(isNotPrefix) } }];
  }
  return pattern;
};

/** The longest run-time silence: longer is a routing change, for herald.yml. */
const MAX_SILENCE_MS = MAX_DURATION_MS;
/** The longest silence that names nothing it mutes, only what it spares. */
const MAX_BROAD_SILENCE_MS = 86_400_000;

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Label names a silence's matchers use (those of `$or` alternatives too). */
const labelsOf = (matchers: PatternConfig): string[] =>
  Object.entries(matchers).flatMap(([key, value]) => (key === '$or' && Array.isArray(value) ? value.filter(isObject).flatMap((m) => labelsOf(m as PatternConfig)) : [key]));

const unknownLabels = (matchers: PatternConfig): string[] => [...new Set(labelsOf(matchers))].filter((label) => !(LABEL_NAMES as readonly string[]).includes(label));

/** Every condition is an `anything-but`: the silence mutes whatever it does not exclude. */
const onlyExcludes = (matchers: PatternConfig): boolean => {
  const conditions = Object.entries(matchers).filter(([key]) => key !== '$or').flatMap(([, value]) => (Array.isArray(value) ? value : [value]));
  return conditions.length > 0 && !('$or' in matchers) && conditions.every((c) => isObject(c) && 'anything-but' in c);
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
  const { comment } = options;
  if (comment === undefined || comment.trim() === '') throw new SilenceUsageError('--comment is required: say why, so on-call knows');
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
  if (endsAt - startsAt > MAX_SILENCE_MS) {
    throw new SilenceUsageError(`a silence of ${formatDuration(endsAt - startsAt)} is longer than ${formatDuration(MAX_SILENCE_MS)}: muting that long is a change of routing; put it in herald.yml (silences, or a route with notify: []), reviewed and deployed`);
  }
  if (onlyExcludes(matchers) && endsAt - startsAt > MAX_BROAD_SILENCE_MS) {
    throw new SilenceUsageError(`a silence that only excludes (label!=value) mutes every other alert; for more than ${formatDuration(MAX_BROAD_SILENCE_MS)} name what it mutes (label=value)`);
  }
  for (const label of unknownLabels(matchers)) {
    const hint = suggest(label, LABEL_NAMES);
    io.stderr(`herald: warning: "${label}" is not a built-in label${hint === undefined ? '' : ` (did you mean "${hint}"?)`}; the silence only mutes alerts with a resource tag of that name\n`);
  }
  const createdBy = options.author ?? env.USER ?? userInfo().username;
  const local = options.state !== undefined;
  const silence = await withStore(storeOf(options, env), (store) => addSilence(store, { matchers, startsAt, endsAt, comment, createdBy }, nowMs, { allowEnded: local }));
  io.stdout(`silence added\n${describe(silence, nowMs)}\n`);
  if (local && silence.endsAt <= nowMs) io.stdout('(in the past: it mutes the events of its window in herald replay --state; the deployed table refuses such a silence)\n');
  return 0;
};

/** `herald silence list`: current and pending silences (`--all`: ended ones too). */
export const runSilenceList = async (options: SilenceStoreOptions & { all: boolean; json: boolean }, io: CliIo, env = process.env, nowMs = Date.now()): Promise<number> => {
  const silences = await withStore(storeOf(options, env), (store) => listSilences(store, nowMs, options.all));
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
    const silence = await withStore(storeOf(options, env), (store) => expireSilence(store, id, nowMs));
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
