import type { RawIssue } from '../config';
import type { HeraldConfig, PatternConfig, RouteConfig, RouteOptionsConfig } from '../config/types';
import { EVENT_KIND_SPECS, RULE_GROUPS, type RuleGroup } from '../events';
import { compileEventScope } from './scope';

/** An EventBridge rule pattern and the routes it serves. */
export interface EventRule {
  pattern: Record<string, unknown>;
  /** Routes whose events this rule forwards. */
  routes: string[];
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Exact string values a pattern field allows, or undefined when it is not a plain value list. */
const exactStrings = (pattern: PatternConfig | undefined, field: string): Set<string> | undefined => {
  const condition = pattern?.[field];
  if (!Array.isArray(condition) || !condition.every((c) => typeof c === 'string')) return undefined;
  return new Set(condition as string[]);
};

const intersect = (a: Set<string> | undefined, b: Set<string> | undefined): Set<string> | undefined =>
  a === undefined ? b : b === undefined ? a : new Set([...a].filter((x) => b.has(x)));

/**
 * ANDs two event patterns. Where both constrain the same leaf, the deeper route's condition
 * is kept alone: the result may forward more than the routes need, never less.
 */
const mergePatterns = (outer: Record<string, unknown>, inner: Record<string, unknown>): Record<string, unknown> => {
  const out: Record<string, unknown> = { ...outer };
  for (const [key, value] of Object.entries(inner)) {
    const existing = out[key];
    out[key] = isObject(existing) && isObject(value) ? mergePatterns(existing, value) : value;
  }
  return out;
};

interface Constraint {
  sources?: Set<string>;
  detailTypes?: Set<string>;
  event: Record<string, unknown>;
}

const constrain = (parent: Constraint, route: RouteConfig): Constraint => ({
  sources: intersect(intersect(parent.sources, exactStrings(route.match, 'source')), exactStrings(route.event, 'source')),
  detailTypes: intersect(intersect(parent.detailTypes, exactStrings(route.match, 'detailType')), exactStrings(route.event, 'detail-type')),
  event: route.event === undefined ? parent.event : mergePatterns(parent.event, route.event),
});

const delivers = (options: RouteOptionsConfig, inherited: { notify: number; remediate: number }) =>
  (options.notify?.length ?? inherited.notify) > 0 || (options.remediate?.length ?? inherited.remediate) > 0;

/** One EventBridge rule's share of the event kinds. */
interface Group {
  key: RuleGroup;
  source: string;
  /** The group's detail-types, in registry order. */
  detailTypes: readonly string[];
  /** CloudTrail groups: the `detail.eventSource` the rule requires. */
  eventSource?: string;
}

/**
 * The rule groups, from the event-kind registry. Groups are disjoint by source and
 * detail-type, so no event is forwarded twice; the kinds of a group share their source and
 * eventSource (test/events/kinds.test.ts checks it), so the first kind speaks for the group.
 */
const GROUPS: readonly Group[] = Object.values(RULE_GROUPS).flatMap((key) => {
  const kinds = EVENT_KIND_SPECS.filter((spec) => spec.ruleGroup === key);
  const [first] = kinds;
  if (first === undefined) return [];
  return [{ key, source: first.source, detailTypes: kinds.map((spec) => spec.detailType), eventSource: first.eventSource }];
});

/** What one delivering route needs from one group: detail-types and extra event conditions. */
interface Alternative {
  detailTypes: string[];
  extra: Record<string, unknown>;
  route: string;
}

const alternativesOf = (constraint: Constraint, route: string): Map<string, Alternative> => {
  const { source: _source, 'detail-type': _detailType, ...extra } = constraint.event;
  const out = new Map<string, Alternative>();
  for (const group of GROUPS) {
    if (constraint.sources !== undefined && !constraint.sources.has(group.source)) continue;
    const detailTypes = group.detailTypes.filter((d) => constraint.detailTypes?.has(d) ?? true);
    if (detailTypes.length > 0) out.set(group.key, { detailTypes, extra, route });
  }
  return out;
};

/**
 * The EventBridge rules to deploy: only events that some route which notifies or remediates
 * can match, by source, detail-type and its `event:` conditions (and those of its ancestors).
 * Label conditions other than `source` and `detailType` are not expressible on the raw event,
 * so they do not narrow the rules. At most one rule per source group (ECS events, ECS
 * CloudTrail calls, CloudWatch alarms, Trusted Advisor check items), with `$or` over the
 * routes' alternatives: rules never overlap, so an event never invokes the function twice. A
 * group's rule is deployed wherever herald is; the Trusted Advisor rule only ever matches in
 * us-east-1, where Trusted Advisor emits its events.
 * @see https://docs.aws.amazon.com/awssupport/latest/user/cloudwatch-events-ta.html
 * @see https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-create-pattern-operators.html#eb-filtering-complex-example-or
 */
export const deriveEventRules = (config: HeraldConfig): EventRule[] => {
  const alternatives = new Map<string, Alternative[]>();
  const add = (constraint: Constraint, route: string) => {
    for (const [group, alternative] of alternativesOf(constraint, route)) {
      // Appended in place: a copy per route made thousands of routes quadratic.
      const found = alternatives.get(group);
      if (found === undefined) alternatives.set(group, [alternative]);
      else found.push(alternative);
    }
  };
  const root = config.default ?? {};
  const visit = (routes: readonly RouteConfig[], parent: Constraint, inherited: { notify: number; remediate: number }) => {
    for (const route of routes) {
      const here = constrain(parent, route);
      if (delivers(route, inherited)) add(here, route.name);
      visit(route.routes ?? [], here, { notify: route.notify?.length ?? inherited.notify, remediate: route.remediate?.length ?? inherited.remediate });
    }
  };
  if (delivers(root, { notify: 0, remediate: 0 })) add({ event: {} }, 'default');
  visit(config.routes ?? [], { event: {} }, { notify: root.notify?.length ?? 0, remediate: root.remediate?.length ?? 0 });

  const scope = compileEventScope(config);
  return GROUPS.flatMap((group) => {
    const alts = alternatives.get(group.key);
    if (alts === undefined) return [];
    const scoped = scope.rulePatterns[group.key];
    const routes = [...new Set(alts.map((a) => a.route))];
    const base: Record<string, unknown> = { source: [group.source] };
    const cloudTrail = group.eventSource === undefined ? undefined : { eventSource: [group.eventSource] };
    const withCloudTrail = (pattern: Record<string, unknown>): Record<string, unknown> => {
      const narrowed = cloudTrail === undefined ? pattern : { ...pattern, detail: { ...(isObject(pattern.detail) ? pattern.detail : {}), ...cloudTrail } };
      // What herald.yml watches at all (its `alarms`), on top of what the routes need.
      return scoped === undefined ? narrowed : mergePatterns(narrowed, scoped);
    };
    const unconditional = alts.filter((a) => Object.keys(a.extra).length === 0);
    const detailTypesOf = (list: readonly Alternative[]) => group.detailTypes.filter((d) => list.some((a) => a.detailTypes.includes(d)));
    // Any route that takes every event of the group makes the others redundant.
    if (unconditional.some((a) => a.detailTypes.length === group.detailTypes.length) || unconditional.length === alts.length) {
      const detailTypes = unconditional.length === alts.length ? detailTypesOf(alts) : group.detailTypes;
      return [{ pattern: withCloudTrail({ ...base, 'detail-type': [...detailTypes] }), routes }];
    }
    const seen = new Set<string>();
    const or = alts
      .map((a) => ({ 'detail-type': a.detailTypes, ...a.extra }))
      .filter((alt) => {
        const key = JSON.stringify(alt);
        return seen.has(key) ? false : (seen.add(key), true);
      });
    const pattern = or.length === 1 ? { ...base, ...or[0] } : { ...base, $or: or };
    return [{ pattern: withCloudTrail(pattern), routes }];
  });
};

/**
 * The most characters an EventBridge event pattern may have (a quota AWS can raise on request).
 * @see https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-quota.html
 */
export const MAX_EVENT_PATTERN_LENGTH = 2048;

/**
 * The derived rules that EventBridge would refuse for their size, as herald.yml issues: the
 * alarm rule grows with `alarms` (namespaces, services' target groups), the others with the
 * routes' `event:` conditions.
 */
export const checkEventRuleSizes = (config: HeraldConfig): RawIssue[] =>
  deriveEventRules(config).flatMap((rule): RawIssue[] => {
    const length = JSON.stringify(rule.pattern).length;
    if (length <= MAX_EVENT_PATTERN_LENGTH) return [];
    const source = (rule.pattern.source as string[] | undefined)?.join(', ') ?? '';
    const what =
      source === 'aws.cloudwatch' ? 'CloudWatch alarms'
      : source === 'aws.trustedadvisor' ? 'Trusted Advisor checks'
      : JSON.stringify(rule.pattern).includes('AWS API Call via CloudTrail') ? 'CloudTrail calls on ECS'
      : source === 'aws.ecs' ? 'ECS events'
      : source;
    // The alarm rule grows with `alarms` alone when no route narrows it by `event:`.
    const byAlarms = source === 'aws.cloudwatch' && rule.routes.every((route) => route === 'default');
    const routes = rule.routes.length > 3 ? `${rule.routes.slice(0, 3).join(', ')} and ${rule.routes.length - 3} more` : rule.routes.join(', ');
    return [{
      level: 'error',
      path: [byAlarms ? 'alarms' : 'routes'],
      atKey: true,
      message: `the EventBridge rule for ${what} (routes ${routes}) would be ${length} characters, over EventBridge's ${MAX_EVENT_PATTERN_LENGTH}-character limit on event patterns; ${byAlarms ? 'name fewer alarm namespaces or target groups' : 'narrow fewer routes by `event:` conditions'}, or ask AWS to raise the quota`,
    }];
  });
