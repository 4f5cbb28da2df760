import type { z } from 'zod';
import { ACTION_SCHEMAS, actionKeysOf } from './actions-schema';
import { alarmKeysAt } from './alarms-schema';
import { accountsKeysAt } from './accounts-schema';
import { KNOWN_KEYS } from './schema';
import type { DocPath } from './locate';

/** A problem found in the document, before it is located (line and column) in the file. */
export interface RawIssue {
  level: 'error' | 'warning';
  path: DocPath;
  message: string;
  /** Point at the key itself rather than its value (unknown keys). */
  atKey?: boolean;
}

const describe = (value: unknown): string => {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}...` : value)}`;
  return `${typeof value === 'number' ? 'the number' : 'the boolean'} ${String(value)}`;
};

const EXPECTED: Readonly<Record<string, string>> = {
  string: 'a string',
  array: 'a list',
  object: 'a mapping',
  record: 'a mapping',
  boolean: 'true or false',
  number: 'a number',
};

/** Edit distance, for "did you mean" on unknown keys (keys are short). */
const distance = (a: string, b: string): number => {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0] ?? 0;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j] ?? 0;
      row[j] = Math.min((row[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length] ?? 0;
};

/** The closest known name within two edits, if any. */
export const suggest = (word: string, known: readonly string[]): string | undefined => {
  let best: string | undefined;
  let bestDistance = 3;
  for (const candidate of known) {
    const d = distance(word.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
};

/** Which keys a mapping at `path` of `herald.yml` may have. */
export const heraldKnownKeysAt = (path: DocPath, document?: unknown): readonly string[] => {
  if (path.length === 0) return KNOWN_KEYS.root;
  if (path.length === 1 && path[0] === 'default') return KNOWN_KEYS.default;
  if (path.length === 1 && path[0] === 'enrich') return KNOWN_KEYS.enrich;
  if (path.length === 2 && path[0] === 'enrich' && path[1] === 'instance_logs') return KNOWN_KEYS.instanceLogs;
  if (path.length === 1 && path[0] === 'history') return KNOWN_KEYS.history;
  if (path.length === 2 && path[0] === 'topics') return KNOWN_KEYS.topic;
  if (path.length === 2 && path[0] === 'actions') {
    // An action's keys depend on its type: those of its schema, when the type is known.
    const type = (valueAt(document, path) as { type?: unknown } | undefined)?.type;
    const schema = typeof type === 'string' && Object.hasOwn(ACTION_SCHEMAS, type) ? ACTION_SCHEMAS[type as keyof typeof ACTION_SCHEMAS] : undefined;
    return schema === undefined ? KNOWN_KEYS.action : actionKeysOf(schema);
  }
  if (path.length === 2 && path[0] === 'silences') return KNOWN_KEYS.silence;
  if (path[0] === 'alarms') return alarmKeysAt(path.slice(1));
  if (path[0] === 'accounts') return accountsKeysAt(path.slice(1));
  if (path[0] === 'monitoring') return path[1] === 'operator' ? KNOWN_KEYS.operator : KNOWN_KEYS.monitoring;
  if (path[0] === 'time_intervals') {
    // time_intervals.<name>, or .<name>[i] in a list; .times[j] below either.
    const below = typeof path[2] === 'number' ? path.slice(3) : path.slice(2);
    return below[0] === 'times' ? KNOWN_KEYS.timeRange : KNOWN_KEYS.timeInterval;
  }
  return KNOWN_KEYS.route;
};

const valueAt = (root: unknown, path: DocPath): unknown => {
  let value = root;
  for (const segment of path) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<string | number, unknown>)[segment];
  }
  return value;
};

/** Turns zod's issues into messages that say what was expected and what was found. */
export const fromZodIssues = (
  issues: readonly z.core.$ZodIssue[],
  document: unknown,
  knownKeysAt: (path: DocPath, document: unknown) => readonly string[] = () => [],
): RawIssue[] =>
  issues.flatMap((issue): RawIssue[] => {
    const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
    const found = valueAt(document, path);
    switch (issue.code) {
      case 'unrecognized_keys': {
        const known = knownKeysAt(path, document);
        return issue.keys.map((key) => {
          const hint = suggest(key, known);
          return {
            level: 'error',
            path: [...path, key],
            atKey: true,
            message: `unknown key "${key}"${hint === undefined ? '' : ` (did you mean "${hint}"?)`}${known.length === 0 ? '' : `; expected one of: ${known.join(', ')}`}`,
          };
        });
      }
      case 'invalid_type': {
        if (found === undefined) return [{ level: 'error', path: path.slice(0, -1), message: `missing required key "${String(path[path.length - 1])}"` }];
        return [{ level: 'error', path, message: `expected ${EXPECTED[issue.expected] ?? issue.expected}, got ${describe(found)}` }];
      }
      case 'invalid_value':
        return [{ level: 'error', path, message: `expected ${issue.values.map((v) => JSON.stringify(v)).join(' or ')}, got ${describe(found)}` }];
      case 'invalid_union': {
        if (found === undefined) return [{ level: 'error', path: path.slice(0, -1), message: `missing required key "${String(path[path.length - 1])}"` }];
        // A union of a mapping and a list of them (`time_intervals`): when only one branch
        // has the right shape, its issues say what is wrong; zod lists every branch's.
        const shaped = issue.errors.filter((branch) => !branch.some((i) => i.code === 'invalid_type' && i.path.length === 0));
        if (shaped.length === 1 && shaped[0] !== undefined) {
          return fromZodIssues(shaped[0].map((i) => ({ ...i, path: [...issue.path, ...i.path] })), document, knownKeysAt);
        }
        return [{ level: 'error', path, message: `${issue.message}, got ${describe(found)}` }];
      }
      case 'invalid_key':
        return [{ level: 'error', path, atKey: true, message: issue.issues[0]?.message ?? 'invalid name' }];
      case 'too_small':
        return [{ level: 'error', path, message: issue.origin === 'number' ? `expected at least ${String(issue.minimum)}, got ${describe(found)}` : `expected a non-empty value, got ${describe(found)}` }];
      case 'too_big':
        return [{ level: 'error', path, message: issue.origin === 'number' ? (issue.message.startsWith('Too big') ? `expected at most ${String(issue.maximum)}, got ${describe(found)}` : issue.message) : `too long: at most ${String(issue.maximum)} characters` }];
      default:
        return [{ level: 'error', path, message: issue.message }];
    }
  });
