import { renderEmail } from '../shared/deliver';
import type { EventReport } from '../shared/pipeline';
import type { RouteNode } from '../shared/route';
import { toSingleLine } from '../shared/deliver';

/** Every node of the tree by its path, for explanations. */
export const indexRoutes = (root: RouteNode): Map<string, RouteNode> => {
  const byPath = new Map<string, RouteNode>();
  const walk = (node: RouteNode) => {
    byPath.set(node.path, node);
    node.children.forEach(walk);
  };
  walk(root);
  return byPath;
};

/** The nodes from the root down to the node at `path`. */
const chainTo = (byPath: ReadonlyMap<string, RouteNode>, path: string): RouteNode[] => {
  const nodes: RouteNode[] = [];
  const root = byPath.get('default');
  if (root !== undefined) nodes.push(root);
  const parts = path.match(/routes\[\d+\]/g) ?? [];
  for (let i = 1; i <= parts.length; i++) {
    const node = byPath.get(parts.slice(0, i).join('.'));
    if (node !== undefined) nodes.push(node);
  }
  return nodes;
};

/**
 * What `herald test` prints for one event: the alert, each matched route with the reasons
 * each pattern on its way matched, the topics, and the rendered messages.
 */
export const explainReport = (report: EventReport, event: unknown, byPath: ReadonlyMap<string, RouteNode>): string => {
  if (report.outcome === 'skipped') return `skipped   ${report.reason}: ${report.message}\n`;
  const { alert } = report;
  const lines = [
    `alert     ${alert.severity.toUpperCase()} ${alert.category}  ${alert.summary}`,
    `labels    ${Object.entries(alert.labels).map(([k, v]) => `${k}=${toSingleLine(String(v))}`).join(' ')}`,
  ];
  for (const match of report.routes) {
    lines.push(`route     ${match.route}  (${match.chain.join(' > ')})`);
    for (const node of chainTo(byPath, match.path)) {
      if (node.match === undefined && node.event === undefined) {
        lines.push(`  why     ${node.name}: matches every alert`);
        continue;
      }
      for (const [kind, pattern, input] of [['match', node.match, alert.labels], ['event', node.event, event]] as const) {
        if (pattern === undefined) continue;
        for (const field of pattern.explain(input).fields) lines.push(`  why     ${node.name}: ${kind} ${field.path}: ${field.detail}`);
      }
    }
    lines.push(`  notify  ${match.options.notify.length === 0 ? '(record only)' : match.options.notify.join(', ')}`);
  }
  const topics = report.deliveries.map((d) => d.destination);
  lines.push(`topics    ${topics.length === 0 ? '(none: recorded only)' : topics.join(', ')}`);
  if (topics.length > 0) {
    const first = report.routes.find((m) => m.options.notify.length > 0);
    const email = renderEmail(alert, { route: first?.route });
    lines.push('message   (email)', ...`Subject: ${email.subject}\n\n${email.body}`.split('\n').map((l) => `  | ${l}`));
  }
  return `${lines.join('\n')}\n`;
};
