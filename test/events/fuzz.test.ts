import fc from 'fast-check';
import { parseEvent, SKIP_REASONS } from '../../shared/events';
import { CATEGORY_NAMES, normalizeEvent, SEVERITIES } from '../../shared/normalize';
import { listFixtures, loadRawFixture } from '../support/fixtures';

/**
 * Fuzzing parseEvent -> normalizeEvent: 10,000 inputs per run, split between random JSON and
 * mutated fixtures. Whatever arrives, the pipeline must skip it with a documented reason or
 * turn it into a well-formed Alert; an exception would make Lambda retry an event that no
 * retry can fix. A failure prints fast-check's seed and path: pass them to `fc.assert`
 * (`{ seed, path }`) to replay it.
 */

const REASONS: readonly string[] = Object.values(SKIP_REASONS);
const FINGERPRINT = /^[0-9a-f]{16}$/;

/** Runs one input through both stages and checks the outcome; throws on any violation. */
const checkOutcome = (input: unknown): void => {
  const parsed = parseEvent(input);
  if (!parsed.ok) {
    const { reason, message, path } = parsed.error;
    if (!REASONS.includes(reason)) throw new Error(`unknown skip reason ${reason}`);
    if (message === '') throw new Error(`empty message for skip reason ${reason}`);
    // parseEvent turns an exception inside a reader into "unreadable event: ..." so one bug
    // cannot take a batch down; a fuzz input reaching that net is such a bug.
    if (reason === SKIP_REASONS.malformedDetail && path === undefined) throw new Error(`malformed-detail without a path: ${message}`);
    return;
  }
  const alert = normalizeEvent(parsed.event);
  if (!FINGERPRINT.test(alert.fingerprint)) throw new Error(`fingerprint ${JSON.stringify(alert.fingerprint)}`);
  if (!CATEGORY_NAMES.includes(alert.category)) throw new Error(`category ${String(alert.category)}`);
  if (!(SEVERITIES as readonly string[]).includes(alert.severity)) throw new Error(`severity ${String(alert.severity)}`);
  if (typeof alert.summary !== 'string' || alert.summary.trim() === '') throw new Error(`summary ${JSON.stringify(alert.summary)}`);
  // Routes match on labels: an absent label is absent, never '' or a non-string.
  for (const [name, value] of Object.entries(alert.labels)) {
    if (typeof value !== 'string' || value === '') throw new Error(`label ${name} = ${JSON.stringify(value)}`);
  }
};

type JsonPath = readonly (string | number)[];
type Container = Record<string, unknown> | unknown[];

/** Every path to a value inside `value` (not the root itself). */
const pathsOf = (value: unknown, prefix: JsonPath = []): JsonPath[] => {
  if (typeof value !== 'object' || value === null) return [];
  const keys: (string | number)[] = Array.isArray(value) ? value.map((_, index) => index) : Object.keys(value);
  return keys.flatMap((key) => {
    const path = [...prefix, key];
    return [path, ...pathsOf((value as Record<string | number, unknown>)[key], path)];
  });
};

/** The object or array holding the last step of `path`, in `root`. */
const parentOf = (root: unknown, path: JsonPath): Container =>
  path.slice(0, -1).reduce<unknown>((node, key) => (node as Record<string | number, unknown>)[key], root) as Container;

/** A value of another type than `value`, derived from it (a string's number, an array's object). */
const retype = (value: unknown, pick: number): unknown => {
  const candidates: unknown[] =
    typeof value === 'string' ? [Number(value), value.length, [value], { value }, value === 'true', '']
      : typeof value === 'number' ? [String(value), [value], value !== 0, { value }]
        : typeof value === 'boolean' ? [String(value), Number(value), [value]]
          : Array.isArray(value) ? [{ ...value }, value[0] ?? null, JSON.stringify(value), value.length]
            : value === null ? [{}, [], 'null', 0]
              : [Object.values(value as object), JSON.stringify(value), Object.keys(value as object).length];
  return candidates[pick % candidates.length];
};

/**
 * Strings that code indexing a table by an event field trips over (Object.prototype names),
 * blanks, and values the classifiers branch on, so a mutation can land on a real code path.
 */
const TRICKY_STRINGS = [
  'constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf', '', ' ', '\u0000', 'null', 'undefined', 'NaN',
  'STOPPED', 'RUNNING', 'ALARM', 'OK', 'IMPAIRED', 'ERROR', 'WARNING', 'SpotInterruption', 'TerminationNotice',
  'UserInitiated', 'EssentialContainerExited', 'TASK_CREATION_FAILED', 'arn:aws:ecs:us-west-2:111122223333:service/',
  'arn:aws:ecs:::task-definition/:', 'OutOfMemoryError', 'service:', 'ecs.amazonaws.com', 'aws.ecs',
];

type Mutation =
  | { op: 'delete'; path: JsonPath }
  | { op: 'replace'; path: JsonPath; value: unknown }
  | { op: 'retype'; path: JsonPath; pick: number };

const applyMutation = (root: Record<string, unknown>, mutation: Mutation): void => {
  const parent = parentOf(root, mutation.path);
  const key = mutation.path[mutation.path.length - 1] as string | number;
  if (Array.isArray(parent)) {
    const index = key as number;
    if (mutation.op === 'delete') parent.splice(index, 1);
    else parent[index] = mutation.op === 'replace' ? mutation.value : retype(parent[index], mutation.pick);
  } else if (mutation.op === 'delete') {
    delete parent[key];
  } else {
    parent[key] = mutation.op === 'replace' ? mutation.value : retype(parent[key], mutation.pick);
  }
};

const FIXTURES = listFixtures().map((name) => ({ name, raw: loadRawFixture(name), paths: pathsOf(loadRawFixture(name)) }));

/** A replacement: any JSON value (shallow, mostly) or a tricky string. */
const replacement = fc.oneof(
  { arbitrary: fc.jsonValue({ maxDepth: 2 }), weight: 3 },
  { arbitrary: fc.constantFrom(...TRICKY_STRINGS), weight: 2 },
);

/** One mutation of a path of `paths`; later mutations may hit a path an earlier one removed. */
const mutationOf = (paths: readonly JsonPath[]): fc.Arbitrary<Mutation> =>
  fc.constantFrom(...paths).chain((path) =>
    fc.oneof(
      fc.constant<Mutation>({ op: 'delete', path }),
      replacement.map((value): Mutation => ({ op: 'replace', path, value })),
      fc.nat().map((pick): Mutation => ({ op: 'retype', path, pick })),
    ),
  );

/** A fixture with one to three mutations, each applied to a structuredClone of the original. */
const mutatedFixture = fc.constantFrom(...FIXTURES).chain((fixture) =>
  fc.array(mutationOf(fixture.paths), { minLength: 1, maxLength: 3 }).map((mutations) => {
    const raw = structuredClone(fixture.raw);
    for (const mutation of mutations) {
      // A path under a value an earlier mutation deleted or replaced no longer exists.
      try {
        applyMutation(raw, mutation);
      } catch {
        /* skipped: the path is gone */
      }
    }
    return { fixture: fixture.name, mutations, raw };
  }),
);

/** A known fixture envelope around a random detail: the readers' own input space. */
const randomDetail = fc
  .tuple(fc.constantFrom(...FIXTURES), fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 2 })), fc.jsonValue({ maxDepth: 2 }))
  .map(([fixture, extra, anyValue]) => {
    const detail = structuredClone(fixture.raw.detail) as Record<string, unknown>;
    // Keep the detail's own keys so the readers get past their required fields, but give
    // every value a random one half of the time.
    const keys = Object.keys(detail);
    keys.forEach((key, index) => { if (index % 2 === 0) detail[key] = anyValue; });
    return { ...structuredClone(fixture.raw), detail: { ...detail, ...extra } };
  });

// 10,000 inputs in all. fast-check also shrinks a failure to a minimal input before reporting.
const RUNS = { jsonValue: 2_000, anything: 1_000, mutatedFixture: 5_500, randomDetail: 1_500 } as const;

describe('parseEvent -> normalizeEvent never throws and yields a skip or a well-formed alert', () => {
  it.each<{ case: string; arbitrary: fc.Arbitrary<unknown>; numRuns: number; inputOf?: (value: never) => unknown }>([
    { case: 'random JSON values', arbitrary: fc.jsonValue(), numRuns: RUNS.jsonValue },
    { case: 'random JavaScript values', arbitrary: fc.anything(), numRuns: RUNS.anything },
    // The fixture name and mutations stay in the value so a failure report shows them.
    { case: 'fixtures with one to three mutations', arbitrary: mutatedFixture, numRuns: RUNS.mutatedFixture, inputOf: (m: { raw: unknown }) => m.raw },
    { case: 'fixture envelopes around random details', arbitrary: randomDetail, numRuns: RUNS.randomDetail },
  ])('$case', ({ arbitrary, numRuns, inputOf }) => {
    fc.assert(fc.property(arbitrary, (value) => { checkOutcome(inputOf === undefined ? value : inputOf(value as never)); }), { numRuns });
  });
});
