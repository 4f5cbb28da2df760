import { MAX_EVALUATION_SECONDS, MAX_SERVICE_NAME_LENGTH } from '../alarms/constants';
import { resolveAlarmTiming, resolveServiceAlarms } from '../alarms/settings';
import { SERVICE_ALARM_KINDS, type ServiceAlarmKind } from './alarms';
import { MAX_ROUTE_DEPTH, MESSAGE_ATTRIBUTE_NAMES, ROOT_ROUTE_NAME } from './constants';
import { formatDuration, parseDuration } from './duration';
import { parseSilenceTime } from './time';
import { LABEL_NAMES } from '../normalize/constants';
import { checkPattern } from '../pattern';
import { formatPath, type DocPath } from './locate';
import { SiblingCoverage } from './reachability';
import { type RawIssue, suggest } from './issues';
import { checkMonitoring } from './monitoring';
import { checkAccounts } from './accounts';
import type { HeraldConfig, PatternConfig, RouteConfig, RouteOptionsConfig } from './types';

/**
 * SNS subscription filter policies: EventBridge-like syntax over the message attributes, but
 * flat (attribute names only), without `wildcard`, at most 5 attribute names.
 * @see https://docs.aws.amazon.com/sns/latest/dg/subscription-filter-policy-constraints.html
 */
const MAX_FILTER_ATTRIBUTES = 5;

const checkFilterPolicy = (filter: Record<string, unknown>, path: DocPath): RawIssue[] => {
  const issues: RawIssue[] = checkPattern(filter).map((issue) => ({ level: 'error', path: [...path, ...splitPatternPath(issue.path)], message: issue.message }));
  const names = new Set<string>();
  const visit = (policy: Record<string, unknown>, here: DocPath) => {
    for (const [key, value] of Object.entries(policy)) {
      if (key === '$or') {
        if (Array.isArray(value)) value.forEach((alternative, i) => isMapping(alternative) && visit(alternative, [...here, '$or', i]));
        continue;
      }
      names.add(key);
      if (!(MESSAGE_ATTRIBUTE_NAMES as readonly string[]).includes(key)) {
        const hint = suggest(key, MESSAGE_ATTRIBUTE_NAMES);
        issues.push({ level: 'error', path: [...here, key], atKey: true, message: `"${key}" is not a message attribute${hint === undefined ? '' : ` (did you mean "${hint}"?)`}; filters can use: ${MESSAGE_ATTRIBUTE_NAMES.join(', ')}` });
      } else if (isMapping(value)) {
        issues.push({ level: 'error', path: [...here, key], message: 'message attributes are flat: expected a list of conditions, not nested fields' });
      } else if (Array.isArray(value) && value.some((c) => isMapping(c) && 'wildcard' in c)) {
        issues.push({ level: 'error', path: [...here, key], message: 'SNS filter policies do not support "wildcard"; use "prefix" or "suffix"' });
      }
    }
  };
  visit(filter, path);
  if (names.size > MAX_FILTER_ATTRIBUTES) {
    issues.push({ level: 'error', path, message: `a filter policy can name at most ${MAX_FILTER_ATTRIBUTES} attributes, this one names ${names.size}` });
  }
  return issues;
};

/**
 * `detail.state[0].prefix` -> ['detail', 'state', 0, 'prefix'], to locate pattern issues.
 * Keys that are not plain words come quoted, as in `detail["a.b"][0]`.
 */
export const splitPatternPath = (path: string): (string | number)[] =>
  [...path.matchAll(/\["((?:[^"\\]|\\.)*)"\]|\[(\d+)\]|([^.[\]]+)/g)].map(([, quoted, index, key]) =>
    quoted !== undefined ? (JSON.parse(`"${quoted}"`) as string) : index !== undefined ? Number(index) : (key ?? ''));

const isMapping = (value: unknown): value is Record<string, unknown> & object =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The strings of a list; anything else (the schema reports it) reads as empty. */
const strings = (value: unknown): string[] => (Array.isArray(value) ? value.map((v) => (typeof v === 'string' ? v : '')) : []);

const list = (names: readonly string[]): string => (names.length === 0 ? '(none)' : names.join(', '));

/**
 * A silence must end after it starts; one that has already ended is kept (the file may be
 * older than the deploy) but mutes nothing, so it is a warning. Unparsable times are the
 * schema's to report.
 */
const checkSilenceTimes = (starts: unknown, ends: unknown, path: DocPath): RawIssue[] => {
  const endsAt = typeof ends === 'string' ? parseSilenceTime(ends) : undefined;
  if (endsAt === undefined) return [];
  const startsAt = typeof starts === 'string' ? parseSilenceTime(starts) : undefined;
  if (startsAt !== undefined && endsAt <= startsAt) {
    return [{ level: 'error', path: [...path, 'ends'], message: `the silence ends before it starts: ends ${String(ends)} is not after starts ${String(starts)}` }];
  }
  if (endsAt <= Date.now()) return [{ level: 'warning', path: [...path, 'ends'], message: `silence ended at ${String(ends)}; it mutes nothing` }];
  return [];
};

/**
 * What an action's guards leave open: a live action bound to no cluster and no service acts on
 * every service of the account and Region; a cluster outside the top-level `clusters` is one
 * the deployment says it does not watch (the router may not describe it, so its alerts carry
 * no tags for the allow-list); an action no route names never runs.
 */
const checkActions = (actions: Record<string, unknown>, topLevelClusters: unknown, used: ReadonlySet<string>): RawIssue[] => {
  const issues: RawIssue[] = [];
  const watched = Array.isArray(topLevelClusters) ? strings(topLevelClusters) : undefined;
  for (const [name, action] of Object.entries(actions)) {
    if (!isMapping(action)) continue;
    const path: DocPath = ['actions', name];
    if (!used.has(name)) issues.push({ level: 'warning', path, atKey: true, message: `action "${name}" is never used: no route names it in remediate` });
    const clusters = Array.isArray(action.clusters) ? strings(action.clusters) : undefined;
    if (action.dry_run === false && clusters === undefined && watched === undefined && action.services === undefined) {
      issues.push({ level: 'warning', path: [...path, 'dry_run'], message: `action "${name}" is live and names no clusters or services: it may act on every service of the account and Region; set "clusters" (here or at the top level) or "services"` });
    }
    if (clusters === undefined || watched === undefined) continue;
    clusters.forEach((cluster, i) => {
      if (watched.includes(cluster)) return;
      issues.push({ level: 'error', path: [...path, 'clusters', i], message: `cluster "${cluster}" of action "${name}" is not among the clusters this deployment watches (top-level clusters: ${list(watched)})` });
    });
  }
  return issues;
};

/** Whether a layer of alarm settings sets when the alarm fires (period, evaluation periods, datapoints). */
const setsTiming = (layer: unknown): boolean =>
  isMapping(layer) && (layer.period !== undefined || layer.evaluation_periods !== undefined || layer.datapoints_to_alarm !== undefined);

/**
 * What CloudWatch refuses in an alarm's timing: more datapoints than evaluated periods, or
 * more than a day of periods under an hour (seven days of longer ones).
 * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricAlarm.html
 */
const checkAlarmTiming = (kind: ServiceAlarmKind, defaults: unknown, own: unknown, path: DocPath): RawIssue[] => {
  const t = resolveAlarmTiming(kind, defaults, own);
  const issues: RawIssue[] = [];
  if (t.datapointsToAlarm > t.evaluationPeriods) {
    issues.push({ level: 'error', path, message: `datapoints_to_alarm (${t.datapointsToAlarm}) must not exceed evaluation_periods (${t.evaluationPeriods})` });
  }
  const limit = t.periodSeconds < 3600 ? MAX_EVALUATION_SECONDS.underAnHour : MAX_EVALUATION_SECONDS.otherwise;
  if (t.periodSeconds * t.evaluationPeriods > limit) {
    const period = formatDuration(t.periodSeconds * 1000);
    issues.push({ level: 'error', path, message: `${t.evaluationPeriods} evaluation periods of ${period} make ${formatDuration(t.periodSeconds * t.evaluationPeriods * 1000)}: CloudWatch evaluates at most 1d of periods under an hour, 7d of longer ones` });
  }
  return issues;
};

/**
 * The alarms herald.yml creates (`alarms.services`): each service once, in a cluster the
 * deployment watches, with names that fit CloudWatch's; a target group belongs to one service
 * (its alarms are labelled with it); a 5xx alarm has a threshold; timings CloudWatch takes.
 */
const checkServiceAlarms = (alarms: unknown, topLevelClusters: unknown): RawIssue[] => {
  if (!isMapping(alarms)) return [];
  const issues: RawIssue[] = [];
  const watched = Array.isArray(topLevelClusters) ? strings(topLevelClusters) : undefined;
  const defaults = isMapping(alarms.defaults) ? alarms.defaults : {};
  // What the defaults get wrong is said once, there, not again for every service that inherits it.
  const wrongDefaults = new Set<string>();
  for (const kind of SERVICE_ALARM_KINDS) {
    if (!setsTiming(defaults[kind])) continue;
    const found = checkAlarmTiming(kind, defaults[kind], undefined, ['alarms', 'defaults', kind]);
    for (const issue of found) wrongDefaults.add(`${kind}: ${issue.message}`);
    issues.push(...found);
  }
  const services = new Map<string, number>();
  const targetGroups = new Map<string, { name: string; index: number }>();
  for (const resolved of resolveServiceAlarms(alarms)) {
    const { index, cluster, service } = resolved;
    const own = (Array.isArray(alarms.services) ? alarms.services[index] : undefined) as Record<string, unknown>;
    const path: DocPath = ['alarms', 'services', index];
    const name = `${cluster}/${service}`;
    if (watched !== undefined && !watched.includes(cluster)) {
      issues.push({ level: 'error', path: [...path, 'cluster'], message: `cluster "${cluster}" of service ${name} is not among the clusters this deployment watches (top-level clusters: ${list(watched)})` });
    }
    const first = services.get(name);
    if (first !== undefined) issues.push({ level: 'error', path: [...path, 'service'], message: `duplicate service ${name}; first defined at ${formatPath(['alarms', 'services', first])}` });
    else services.set(name, index);
    if (cluster.length + service.length > MAX_SERVICE_NAME_LENGTH) {
      issues.push({ level: 'error', path, message: `cluster and service names of ${name} are ${cluster.length + service.length} characters together, more than ${MAX_SERVICE_NAME_LENGTH}: alarm names ("<stack>-<cluster>/<service>-running-tasks", the stack's name up to 128 characters) must fit CloudWatch's 255` });
    }
    for (const kind of SERVICE_ALARM_KINDS) {
      const on = kind === 'cpu' ? resolved.cpu : kind === 'memory' ? resolved.memory : kind === 'running_tasks' ? resolved.runningTasks : resolved.target5xx;
      if (on === undefined || !setsTiming(own[kind])) continue;
      issues.push(...checkAlarmTiming(kind, defaults[kind], own[kind], [...path, kind]).filter((issue) => !wrongDefaults.has(`${kind}: ${issue.message}`)));
    }
    const target = resolved.target5xx;
    if (target !== undefined) {
      if (target.threshold === undefined) {
        issues.push({ level: 'error', path: [...path, 'target_5xx'], message: 'missing key "threshold": how many 5xx responses per period are too many (AWS suggests about 5% of the target group\'s usual requests, its RequestCount); set it here or in alarms.defaults.target_5xx' });
      }
      const owner = typeof target.targetGroup === 'string' ? targetGroups.get(target.targetGroup) : undefined;
      if (owner !== undefined) {
        issues.push({ level: 'error', path: [...path, 'target_5xx', 'target_group'], message: `target group ${target.targetGroup} is already that of ${owner.name} (${formatPath(['alarms', 'services', owner.index])}): a target group serves one ECS service, whose alarms it labels` });
      } else if (typeof target.targetGroup === 'string') {
        targetGroups.set(target.targetGroup, { name, index });
      }
    }
    if (resolved.cpu === undefined && resolved.memory === undefined && resolved.runningTasks === undefined && target === undefined) {
      issues.push({ level: 'warning', path, message: `service ${name} gets no alarm: cpu, memory and running_tasks are off and it names no target_5xx` });
    }
  }
  return issues;
};

/** The route options that name time intervals. */
const TIME_INTERVAL_OPTIONS = ['mute_time_intervals', 'active_time_intervals'] as const;

/**
 * Checks what the schema cannot: references to topics, actions and time intervals, unique
 * route names, unreachable routes, valid patterns, known label names, silence times (an
 * ended silence is a warning, read against the clock), what actions' guards leave open, the
 * alarms of `alarms.services`. Returns every issue found.
 */
export const validateConfig = (config: HeraldConfig): RawIssue[] => {
  const issues: RawIssue[] = [];
  // Also called on documents that failed the schema: read every part defensively.
  const topics = isMapping(config.topics) ? Object.keys(config.topics) : [];
  const actions = isMapping(config.actions) ? Object.keys(config.actions) : [];
  const intervals = isMapping(config.time_intervals) ? Object.keys(config.time_intervals) : [];
  const usedIntervals = new Set<string>();
  const usedActions = new Set<string>();
  const seen = new Map<string, DocPath>();

  const checkOptions = (options: RouteOptionsConfig, path: DocPath, routeName: string) => {
    strings(options.notify).forEach((topic, i) => {
      if (!topics.includes(topic)) {
        const hint = suggest(topic, topics);
        issues.push({ level: 'error', path: [...path, 'notify', i], message: `undefined topic "${topic}" used in route "${routeName}"${hint === undefined ? '' : ` (did you mean "${hint}"?)`}; defined topics: ${list(topics)}` });
      }
    });
    strings(options.remediate).forEach((action, i) => {
      usedActions.add(action);
      if (!actions.includes(action)) {
        issues.push({ level: 'error', path: [...path, 'remediate', i], message: `undefined action "${action}" used in route "${routeName}"; defined actions: ${list(actions)}` });
      }
    });
    for (const key of TIME_INTERVAL_OPTIONS) {
      strings(options[key]).forEach((interval, i) => {
        usedIntervals.add(interval);
        if (interval === '' || intervals.includes(interval)) return;
        const hint = suggest(interval, intervals);
        issues.push({ level: 'error', path: [...path, key, i], message: `undefined time interval "${interval}" used in route "${routeName}"${hint === undefined ? '' : ` (did you mean "${hint}"?)`}; defined time intervals: ${list(intervals)}` });
      });
    }
    // Digest windows double from group_interval up to group_interval_max: a cap below the
    // start would silently mean fixed windows.
    const [start, cap] = [parseDuration(options.group_interval ?? ''), parseDuration(options.group_interval_max ?? '')];
    if (start !== undefined && cap !== undefined && cap < start) {
      issues.push({ level: 'error', path: [...path, 'group_interval_max'], message: `group_interval_max (${options.group_interval_max ?? ''}) must be at least group_interval (${options.group_interval ?? ''}) in route "${routeName}": digest windows grow from group_interval up to it` });
    }
    for (const key of ['group_by', 'throttle_by'] as const) {
      strings(options[key]).forEach((label, i) => {
        if (!(LABEL_NAMES as readonly string[]).includes(label)) {
          const hint = suggest(label, LABEL_NAMES);
          issues.push({ level: 'warning', path: [...path, key, i], message: `"${label}" is not a built-in label${hint === undefined ? '' : ` (did you mean "${hint}"?)`}; it only has a value when a resource tag of that name does` });
        }
      });
    }
  };

  const checkPattern_ = (pattern: PatternConfig | undefined, path: DocPath, labels: boolean) => {
    if (!isMapping(pattern)) return;
    for (const issue of checkPattern(pattern)) {
      issues.push({ level: 'error', path: [...path, ...splitPatternPath(issue.path)], message: issue.message });
    }
    if (labels) warnUnknownLabels(pattern, path);
  };

  /** Label names of a `match:` pattern, and of each `$or` alternative in it. */
  const warnUnknownLabels = (pattern: Record<string, unknown>, path: DocPath): void => {
    for (const [key, value] of Object.entries(pattern)) {
      if (key === '$or') {
        if (Array.isArray(value)) value.forEach((alternative, i) => isMapping(alternative) && warnUnknownLabels(alternative, [...path, '$or', i]));
        continue;
      }
      // __proto__ is reported by the loader as an unsupported key.
      if (key === '__proto__' || (LABEL_NAMES as readonly string[]).includes(key)) continue;
      const hint = suggest(key, LABEL_NAMES);
      issues.push({ level: 'warning', path: [...path, key], atKey: true, message: `"${key}" is not a built-in label${hint === undefined ? '' : ` (did you mean "${hint}"?)`}; it only matches when a resource tag of that name exists` });
    }
  };

  const visit = (routes: readonly RouteConfig[], path: DocPath, depth: number) => {
    if (depth > MAX_ROUTE_DEPTH) {
      issues.push({ level: 'error', path, message: `routes nest deeper than ${MAX_ROUTE_DEPTH} levels` });
      return;
    }
    let catchAll: { name: string; path: DocPath } | undefined;
    // Earlier siblings that stop the walk, with label conditions plain enough to compare.
    const covering = new SiblingCoverage();
    routes.forEach((route, i) => {
      if (!isMapping(route) || typeof route.name !== 'string') return;
      const here = [...path, i];
      const first = seen.get(route.name);
      if (first !== undefined) {
        issues.push({ level: 'error', path: [...here, 'name'], message: `duplicate route name "${route.name}"; first defined at ${formatPath(first)}` });
      } else {
        seen.set(route.name, here);
      }
      if (catchAll !== undefined) {
        issues.push({ level: 'error', path: [...here, 'name'], message: `route "${route.name}" is never reached: route "${catchAll.name}" (${formatPath(catchAll.path)}) before it matches every alert and does not continue` });
      }
      const earlier = catchAll === undefined ? covering.visit(route, here, i) : undefined;
      if (earlier !== undefined) {
        issues.push({ level: 'error', path: [...here, 'name'], message: `route "${route.name}" is never reached: route "${earlier.name}" (${formatPath(earlier.path)}) before it matches every alert it matches and does not continue` });
      }
      checkPattern_(route.match, [...here, 'match'], true);
      checkPattern_(route.event, [...here, 'event'], false);
      checkOptions(route, here, route.name);
      if (route.match === undefined && route.event === undefined && route.continue !== true && catchAll === undefined) {
        catchAll = { name: route.name, path: here };
      }
      if (Array.isArray(route.routes)) visit(route.routes, [...here, 'routes'], depth + 1);
    });
  };

  if (isMapping(config.topics)) {
    for (const [name, topic] of Object.entries(config.topics)) {
      if (!isMapping(topic) || !Array.isArray(topic.emails)) continue;
      topic.emails.forEach((entry, i) => {
        if (isMapping(entry) && isMapping(entry.filter)) issues.push(...checkFilterPolicy(entry.filter, ['topics', name, 'emails', i, 'filter']));
      });
    }
  }

  seen.set(ROOT_ROUTE_NAME, ['default']);
  checkOptions(isMapping(config.default) ? config.default : {}, ['default'], ROOT_ROUTE_NAME);
  visit(Array.isArray(config.routes) ? config.routes : [], ['routes'], 1);

  for (const name of intervals) {
    if (!usedIntervals.has(name)) {
      issues.push({ level: 'warning', path: ['time_intervals', name], atKey: true, message: `time interval "${name}" is never used: no route names it in mute_time_intervals or active_time_intervals` });
    }
  }

  if (isMapping(config.actions)) issues.push(...checkActions(config.actions, config.clusters, usedActions));
  issues.push(...checkServiceAlarms(config.alarms, config.clusters));
  issues.push(...checkMonitoring(config.monitoring, config.clusters));
  issues.push(...checkAccounts(config.accounts));

  if (Array.isArray(config.silences)) {
    config.silences.forEach((silence, i) => {
      if (!isMapping(silence)) return;
      checkPattern_(silence.matchers, ['silences', i, 'matchers'], true);
      issues.push(...checkSilenceTimes(silence.starts, silence.ends, ['silences', i]));
    });
  }
  return issues;
};
