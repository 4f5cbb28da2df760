import { parseSilenceTime } from '../../shared/config';
import { compileConfigSilences } from '../../shared/gate/silences-config';

/** Silences from `herald.yml`: their date-times, and the Silence objects they compile to. */

describe('parseSilenceTime', () => {
  it.each([
    { case: 'UTC', text: '2026-12-01T22:00:00Z', at: Date.UTC(2026, 11, 1, 22) },
    { case: 'an offset', text: '2026-12-01T23:00:00+01:00', at: Date.UTC(2026, 11, 1, 22) },
    { case: 'a negative offset', text: '2026-12-01T17:00:00-05:00', at: Date.UTC(2026, 11, 1, 22) },
    { case: 'no seconds', text: '2026-12-01T23:00+01:00', at: Date.UTC(2026, 11, 1, 22) },
    { case: 'milliseconds', text: '2026-12-01T22:00:00.250Z', at: Date.UTC(2026, 11, 1, 22, 0, 0, 250) },
    { case: 'a leap day', text: '2028-02-29T00:00:00Z', at: Date.UTC(2028, 1, 29) },
    { case: 'no time zone', text: '2026-12-01T22:00:00', at: undefined },
    { case: 'a date only', text: '2026-12-01', at: undefined },
    { case: 'a space for T', text: '2026-12-01 22:00:00Z', at: undefined },
    { case: 'a compact offset', text: '2026-12-01T23:00:00+0100', at: undefined },
    { case: 'February 30', text: '2026-02-30T00:00:00Z', at: undefined },
    { case: 'February 29 of a common year', text: '2026-02-29T00:00:00Z', at: undefined },
    { case: 'hour 24', text: '2026-12-01T24:00:00Z', at: undefined },
    { case: 'a lower-case z', text: '2026-12-01T22:00:00z', at: undefined },
    { case: 'words', text: 'tomorrow', at: undefined },
  ])('$case: "$text"', ({ text, at }) => {
    expect(parseSilenceTime(text)).toBe(at);
  });
});

describe('compileConfigSilences', () => {
  it('numbers silences by their place in the file, defaults the start and the author', () => {
    const silences = compileConfigSilences([
      { matchers: { cluster: ['prod'] }, ends: '2026-12-02T00:00:00Z', comment: ' upgrade ' },
      { matchers: { service: [{ prefix: 'batch-' }] }, starts: '2026-12-01T22:00:00+01:00', ends: '2026-12-01T23:00:00Z', comment: 'batch window', created_by: 'jane' },
    ]);
    expect(silences.map(({ matcher, ...rest }) => ({ ...rest, matches: [matcher.matches({ cluster: 'prod' }), matcher.matches({ service: 'batch-report' })] }))).toEqual([
      { id: 'herald.yml#0', written: '{"cluster":["prod"]}', startsAt: 0, endsAt: Date.UTC(2026, 11, 2), comment: 'upgrade', createdBy: 'herald.yml', origin: 'config', matches: [true, false] },
      {
        id: 'herald.yml#1',
        written: '{"service":[{"prefix":"batch-"}]}',
        startsAt: Date.UTC(2026, 11, 1, 21),
        endsAt: Date.UTC(2026, 11, 1, 23),
        comment: 'batch window',
        createdBy: 'jane',
        origin: 'config',
        matches: [false, true],
      },
    ]);
  });

  it('compiles no silences to none', () => {
    expect(compileConfigSilences(undefined)).toEqual([]);
  });

  it('refuses a time the schema would have refused', () => {
    expect(() => compileConfigSilences([{ matchers: { cluster: ['prod'] }, ends: '2026-12-01', comment: 'x' }])).toThrow(new RangeError('silences[0]: invalid date-time "2026-12-01"'));
  });
});
