import { parseTimeOfDay, parseWeekdays, type TimeIntervalConfig } from '../../shared/config';
import { compileTimeInterval, currentTimeInterval, isTimeIntervalCurrent } from '../../shared/gate/time-intervals';

/**
 * Time intervals read on the wall clock of their zone, at fixed instants: weekdays and ranges,
 * `24:00`, several entries, the UTC default, and both daylight-saving changes of Europe/Berlin
 * in 2026 (March 29: 02:00 CET jumps to 03:00 CEST; October 25: 03:00 CEST falls back to 02:00 CET)
 * and of America/New_York.
 */

const INTERVALS: Readonly<Record<string, TimeIntervalConfig | TimeIntervalConfig[]>> = {
  'berlin-night': { times: [{ start: '00:00', end: '03:00' }], location: 'Europe/Berlin' },
  'berlin-two-am': { times: [{ start: '02:00', end: '03:00' }], location: 'Europe/Berlin' },
  'berlin-office': { weekdays: ['monday:friday'], times: [{ start: '09:00', end: '17:00' }], location: 'Europe/Berlin' },
  'new-york-friday-evening': { weekdays: ['friday'], times: [{ start: '17:00', end: '24:00' }], location: 'America/New_York' },
  weekend: { weekdays: ['saturday:sunday'] },
  'long-weekend': { weekdays: ['friday:monday'] },
  'late-evening': { times: [{ start: '22:00', end: '24:00' }] },
  'split-day': { times: [{ start: '06:00', end: '08:00' }, { start: '18:00', end: '20:00' }] },
  'weekend-or-night': [{ weekdays: ['saturday', 'sunday'] }, { times: [{ start: '00:00', end: '06:00' }] }],
  always: {},
};

const compiled = new Map(Object.entries(INTERVALS).map(([name, config]) => [name, compileTimeInterval(name, config)]));

describe('isTimeIntervalCurrent', () => {
  it.each([
    // Europe/Berlin, spring forward: 01:59 CET is followed by 03:00 CEST.
    { case: 'Berlin 01:59 CET, before the switch', name: 'berlin-night', at: '2026-03-29T00:59:00Z', current: true },
    { case: 'Berlin 03:00 CEST, right after the switch', name: 'berlin-night', at: '2026-03-29T01:00:00Z', current: false },
    { case: 'Berlin 01:30 CET: 02:00-03:00 has not begun', name: 'berlin-two-am', at: '2026-03-29T00:30:00Z', current: false },
    { case: 'Berlin 03:30 CEST: 02:00-03:00 was skipped', name: 'berlin-two-am', at: '2026-03-29T01:30:00Z', current: false },
    { case: 'Berlin office, Monday 09:00 CEST after the switch', name: 'berlin-office', at: '2026-03-30T07:00:00Z', current: true },
    { case: 'Berlin office, Monday 08:59 CEST', name: 'berlin-office', at: '2026-03-30T06:59:00Z', current: false },
    { case: 'Berlin office, Friday 08:30 CET before the switch', name: 'berlin-office', at: '2026-03-27T07:30:00Z', current: false },
    { case: 'Berlin office, Friday 09:00 CET', name: 'berlin-office', at: '2026-03-27T08:00:00Z', current: true },
    { case: 'Berlin office, Friday 16:59 CET', name: 'berlin-office', at: '2026-03-27T15:59:00Z', current: true },
    { case: 'Berlin office, Friday 17:00 CET: the end is exclusive', name: 'berlin-office', at: '2026-03-27T16:00:00Z', current: false },
    { case: 'Berlin office, Saturday 10:00 CET', name: 'berlin-office', at: '2026-03-28T09:00:00Z', current: false },
    // Europe/Berlin, fall back: 02:00-03:00 happens twice.
    { case: 'Berlin 02:30 CEST, the first time', name: 'berlin-two-am', at: '2026-10-25T00:30:00Z', current: true },
    { case: 'Berlin 02:30 CET, the second time', name: 'berlin-two-am', at: '2026-10-25T01:30:00Z', current: true },
    { case: 'Berlin 03:00 CET, after the repeated hour', name: 'berlin-two-am', at: '2026-10-25T02:00:00Z', current: false },
    { case: 'Berlin 01:59 CEST, before the repeated hour', name: 'berlin-two-am', at: '2026-10-24T23:59:00Z', current: false },
    // America/New_York, in EDT and in EST; 24:00 as an end.
    { case: 'New York Friday 17:00 EDT', name: 'new-york-friday-evening', at: '2026-07-10T21:00:00Z', current: true },
    { case: 'New York Friday 16:59 EDT', name: 'new-york-friday-evening', at: '2026-07-10T20:59:00Z', current: false },
    { case: 'New York Friday 17:00 EST', name: 'new-york-friday-evening', at: '2026-11-06T22:00:00Z', current: true },
    { case: 'New York Friday 23:59 EST (Saturday in UTC)', name: 'new-york-friday-evening', at: '2026-11-07T04:59:00Z', current: true },
    { case: 'New York Saturday 00:00 EST', name: 'new-york-friday-evening', at: '2026-11-07T05:00:00Z', current: false },
    { case: 'New York Friday 21:00 EDT, a UTC Friday 17:00 would be over', name: 'new-york-friday-evening', at: '2026-07-11T01:00:00Z', current: true },
    // UTC when no location is given.
    { case: 'UTC Saturday 00:00 (already Saturday 01:00 in Berlin)', name: 'weekend', at: '2026-03-28T00:00:00Z', current: true },
    { case: 'UTC Friday 23:59 (Saturday 00:59 in Berlin)', name: 'weekend', at: '2026-03-27T23:59:00Z', current: false },
    { case: 'UTC Sunday 23:59', name: 'weekend', at: '2026-03-29T23:59:00Z', current: true },
    { case: 'UTC Monday 00:00', name: 'weekend', at: '2026-03-30T00:00:00Z', current: false },
    // A range that passes Sunday.
    { case: 'friday:monday on a Friday', name: 'long-weekend', at: '2026-03-27T12:00:00Z', current: true },
    { case: 'friday:monday on a Monday', name: 'long-weekend', at: '2026-03-30T12:00:00Z', current: true },
    { case: 'friday:monday on a Tuesday', name: 'long-weekend', at: '2026-03-31T12:00:00Z', current: false },
    { case: 'friday:monday on a Thursday', name: 'long-weekend', at: '2026-03-26T12:00:00Z', current: false },
    // 24:00: to the end of the day.
    { case: '22:00-24:00 at 21:59', name: 'late-evening', at: '2026-05-05T21:59:00Z', current: false },
    { case: '22:00-24:00 at 22:00', name: 'late-evening', at: '2026-05-05T22:00:00Z', current: true },
    { case: '22:00-24:00 at 23:59:59', name: 'late-evening', at: '2026-05-05T23:59:59Z', current: true },
    { case: '22:00-24:00 at midnight', name: 'late-evening', at: '2026-05-06T00:00:00Z', current: false },
    // Several times in one entry, several entries in one interval: any of them.
    { case: 'two time ranges, in the first', name: 'split-day', at: '2026-05-05T07:00:00Z', current: true },
    { case: 'two time ranges, in the second', name: 'split-day', at: '2026-05-05T19:59:00Z', current: true },
    { case: 'two time ranges, between them', name: 'split-day', at: '2026-05-05T12:00:00Z', current: false },
    { case: 'weekend or night: a Wednesday night', name: 'weekend-or-night', at: '2026-05-06T03:00:00Z', current: true },
    { case: 'weekend or night: a Wednesday noon', name: 'weekend-or-night', at: '2026-05-06T12:00:00Z', current: false },
    { case: 'weekend or night: a Saturday noon', name: 'weekend-or-night', at: '2026-05-09T12:00:00Z', current: true },
    { case: 'an interval with no condition', name: 'always', at: '2026-05-06T12:00:00Z', current: true },
  ])('$case', ({ name, at, current }) => {
    const interval = compiled.get(name);
    expect(interval && isTimeIntervalCurrent(interval, Date.parse(at))).toBe(current);
  });

  /** Minutes of a local day (from local midnight to local midnight) in which the interval is current. */
  it.each([
    { case: 'an ordinary Berlin day: one hour', from: '2026-03-21T23:00:00Z', to: '2026-03-22T23:00:00Z', minutes: 60 },
    { case: 'Berlin, March 29 (23 hours long): never', from: '2026-03-28T23:00:00Z', to: '2026-03-29T22:00:00Z', minutes: 0 },
    { case: 'Berlin, October 25 (25 hours long): twice', from: '2026-10-24T22:00:00Z', to: '2026-10-25T23:00:00Z', minutes: 120 },
  ])('02:00-03:00 Europe/Berlin over a day: $case', ({ from, to, minutes }) => {
    const interval = compiled.get('berlin-two-am');
    let count = 0;
    for (let at = Date.parse(from); at < Date.parse(to); at += 60_000) if (interval && isTimeIntervalCurrent(interval, at)) count++;
    expect(count).toBe(minutes);
  });
});

describe('currentTimeInterval', () => {
  const SATURDAY_NIGHT = Date.parse('2026-05-09T03:00:00Z');
  it.each([
    { case: 'the first current name, in the order given', names: ['split-day', 'weekend-or-night', 'weekend'], at: SATURDAY_NIGHT, current: 'weekend-or-night' },
    { case: 'another order', names: ['weekend', 'weekend-or-night'], at: SATURDAY_NIGHT, current: 'weekend' },
    { case: 'none current', names: ['split-day', 'late-evening'], at: SATURDAY_NIGHT, current: undefined },
    { case: 'a name without an interval', names: ['no-such-interval', 'always'], at: SATURDAY_NIGHT, current: 'always' },
    { case: 'no names', names: [], at: SATURDAY_NIGHT, current: undefined },
  ])('$case', ({ names, at, current }) => {
    expect(currentTimeInterval(names, compiled, at)).toBe(current);
  });
});

describe('compileTimeInterval', () => {
  it('compiles weekdays to numbers (0 is Sunday), times to minutes, UTC by default', () => {
    expect(compileTimeInterval('w', [{ weekdays: ['saturday:monday', 'wednesday'], times: [{ start: '08:30', end: '24:00' }] }, { location: 'Asia/Tokyo' }])).toEqual({
      name: 'w',
      specs: [
        { weekdays: new Set([6, 0, 1, 3]), times: [{ startMinute: 510, endMinute: 1440 }], location: 'UTC' },
        { location: 'Asia/Tokyo' },
      ],
    });
  });

  it.each([
    { case: 'an unknown zone', config: { location: 'Mars/Base' }, message: 'time interval "x": unknown time zone "Mars/Base"' },
    { case: 'an unknown weekday', config: { weekdays: ['Monday'] }, message: 'time interval "x": invalid weekday "Monday"' },
    { case: 'an invalid time', config: { times: [{ start: '9:00', end: '10:00' }] }, message: 'time interval "x": invalid time "9:00"' },
    { case: 'a range that ends before it starts', config: { times: [{ start: '22:00', end: '06:00' }] }, message: 'time interval "x": "22:00" is not before "06:00"' },
  ])('refuses $case (the schema reports it first)', ({ config, message }) => {
    expect(() => compileTimeInterval('x', config)).toThrow(new RangeError(message));
  });
});

describe('parseWeekdays', () => {
  it.each([
    { case: 'a day', entry: 'monday', days: [1] },
    { case: 'Sunday is 0', entry: 'sunday', days: [0] },
    { case: 'a range', entry: 'monday:friday', days: [1, 2, 3, 4, 5] },
    { case: 'a range passing Sunday', entry: 'friday:monday', days: [5, 6, 0, 1] },
    { case: 'a range of one day', entry: 'sunday:sunday', days: [0] },
    { case: 'a range of the whole week', entry: 'monday:sunday', days: [1, 2, 3, 4, 5, 6, 0] },
    { case: 'a capital', entry: 'Monday', days: undefined },
    { case: 'an abbreviation', entry: 'mon', days: undefined },
    { case: 'an open range', entry: 'monday:', days: undefined },
    { case: 'three days', entry: 'monday:tuesday:friday', days: undefined },
    { case: 'empty', entry: '', days: undefined },
  ])('$case: "$entry"', ({ entry, days }) => {
    expect(parseWeekdays(entry)).toEqual(days);
  });
});

describe('parseTimeOfDay', () => {
  it.each([
    { text: '00:00', minutes: 0 },
    { text: '09:30', minutes: 570 },
    { text: '23:59', minutes: 1439 },
    { text: '24:00', minutes: 1440 },
    { text: '24:01', minutes: undefined },
    { text: '25:00', minutes: undefined },
    { text: '12:60', minutes: undefined },
    { text: '9:00', minutes: undefined },
    { text: '09:00:00', minutes: undefined },
    { text: '0900', minutes: undefined },
  ])('"$text"', ({ text, minutes }) => {
    expect(parseTimeOfDay(text)).toBe(minutes);
  });
});
