import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatDuration, formatIssue, loadConfigText, MAX_ROUTE_DEPTH, parseDuration } from '../../shared/config';

/**
 * loadConfigText: every problem of a `herald.yml`, as `herald check` prints it (file, line,
 * column, path, message), all at once and in file order. Each case compares the whole list.
 */

const FILE = 'herald.yml';
const ROOT = join(__dirname, '..', '..');

/** A YAML document, one argument per line, so the line numbers in the table can be counted. */
const yaml = (...lines: string[]): string => `${lines.join('\n')}\n`;

const ROOT_KEYS = 'version, clusters, enrich, topics, default, routes, actions, silences, time_intervals, inhibit, alarms, monitoring, history, accounts';
const TOPIC_KEYS = 'display_name, emails, arn, format, min_severity';
const OPTION_KEYS = 'notify, remediate, throttle, throttle_by, group_by, group_wait, group_interval, group_interval_max, repeat_interval, resolve_hold, severity, mute_time_intervals, active_time_intervals';
const ROUTE_KEYS = `name, match, event, continue, ${OPTION_KEYS}, routes`;
const DURATION = 'expected a duration such as "30s", "15m" or "1h30m" (units ms, s, m, h, d; at most 31d)';
const TOPIC_NAME = 'expected a topic name: a letter, then letters, digits, "-" or "_" (at most 64)';
const ROUTE_NAME = 'expected a route name: letters, digits, ".", ":", "-" or "_" (at most 128)';
const OPERATORS = '"prefix", "suffix", "equals-ignore-case", "wildcard", "anything-but", "numeric", "exists", "cidr"';
const NOT_A_FIELD = 'must be an array of values and operator objects, or an object of fields; got';
const NOT_A_LABEL = 'is not a built-in label';
const HEARTBEAT = 'expected a duration in whole hours from "1h" to "7d" (e.g. "6h"), or "off"';
const RETRIES_FOR = 'expected a duration in whole 5-minute periods from "5m" to "1d" (e.g. "15m")';
const TOO_MANY_CLUSTERS = 'the heartbeat watches at most 20 named clusters (one alarm each), clusters names 21: set monitoring.heartbeat to "off", or leave clusters out to watch every cluster';
const clusters = (n: number): string => `clusters: [${Array.from({ length: n }, (_, i) => `c${i + 1}`).join(', ')}]`;

/** `depth` routes, each the only child of the one before. */
const nestedRoutes = (depth: number): string => {
  const lines = ['topics: {}', 'routes:'];
  for (let level = 1; level <= depth; level++) {
    const indent = ' '.repeat(2 + 4 * (level - 1));
    lines.push(`${indent}- name: r${level}`, `${indent}  match: {severity: [info]}`);
    if (level < depth) lines.push(`${indent}  routes:`);
  }
  return yaml(...lines);
};

/** Ten levels of ten aliases of the level before: 10^9 values once expanded. */
const aliasBomb = (): string => {
  const lines = ['topics: {}', 'a: &a [x, x, x, x, x, x, x, x, x, x]'];
  const levels = 'abcdefghi';
  for (let i = 1; i < levels.length; i++) lines.push(`${levels[i]}: &${levels[i]} [${Array(10).fill(`*${levels[i - 1]}`).join(', ')}]`);
  return yaml(...lines);
};

const TABLE: { case: string; text: string; loads?: boolean; issues: string[] }[] = [
  // YAML itself.
  {
    case: 'bad indentation',
    text: yaml('topics:', '  oncall:', '    emails: [a@example.com]', '   display_name: On call'),
    issues: ['herald.yml:4:1: YAML syntax: All mapping items must start at the same column'],
  },
  {
    case: 'an unclosed bracket',
    text: yaml('topics:', '  oncall:', '    emails: [a@example.com', 'default: {}'),
    issues: ['herald.yml:4:1: YAML syntax: Flow sequence in block collection must be sufficiently indented and end with a ]'],
  },
  {
    case: 'an unclosed brace on the last line',
    text: yaml('topics: {oncall: {emails: [a@example.com]}'),
    issues: ['herald.yml:2:1: YAML syntax: Flow map in block collection must be sufficiently indented and end with a }'],
  },
  {
    case: 'a list used as a key',
    text: yaml('topics:', '  ? [oncall, pager]', '  : { emails: [a@example.com] }'),
    issues: ['herald.yml:2:5: YAML: a key must be a plain value, not a list or a mapping'],
  },
  {
    case: 'an unclosed quote',
    text: yaml('topics:', '  oncall: {display_name: "On call}'),
    issues: [
      'herald.yml:3:1: YAML syntax: Missing closing "quote',
      'herald.yml:3:1: YAML syntax: Flow map in block collection must be sufficiently indented and end with a }',
    ],
  },
  {
    // The parser reports "Missing newline" after the errors at column 8.
    case: 'several syntax errors, in file order',
    text: yaml('topics:', '  oncall: {}', '&a     - service'),
    issues: [
      'herald.yml:3:1: YAML syntax: A block sequence may not be used as an implicit map key',
      'herald.yml:3:1: YAML syntax: Missing newline after block sequence props',
      'herald.yml:3:8: YAML syntax: Implicit keys need to be on a single line',
      'herald.yml:3:8: YAML syntax: Implicit map keys need to be followed by map values',
    ],
  },
  { case: 'a tab for indentation', text: yaml('topics:', '\toncall: {}'), issues: ['herald.yml:2:1: YAML syntax: Tabs are not allowed as indentation'] },
  { case: 'a duplicate key at the root', text: yaml('topics: {}', 'topics: {}'), issues: ['herald.yml:2:1: YAML syntax: Map keys must be unique'] },
  {
    case: 'a duplicate key in a topic',
    text: yaml('topics:', '  oncall:', '    emails: [a@example.com]', '    emails: [b@example.com]'),
    issues: ['herald.yml:4:5: YAML syntax: Map keys must be unique'],
  },
  {
    case: 'two documents in one file',
    text: yaml('topics: {}', '---', 'topics: {}'),
    issues: ['herald.yml:2:1: YAML syntax: Source contains multiple documents; please use YAML.parseAllDocuments()'],
  },
  { case: 'an empty file', text: '', issues: ['herald.yml:1:1: empty document: expected a mapping'] },
  { case: 'a file of comments only', text: yaml('# nothing yet'), issues: ['herald.yml:1:1: empty document: expected a mapping'] },
  { case: 'a document marker only', text: yaml('---'), issues: ['herald.yml:1:1: empty document: expected a mapping'] },
  { case: 'a list instead of a mapping', text: yaml('- topics', '- routes'), issues: ['herald.yml:1:1: expected a mapping, got a list'] },
  { case: 'a string instead of a mapping', text: yaml('herald'), issues: ['herald.yml:1:1: expected a mapping, got the string "herald"'] },
  { case: 'no topics', text: yaml('version: 1', 'default: {}'), issues: ['herald.yml:1:1: missing required key "topics"'] },

  // Unknown keys, with "did you mean" when one is close.
  {
    case: 'an unknown key at the root',
    text: yaml('topics: {}', 'rotues: []'),
    issues: [`herald.yml:2:1: rotues: unknown key "rotues" (did you mean "routes"?); expected one of: ${ROOT_KEYS}`],
  },
  { case: 'an unknown key with no close match', text: yaml('topics: {}', 'receivers: []'), issues: [`herald.yml:2:1: receivers: unknown key "receivers"; expected one of: ${ROOT_KEYS}`] },
  {
    case: 'unknown keys in a topic',
    text: yaml('topics:', '  oncall:', '    email: [a@example.com]', '    display_nam: On call'),
    issues: [
      `herald.yml:3:5: topics.oncall.email: unknown key "email" (did you mean "emails"?); expected one of: ${TOPIC_KEYS}`,
      `herald.yml:4:5: topics.oncall.display_nam: unknown key "display_nam" (did you mean "display_name"?); expected one of: ${TOPIC_KEYS}`,
    ],
  },
  {
    case: 'unknown keys in default',
    text: yaml('topics: {}', 'default:', '  notfy: []', '  trottle: 1m'),
    issues: [
      `herald.yml:3:3: default.notfy: unknown key "notfy" (did you mean "notify"?); expected one of: ${OPTION_KEYS}`,
      `herald.yml:4:3: default.trottle: unknown key "trottle" (did you mean "throttle"?); expected one of: ${OPTION_KEYS}`,
    ],
  },
  {
    case: 'unknown keys in a route and a nested route',
    text: yaml('topics: {}', 'routes:', '  - name: a', '    mach: {severity: [info]}', '    routes:', '      - name: b', '        contineu: true'),
    issues: [
      `herald.yml:4:5: routes[0].mach: unknown key "mach" (did you mean "match"?); expected one of: ${ROUTE_KEYS}`,
      `herald.yml:7:9: routes[0].routes[0].contineu: unknown key "contineu" (did you mean "continue"?); expected one of: ${ROUTE_KEYS}`,
    ],
  },
  {
    case: 'an unknown key in an action',
    text: yaml('topics: {}', 'actions:', '  redeploy:', '    type: force-new-deployment', '    tpye: rollback'),
    issues: ['herald.yml:5:5: actions.redeploy.tpye: unknown key "tpye" (did you mean "type"?); expected one of: type, dry_run, clusters, services, tags, cooldown, max_attempts, window, during_deployment'],
  },

  // Wrong types.
  { case: 'a string where a list is expected', text: yaml('topics: {}', 'default:', '  notify: oncall'), issues: ['herald.yml:3:11: default.notify: expected a list, got the string "oncall"'] },
  { case: 'a number as a route name', text: yaml('topics: {}', 'routes:', '  - name: 42'), issues: ['herald.yml:3:11: routes[0].name: expected a string, got the number 42'] },
  { case: 'a list as topics', text: yaml('topics: [oncall]'), issues: ['herald.yml:1:9: topics: expected a mapping, got a list'] },
  { case: 'a number as a topic', text: yaml('topics:', '  oncall: 1'), issues: ['herald.yml:2:11: topics.oncall: expected a mapping, got the number 1'] },
  { case: 'a mapping as routes', text: yaml('topics: {}', 'routes: {name: a}'), issues: ['herald.yml:2:9: routes: expected a list, got a mapping'] },
  {
    case: 'null sections',
    text: yaml('topics: {}', 'default: null', 'routes: null', 'actions: null'),
    issues: [
      'herald.yml:2:10: default: expected a mapping, got null',
      'herald.yml:3:9: routes: expected a list, got null',
      'herald.yml:4:10: actions: expected a mapping, got null',
    ],
  },
  {
    case: 'routes that are not mappings',
    text: yaml('topics: {}', 'routes: [null, 1, "x", [], {}]'),
    issues: [
      'herald.yml:2:10: routes[0]: expected a mapping, got null',
      'herald.yml:2:16: routes[1]: expected a mapping, got the number 1',
      'herald.yml:2:19: routes[2]: expected a mapping, got the string "x"',
      'herald.yml:2:24: routes[3]: expected a mapping, got a list',
      'herald.yml:2:28: routes[4]: missing required key "name"',
    ],
  },
  {
    case: 'wrong scalar types in a route',
    text: yaml('topics: {}', 'routes:', '  - name: a', '    continue: "yes"', '    group_by: cluster', '    notify: [1, null]'),
    issues: [
      'herald.yml:4:15: routes[0].continue: expected true or false, got the string "yes"',
      'herald.yml:5:15: routes[0].group_by: expected a list, got the string "cluster"',
      'herald.yml:6:14: routes[0].notify[0]: expected a string, got the number 1',
      'herald.yml:6:17: routes[0].notify[1]: expected a string, got null',
    ],
  },
  { case: 'an empty label in group_by', text: yaml('topics: {}', 'default:', "  group_by: [cluster, '']"), issues: ['herald.yml:3:23: default.group_by[1]: expected a non-empty value, got the string ""'] },
  { case: 'version 2', text: yaml('version: 2', 'topics: {}'), issues: ['herald.yml:1:10: version: expected 1, got the number 2'] },
  {
    case: 'a digest window cap below the first window',
    text: yaml('topics: {}', 'default:', '  group_interval: 10m', '  group_interval_max: 5m'),
    issues: ['herald.yml:4:23: default.group_interval_max: group_interval_max (5m) must be at least group_interval (10m) in route "default": digest windows grow from group_interval up to it'],
  },
  {
    case: 'alarms that are neither a word nor namespaces',
    text: yaml('topics: {}', 'alarms: some'),
    issues: ['herald.yml:2:9: alarms: expected "ecs" or "all", got the string "some"'],
  },
  {
    case: 'patterns that are not mappings',
    text: yaml('topics: {}', 'routes: [{name: a, match: null}, {name: b, match: []}, {name: c, event: "x"}]'),
    issues: [
      'herald.yml:2:27: routes[0].match: expected a mapping, got null',
      'herald.yml:2:51: routes[1].match: expected a mapping, got a list',
      'herald.yml:2:73: routes[2].event: expected a mapping, got the string "x"',
    ],
  },
  // YAML 1.1 tags would make a Set, Map, Buffer or Date, which the schema misjudges (a Set passes as an empty mapping).
  {
    case: '!!set and !!omap, read as the mapping and list they are written as',
    text: yaml('topics:', '  pager: !!set {emails}', '  web: !!omap [emails: 1]', 'default: !!set {notify}'),
    issues: [
      'herald.yml:2:16: topics.pager.emails: expected a list, got null',
      'herald.yml:3:15: topics.web: expected a mapping, got a list',
      'herald.yml:4:16: default.notify: expected a list, got null',
    ],
  },
  {
    case: '!!binary and !!timestamp, read as the strings they are written as',
    text: yaml('topics:', '  oncall: {display_name: !!binary aGVsbG8=}', 'routes:', '  - name: !!timestamp 2024-01-01'),
    loads: true,
    issues: [],
  },

  // Durations.
  {
    case: 'invalid durations',
    text: yaml('topics: {}', 'default:', '  throttle: 15', '  group_wait: 1x', '  group_interval: 1h 30m', '  repeat_interval: 32d'),
    issues: [
      'herald.yml:3:13: default.throttle: expected a string, got the number 15',
      `herald.yml:4:15: default.group_wait: ${DURATION}`,
      `herald.yml:5:19: default.group_interval: ${DURATION}`,
      `herald.yml:6:20: default.repeat_interval: ${DURATION}`,
    ],
  },
  {
    case: 'more invalid durations in a route',
    text: yaml('topics: {}', 'routes:', '  - name: a', "    throttle: ''", '    group_wait: 1.5h', '    group_interval: -5m', '    repeat_interval: 744h1ms'),
    issues: [
      `herald.yml:4:15: routes[0].throttle: ${DURATION}`,
      `herald.yml:5:17: routes[0].group_wait: ${DURATION}`,
      `herald.yml:6:21: routes[0].group_interval: ${DURATION}`,
      `herald.yml:7:22: routes[0].repeat_interval: ${DURATION}`,
    ],
  },
  {
    case: 'durations at the bounds',
    text: yaml('topics: {}', 'default:', '  throttle: 0s', '  group_wait: 500ms', '  group_interval: 1h30m', '  repeat_interval: 31d'),
    loads: true,
    issues: [],
  },

  // Topics and actions.
  {
    case: 'an invalid email',
    text: yaml('topics:', '  oncall:', '    emails: [oncall@example.com, not-an-email]'),
    issues: ['herald.yml:3:34: topics.oncall.emails[1]: expected an email address'],
  },
  {
    case: 'a topic with both arn and emails',
    text: yaml('topics:', '  oncall:', '    arn: arn:aws:sns:us-east-1:123456789012:oncall', '    emails: [a@example.com]'),
    issues: ['herald.yml:4:13: topics.oncall.emails: a topic given by "arn" is not managed by the stack: subscribe its emails where the topic is defined, or drop "arn"'],
  },
  {
    case: 'an ARN that is not an SNS topic',
    text: yaml('topics:', '  oncall:', '    arn: arn:aws:sqs:us-east-1:123456789012:oncall'),
    issues: ['herald.yml:3:10: topics.oncall.arn: expected an SNS topic ARN (arn:aws:sns:<region>:<account>:<name>)'],
  },
  {
    case: 'an ARN with a short account id',
    text: yaml('topics:', '  oncall: {arn: "arn:aws:sns:us-east-1:1234:oncall"}'),
    issues: ['herald.yml:2:17: topics.oncall.arn: expected an SNS topic ARN (arn:aws:sns:<region>:<account>:<name>)'],
  },
  {
    case: 'an empty and a too long display name',
    text: yaml('topics:', '  oncall:', "    display_name: ''", '  pager:', `    display_name: ${'x'.repeat(101)}`),
    issues: [
      'herald.yml:3:19: topics.oncall.display_name: expected a non-empty value, got the string ""',
      'herald.yml:5:19: topics.pager.display_name: too long: at most 100 characters',
    ],
  },
  {
    case: 'invalid topic, action and route names',
    text: yaml('topics:', '  1st-line: {}', '  on call: {}', 'actions:', '  fix!: {type: rollback}', 'routes:', '  - name: has space', `  - name: ${'r'.repeat(129)}`),
    issues: [
      `herald.yml:2:3: topics.1st-line: ${TOPIC_NAME}`,
      `herald.yml:3:3: topics.on call: ${TOPIC_NAME}`,
      'herald.yml:5:3: actions.fix!: expected an action name: a letter, then letters, digits, "-" or "_" (at most 64)',
      `herald.yml:7:11: routes[0].name: ${ROUTE_NAME}`,
      `herald.yml:8:11: routes[1].name: ${ROUTE_NAME}`,
    ],
  },
  {
    case: 'a notify entry that is not a topic name',
    text: yaml('topics: {}', 'default:', '  notify: [on-call!]'),
    issues: [`herald.yml:3:12: default.notify[0]: ${TOPIC_NAME}`],
  },
  {
    case: 'severity not in the enum',
    text: yaml('topics: {}', 'default:', '  severity: urgent', 'routes:', '  - name: a', '    severity: 2'),
    issues: [
      'herald.yml:3:13: default.severity: expected "critical" or "warning" or "info", got the string "urgent"',
      'herald.yml:6:15: routes[0].severity: expected "critical" or "warning" or "info", got the number 2',
    ],
  },
  {
    case: 'an unknown action type',
    text: yaml('topics: {}', 'actions:', '  fix:', '    type: reboot'),
    issues: ['herald.yml:4:11: actions.fix.type: expected an action "type": one of "force-new-deployment", "rollback", "scale", "stop-task", "drain-instance", "invoke", got the string "reboot"'],
  },
  {
    case: 'a scale action with both to and by, and min above max',
    text: yaml('topics: {}', 'actions:', '  grow:', '    type: scale', '    to: 3', '    by: 1', '    min: 5', '    max: 4'),
    issues: [
      'herald.yml:4:5: actions.grow: a scale action sets "to" (a desired count) or "by" (a signed change), exactly one of them',
      'herald.yml:5:9: actions.grow.to: to (3) must lie within min (5) and max (4)',
      'herald.yml:7:10: actions.grow.min: min (5) must not exceed max (4)',
    ],
  },
  {
    case: 'an invoke action with neither function nor document',
    text: yaml('topics: {}', 'actions:', '  runbook:', '    type: invoke', '    dry_run: false'),
    issues: ['herald.yml:4:5: actions.runbook: an invoke action names a Lambda "function" or an SSM Automation "document", exactly one of them'],
  },
  {
    case: 'a key of another action type',
    text: yaml('topics: {}', 'actions:', '  restart:', '    type: force-new-deployment', '    max: 4'),
    issues: ['herald.yml:5:5: actions.restart.max: unknown key "max"; expected one of: type, dry_run, clusters, services, tags, cooldown, max_attempts, window, during_deployment'],
  },
  {
    case: 'a guard of the wrong type',
    text: yaml('topics: {}', 'actions:', '  restart:', '    type: force-new-deployment', '    dry_run: "no"', '    cooldown: soon', '    services: ["web app"]'),
    issues: [
      'herald.yml:5:14: actions.restart.dry_run: expected true or false, got the string "no"',
      'herald.yml:6:15: actions.restart.cooldown: expected a duration such as "30s", "15m" or "1h30m" (units ms, s, m, h, d; at most 31d)',
      'herald.yml:7:16: actions.restart.services[0]: expected a service name or a pattern with "*": letters, digits, "-", "_" or "*"',
    ],
  },
  // zod's records skip a "__proto__" key silently: it must not drop a topic, an action or a pattern field unchecked.
  {
    case: 'a topic, an action and a pattern field named __proto__',
    text: yaml(
      'topics:', '  __proto__: {emails: [a@example.com]}', 'actions:', '  __proto__: {type: reboot}', 'routes:', '  - name: a',
      '    match: {severity: [info], __proto__: [x]}', '  - name: b', '    match: {$or: [{cluster: [x]}, {__proto__: [1]}]}',
    ),
    issues: [
      'herald.yml:2:3: topics.__proto__: unsupported key "__proto__"',
      'herald.yml:4:3: actions.__proto__: unsupported key "__proto__"',
      'herald.yml:7:31: routes[0].match.__proto__: unsupported key "__proto__"',
      'herald.yml:9:36: routes[1].match.$or[1].__proto__: unsupported key "__proto__"',
    ],
  },
  { case: '__proto__ at the root', text: yaml('topics: {}', '__proto__: {}'), issues: [`herald.yml:2:1: __proto__: unknown key "__proto__"; expected one of: ${ROOT_KEYS}`] },

  // References.
  {
    case: 'undefined topics in notify, at the root and nested',
    text: yaml('topics:', '  oncall: {}', 'default:', '  notify: [oncal]', 'routes:', '  - name: a', '    match: {severity: [info]}', '    routes:', '      - name: b', '        notify: [pager, oncall]'),
    issues: [
      'herald.yml:4:12: default.notify[0]: undefined topic "oncal" used in route "default" (did you mean "oncall"?); defined topics: oncall',
      'herald.yml:10:18: routes[0].routes[0].notify[0]: undefined topic "pager" used in route "b"; defined topics: oncall',
    ],
  },
  {
    case: 'an undefined action in remediate',
    text: yaml('topics: {}', 'actions:', '  fix: {type: rollback}', 'routes:', '  - name: a', '    remediate: [fix, reboot]'),
    issues: ['herald.yml:6:22: routes[0].remediate[1]: undefined action "reboot" used in route "a"; defined actions: fix'],
  },
  {
    case: 'an action no route names',
    text: yaml('topics: {}', 'actions:', '  fix: {type: rollback}', '  restart: {type: force-new-deployment}', 'default:', '  remediate: [restart]'),
    loads: true,
    issues: ['herald.yml:3:3: warning: actions.fix: action "fix" is never used: no route names it in remediate'],
  },
  {
    case: 'a live action bound to no cluster and no service',
    text: yaml('topics: {}', 'actions:', '  restart: {type: force-new-deployment, dry_run: false}', '  trial: {type: force-new-deployment}', 'default:', '  remediate: [restart, trial]'),
    loads: true,
    issues: ['herald.yml:3:50: warning: actions.restart.dry_run: action "restart" is live and names no clusters or services: it may act on every service of the account and Region; set "clusters" (here or at the top level) or "services"'],
  },
  {
    case: 'live actions bound by top-level clusters, by their own or by services',
    text: yaml(
      'clusters: [prod]', 'topics: {}', 'actions:', '  a: {type: rollback, dry_run: false}', '  b: {type: rollback, dry_run: false, clusters: [prod]}',
      '  c: {type: rollback, dry_run: false, services: [web-*]}', 'default:', '  remediate: [a, b, c]',
    ),
    loads: true,
    issues: [],
  },
  {
    case: 'an action on clusters the deployment does not watch',
    text: yaml('clusters: [prod]', 'topics: {}', 'actions:', '  restart:', '    type: force-new-deployment', '    clusters: [prod, staging, dev]', 'default:', '  remediate: [restart]'),
    issues: [
      'herald.yml:6:22: actions.restart.clusters[1]: cluster "staging" of action "restart" is not among the clusters this deployment watches (top-level clusters: prod)',
      'herald.yml:6:31: actions.restart.clusters[2]: cluster "dev" of action "restart" is not among the clusters this deployment watches (top-level clusters: prod)',
    ],
  },
  {
    case: 'references when nothing is defined',
    text: yaml('topics: {}', 'default:', '  notify: [oncall]', '  remediate: [restart]'),
    issues: [
      'herald.yml:3:12: default.notify[0]: undefined topic "oncall" used in route "default"; defined topics: (none)',
      'herald.yml:4:15: default.remediate[0]: undefined action "restart" used in route "default"; defined actions: (none)',
    ],
  },

  // The routing tree.
  {
    case: 'duplicate route names, siblings, nested and the root\'s',
    text: yaml(
      'topics: {}', 'routes:', '  - name: a', '    match: {severity: [info]}', '  - name: a', '    match: {severity: [warning]}',
      '  - name: default', '    match: {severity: [warning]}', '    routes:', '      - name: a', '        match: {severity: [critical]}',
    ),
    issues: [
      'herald.yml:5:11: routes[1].name: duplicate route name "a"; first defined at routes[0]',
      'herald.yml:7:11: routes[2].name: duplicate route name "default"; first defined at default',
      'herald.yml:7:11: routes[2].name: route "default" is never reached: route "a" (routes[1]) before it matches every alert it matches and does not continue',
      'herald.yml:10:15: routes[2].routes[0].name: duplicate route name "a"; first defined at routes[0]',
    ],
  },
  {
    case: 'routes after a catch-all sibling',
    text: yaml('topics: {}', 'routes:', '  - name: all', '  - name: later', '    match: {severity: [info]}', '  - name: last'),
    issues: [
      'herald.yml:4:11: routes[1].name: route "later" is never reached: route "all" (routes[0]) before it matches every alert and does not continue',
      'herald.yml:6:11: routes[2].name: route "last" is never reached: route "all" (routes[0]) before it matches every alert and does not continue',
    ],
  },
  {
    case: 'a nested route after a catch-all sibling',
    text: yaml('topics: {}', 'routes:', '  - name: prod', '    match: {cluster: [prod]}', '    routes:', '      - name: everything', '      - name: never', '        match: {severity: [info]}'),
    issues: ['herald.yml:7:15: routes[0].routes[1].name: route "never" is never reached: route "everything" (routes[0].routes[0]) before it matches every alert and does not continue'],
  },
  {
    case: 'a sibling identical to an earlier one, and one narrower',
    text: yaml(
      'topics: {}', 'routes:',
      '  - name: crashes', '    match: {category: [oom, essential-exit]}',
      '  - name: crashes-again', '    match: {category: [essential-exit, oom]}',
      '  - name: prod-ooms', '    match: {category: [oom], cluster: [prod]}',
      '  - name: image-pulls', '    match: {category: [image-pull, oom]}',
    ),
    issues: [
      'herald.yml:5:11: routes[1].name: route "crashes-again" is never reached: route "crashes" (routes[0]) before it matches every alert it matches and does not continue',
      'herald.yml:7:11: routes[2].name: route "prod-ooms" is never reached: route "crashes" (routes[0]) before it matches every alert it matches and does not continue',
    ],
  },
  {
    case: 'the first of the earlier siblings that cover a route is named, whichever of its labels covers it',
    text: yaml(
      'topics: {}', 'routes:',
      '  - name: prod-web', '    match: {cluster: [prod], service: [web, api]}',
      '  - name: crashes', '    match: {category: [oom, essential-exit]}',
      '  - name: prod-web-ooms', '    match: {category: [oom], service: [web], cluster: [prod]}',
      '  - name: staging-web', '    match: {cluster: [staging], service: [web]}',
      '  - name: web-anywhere', '    match: {service: [web]}',
      '  - name: api-crashes', '    match: {service: [api], category: [essential-exit]}',
    ),
    issues: [
      'herald.yml:7:11: routes[2].name: route "prod-web-ooms" is never reached: route "prod-web" (routes[0]) before it matches every alert it matches and does not continue',
      'herald.yml:13:11: routes[5].name: route "api-crashes" is never reached: route "crashes" (routes[1]) before it matches every alert it matches and does not continue',
    ],
  },
  {
    case: 'a narrower sibling after one that continues, or that matches other events, is reached',
    text: yaml(
      'topics: {}', 'routes:',
      '  - name: all-crashes', '    match: {category: [oom]}', '    continue: true',
      '  - name: prod-ooms', '    match: {category: [oom], cluster: [prod]}', '    event: {detail: {launchType: [FARGATE]}}',
      '  - name: ec2-prod-ooms', '    match: {category: [oom], cluster: [prod]}',
    ),
    loads: true,
    issues: [],
  },
  {
    case: 'a catch-all that continues',
    text: yaml('topics: {}', 'routes:', '  - name: all', '    continue: true', '  - name: later', '    match: {severity: [info]}'),
    loads: true,
    issues: [],
  },
  { case: `routes nested ${MAX_ROUTE_DEPTH} deep`, text: nestedRoutes(MAX_ROUTE_DEPTH), loads: true, issues: [] },
  {
    case: `routes nested ${MAX_ROUTE_DEPTH + 1} deep`,
    text: nestedRoutes(MAX_ROUTE_DEPTH + 1),
    issues: [`herald.yml:${3 * MAX_ROUTE_DEPTH + 3}:${4 * MAX_ROUTE_DEPTH + 3}: routes${'[0].routes'.repeat(MAX_ROUTE_DEPTH)}: routes nest deeper than ${MAX_ROUTE_DEPTH} levels`],
  },

  // Patterns (messages from shared/pattern's checkPattern, located in the file).
  {
    case: 'invalid patterns in match',
    text: yaml('topics: {}', 'routes:', '  - name: a', '    match:', '      severity: [{prefx: crit}]', '      cluster: prod', '      $or: [{service: [x]}]'),
    issues: [
      `herald.yml:5:26: routes[0].match.severity[0].prefx: unknown operator "prefx" (did you mean "prefix"?); operators are ${OPERATORS}`,
      `herald.yml:6:16: routes[0].match.cluster: ${NOT_A_FIELD} "prod"`,
      'herald.yml:7:12: routes[0].match.$or: $or needs at least 2 alternatives, got 1',
    ],
  },
  {
    case: 'invalid patterns in event',
    text: yaml('topics: {}', 'routes:', '  - name: a', '    event:', '      detail:', '        state: [{numeric: 5}]', '        $or: {a: [1]}', '        lastStatus: STOPPED', '      source: []'),
    issues: [
      'herald.yml:6:27: routes[0].event.detail.state[0].numeric: numeric needs an array of comparisons such as [">", 0, "<=", 5], got 5',
      'herald.yml:7:14: routes[0].event.detail.$or: $or needs an array of at least 2 pattern objects, got an object',
      `herald.yml:8:21: routes[0].event.detail.lastStatus: ${NOT_A_FIELD} "STOPPED"`,
      'herald.yml:9:15: routes[0].event.source: must not be an empty array; give at least one value or operator object',
    ],
  },
  {
    case: '$or misuse: an alternative that is not an object, an operator name as a field',
    text: yaml('topics: {}', 'routes:', '  - name: a', '    event:', '      $or:', '        - prefix: [x]', '        - 5'),
    issues: [
      'herald.yml:6:19: routes[0].event.$or[0].prefix: "prefix" is an operator name, which EventBridge does not accept as a field name inside $or',
      'herald.yml:7:11: routes[0].event.$or[1]: an $or alternative must be a pattern object, got 5',
    ],
  },
  {
    case: 'an empty match and non-finite numbers',
    text: yaml('topics: {}', 'routes:', '  - name: a', '    match: {}', '  - name: b', '    event: {detail: {exitCode: [.nan, .inf]}}'),
    issues: [
      'herald.yml:4:12: routes[0].match: must not be an empty object; give at least one field',
      'herald.yml:6:33: routes[1].event.detail.exitCode[0]: must be a finite number, got NaN',
      'herald.yml:6:39: routes[1].event.detail.exitCode[1]: must be a finite number, got Infinity',
    ],
  },

  // Warnings: reported, but the configuration loads.
  {
    case: 'unknown label names in match and group_by',
    text: yaml('topics: {}', 'default:', '  group_by: [clustr, team]', 'routes:', '  - name: a', '    match:', '      servce: [x]', '      team: [y]', '    group_by: [taskId]'),
    loads: true,
    issues: [
      `herald.yml:3:14: warning: default.group_by[0]: "clustr" ${NOT_A_LABEL} (did you mean "cluster"?); it only has a value when a resource tag of that name does`,
      `herald.yml:3:22: warning: default.group_by[1]: "team" ${NOT_A_LABEL}; it only has a value when a resource tag of that name does`,
      `herald.yml:7:7: warning: routes[0].match.servce: "servce" ${NOT_A_LABEL} (did you mean "service"?); it only matches when a resource tag of that name exists`,
      `herald.yml:8:7: warning: routes[0].match.team: "team" ${NOT_A_LABEL}; it only matches when a resource tag of that name exists`,
    ],
  },
  {
    case: 'an unknown label next to an error',
    text: yaml('topics: {}', 'routes:', '  - name: a', '    match: {team: [y]}', '    throttle: soon'),
    issues: [
      `herald.yml:4:13: warning: routes[0].match.team: "team" ${NOT_A_LABEL}; it only matches when a resource tag of that name exists`,
      `herald.yml:5:15: routes[0].throttle: ${DURATION}`,
    ],
  },

  // Aliases.
  { case: 'an alias bomb', text: aliasBomb(), issues: ['herald.yml:1:1: YAML: Excessive alias count indicates a resource exhaustion attack'] },
  { case: 'an alias to an undefined anchor', text: yaml('topics: *nope'), issues: ['herald.yml:1:1: YAML: Unresolved alias (the anchor must be set before the alias): nope'] },
  {
    case: 'a recursive alias in topics',
    text: yaml('topics: &t', '  oncall: *t'),
    issues: [`herald.yml:2:11: topics.oncall.oncall: unknown key "oncall"; expected one of: ${TOPIC_KEYS}`],
  },
  {
    case: 'a recursive alias in a pattern',
    text: yaml('topics: {}', 'routes:', '  - name: a', '    event: &p', '      source: [aws.ecs]', '      detail: *p'),
    issues: ['herald.yml:6:15: routes[0].event.detail.detail: refers to an object that contains it (a cycle); a pattern must be plain JSON'],
  },
  {
    // The tree is walked to MAX_ROUTE_DEPTH and no further.
    case: 'a recursive alias in routes',
    text: yaml('topics: {}', 'routes: &r', '  - name: a', '    match: {severity: [info]}', '    routes: *r'),
    issues: [
      ...Array.from({ length: MAX_ROUTE_DEPTH - 1 }, (_, i) => `herald.yml:5:13: routes[0]${'.routes[0]'.repeat(i + 1)}.name: duplicate route name "a"; first defined at routes[0]`),
      `herald.yml:5:13: routes${'[0].routes'.repeat(MAX_ROUTE_DEPTH)}: routes nest deeper than ${MAX_ROUTE_DEPTH} levels`,
    ],
  },

  // Everything at once, in file order: schema and cross-reference issues interleaved.
  // Monitoring: the operator, the heartbeat, retried deliveries, the dashboard.
  {
    case: 'monitoring with every option',
    text: yaml('topics: {}', 'monitoring:', '  operator: {emails: [ops@example.com, sre@example.com]}', '  heartbeat: 7d', '  retries_for: 1d', '  dashboard: false'),
    loads: true,
    issues: [],
  },
  { case: 'monitoring at its smallest bounds', text: yaml('topics: {}', 'monitoring: {operator: {}, heartbeat: 1h, retries_for: 5m}'), loads: true, issues: [] },
  { case: 'the heartbeat off', text: yaml('topics: {}', 'monitoring: {heartbeat: off}'), loads: true, issues: [] },
  {
    case: 'unknown keys in monitoring and its operator',
    text: yaml('topics: {}', 'monitoring:', '  hearbeat: 6h', '  operator:', '    email: [ops@example.com]'),
    issues: [
      'herald.yml:3:3: monitoring.hearbeat: unknown key "hearbeat" (did you mean "heartbeat"?); expected one of: operator, heartbeat, retries_for, dashboard',
      'herald.yml:5:5: monitoring.operator.email: unknown key "email" (did you mean "emails"?); expected one of: emails, arn',
    ],
  },
  ...['90m', '0h', '8d', 'never', '6'].map((heartbeat) => ({
    case: `the heartbeat ${heartbeat}`,
    text: yaml('topics: {}', 'monitoring:', `  heartbeat: "${heartbeat}"`),
    issues: [`herald.yml:3:14: monitoring.heartbeat: ${HEARTBEAT}`],
  })),
  { case: 'a heartbeat as a number', text: yaml('topics: {}', 'monitoring:', '  heartbeat: 6'), issues: ['herald.yml:3:14: monitoring.heartbeat: expected a string, got the number 6'] },
  ...['7m', '0s', '2d'].map((retriesFor) => ({
    case: `retries_for ${retriesFor}`,
    text: yaml('topics: {}', 'monitoring:', `  retries_for: ${retriesFor}`),
    issues: [`herald.yml:3:16: monitoring.retries_for: ${RETRIES_FOR}`],
  })),
  {
    case: 'an operator with both arn and emails, and a dashboard that is not a boolean',
    text: yaml('topics: {}', 'monitoring:', '  operator:', '    arn: arn:aws:sns:us-east-1:123456789012:ops', '    emails: [ops@example.com]', '  dashboard: "yes"'),
    issues: [
      'herald.yml:5:13: monitoring.operator.emails: an operator topic given by "arn" is not managed by the stack: subscribe its emails where the topic is defined, or drop "arn"',
      'herald.yml:6:14: monitoring.dashboard: expected true or false, got the string "yes"',
    ],
  },
  { case: 'an operator email that is not', text: yaml('topics: {}', 'monitoring:', '  operator: {emails: [ops]}'), issues: ['herald.yml:3:23: monitoring.operator.emails[0]: expected an email address'] },
  {
    case: 'an operator ARN that is not an SNS topic',
    text: yaml('topics: {}', 'monitoring:', '  operator: {arn: arn:aws:sqs:us-east-1:123456789012:ops}'),
    issues: ['herald.yml:3:19: monitoring.operator.arn: expected an SNS topic ARN (arn:aws:sns:<region>:<account>:<name>)'],
  },
  { case: 'the heartbeat (by default) over 21 named clusters', text: yaml(clusters(21), 'topics: {}'), issues: [`herald.yml:1:11: clusters: ${TOO_MANY_CLUSTERS}`] },
  { case: 'the heartbeat set over 21 named clusters', text: yaml(clusters(21), 'topics: {}', 'monitoring: {heartbeat: 2h}'), issues: [`herald.yml:3:25: monitoring.heartbeat: ${TOO_MANY_CLUSTERS}`] },
  { case: '21 named clusters with the heartbeat off', text: yaml(clusters(21), 'topics: {}', 'monitoring: {heartbeat: off}'), loads: true, issues: [] },
  { case: '20 named clusters and the heartbeat', text: yaml(clusters(20), 'topics: {}'), loads: true, issues: [] },

  {
    case: 'several errors in one file',
    text: yaml(
      'version: 2', 'topics:', '  oncall: {emails: [a@example.com]}', 'default:', '  notify: [pager]', '  throttle: soon', 'routes:', '  - name: a',
      '    mach: {}', '  - name: b', '    match: {severity: [{prefx: x}]}', '    notify: [oncall, nope]', '  - name: b',
    ),
    issues: [
      'herald.yml:1:10: version: expected 1, got the number 2',
      'herald.yml:5:12: default.notify[0]: undefined topic "pager" used in route "default"; defined topics: oncall',
      `herald.yml:6:13: default.throttle: ${DURATION}`,
      `herald.yml:9:5: routes[0].mach: unknown key "mach" (did you mean "match"?); expected one of: ${ROUTE_KEYS}`,
      'herald.yml:10:11: routes[1].name: route "b" is never reached: route "a" (routes[0]) before it matches every alert and does not continue',
      `herald.yml:11:32: routes[1].match.severity[0].prefx: unknown operator "prefx" (did you mean "prefix"?); operators are ${OPERATORS}`,
      'herald.yml:12:22: routes[1].notify[1]: undefined topic "nope" used in route "b"; defined topics: oncall',
      'herald.yml:13:11: routes[2].name: duplicate route name "b"; first defined at routes[1]',
      'herald.yml:13:11: routes[2].name: route "b" is never reached: route "a" (routes[0]) before it matches every alert and does not continue',
    ],
  },
];

describe('loadConfigText', () => {
  it.each(TABLE)('$case', ({ text, loads = false, issues }) => {
    const result = loadConfigText(text, FILE);
    expect({ loads: result.config !== undefined, issues: result.issues.map(formatIssue) }).toEqual({ loads, issues });
  });

  it('returns the configuration it validated', () => {
    const { config, issues } = loadConfigText(yaml('topics:', '  oncall: {emails: [a@example.com]}', 'routes:', '  - name: crit', '    match: {severity: [critical]}', '    throttle: 15m'), FILE);
    expect({ config, issues }).toEqual({
      config: { topics: { oncall: { emails: ['a@example.com'] } }, routes: [{ name: 'crit', match: { severity: ['critical'] }, throttle: '15m' }] },
      issues: [],
    });
  });
});

/** The default configuration and every example must stay valid, warnings included. */
const SHIPPED = [
  'herald.yml',
  ...readdirSync(join(ROOT, 'examples'))
    .map((dir) => join('examples', dir, 'herald.yml'))
    .filter((file) => existsSync(join(ROOT, file))),
];

describe('shipped configurations', () => {
  it('include the examples', () => {
    expect(SHIPPED.length).toBeGreaterThan(1);
  });

  // The incident example replays a morning in May 2026: its maintenance silence is over, and
  // `herald check` rightly says so.
  const EXPECTED_WARNINGS: Readonly<Record<string, readonly string[]>> = {
    [join('examples', 'incident', 'herald.yml')]: [`${join('examples', 'incident', 'herald.yml')}:90:11: warning: silences[0].ends: silence ended at 2026-05-20T12:00:00Z; it mutes nothing`],
  };

  it.each(SHIPPED.map((file) => ({ case: file, file })))('$case loads with no issues', ({ file }) => {
    const { config, issues } = loadConfigText(readFileSync(join(ROOT, file), 'utf8'), file);
    expect({ loaded: config !== undefined, issues: issues.map(formatIssue) }).toEqual({ loaded: true, issues: EXPECTED_WARNINGS[file] ?? [] });
  });
});

describe('parseDuration', () => {
  it.each([
    { case: 'seconds', text: '30s', ms: 30_000 },
    { case: 'minutes', text: '15m', ms: 900_000 },
    { case: 'hours and minutes', text: '1h30m', ms: 5_400_000 },
    { case: 'days', text: '7d', ms: 604_800_000 },
    { case: 'milliseconds', text: '500ms', ms: 500 },
    { case: 'every unit', text: '1d2h3m4s5ms', ms: 93_784_005 },
    { case: 'zero', text: '0s', ms: 0 },
    { case: 'more minutes than an hour', text: '90m', ms: 5_400_000 },
    { case: 'a unit repeated, summed', text: '1m30m', ms: 1_860_000 },
    { case: 'leading zeros', text: '007s', ms: 7000 },
  ])('$case: $text', ({ text, ms }) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each([
    { case: 'empty', text: '' },
    { case: 'a bare number', text: '30' },
    { case: 'a bare unit', text: 'm' },
    { case: 'a bare ms', text: 'ms' },
    { case: 'a fraction', text: '1.5h' },
    { case: 'a negative', text: '-5m' },
    { case: 'a space between parts', text: '1h 30m' },
    { case: 'a leading space', text: ' 1h' },
    { case: 'a trailing space', text: '1h ' },
    { case: 'an upper-case unit', text: '1H' },
    { case: 'a long unit name', text: '1hr' },
    { case: 'weeks', text: '1w' },
    { case: 'years', text: '1y' },
    { case: 'microseconds', text: '5us' },
  ])('rejects $case: "$text"', ({ text }) => {
    expect(parseDuration(text)).toBeUndefined();
  });
});

describe('formatDuration', () => {
  it.each([
    { case: 'zero', ms: 0, text: '0s' },
    { case: 'milliseconds', ms: 500, text: '500ms' },
    { case: 'one second', ms: 1000, text: '1s' },
    { case: 'minutes past the hour', ms: 5_400_000, text: '1h30m' },
    { case: 'a day', ms: 86_400_000, text: '1d' },
    { case: 'every unit', ms: 93_784_005, text: '1d2h3m4s5ms' },
    { case: 'skipped units', ms: 86_400_001, text: '1d1ms' },
    { case: 'the longest accepted', ms: 31 * 86_400_000, text: '31d' },
  ])('$case: $ms', ({ ms, text }) => {
    expect(formatDuration(ms)).toBe(text);
  });

  it.each(['30s', '15m', '1h30m', '7d', '500ms', '1d2h3m4s5ms', '90m', '3600s'].map((text) => ({ case: text, text })))('parseDuration(formatDuration(parseDuration("$case"))) is the same duration', ({ text }) => {
    const ms = parseDuration(text);
    expect(ms).toBeDefined();
    expect(parseDuration(formatDuration(ms ?? -1))).toBe(ms);
  });
});

describe('label names inside $or', () => {
  it('warns about an unknown label in an $or alternative', () => {
    const { config, issues } = loadConfigText('topics: { a: {} }\nroutes:\n  - name: x\n    match:\n      $or:\n        - clustr: [prod]\n        - service: [web]\n    notify: [a]\n', 'or.yml');
    expect(config).toBeDefined();
    expect(issues.map(formatIssue)).toEqual([
      'or.yml:6:11: warning: routes[0].match.$or[0].clustr: "clustr" is not a built-in label (did you mean "cluster"?); it only matches when a resource tag of that name exists',
    ]);
  });
});

describe('topic formats, severity floors and subscriber filter policies', () => {
  const topics = (body: string) => loadConfigText(`topics:\n${body}\n`, 'topics.yml');

  it('accepts formats, min_severity and filter policies over message attributes', () => {
    const { config, issues } = topics([
      '  oncall: { format: email, min_severity: warning, emails: [oncall@example.com, { address: payments@example.com, filter: { service: [{ prefix: payments- }], severity: [critical] } }] }',
      '  feed: { format: json }',
      '  slack: { format: chat, arn: "arn:aws:sns:us-west-2:111122223333:chatbot" }',
    ].join('\n'));
    expect(issues).toEqual([]);
    expect(config?.topics.oncall?.emails?.[1]).toEqual({ address: 'payments@example.com', filter: { service: [{ prefix: 'payments-' }], severity: ['critical'] } });
  });

  it.each([
    {
      case: 'an unknown format',
      body: '  a: { format: slack }',
      issues: ['topics.yml:2:16: topics.a.format: expected "email" or "json" or "chat", got the string "slack"'],
    },
    {
      case: 'a filter on something that is not a message attribute',
      body: '  a: { emails: [{ address: a@example.com, filter: { servce: [web] } }] }',
      issues: ['topics.yml:2:53: topics.a.emails[0].filter.servce: "servce" is not a message attribute (did you mean "service"?); filters can use: severity, category, status, route, cluster, service, account, accountAlias, region'],
    },
    {
      case: 'a wildcard, which SNS filter policies lack',
      body: '  a: { emails: [{ address: a@example.com, filter: { service: [{ wildcard: "pay*" }] } }] }',
      issues: ['topics.yml:2:62: topics.a.emails[0].filter.service: SNS filter policies do not support "wildcard"; use "prefix" or "suffix"'],
    },
    {
      case: 'nested fields',
      body: '  a: { emails: [{ address: a@example.com, filter: { service: { name: [web] } } }] }',
      issues: ['topics.yml:2:62: topics.a.emails[0].filter.service: message attributes are flat: expected a list of conditions, not nested fields'],
    },
  ])('rejects $case', ({ body, issues }) => {
    expect(topics(body).issues.map(formatIssue)).toEqual(issues);
  });
});

describe('the enrich section', () => {
  it('accepts log lines, redaction patterns, a time budget and log group prefixes', () => {
    const { config, issues } = loadConfigText('enrich: { log_lines: 50, redact: ["sk_live_[0-9a-zA-Z]{24}"], budget: 2s, log_groups: [/ecs/, /copilot/] }\ntopics: {}\n', 'e.yml');
    expect(issues).toEqual([]);
    expect(config?.enrich).toEqual({ log_lines: 50, redact: ['sk_live_[0-9a-zA-Z]{24}'], budget: '2s', log_groups: ['/ecs/', '/copilot/'] });
  });

  it.each([
    { case: 'too many log lines', text: 'enrich: { log_lines: 500 }', issue: 'e.yml:1:22: enrich.log_lines: at most 100 log lines' },
    { case: 'a pattern that is not a regular expression', text: 'enrich: { redact: ["(unclosed"] }', issue: 'e.yml:1:20: enrich.redact[0]: expected a regular expression (JavaScript syntax)' },
    { case: 'a budget longer than 20s', text: 'enrich: { budget: 1m }', issue: 'e.yml:1:19: enrich.budget: at most 20s: the function must still deliver' },
    { case: 'an unknown key', text: 'enrich: { lines: 5 }', issue: 'e.yml:1:11: enrich.lines: unknown key "lines"; expected one of: log_lines, redact, budget, log_groups, instance_logs' },
    {
      case: 'a log group prefix with a wildcard',
      text: 'enrich: { log_groups: ["/ecs/*"] }',
      issue: 'e.yml:1:24: enrich.log_groups[0]: expected a log group name prefix such as "/ecs/": letters, digits, "_", "-", ".", "/" or "#" (at most 512)',
    },
    { case: 'an empty list of log groups', text: 'enrich: { log_groups: [] }', issue: 'e.yml:1:23: enrich.log_groups: expected a non-empty value, got a list' },
  ])('rejects $case', ({ text, issue }) => {
    expect(loadConfigText(`${text}\ntopics: {}\n`, 'e.yml').issues.map(formatIssue)).toEqual([issue]);
  });
});
