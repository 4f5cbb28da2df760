import { toSingleLine, truncate, truncateUtf8, utf8Length } from '../../shared/deliver';

describe('toSingleLine', () => {
  it.each([
    { case: 'CR/LF', input: 'a\r\nb\nc', output: 'a b c' },
    { case: 'line and paragraph separators, NEL', input: 'a\u2028b\u2029c\u0085d', output: 'a b c d' },
    { case: 'escape sequences', input: 'a\u001b[31mb', output: 'a [31mb' },
    { case: 'bidi overrides, isolates and marks', input: 'a\u202Eb\u2067c\u200Fd\u061Ce', output: 'a b c d e' },
    { case: 'invisible characters', input: 'a\u200Bb\u2060c\uFEFFd', output: 'a b c d' },
    { case: 'emoji joiners', input: '👩\u200D👩\u200D👧', output: '👩\u200D👩\u200D👧' },
    { case: 'runs of whitespace', input: '  a \t\t b  ', output: 'a b' },
  ])('$case', ({ input, output }) => {
    expect(toSingleLine(input)).toBe(output);
  });
});

describe('truncate and truncateUtf8', () => {
  const MiB = 1024 * 1024;
  it.each([
    { case: 'short text', text: 'abc', max: 10, chars: 'abc', bytes: 'abc' },
    { case: 'ASCII', text: 'abcdefghij', max: 6, chars: 'abcde…', bytes: 'abc…' },
    { case: 'family emoji', text: `ab${'👩‍👩‍👧'.repeat(3)}`, max: 12, chars: 'ab👩‍👩‍👧…', bytes: 'ab…' },
    { case: 'flags stay paired', text: '🇺🇸🇫🇷🇩🇪🇯🇵', max: 12, chars: '🇺🇸🇫🇷…', bytes: '🇺🇸…' },
    { case: 'combining accents', text: 'e\u0301'.repeat(5), max: 6, chars: 'e\u0301e\u0301…', bytes: 'e\u0301…' },
    { case: 'CR LF stays whole', text: 'abc\r\nd', max: 5, chars: 'abc…', bytes: 'ab…' },
  ])('$case', ({ text, max, chars, bytes }) => {
    expect(truncate(text, max)).toBe(chars);
    expect(truncateUtf8(text, max)).toBe(bytes);
    expect(utf8Length(truncateUtf8(text, max))).toBeLessThanOrEqual(max);
  });

  it.each([
    { case: 'ASCII', unit: 'x' },
    { case: 'family emoji', unit: '👩‍👩‍👧' },
    { case: 'flags', unit: '🇺🇸' },
    { case: 'combining accents', unit: 'e\u0301' },
    { case: 'CJK', unit: '漢' },
  ])('cuts a megabyte of $case on a cluster boundary', ({ unit }) => {
    const text = unit.repeat(Math.ceil(MiB / unit.length));
    for (const max of [1_000, 99_999, 240 * 1024]) {
      const chars = truncate(text, max);
      expect(chars.length).toBeLessThanOrEqual(max);
      expect(chars.slice(0, -1).length % unit.length).toBe(0);
      const bytes = truncateUtf8(text, max);
      expect(utf8Length(bytes)).toBeLessThanOrEqual(max);
      expect(bytes.slice(0, -1).length % unit.length).toBe(0);
    }
  });
});
