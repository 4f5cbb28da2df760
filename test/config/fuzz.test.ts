import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { parse, stringify } from 'yaml';
import { formatIssue, loadConfigText, MAX_ROUTE_DEPTH } from '../../shared/config';
import { compileConfigSilences } from '../../shared/gate/silences-config';
import { compileTimeInterval } from '../../shared/gate/time-intervals';
import { LABEL_NAMES } from '../../shared/normalize';
import { compileRoutes, deriveEventRules } from '../../shared/route';
import { OPERATOR_NAMES } from '../../shared/pattern';

/**
 * Fuzzing loadConfigText: 10,000 documents per run, split between random text, random JSON
 * written as YAML, and mutations of the shipped configurations. Whatever the file holds, the
 * loader must not throw, and must either return a configuration with no errors (which then
 * compiles) or report at least one error; every issue is located in the file and its message
 * is a sentence, never a stack trace. A failure prints fast-check's seed and path: pass them to
 * `fc.assert` (`{ seed, path }`) to replay it.
 */

const FILE = 'herald.yml';
const ROOT = join(__dirname, '..', '..');

/** Runs one document through the loader and checks the outcome; throws on any violation. */
const checkOutcome = (text: string): void => {
  const { config, issues } = loadConfigText(text, FILE);
  const errors = issues.filter((issue) => issue.level === 'error');
  if (config === undefined && errors.length === 0) throw new Error('no configuration and no error');
  if (config !== undefined && errors.length > 0) throw new Error(`a configuration despite ${errors.map(formatIssue).join('; ')}`);
  // The last line may be one past the text's last newline (an error at the end of the file).
  const lines = text.split(/\r\n|\r|\n/).length;
  let previous = { line: 0, column: 0 };
  for (const issue of issues) {
    const shown = formatIssue(issue);
    if (issue.level !== 'error' && issue.level !== 'warning') throw new Error(`level ${String(issue.level)}: ${shown}`);
    if (issue.file !== FILE) throw new Error(`file: ${shown}`);
    if (!Number.isInteger(issue.line) || issue.line < 1 || issue.line > lines + 1) throw new Error(`line outside the file (${lines} lines): ${shown}`);
    if (!Number.isInteger(issue.column) || issue.column < 0) throw new Error(`column: ${shown}`);
    if (typeof issue.path !== 'string') throw new Error(`path: ${shown}`);
    if (typeof issue.message !== 'string' || issue.message.trim() === '') throw new Error(`empty message: ${shown}`);
    if (issue.message.includes('    at ')) throw new Error(`stack trace in message: ${shown}`);
    if (issue.line < previous.line || (issue.line === previous.line && issue.column < previous.column)) throw new Error(`not in file order: ${shown}`);
    previous = issue;
  }
  // A configuration that loads must compile (what compileConfigText does after loading): a bad
  // config fails `check`, never a running Lambda.
  if (config !== undefined) {
    compileRoutes(config);
    deriveEventRules(config);
    compileConfigSilences(config.silences);
    for (const [name, interval] of Object.entries(config.time_intervals ?? {})) compileTimeInterval(name, interval);
  }
};

// (a) Text.

/** Pieces of YAML syntax, so random text reaches the parser's corners and not only its first error. */
const YAML_TOKENS = [
  'topics:', 'routes:', 'default:', 'actions:', 'version: 1', 'name: a', 'match:', 'event:', 'notify: [oncall]', 'oncall:',
  'severity: [info]', '$or:', '\n', '\n  ', '\n    ', '\r\n', '  ', '\t', '- ', ': ', ':', ',', '{', '}', '[', ']', '"', "'", '#',
  '&a ', '*a', '&b ', '*b', '!!set ', '!!binary ', '!!omap ', '!!timestamp ', '!foo ', '? ', '---', '...', '|', '>-', '%YAML 1.2',
  '<<: ', '__proto__', '~', 'null', 'true', '1e400', '.nan', '0x1F', '-', '\\', '\u0000', '\ufeff', 'é', '🙂',
];

const randomText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 300, size: 'medium' }),
  fc.string({ unit: 'grapheme-ascii', maxLength: 300, size: 'medium' }),
);

const yamlishText = fc.string({ unit: fc.constantFrom(...YAML_TOKENS), maxLength: 100, size: 'medium' });

/** Random JSON as YAML, at the root or under one of the root's keys. */
const jsonAsYaml = fc
  .tuple(fc.jsonValue({ maxDepth: 4 }), fc.constantFrom(undefined, 'topics', 'default', 'routes', 'actions', 'version', 'silences', 'time_intervals', 'inhibit'))
  .map(([value, key]) => stringify(key === undefined ? value : { topics: {}, [key]: value }));

// (b) Mutations of the shipped configurations.

type JsonPath = readonly (string | number)[];
type Container = Record<string, unknown> | unknown[];

/** Silences, time intervals and inhibition, so mutations reach those sections too. */
const NOISE_BASE: Record<string, unknown> = {
  topics: { oncall: { emails: ['oncall@example.com'] } },
  default: { notify: ['oncall'], mute_time_intervals: ['maintenance'] },
  routes: [{ name: 'batch', match: { service: [{ prefix: 'batch-' }] }, active_time_intervals: ['office-hours'] }],
  time_intervals: {
    'office-hours': { weekdays: ['monday:friday'], times: [{ start: '09:00', end: '17:00' }], location: 'Europe/Berlin' },
    maintenance: [{ weekdays: ['sunday'], times: [{ start: '02:00', end: '04:00' }] }, { weekdays: ['wednesday'] }],
  },
  silences: [
    { matchers: { cluster: ['prod'] }, starts: '2099-12-01T22:00:00Z', ends: '2099-12-02T01:00:00+01:00', comment: 'upgrade', created_by: 'jane' },
    { matchers: { exitCode: [{ numeric: ['>=', 137] }] }, ends: '2099-01-01T00:00:00Z', comment: 'known OOM' },
  ],
  inhibit: ['deployments', 'infrastructure'],
};

/** The default configuration, the examples and {@link NOISE_BASE}, as plain objects. */
const BASES: Record<string, unknown>[] = [
  ...[
    'herald.yml',
    ...readdirSync(join(ROOT, 'examples'))
      .map((dir) => join('examples', dir, 'herald.yml'))
      .filter((file) => existsSync(join(ROOT, file))),
  ].map((file) => parse(readFileSync(join(ROOT, file), 'utf8')) as Record<string, unknown>),
  NOISE_BASE,
];

/** Every path to a value inside `value` (not the root itself). */
const pathsOf = (value: unknown, prefix: JsonPath = []): JsonPath[] => {
  if (typeof value !== 'object' || value === null) return [];
  const keys: (string | number)[] = Array.isArray(value) ? value.map((_, index) => index) : Object.keys(value);
  return keys.flatMap((key) => {
    const path = [...prefix, key];
    return [path, ...pathsOf((value as Record<string | number, unknown>)[key], path)];
  });
};

/** Names a typo or a wrong guess would produce, known keys and names that trip up plain objects. */
const KEYS = [
  'version', 'topics', 'default', 'routes', 'actions', 'name', 'match', 'event', 'continue', 'notify', 'remediate', 'throttle',
  'group_by', 'group_wait', 'group_interval', 'repeat_interval', 'severity', 'emails', 'arn', 'display_name', 'type',
  'mute_time_intervals', 'active_time_intervals', 'silences', 'time_intervals', 'inhibit', 'matchers', 'starts', 'ends', 'comment',
  'created_by', 'weekdays', 'times', 'location', 'start', 'end',
  'rotues', 'notfy', 'mach', 'contineu', 'Name', '$or', '__proto__', 'constructor', 'toString', 'hasOwnProperty', '', ' ',
  ...LABEL_NAMES, ...OPERATOR_NAMES,
];

/** Values of the right shape somewhere in a herald.yml, and of the wrong one everywhere else. */
const VALUES = [
  'oncall', 'critical', 'warning', 'info', 'urgent', '15m', '1h30m', '0s', '32d', '1.5h', 'a@example.com', 'not-an-email',
  'arn:aws:sns:us-east-1:123456789012:oncall', 'rollback', 'reboot', 'default', 'routine', '', ' ', '__proto__', 'constructor',
  'monday:friday', 'friday:monday', 'Monday', '09:00', '24:00', '22:00', '9:00', 'Europe/Berlin', 'Mars/Base', 'deployments',
  '2099-01-01T00:00:00Z', '2020-01-01T00:00:00Z', '2099-01-01T00:00:00', ['maintenance'], ['saturday:sunday'], [{ start: '22:00', end: '06:00' }],
  0, -1, 1.5, 1e308, true, false, null, [], {}, ['oncall'], ['info'], [{ prefix: 'x' }], { severity: ['info'] },
];

const scalar = fc.oneof(fc.string({ maxLength: 12 }), fc.integer(), fc.double(), fc.boolean(), fc.constant(null));

/** Pattern-like values: field arrays of scalars and operator objects, nested fields and `$or`, valid or not. */
const patternValue: fc.Arbitrary<unknown> = fc.letrec<{ pattern: Record<string, unknown>; field: unknown; condition: unknown }>((tie) => ({
  pattern: fc.dictionary(fc.oneof(fc.constantFrom(...LABEL_NAMES), fc.constantFrom(...KEYS)), tie('field'), { maxKeys: 3 }),
  field: fc.oneof(
    { depthSize: 'xsmall' },
    { arbitrary: fc.array(fc.oneof(fc.string({ maxLength: 8 }), scalar, tie('condition')), { minLength: 1, maxLength: 3 }), weight: 4 },
    { arbitrary: tie('pattern'), weight: 1 },
    { arbitrary: fc.array(tie('pattern'), { maxLength: 3 }), weight: 1 },
    { arbitrary: scalar, weight: 1 },
  ),
  condition: fc.oneof(
    fc.dictionary(fc.constantFrom(...OPERATOR_NAMES, 'prefx', 'NUMERIC', 'contains'), fc.oneof(scalar, fc.array(fc.oneof(scalar, fc.constantFrom('>', '<=', '=')), { maxLength: 5 })), { maxKeys: 2 }),
    fc.constantFrom({ numeric: ['>', 0, '<=', 5] }, { 'anything-but': { prefix: 'x' } }, { exists: true }, { cidr: '10.0.0.0/24' }, { wildcard: 'a*b' }),
  ),
})).pattern;

/** Patterns that are valid over the labels, so random routes also load and compile. */
const validPattern: fc.Arbitrary<Record<string, unknown>> = fc
  .tuple(
    fc.dictionary(
      fc.constantFrom(...LABEL_NAMES),
      fc.array(
        fc.oneof(
          fc.string({ maxLength: 8 }),
          fc.integer(),
          fc.constantFrom({ prefix: 'x' }, { suffix: '-1' }, { 'anything-but': ['a', 'b'] }, { numeric: ['>', 0, '<=', 5] }, { exists: true }, { 'equals-ignore-case': 'X' }, { wildcard: 'a*' }, { cidr: '10.0.0.0/24' }),
        ),
        { minLength: 1, maxLength: 3 },
      ),
      { minKeys: 1, maxKeys: 3 },
    ),
    fc.option(fc.tuple(fc.constantFrom(...LABEL_NAMES), fc.constantFrom(...LABEL_NAMES))),
  )
  .map(([fields, or]) => (or === null ? fields : { ...fields, $or: [{ [or[0]]: ['x'] }, { [or[1]]: [{ prefix: 'y' }] }] }));

const replacement = fc.oneof(
  { arbitrary: fc.jsonValue({ maxDepth: 2 }), weight: 3 },
  { arbitrary: fc.constantFrom(...VALUES), weight: 3 },
  { arbitrary: patternValue, weight: 1 },
);

type Mutation =
  | { op: 'delete'; path: JsonPath }
  | { op: 'replace'; path: JsonPath; value: unknown }
  | { op: 'add'; path: JsonPath; key: string; value: unknown };

const valueAt = (root: unknown, path: JsonPath): unknown =>
  path.reduce<unknown>((node, key) => (node as Record<string | number, unknown>)[key], root);

const applyMutation = (root: Record<string, unknown>, mutation: Mutation): void => {
  if (mutation.op === 'add') {
    const target = valueAt(root, mutation.path);
    if (typeof target === 'object' && target !== null && !Array.isArray(target)) {
      // defineProperty: a plain assignment of "__proto__" would set the prototype, not a key.
      Object.defineProperty(target, mutation.key, { value: mutation.value, enumerable: true, writable: true, configurable: true });
    } else if (Array.isArray(target)) {
      target.push(mutation.value);
    }
    return;
  }
  const parent = valueAt(root, mutation.path.slice(0, -1)) as Container;
  const key = mutation.path[mutation.path.length - 1] as string | number;
  if (Array.isArray(parent)) {
    if (mutation.op === 'delete') parent.splice(key as number, 1);
    else parent[key as number] = mutation.value;
  } else if (mutation.op === 'delete') {
    delete parent[key];
  } else {
    parent[key] = mutation.value;
  }
};

/** A mutation at one of `paths`; the root (`[]`) only gets keys added. */
const mutationOf = (paths: readonly JsonPath[]): fc.Arbitrary<Mutation> =>
  fc.constantFrom(...paths).chain((path) => {
    const add = fc.tuple(fc.oneof(fc.constantFrom(...KEYS), fc.string({ maxLength: 8 })), replacement).map(([key, value]): Mutation => ({ op: 'add', path, key, value }));
    if (path.length === 0) return add;
    return fc.oneof(
      fc.constant<Mutation>({ op: 'delete', path }),
      replacement.map((value): Mutation => ({ op: 'replace', path, value })),
      add,
    );
  });

/** A shipped configuration with one to four mutations (later ones may miss a path an earlier one removed). */
const mutatedConfig = fc.constantFrom(...BASES.map((base) => ({ base, paths: pathsOf(base) }))).chain(({ base, paths }) =>
  fc.array(mutationOf([[], ...paths]), { minLength: 1, maxLength: 4 }).map((mutations) => {
    const config = structuredClone(base);
    for (const mutation of mutations) {
      try {
        applyMutation(config, mutation);
      } catch {
        /* the path is gone */
      }
    }
    return stringify(config);
  }),
);

/** A shipped configuration's topics, and routes with random (valid or not) match and event patterns. */
const randomPatterns = fc
  .tuple(fc.constantFrom(...BASES), fc.array(fc.tuple(fc.option(fc.oneof(validPattern, patternValue)), fc.option(fc.oneof(validPattern, patternValue))), { minLength: 1, maxLength: 5 }))
  .map(([base, patterns]) =>
    stringify({
      topics: base.topics,
      routes: patterns.map(([match, event], i) => ({ name: `r${i}`, ...(match === null ? {} : { match }), ...(event === null ? {} : { event }), continue: true })),
    }),
  );

/** Routes nested around MAX_ROUTE_DEPTH, and a pattern nested around its own depth limit (64). */
const deepNesting = fc
  .tuple(fc.integer({ min: 1, max: MAX_ROUTE_DEPTH + 5 }), fc.integer({ min: 1, max: 80 }), fc.constantFrom(...BASES), fc.boolean())
  .map(([routeDepth, patternDepth, base, flow]) => {
    let pattern: unknown = ['x'];
    for (let i = 0; i < patternDepth; i++) pattern = { detail: pattern };
    let routes: unknown[] = [{ name: 'leaf', event: 'PATTERN' }];
    for (let i = 0; i < routeDepth; i++) routes = [{ name: `level${i}`, match: { severity: ['info'] }, routes }];
    // Block or flow style for the tree; the pattern as one line of JSON (which is YAML), as block
    // indentation 80 levels deep would make the text huge and the run slow.
    return stringify({ ...structuredClone(base), routes }, flow ? { collectionStyle: 'flow' } : undefined).replace('event: PATTERN', `event: ${JSON.stringify(pattern)}`);
  });

/** Shipped configuration text with random edits: syntax errors inside otherwise sound files. */
const editedText = fc
  .tuple(fc.constantFrom(...BASES.map((base) => stringify(base))), fc.array(fc.tuple(fc.nat(), fc.nat({ max: 5 }), fc.constantFrom(...YAML_TOKENS, '')), { minLength: 1, maxLength: 3 }))
  .map(([text, edits]) => edits.reduce((out, [at, remove, insert]) => {
    const index = at % (out.length + 1);
    return out.slice(0, index) + insert + out.slice(index + remove);
  }, text));

// 10,000 documents in all; fast-check also shrinks a failure to a minimal document before reporting.
const RUNS = { randomText: 2_200, yamlishText: 2_500, jsonAsYaml: 1_700, editedText: 700, mutatedConfig: 2_000, randomPatterns: 600, deepNesting: 300 } as const;

describe('loadConfigText never throws and yields a configuration or an error, located in the file', () => {
  it.each<{ case: string; arbitrary: fc.Arbitrary<string>; numRuns: number }>([
    { case: 'random text', arbitrary: randomText, numRuns: RUNS.randomText },
    { case: 'random YAML tokens', arbitrary: yamlishText, numRuns: RUNS.yamlishText },
    { case: 'random JSON written as YAML', arbitrary: jsonAsYaml, numRuns: RUNS.jsonAsYaml },
    { case: 'shipped configurations with random text edits', arbitrary: editedText, numRuns: RUNS.editedText },
    { case: 'shipped configurations with one to four mutations', arbitrary: mutatedConfig, numRuns: RUNS.mutatedConfig },
    { case: 'random patterns in match and event', arbitrary: randomPatterns, numRuns: RUNS.randomPatterns },
    { case: 'deeply nested routes and patterns', arbitrary: deepNesting, numRuns: RUNS.deepNesting },
  ])('$case', ({ arbitrary, numRuns }) => {
    fc.assert(fc.property(arbitrary, (text) => { checkOutcome(text); }), { numRuns });
  });
});
