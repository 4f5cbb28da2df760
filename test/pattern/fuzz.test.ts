import fc from 'fast-check';
import { checkPattern, compilePattern, type CompiledPattern, OPERATOR_NAMES, PatternError } from '../../shared/pattern';
import { loadCorpus } from './corpus';

/**
 * Properties over generated input. A failure prints fast-check's seed and path: pass them to
 * `fc.assert` (`{ seed, path }`) to replay it.
 *  - matches() never throws on any JSON event, and explain() always agrees with it;
 *  - checkPattern() never throws on any JSON value, and compilePattern() accepts exactly the
 *    patterns it finds no issue in (throwing a PatternError with those issues otherwise).
 */

const CORPUS = loadCorpus();

/** Field names and strings from the corpus, so generated events reach the patterns' paths. */
const collect = (value: unknown, names: Set<string>, strings: Set<string>): void => {
  if (typeof value === 'string') strings.add(value);
  else if (Array.isArray(value)) for (const item of value) collect(item, names, strings);
  else if (typeof value === 'object' && value !== null) {
    for (const [name, item] of Object.entries(value)) {
      names.add(name);
      collect(item, names, strings);
    }
  }
};
const NAMES = new Set<string>(['__proto__', 'constructor', 'toString', 'hasOwnProperty', '']);
const STRINGS = new Set<string>(['', '10.0.0.1', '2001:db8::1', '137', '-1.5e3', 'null', 'true']);
for (const entry of CORPUS) {
  collect(entry.pattern, NAMES, STRINGS);
  collect(entry.event, NAMES, STRINGS);
}

const name = fc.oneof(fc.constantFrom(...NAMES), fc.string({ maxLength: 6 }));
const text = fc.oneof(fc.constantFrom(...STRINGS), fc.string({ maxLength: 12 }));
const scalar = fc.oneof(text, fc.integer({ min: -1000, max: 1000 }), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean(), fc.constant(null));

/** JSON values shaped like events: objects keyed by the corpus's names, arrays of objects. */
const { json } = fc.letrec<{ json: unknown }>((tie) => ({
  json: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    scalar,
    fc.array(tie('json'), { maxLength: 4 }),
    fc.dictionary(name, tie('json'), { maxKeys: 5 }),
  ),
}));
const event = fc.oneof(fc.dictionary(name, json, { maxKeys: 6 }), fc.jsonValue(), json);

const compiledCorpus: CompiledPattern[] = CORPUS.map((entry) => compilePattern(entry.pattern, entry.options));

describe('fuzz: matching', () => {
  it('never throws on arbitrary JSON events, and explain() agrees with matches()', () => {
    fc.assert(
      fc.property(fc.nat({ max: compiledCorpus.length - 1 }), event, (index, candidate) => {
        const compiled = compiledCorpus[index] as CompiledPattern;
        const matched = compiled.matches(candidate);
        expect(typeof matched).toBe('boolean');
        expect(compiled.explain(candidate).matched).toBe(matched);
      }),
      { numRuns: 5000 },
    );
  });

  it('gives the same answer for an event and its JSON round trip', () => {
    fc.assert(
      fc.property(fc.nat({ max: compiledCorpus.length - 1 }), fc.dictionary(name, json, { maxKeys: 6 }), (index, candidate) => {
        const compiled = compiledCorpus[index] as CompiledPattern;
        expect(compiled.matches(JSON.parse(JSON.stringify(candidate)))).toBe(compiled.matches(candidate));
      }),
      { numRuns: 2000 },
    );
  });
});

/** Operands of every type, and the strings operators care about. */
const operand = fc.oneof(
  scalar,
  fc.constantFrom('10.0.0.0/24', '10.0.0.1/32', '::/64', 'a**b', '*.png', 'a\\b', '\\*', '>', '<=', '='),
  fc.array(fc.oneof(scalar, fc.constantFrom('>', '>=', '<', '<=', '=')), { maxLength: 5 }),
  fc.dictionary(fc.constantFrom('prefix', 'suffix', 'equals-ignore-case', 'wildcard', 'numeric', 'x'), fc.oneof(text, fc.array(text, { maxLength: 3 }), fc.integer()), { maxKeys: 2 }),
);
const operatorObject = fc.dictionary(fc.constantFrom(...OPERATOR_NAMES, 'prefx', 'NUMERIC', '$or'), operand, { maxKeys: 2 });
const condition = fc.oneof(scalar, operatorObject, fc.array(scalar, { maxLength: 2 }));

/** Pattern-shaped values, valid or not: fields, arrays of conditions, nested objects, $or. */
const { pattern } = fc.letrec<{ pattern: unknown }>((tie) => ({
  pattern: fc.dictionary(
    fc.oneof(name, fc.constant('$or')),
    fc.oneof(
      { depthSize: 'small' },
      fc.array(condition, { maxLength: 4 }),
      tie('pattern'),
      fc.array(tie('pattern'), { maxLength: 3 }),
      scalar,
    ),
    { maxKeys: 4 },
  ),
}));

/** Patterns that EventBridge accepts, built from valid conditions only. */
const validCondition = fc.oneof(
  scalar,
  text.map((value) => ({ prefix: value })),
  text.map((value) => ({ suffix: { 'equals-ignore-case': value } })),
  text.map((value) => ({ 'equals-ignore-case': value })),
  fc.constantFrom('*', '*.png', 'arn:*:ecs:*', 'a\\*b*', '').map((value) => ({ wildcard: value })),
  fc.oneof(text, fc.integer(), fc.array(text, { minLength: 1, maxLength: 3 })).map((value) => ({ 'anything-but': value })),
  fc.array(text.filter((value) => value !== ''), { minLength: 1, maxLength: 2 }).map((values) => ({ 'anything-but': { prefix: values } })),
  fc.tuple(fc.integer({ min: -100, max: 100 }), fc.integer({ min: 1, max: 100 })).map(([low, width]) => ({ numeric: ['>=', low, '<', low + width] })),
  fc.integer().map((value) => ({ numeric: ['=', value] })),
  fc.boolean().map((exists) => ({ exists })),
  fc.constantFrom('10.0.0.0/24', '0.0.0.0/0', '2001:db8::/32').map((cidr) => ({ cidr })),
);
const { validPattern } = fc.letrec<{ validPattern: Record<string, unknown> }>((tie) => ({
  validPattern: fc.dictionary(
    name.filter((key) => key !== '$or' && !(OPERATOR_NAMES as readonly string[]).includes(key)),
    fc.oneof({ depthSize: 'small' }, fc.array(validCondition, { minLength: 1, maxLength: 3 }), tie('validPattern')),
    { minKeys: 1, maxKeys: 3 },
  ),
}));

describe('fuzz: checking', () => {
  it('checkPattern never throws on arbitrary JSON, and compilePattern agrees with it', () => {
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), pattern), (candidate) => {
        const issues = checkPattern(candidate);
        for (const { path, message } of issues) {
          expect(typeof path).toBe('string');
          expect(message.length).toBeGreaterThan(0);
        }
        if (issues.length === 0) {
          expect(() => compilePattern(candidate)).not.toThrow();
        } else {
          expect(() => compilePattern(candidate)).toThrow(PatternError);
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('valid patterns compile, and their matchers never throw', () => {
    fc.assert(
      fc.property(validPattern, fc.array(event, { maxLength: 5 }), fc.boolean(), (candidate, events, numericStrings) => {
        expect(checkPattern(candidate)).toEqual([]);
        const compiled = compilePattern(candidate, { numericStrings });
        for (const one of events) expect(compiled.explain(one).matched).toBe(compiled.matches(one));
      }),
      { numRuns: 2000 },
    );
  });
});
