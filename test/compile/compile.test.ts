import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import configText from '../../herald.yml';
import { compileConfig, compileConfigText, validateConfigText } from '../../shared/compile';
import { EMBEDDED_CONFIG } from '../../shared/compile/embedded';

// The Lambda bundles embed herald.yml as JSON, validated at build time (scripts/build.mjs), and
// only compile it at start-up. That holds if the validated configuration is plain JSON data: a
// Map, Set, Date, RegExp or an `undefined` in it would not survive the trip, and the functions
// would run other rules than `herald check` and the tests see.

const ROOT = join(__dirname, '..', '..');

/** herald.yml, and every configuration the tests and the examples ship (all valid). */
const CONFIGS = [
  'herald.yml',
  ...readdirSync(join(ROOT, 'test', 'fixtures', 'config')).filter((f) => f.endsWith('.yml')).map((f) => join('test', 'fixtures', 'config', f)),
  ...readdirSync(join(ROOT, 'examples'), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .flatMap((entry) => readdirSync(join(ROOT, 'examples', entry.name)).filter((f) => f === 'herald.yml').map((f) => join('examples', entry.name, f))),
].map((file) => relative(ROOT, join(ROOT, file)));

/**
 * The compiled configuration with each function (a compiled pattern's matcher) replaced by its
 * source: two compilations of equal data build the same closures, which jest would compare by
 * identity.
 */
const comparable = (value: unknown): unknown => {
  if (typeof value === 'function') return `[function ${String(value)}]`;
  if (value instanceof Map) return new Map([...value].map(([k, v]) => [k, comparable(v)]));
  if (value instanceof Set) return new Set([...value].map(comparable));
  if (Array.isArray(value)) return value.map(comparable);
  if (typeof value === 'object' && value !== null && [Object.prototype, null].includes(Object.getPrototypeOf(value))) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, comparable(v)]));
  }
  return value;
};

describe('the validated configuration as JSON, as the Lambda bundles embed it', () => {
  it('covers herald.yml, the test configurations and the examples', () => {
    expect(CONFIGS).toEqual(expect.arrayContaining(['herald.yml', 'test/fixtures/config/remediation-live.yml', 'examples/per-team/herald.yml']));
  });

  it.each(CONFIGS.map((file) => ({ case: file, file })))('$case: is plain JSON data', ({ file }) => {
    const validated = validateConfigText(readFileSync(join(ROOT, file), 'utf8'), file);
    expect(JSON.parse(JSON.stringify(validated))).toStrictEqual(validated);
  });

  it.each(CONFIGS.map((file) => ({ case: file, file })))('$case: compiles from JSON as from the text', ({ file }) => {
    const text = readFileSync(join(ROOT, file), 'utf8');
    const fromJson = compileConfig(JSON.parse(JSON.stringify(validateConfigText(text, file))));
    expect(comparable(fromJson)).toStrictEqual(comparable(compileConfigText(text, file)));
  });

  it('is herald.yml validated, under jest (the build embeds what it validated instead)', () => {
    expect(EMBEDDED_CONFIG).toStrictEqual(validateConfigText(configText, 'herald.yml'));
  });
});
