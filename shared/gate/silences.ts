import { randomUUID } from 'node:crypto';
import type { PatternConfig } from '../config/types';
import type { Labels } from '../normalize';
import { checkPattern, compilePattern } from '../pattern';
import type { StateRecord, StateStore } from '../state';
import { SilenceError } from './errors';
import type { Silence } from './types';

/** The partition run-time silences live in. */
export const SILENCE_PARTITION = 'silence';

/** An ended silence stays listable (`herald silence list --all`) this long, then TTL removes it. */
const KEEP_ENDED_SECONDS = 7 * 86_400;

/** What `herald silence add` records. */
export interface NewSilence {
  /** Pattern over the alert's labels, EventBridge syntax as in a route's `match`. */
  matchers: PatternConfig;
  /** Epoch milliseconds. @default now */
  startsAt?: number;
  /** Epoch milliseconds. */
  endsAt: number;
  comment: string;
  createdBy: string;
}

/** A silence is current from its start (inclusive) to its end (exclusive). */
export const isSilenceActive = (silence: Silence, nowMs: number): boolean => silence.startsAt <= nowMs && nowMs < silence.endsAt;

/** The first current silence whose matchers match the labels. */
export const findSilence = (silences: readonly Silence[], labels: Labels, nowMs: number): Silence | undefined =>
  silences.find((s) => isSilenceActive(s, nowMs) && s.matcher.matches(labels));

/** How a silence is named where it mutes something. */
export const describeSilence = (silence: Silence): string => `silence ${silence.id} by ${silence.createdBy}: ${silence.comment}`;

// Kept a week after it ends (or after it was added, for a window already in the past).
const toRecord = (silence: Omit<Silence, 'matcher' | 'origin'>, createdAt: number): StateRecord => ({
  pk: SILENCE_PARTITION,
  sk: silence.id,
  expiresAt: Math.floor(Math.max(silence.endsAt, createdAt) / 1000) + KEEP_ENDED_SECONDS,
  data: {
    matchers: silence.written,
    startsAt: silence.startsAt,
    endsAt: silence.endsAt,
    comment: silence.comment,
    createdBy: silence.createdBy,
    createdAt,
  },
});

/** A stored silence, or undefined when the record is not one (it is then ignored). */
export const silenceFromRecord = (record: StateRecord): Silence | undefined => {
  const data = record.data ?? {};
  if (typeof data.matchers !== 'string' || typeof data.endsAt !== 'number') return undefined;
  try {
    const matchers = JSON.parse(data.matchers) as PatternConfig;
    return {
      id: record.sk,
      written: data.matchers,
      matcher: compilePattern(matchers, { numericStrings: true }),
      startsAt: typeof data.startsAt === 'number' ? data.startsAt : 0,
      endsAt: data.endsAt,
      comment: String(data.comment ?? ''),
      createdBy: String(data.createdBy ?? 'unknown'),
      origin: 'store',
    };
  } catch {
    return undefined;
  }
};

/**
 * Records a run-time silence (`herald silence add`). The matchers are checked like a route's
 * `match`; a silence that would never be current is refused.
 */
export const addSilence = async (store: StateStore, input: NewSilence, nowMs: number, options: { allowEnded?: boolean } = {}): Promise<Silence> => {
  if (typeof input.matchers === 'object' && input.matchers !== null && !Array.isArray(input.matchers) && Object.keys(input.matchers).length === 0) {
    throw new SilenceError('a silence needs at least one matcher (it would mute every alert)');
  }
  const issues = checkPattern(input.matchers);
  if (issues.length > 0) throw new SilenceError(`invalid matchers: ${issues.map((i) => (i.path === '' ? i.message : `${i.path}: ${i.message}`)).join('; ')}`);
  if (input.comment.trim() === '') throw new SilenceError('a silence needs a comment: say why, so on-call knows');
  const startsAt = input.startsAt ?? nowMs;
  // A local state file may hold a window in the past: `herald replay --state FILE` judges
  // silences on the events' own clock. In the deployed table it could mute nothing.
  if (input.endsAt <= nowMs && options.allowEnded !== true) throw new SilenceError('the silence would already be over');
  if (input.endsAt <= startsAt) throw new SilenceError('the silence would end before it starts');
  const silence: Silence = {
    id: randomUUID().slice(0, 8),
    written: JSON.stringify(input.matchers),
    matcher: compilePattern(input.matchers, { numericStrings: true }),
    startsAt,
    endsAt: input.endsAt,
    comment: input.comment.trim(),
    createdBy: input.createdBy,
    origin: 'store',
  };
  await store.put(toRecord(silence, nowMs));
  return silence;
};

/** Run-time silences, newest end last; ended ones only with `includeEnded`. */
export const listSilences = async (store: StateStore, nowMs: number, includeEnded = false): Promise<Silence[]> => {
  const silences = (await store.query(SILENCE_PARTITION))
    .map(silenceFromRecord)
    .filter((s): s is Silence => s !== undefined && (includeEnded || s.endsAt > nowMs));
  return silences.sort((a, b) => a.endsAt - b.endsAt);
};

/** Ends a run-time silence now; it stays listable with `--all`. */
export const expireSilence = async (store: StateStore, id: string, nowMs: number): Promise<Silence> => {
  const record = await store.get(SILENCE_PARTITION, id);
  const silence = record === undefined ? undefined : silenceFromRecord(record);
  if (silence === undefined) throw new SilenceError(`no silence "${id}" (herald silence list shows their ids)`);
  const ended: Silence = { ...silence, endsAt: Math.min(silence.endsAt, nowMs) };
  await store.put(toRecord(ended, Number(record?.data?.createdAt ?? nowMs)));
  return ended;
};

/** Options of {@link createSilenceSource}. */
export interface SilenceSourceOptions {
  /** Silences written in `herald.yml`. */
  configured: readonly Silence[];
  /** Where run-time silences are stored; none: configured ones only. */
  store?: StateStore;
  /**
   * How long a warm function reuses the stored silences it read. A new silence takes effect
   * within this time. @default 30000
   */
  refreshMs?: number;
}

/** The silences in force, read from the store at most every `refreshMs`. */
export interface SilenceSource {
  current(nowMs: number): Promise<readonly Silence[]>;
}

/** Silences from `herald.yml` plus the run-time ones, cached between reads. */
export const createSilenceSource = (options: SilenceSourceOptions): SilenceSource => {
  const refreshMs = options.refreshMs ?? 30_000;
  let cached: { at: number; silences: readonly Silence[] } | undefined;
  return {
    async current(nowMs) {
      if (options.store === undefined) return options.configured;
      if (cached === undefined || nowMs - cached.at >= refreshMs || nowMs < cached.at) {
        const stored = await listSilences(options.store, nowMs);
        cached = { at: nowMs, silences: [...options.configured, ...stored] };
      }
      return cached.silences;
    },
  };
};
