import { formatIssue, loadConfigText } from '../../shared/config';
import { compileConfigText } from '../../shared/compile';
import { isTimeIntervalCurrent } from '../../shared/gate/time-intervals';

/**
 * The noise-control sections of `herald.yml` (`silences`, `time_intervals`, `inhibit`, and the
 * routes' `mute_time_intervals` / `active_time_intervals`): every problem as `herald check`
 * prints it (file, line, column, path, message), then what a valid file compiles to.
 */

const FILE = 'herald.yml';

/** A YAML document, one argument per line, so the line numbers in the table can be counted. */
const yaml = (...lines: string[]): string => `${lines.join('\n')}\n`;

const SILENCE_KEYS = 'matchers, starts, ends, comment, created_by';
const INTERVAL_KEYS = 'weekdays, times, location';
const DATE_TIME = 'expected an ISO 8601 date-time with a time zone, e.g. "2026-12-01T22:00:00Z" or "2026-12-01T23:00:00+01:00"';
const WEEKDAY = 'expected a weekday (lowercase, "monday" to "sunday") or a range such as "monday:friday", got';
const TIME = 'expected a time of day "HH:MM" from "00:00" to "24:00"';
const MIDNIGHT = 'one that crosses midnight is written as two entries, e.g. {start: "22:00", end: "24:00"} and {start: "00:00", end: "06:00"}';
const ZONE = 'expected an IANA time zone such as "Europe/Berlin" or "UTC"';
const UNUSED = 'is never used: no route names it in mute_time_intervals or active_time_intervals';

/** One silence that is valid until 2099, written on one line after `silences:`. */
const SILENCE = '  - {matchers: {cluster: [prod]}, ends: "2099-01-01T00:00:00Z", comment: upgrade}';

const TABLE: { case: string; text: string; loads?: boolean; issues: string[] }[] = [
  // References from routes to time intervals.
  {
    case: 'undefined time intervals, at the root and nested, with a hint',
    text: yaml(
      'topics: {}', 'time_intervals:', '  weekends: {weekdays: [saturday:sunday]}', 'default:', '  mute_time_intervals: [weekend]', 'routes:',
      '  - name: a', '    match: {severity: [info]}', '    routes:', '      - name: b', '        active_time_intervals: [weekends, office-hours]',
    ),
    issues: [
      'herald.yml:5:25: default.mute_time_intervals[0]: undefined time interval "weekend" used in route "default" (did you mean "weekends"?); defined time intervals: weekends',
      'herald.yml:11:43: routes[0].routes[0].active_time_intervals[1]: undefined time interval "office-hours" used in route "b"; defined time intervals: weekends',
    ],
  },
  {
    case: 'a time interval when none is defined',
    text: yaml('topics: {}', 'routes:', '  - name: a', '    mute_time_intervals: [nights]'),
    issues: ['herald.yml:4:27: routes[0].mute_time_intervals[0]: undefined time interval "nights" used in route "a"; defined time intervals: (none)'],
  },
  {
    case: 'time interval names that are not strings',
    text: yaml('topics: {}', 'default:', '  mute_time_intervals: nights', '  active_time_intervals: [1, ""]'),
    issues: [
      'herald.yml:3:24: default.mute_time_intervals: expected a list, got the string "nights"',
      'herald.yml:4:27: default.active_time_intervals[0]: expected a string, got the number 1',
      'herald.yml:4:30: default.active_time_intervals[1]: expected a non-empty value, got the string ""',
    ],
  },

  // Time intervals.
  {
    case: 'a time interval never used',
    text: yaml('topics: {}', 'time_intervals:', '  nights: {times: [{start: "00:00", end: "06:00"}]}', '  weekends: {weekdays: [saturday, sunday]}', 'default:', '  mute_time_intervals: [weekends]'),
    loads: true,
    issues: [`herald.yml:3:3: warning: time_intervals.nights: time interval "nights" ${UNUSED}`],
  },
  {
    case: 'unknown keys in a time interval, a list entry and a time range',
    text: yaml(
      'topics: {}', 'time_intervals:', '  a: {wekdays: [monday], timezone: UTC}', '  b:', '    - {locaton: UTC}', '    - {times: [{start: "09:00", stop: "17:00"}]}',
      'default:', '  mute_time_intervals: [a, b]',
    ),
    issues: [
      `herald.yml:3:7: time_intervals.a.wekdays: unknown key "wekdays" (did you mean "weekdays"?); expected one of: ${INTERVAL_KEYS}`,
      `herald.yml:3:26: time_intervals.a.timezone: unknown key "timezone"; expected one of: ${INTERVAL_KEYS}`,
      `herald.yml:5:8: time_intervals.b[0].locaton: unknown key "locaton" (did you mean "location"?); expected one of: ${INTERVAL_KEYS}`,
      'herald.yml:6:16: time_intervals.b[1].times[0]: missing required key "end"',
      'herald.yml:6:33: time_intervals.b[1].times[0].stop: unknown key "stop"; expected one of: start, end',
    ],
  },
  {
    case: 'an unknown key in a list entry of an interval named "times"',
    text: yaml('topics: {}', 'time_intervals:', '  times: [{wekdays: [monday]}]', 'default:', '  mute_time_intervals: [times]'),
    issues: [`herald.yml:3:12: time_intervals.times[0].wekdays: unknown key "wekdays" (did you mean "weekdays"?); expected one of: ${INTERVAL_KEYS}`],
  },
  {
    case: 'time intervals that are neither a mapping nor a non-empty list, and a bad name',
    text: yaml('topics: {}', 'time_intervals:', '  a: 5', '  b: []', '  c: null', '  1st: {}', 'default:', '  mute_time_intervals: [a, b, c]'),
    issues: [
      'herald.yml:3:6: time_intervals.a: expected a time interval (a mapping of weekdays, times and location) or a non-empty list of them, got the number 5',
      'herald.yml:4:6: time_intervals.b: expected a non-empty value, got a list',
      'herald.yml:5:6: time_intervals.c: expected a time interval (a mapping of weekdays, times and location) or a non-empty list of them, got null',
      'herald.yml:6:3: time_intervals.1st: expected a time interval name: a letter, then letters, digits, "-" or "_" (at most 64)',
    ],
  },
  {
    case: 'invalid weekdays and ranges, with hints for capitals and abbreviations',
    text: yaml('topics: {}', 'time_intervals:', '  a:', '    weekdays: [Monday, tue, funday, "monday:Fri", "monday:tuesday:friday", ""]', '  b: {weekdays: []}', 'default:', '  mute_time_intervals: [a, b]'),
    issues: [
      `herald.yml:4:16: time_intervals.a.weekdays[0]: ${WEEKDAY} "Monday" (did you mean "monday"?)`,
      `herald.yml:4:24: time_intervals.a.weekdays[1]: ${WEEKDAY} "tue" (did you mean "tuesday"?)`,
      `herald.yml:4:29: time_intervals.a.weekdays[2]: ${WEEKDAY} "funday"`,
      `herald.yml:4:37: time_intervals.a.weekdays[3]: ${WEEKDAY} "monday:Fri" (did you mean "friday"?)`,
      `herald.yml:4:51: time_intervals.a.weekdays[4]: ${WEEKDAY} "monday:tuesday:friday"`,
      `herald.yml:4:76: time_intervals.a.weekdays[5]: ${WEEKDAY} ""`,
      'herald.yml:5:17: time_intervals.b.weekdays: expected a non-empty value, got a list',
    ],
  },
  {
    case: 'invalid times of day, and ranges that end before they start',
    text: yaml(
      'topics: {}', 'time_intervals:', '  a:', '    times:', '      - {start: "9:00", end: "24:01"}', '      - {start: "17:00", end: "09:00"}', '      - {start: "22:00", end: "06:00"}',
      '      - {start: "10:00", end: "10:00"}', '      - {start: "12:60", end: 1300}', '  b: {times: []}', 'default:', '  mute_time_intervals: [a, b]',
    ),
    issues: [
      `herald.yml:5:17: time_intervals.a.times[0].start: ${TIME}`,
      `herald.yml:5:30: time_intervals.a.times[0].end: ${TIME}`,
      `herald.yml:6:31: time_intervals.a.times[1].end: a time range must start before it ends, "17:00" to "09:00" does not; ${MIDNIGHT}`,
      `herald.yml:7:31: time_intervals.a.times[2].end: a time range must start before it ends, "22:00" to "06:00" does not; ${MIDNIGHT}`,
      `herald.yml:8:31: time_intervals.a.times[3].end: a time range must start before it ends, "10:00" to "10:00" does not; ${MIDNIGHT}`,
      `herald.yml:9:17: time_intervals.a.times[4].start: ${TIME}`,
      'herald.yml:9:31: time_intervals.a.times[4].end: expected a string, got the number 1300',
      'herald.yml:10:14: time_intervals.b.times: expected a non-empty value, got a list',
    ],
  },
  {
    case: 'unknown time zones, in a mapping and in a list',
    text: yaml('topics: {}', 'time_intervals:', '  a: {location: Berlin}', '  b: [{location: UTC}, {location: Mars/Olympus_Mons}]', 'default:', '  mute_time_intervals: [a, b]'),
    issues: [`herald.yml:3:17: time_intervals.a.location: ${ZONE}`, `herald.yml:4:35: time_intervals.b[1].location: ${ZONE}`],
  },
  {
    case: 'valid time intervals: ranges, 24:00, zones, lists, an empty mapping',
    text: yaml(
      'topics: {}', 'time_intervals:', '  office-hours:', '    weekdays: ["monday:friday"]', '    times: [{start: "09:00", end: "17:30"}]', '    location: Europe/Berlin',
      '  nights:', '    - {times: [{start: "22:00", end: "24:00"}], location: America/New_York}', '    - {times: [{start: "00:00", end: "06:00"}], location: America/New_York}',
      '  long-weekend: {weekdays: [friday:monday]}', '  always: {}', 'default:', '  active_time_intervals: [office-hours, always]',
      'routes:', '  - name: a', '    match: {severity: [info]}', '    mute_time_intervals: [nights, long-weekend]',
    ),
    loads: true,
    issues: [],
  },

  // Inhibition presets.
  {
    case: 'an unknown inhibition preset',
    text: yaml('topics: {}', 'inhibit: [deployments, deploys]'),
    issues: ['herald.yml:2:24: inhibit[1]: expected "deployments" or "infrastructure", got the string "deploys"'],
  },
  {
    case: 'a preset twice',
    text: yaml('topics: {}', 'inhibit: [infrastructure, deployments, infrastructure]'),
    issues: ['herald.yml:2:40: inhibit[2]: duplicate preset "infrastructure"'],
  },
  { case: 'a preset not in a list', text: yaml('topics: {}', 'inhibit: deployments'), issues: ['herald.yml:2:10: inhibit: expected a list, got the string "deployments"'] },

  // Silences.
  {
    case: 'a silence missing its required keys, with a misspelt one',
    text: yaml('topics: {}', 'silences:', '  - matcher: {cluster: [prod]}', '    starts: "2099-01-01T00:00:00Z"'),
    issues: [
      'herald.yml:3:5: silences[0]: missing required key "matchers"',
      'herald.yml:3:5: silences[0]: missing required key "ends"',
      'herald.yml:3:5: silences[0]: missing required key "comment"',
      `herald.yml:3:5: silences[0].matcher: unknown key "matcher" (did you mean "matchers"?); expected one of: ${SILENCE_KEYS}`,
    ],
  },
  {
    case: 'date-times without a time zone, or not a date-time at all',
    text: yaml(
      'topics: {}', 'silences:', '  - matchers: {cluster: [prod]}', '    starts: 2099-01-01T00:00:00', '    ends: 2099-02-30T00:00:00Z', '    comment: a',
      '  - matchers: {cluster: [prod]}', '    starts: "2099-01-01 00:00:00Z"', '    ends: tomorrow', '    comment: b', '  - matchers: {cluster: [prod]}', '    ends: 2099-01-01', '    comment: c',
      '  - matchers: {cluster: [prod]}', '    ends: 4102444800000', '    comment: d',
    ),
    issues: [
      `herald.yml:4:13: silences[0].starts: ${DATE_TIME}`,
      `herald.yml:5:11: silences[0].ends: ${DATE_TIME}`,
      `herald.yml:8:13: silences[1].starts: ${DATE_TIME}`,
      `herald.yml:9:11: silences[1].ends: ${DATE_TIME}`,
      `herald.yml:12:11: silences[2].ends: ${DATE_TIME}`,
      'herald.yml:15:11: silences[3].ends: expected a string, got the number 4102444800000',
    ],
  },
  {
    case: 'empty comments and author',
    text: yaml('topics: {}', 'silences:', '  - {matchers: {cluster: [prod]}, ends: "2099-01-01T00:00:00Z", comment: "  ", created_by: ""}', '  - {matchers: {cluster: [prod]}, ends: "2099-01-01T00:00:00Z", comment: ""}'),
    issues: [
      'herald.yml:3:74: silences[0].comment: expected a comment saying why the alerts are muted',
      'herald.yml:3:92: silences[0].created_by: expected a non-empty value, got the string ""',
      'herald.yml:4:74: silences[1].comment: expected a comment saying why the alerts are muted',
    ],
  },
  {
    case: 'a silence that ends before it starts, in another offset',
    text: yaml('topics: {}', 'silences:', '  - matchers: {cluster: [prod]}', '    starts: "2099-01-01T12:00:00+02:00"', '    ends: "2099-01-01T10:00:00Z"', '    comment: upgrade'),
    issues: ['herald.yml:5:11: silences[0].ends: the silence ends before it starts: ends 2099-01-01T10:00:00Z is not after starts 2099-01-01T12:00:00+02:00'],
  },
  {
    case: 'a silence that has ended: a warning',
    text: yaml('topics: {}', 'silences:', '  - matchers: {cluster: [prod]}', '    starts: 2020-01-01T00:00:00Z', '    ends: 2020-01-02T00:00+01:00', '    comment: upgrade'),
    loads: true,
    issues: ['herald.yml:5:11: warning: silences[0].ends: silence ended at 2020-01-02T00:00+01:00; it mutes nothing'],
  },
  {
    case: 'invalid matchers, checked as a route\'s match',
    text: yaml(
      'topics: {}', 'silences:', '  - matchers: {}', '    ends: "2099-01-01T00:00:00Z"', '    comment: a', '  - matchers: {cluster: prod, servce: [{prefx: pay}]}', '    ends: "2099-01-01T00:00:00Z"', '    comment: b',
      '  - matchers: [cluster]', '    ends: "2099-01-01T00:00:00Z"', '    comment: c',
    ),
    issues: [
      'herald.yml:3:15: silences[0].matchers: must not be an empty object; give at least one field',
      'herald.yml:6:25: silences[1].matchers.cluster: must be an array of values and operator objects, or an object of fields; got "prod"',
      'herald.yml:6:31: warning: silences[1].matchers.servce: "servce" is not a built-in label (did you mean "service"?); it only matches when a resource tag of that name exists',
      'herald.yml:6:48: silences[1].matchers.servce[0].prefx: unknown operator "prefx" (did you mean "prefix"?); operators are "prefix", "suffix", "equals-ignore-case", "wildcard", "anything-but", "numeric", "exists", "cidr"',
      'herald.yml:9:15: silences[2].matchers: expected a mapping, got a list',
    ],
  },
  {
    case: 'valid silences: with and without a start, an author, $or and a tag in matchers',
    text: yaml(
      'topics: {}', 'silences:', SILENCE, '  - matchers: {$or: [{service: [{prefix: batch-}]}, {team: [data]}]}', '    starts: 2099-01-01T00:00:00.250-05:00', '    ends: 2099-01-01T06:00-05:00',
      '    comment: batch window', '    created_by: ops@example.com',
    ),
    loads: true,
    issues: [
      'herald.yml:4:54: warning: silences[1].matchers.$or[1].team: "team" is not a built-in label; it only matches when a resource tag of that name exists',
    ],
  },
];

describe('loadConfigText: silences, time intervals, inhibition', () => {
  it.each(TABLE)('$case', ({ text, loads = false, issues }) => {
    const result = loadConfigText(text, FILE);
    expect({ loads: result.config !== undefined, issues: result.issues.map(formatIssue) }).toEqual({ loads, issues });
  });
});

/** A file with all three sections, as a team would write one. */
const HERALD_YML = yaml(
  'topics:',
  '  oncall: {emails: [oncall@example.com]}',
  'default:',
  '  notify: [oncall]',
  '  mute_time_intervals: [maintenance]',
  'routes:',
  '  - name: batch',
  '    match: {service: [{prefix: batch-}]}',
  '    active_time_intervals: [office-hours]',
  '    routes:',
  '      - name: batch-critical',
  '        match: {severity: [critical]}',
  '        active_time_intervals: []',
  'time_intervals:',
  '  office-hours:',
  '    weekdays: ["monday:friday"]',
  '    times: [{start: "09:00", end: "17:00"}]',
  '    location: Europe/Berlin',
  '  maintenance:',
  '    - {weekdays: [sunday], times: [{start: "02:00", end: "04:00"}]}',
  '    - {weekdays: [wednesday], times: [{start: "22:00", end: "24:00"}]}',
  'silences:',
  '  - matchers: {cluster: [prod], service: [api]}',
  '    starts: 2099-12-01T22:00:00Z',
  '    ends: 2099-12-02T01:00:00+01:00',
  '    comment: database upgrade',
  '  - matchers: {exitCode: [{numeric: [">=", 137]}]}',
  '    ends: 2099-01-01T00:00:00Z',
  '    comment: known OOM, fix in progress',
  '    created_by: jane',
  'inhibit: [deployments]',
);

describe('compileConfigText: silences, time intervals, inhibition', () => {
  const compiled = compileConfigText(HERALD_YML, FILE);

  it('compiles the silences in file order, matchers as a route\'s match', () => {
    expect(compiled.silences.map(({ matcher: _matcher, ...rest }) => rest)).toEqual([
      {
        id: 'herald.yml#0',
        written: '{"cluster":["prod"],"service":["api"]}',
        startsAt: Date.parse('2099-12-01T22:00:00Z'),
        endsAt: Date.parse('2099-12-02T00:00:00Z'),
        comment: 'database upgrade',
        createdBy: 'herald.yml',
        origin: 'config',
      },
      { id: 'herald.yml#1', written: '{"exitCode":[{"numeric":[">=",137]}]}', startsAt: 0, endsAt: Date.parse('2099-01-01T00:00:00Z'), comment: 'known OOM, fix in progress', createdBy: 'jane', origin: 'config' },
    ]);
  });

  it.each([
    { case: 'the labels silenced', silence: 0, labels: { cluster: 'prod', service: 'api' }, matches: true },
    { case: 'another service', silence: 0, labels: { cluster: 'prod', service: 'web' }, matches: false },
    { case: 'a numeric matcher against a string label', silence: 1, labels: { exitCode: '137' }, matches: true },
    { case: 'a lower exit code', silence: 1, labels: { exitCode: '1' }, matches: false },
  ])('silence matchers: $case', ({ silence, labels, matches }) => {
    expect(compiled.silences[silence]?.matcher.matches(labels)).toBe(matches);
  });

  it('compiles the time intervals by name', () => {
    expect(Object.fromEntries(compiled.timeIntervals)).toEqual({
      'office-hours': { name: 'office-hours', specs: [{ weekdays: new Set([1, 2, 3, 4, 5]), times: [{ startMinute: 540, endMinute: 1020 }], location: 'Europe/Berlin' }] },
      maintenance: {
        name: 'maintenance',
        specs: [
          { weekdays: new Set([0]), times: [{ startMinute: 120, endMinute: 240 }], location: 'UTC' },
          { weekdays: new Set([3]), times: [{ startMinute: 1320, endMinute: 1440 }], location: 'UTC' },
        ],
      },
    });
  });

  it.each([
    { case: 'office hours on a Tuesday morning in Berlin (CET)', name: 'office-hours', at: '2099-12-01T08:30:00Z', current: true },
    { case: 'office hours, 17:00 in Berlin is over', name: 'office-hours', at: '2099-12-01T16:00:00Z', current: false },
    { case: 'maintenance on a Wednesday night, UTC', name: 'maintenance', at: '2099-12-02T23:59:00Z', current: true },
    { case: 'maintenance, Thursday 00:00 UTC is over', name: 'maintenance', at: '2099-12-03T00:00:00Z', current: false },
  ])('$case', ({ name, at, current }) => {
    const interval = compiled.timeIntervals.get(name);
    expect(interval && isTimeIntervalCurrent(interval, Date.parse(at))).toBe(current);
  });

  it('gives routes their time intervals, inherited unless set', () => {
    const batch = compiled.routes.children[0];
    expect([compiled.routes.options, batch?.options, batch?.children[0]?.options].map((o) => [o?.muteTimeIntervals, o?.activeTimeIntervals])).toEqual([
      [['maintenance'], []],
      [['maintenance'], ['office-hours']],
      [['maintenance'], []],
    ]);
  });

  it('switches on the inhibition presets listed', () => {
    expect({ inhibit: compiled.inhibit, warnings: compiled.warnings }).toEqual({ inhibit: { deployments: true, infrastructure: false }, warnings: [] });
  });

  it('defaults to no silences, no time intervals, no inhibition', () => {
    const bare = compileConfigText(yaml('topics: {}'), FILE);
    expect({ silences: bare.silences, timeIntervals: bare.timeIntervals, inhibit: bare.inhibit }).toEqual({ silences: [], timeIntervals: new Map(), inhibit: { deployments: false, infrastructure: false } });
  });
});
