import { checkPattern, compilePattern } from '../../shared/pattern';
import { loadCorpus } from './corpus';

/**
 * The corpus of named (pattern, event, expected) cases under test/fixtures/patterns: every
 * example of the EventBridge user guide's pattern pages, then every operator with its edge
 * cases (types, null, missing fields, arrays, arrays of objects, `$or`, prototype keys).
 */
const CORPUS = loadCorpus();

describe('compilePattern: the corpus', () => {
  it('holds every documented example and 150+ cases, each named once per topic', () => {
    expect(CORPUS.length).toBeGreaterThanOrEqual(150);
    expect(CORPUS.filter((entry) => entry.topic === 'docs-examples').length).toBeGreaterThanOrEqual(70);
    const names = CORPUS.map((entry) => `${entry.topic}: ${entry.case}`);
    expect(new Set(names).size).toBe(names.length);
  });

  it.each(CORPUS)('$topic: $case', ({ pattern, event, matches, options }) => {
    expect(checkPattern(pattern)).toEqual([]);
    const compiled = compilePattern(pattern, options);
    expect(compiled.matches(event)).toBe(matches);
    // explain() walks the same tree with reasons and must always agree.
    expect(compiled.explain(event).matched).toBe(matches);
  });
});

describe('compilePattern: events that are not JSON objects', () => {
  const catchAll = compilePattern({ anything: [{ exists: false }] });

  it.each([
    { case: 'null', event: null },
    { case: 'undefined', event: undefined },
    { case: 'a string', event: '{"anything": 1}' },
    { case: 'a number', event: 42 },
    { case: 'an array', event: [{}] },
  ])('never matches $case, even a pattern of exists: false only', ({ event }) => {
    expect(catchAll.matches(event)).toBe(false);
    expect(catchAll.explain(event)).toEqual({ matched: false, fields: [{ path: '', ok: false, detail: expect.stringMatching(/^the event is not a JSON object/) }] });
  });

  it('matches an empty object when the pattern only asks for absence', () => {
    expect(catchAll.matches({})).toBe(true);
  });
});

describe('compilePattern: hostile events', () => {
  const pattern = compilePattern({ detail: { a: ['x'], list: [{ prefix: 'p' }] } });

  it.each([
    {
      case: 'a getter that throws',
      event: { detail: Object.defineProperty({}, 'a', { enumerable: true, get: () => { throw new Error('boom'); } }) },
    },
    {
      case: 'a proxy that throws on every read',
      event: { detail: new Proxy({}, { get: () => { throw new Error('trap'); }, has: () => { throw new Error('trap'); }, getOwnPropertyDescriptor: () => { throw new Error('trap'); } }) },
    },
  ])('returns false, and explain reports it, for $case', ({ event }) => {
    expect(pattern.matches(event)).toBe(false);
    expect(pattern.explain(event).matched).toBe(false);
    expect(pattern.explain(event).fields[0]?.detail).toMatch(/could not be read/);
  });

  it('stops at cyclic arrays and absurdly nested arrays', () => {
    const cycle: unknown[] = ['q'];
    cycle.push(cycle, [cycle, [cycle]]);
    let deep: unknown = ['p-deep'];
    for (let i = 0; i < 10_000; i++) deep = [deep];
    expect(pattern.matches({ detail: { a: 'x', list: cycle } })).toBe(false);
    expect(pattern.matches({ detail: { a: 'x', list: deep } })).toBe(false);
    expect(pattern.matches({ detail: { a: 'x', list: [cycle, 'p1'] } })).toBe(true);
    expect(pattern.explain({ detail: { a: 'x', list: [cycle, 'p1'] } }).matched).toBe(true);
  });

  it('follows a cyclic object only as deep as the pattern goes', () => {
    const event: Record<string, unknown> = { a: 'x' };
    event.detail = event;
    event.list = ['pp'];
    expect(pattern.matches(event)).toBe(true);
  });

  it('ignores fields on a polluted prototype', () => {
    const polluted = Object.create({ a: 'x', list: ['p'] }) as Record<string, unknown>;
    expect(pattern.matches({ detail: polluted })).toBe(false);
  });

  it('treats undefined, functions and symbols as missing, not as values', () => {
    const exists = compilePattern({ v: [{ exists: true }] });
    expect(exists.matches({ v: undefined })).toBe(false);
    expect(exists.matches({ v: () => 1 })).toBe(false);
    expect(exists.matches({ v: Symbol('s') })).toBe(false);
    expect(exists.matches({ v: [undefined, () => 1] })).toBe(false);
  });
});
