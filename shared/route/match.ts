import type { Alert } from '../normalize';
import type { RouteMatch, RouteNode } from './types';

const nodeMatches = (node: RouteNode, labels: Alert['labels'], event: unknown): boolean =>
  (node.match === undefined || node.match.matches(labels)) && (node.event === undefined || node.event.matches(event));

/** Positions of the children worth trying, in order: indexed candidates plus the always-tried. */
const candidates = (node: RouteNode, labels: Alert['labels']): readonly number[] | undefined => {
  const index = node.index;
  if (index === undefined) return undefined;
  let picked: number[] | undefined;
  for (const [label, buckets] of index.byLabel) {
    const value = labels[label as keyof Alert['labels']];
    const hits = value === undefined ? undefined : buckets.get(value);
    if (hits !== undefined) picked = picked === undefined ? [...hits] : picked.concat(hits);
  }
  for (const [label, entries] of index.byPrefix) {
    const value = labels[label as keyof Alert['labels']];
    if (value === undefined) continue;
    for (const { prefix, positions } of entries) {
      if (value.startsWith(prefix)) picked = picked === undefined ? [...positions] : picked.concat(positions);
    }
  }
  if (picked === undefined) return index.always;
  return [...new Set(picked.concat(index.always))].sort((a, b) => a - b);
};

/**
 * Alertmanager's routing: depth-first; a node that matches tries its children in order;
 * the first child that matches wins unless it has `continue`; if no child matches, the node
 * itself is the match. The root matches every alert.
 * @see https://prometheus.io/docs/alerting/latest/configuration/#route
 */
export const matchRoutes = (root: RouteNode, alert: Alert, event: unknown): RouteMatch[] => {
  const matches: RouteMatch[] = [];
  const visit = (node: RouteNode, chain: readonly string[]): boolean => {
    if (!nodeMatches(node, alert.labels, event)) return false;
    const here = [...chain, node.name];
    let matchedChild = false;
    const positions = candidates(node, alert.labels);
    const count = positions === undefined ? node.children.length : positions.length;
    for (let i = 0; i < count; i++) {
      const child = node.children[positions === undefined ? i : (positions[i] ?? 0)];
      if (child === undefined || !visit(child, here)) continue;
      matchedChild = true;
      if (!child.continue) break;
    }
    if (!matchedChild) matches.push({ route: node.name, path: node.path, chain: here, options: node.options });
    return true;
  };
  visit(root, []);
  return matches;
};
