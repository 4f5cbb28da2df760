import { formatDuration, parseDuration } from '../config/duration';
import type { HeraldConfig, PatternConfig, RouteConfig, RouteOptionsConfig } from '../config/types';
import { ROOT_ROUTE_NAME } from '../config/constants';
import { compilePattern } from '../pattern';
import { type ChildIndex, ROOT_DEFAULTS, type RouteNode, type RouteOptions } from './types';

/** Children below this count are simply tried in order; an index does not pay for itself. */
const INDEX_THRESHOLD = 8;

const ms = (text: string | undefined): number | undefined => (text === undefined ? undefined : parseDuration(text));

/** A child's options: its own where set, else its parent's (Alertmanager inheritance). */
const inherit = (own: RouteOptionsConfig, parent: RouteOptions): RouteOptions => ({
  notify: own.notify ?? parent.notify,
  remediate: own.remediate ?? parent.remediate,
  throttleMs: ms(own.throttle) ?? parent.throttleMs,
  throttleBy: own.throttle_by ?? parent.throttleBy,
  groupBy: own.group_by ?? parent.groupBy,
  groupWaitMs: ms(own.group_wait) ?? parent.groupWaitMs,
  groupIntervalMs: ms(own.group_interval) ?? parent.groupIntervalMs,
  groupIntervalMaxMs: ms(own.group_interval_max) ?? parent.groupIntervalMaxMs,
  repeatIntervalMs: ms(own.repeat_interval) ?? parent.repeatIntervalMs,
  resolveHoldMs: ms(own.resolve_hold) ?? parent.resolveHoldMs,
  severity: own.severity ?? parent.severity,
  muteTimeIntervals: own.mute_time_intervals ?? parent.muteTimeIntervals,
  activeTimeIntervals: own.active_time_intervals ?? parent.activeTimeIntervals,
});

/** The label values a route requires: exact strings and `prefix` strings of one label. */
interface Requirement {
  label: string;
  exact: readonly string[];
  prefixes: readonly string[];
}

/**
 * A top-level `match` field whose conditions are only exact strings and plain `prefix`
 * strings: the route cannot match unless that label has one of the values or prefixes.
 */
const prefixRequirement = (match: PatternConfig | undefined): Requirement | undefined => {
  for (const [label, conditions] of Object.entries(match ?? {})) {
    if (label === '$or' || !Array.isArray(conditions) || conditions.length === 0) continue;
    const exact: string[] = [];
    const prefixes: string[] = [];
    const indexable = conditions.every((c: unknown) => {
      if (typeof c === 'string') return exact.push(c) > 0;
      if (typeof c === 'object' && c !== null && Object.keys(c).length === 1 && typeof (c as { prefix?: unknown }).prefix === 'string') {
        return prefixes.push((c as { prefix: string }).prefix) > 0;
      }
      return false;
    });
    if (indexable && prefixes.length > 0) return { label, exact, prefixes };
  }
  return undefined;
};

/**
 * Buckets children by the label values they require, so an alert only tries the routes that
 * can match it. Each child goes under its exact-value label that the most siblings constrain
 * (typically `service` or `cluster`), else under a label it requires a prefix of; children
 * with neither are always tried. Candidates are tried in their written order.
 */
const buildIndex = (children: readonly RouteNode[], configs: readonly RouteConfig[]): ChildIndex | undefined => {
  if (children.length < INDEX_THRESHOLD) return undefined;
  const popularity = new Map<string, number>();
  for (const child of children) {
    for (const label of child.match?.exactStrings.keys() ?? []) popularity.set(label, (popularity.get(label) ?? 0) + 1);
  }
  const byLabel = new Map<string, Map<string, number[]>>();
  const byPrefix = new Map<string, { prefix: string; positions: number[] }[]>();
  const always: number[] = [];
  const addExact = (label: string, value: string, position: number) => {
    const buckets = byLabel.get(label) ?? new Map<string, number[]>();
    byLabel.set(label, buckets);
    buckets.set(value, [...(buckets.get(value) ?? []), position]);
  };
  children.forEach((child, position) => {
    const labels = [...(child.match?.exactStrings.keys() ?? [])];
    if (labels.length > 0) {
      const label = labels.reduce((a, b) => ((popularity.get(b) ?? 0) > (popularity.get(a) ?? 0) ? b : a));
      for (const value of child.match?.exactStrings.get(label) ?? []) addExact(label, value, position);
      return;
    }
    const requirement = prefixRequirement(configs[position]?.match);
    if (requirement === undefined) {
      always.push(position);
      return;
    }
    for (const value of requirement.exact) addExact(requirement.label, value, position);
    const entries = byPrefix.get(requirement.label) ?? [];
    byPrefix.set(requirement.label, entries);
    for (const prefix of requirement.prefixes) {
      const entry = entries.find((e) => e.prefix === prefix);
      if (entry === undefined) entries.push({ prefix, positions: [position] });
      else entry.positions.push(position);
    }
  });
  return { byLabel, byPrefix, always };
};

const compileNode = (route: RouteConfig, path: string, parent: RouteOptions): RouteNode => {
  const options = inherit(route, parent);
  const children = (route.routes ?? []).map((child, i) => compileNode(child, `${path}.routes[${i}]`, options));
  return {
    name: route.name,
    path,
    match: route.match === undefined ? undefined : compilePattern(route.match, { numericStrings: true }),
    event: route.event === undefined ? undefined : compilePattern(route.event),
    written: {
      match: route.match === undefined ? undefined : JSON.stringify(route.match),
      event: route.event === undefined ? undefined : JSON.stringify(route.event),
    },
    continue: route.continue === true,
    options,
    children,
    index: buildIndex(children, route.routes ?? []),
  };
};

/**
 * Compiles a validated configuration into the routing tree: patterns prebuilt, options
 * inherited from parent to child, sibling indexes built. Call once, at start-up.
 */
export const compileRoutes = (config: HeraldConfig): RouteNode => {
  const rootOptions = inherit(config.default ?? {}, { notify: [], remediate: [], groupBy: [], throttleBy: [], muteTimeIntervals: [], activeTimeIntervals: [], ...ROOT_DEFAULTS });
  const children = (config.routes ?? []).map((route, i) => compileNode(route, `routes[${i}]`, rootOptions));
  return { name: ROOT_ROUTE_NAME, path: ROOT_ROUTE_NAME, written: {}, continue: false, options: rootOptions, children, index: buildIndex(children, config.routes ?? []) };
};

/** The tree as indented text, for `herald routes`. */
export const describeRoutes = (root: RouteNode): string => {
  const lines: string[] = [];
  const walk = (node: RouteNode, depth: number) => {
    const o = node.options;
    const conditions = [node.written.match === undefined ? '' : `match ${node.written.match}`, node.written.event === undefined ? '' : `event ${node.written.event}`].filter((c) => c !== '');
    const settings = [
      `notify: ${o.notify.length === 0 ? '(record only)' : o.notify.join(', ')}`,
      o.remediate.length > 0 ? `remediate: ${o.remediate.join(', ')}` : '',
      o.severity === undefined ? '' : `severity: ${o.severity}`,
      o.throttleMs === undefined ? '' : `throttle: ${formatDuration(o.throttleMs)}${o.throttleBy.length > 0 ? ` by [${o.throttleBy.join(', ')}]` : ''}`,
      o.groupBy.length > 0 ? `group_by: [${o.groupBy.join(', ')}]` : '',
      o.groupBy.length > 0 && o.groupIntervalMaxMs !== undefined && o.groupIntervalMaxMs > o.groupIntervalMs
        ? `digests every ${formatDuration(o.groupIntervalMs)}, doubling up to ${formatDuration(o.groupIntervalMaxMs)}`
        : '',
      o.groupWaitMs > 0 ? `group_wait: ${formatDuration(o.groupWaitMs)}` : '',
      o.muteTimeIntervals.length > 0 ? `muted during: ${o.muteTimeIntervals.join(', ')}` : '',
      o.activeTimeIntervals.length > 0 ? `active during: ${o.activeTimeIntervals.join(', ')}` : '',
      node.continue ? 'continue' : '',
    ].filter((s) => s !== '');
    const indent = '  '.repeat(depth);
    lines.push(`${indent}${node.name}${conditions.length === 0 ? (depth === 0 ? ' (every alert)' : ' (matches everything)') : ''}`);
    for (const condition of conditions) lines.push(`${indent}    ${condition}`);
    lines.push(`${indent}    ${settings.join('; ')}`);
    for (const child of node.children) walk(child, depth + 1);
  };
  walk(root, 0);
  return `${lines.join('\n')}\n`;
};
