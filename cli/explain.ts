import { renderMessage, type TopicTarget } from '../shared/deliver';
import type { Redactor } from '../shared/enrich';
import type { EventReport } from '../shared/pipeline';
import type { RouteNode } from '../shared/route';
import { toSingleLine } from '../shared/deliver';
import { remediationLine } from './remediation';

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
 * each pattern on its way matched, the topics, and the rendered messages (redacted by
 * `redactor`, as delivery redacts them).
 */
export const explainReport = (
  report: EventReport,
  event: unknown,
  byPath: ReadonlyMap<string, RouteNode>,
  targets: ReadonlyMap<string, TopicTarget>,
  redactor?: Redactor,
): string => {
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
    if (match.options.remediate.length > 0) lines.push(`  actions ${match.options.remediate.join(', ')}`);
    const decision = report.decisions.find((d) => d.route === match.route);
    if (decision !== undefined && decision.topics.length > 0) {
      lines.push(`  gate    ${decision.outcome}${decision.mutedBy === undefined ? '' : `: ${decision.mutedBy}`}${decision.failOpen === undefined ? '' : ` (noise control unavailable: ${decision.failOpen})`}`);
    }
  }
  for (const note of report.remediations) lines.push(`remediate ${remediationLine(note)}`);
  if (report.routes.length === 0 && report.gate === 'duplicate') lines.push(`gate      duplicate: ${report.mutedBy ?? ''}`);
  for (const resolved of report.resolved) {
    lines.push(`resolved  ${resolved.summary} (route ${resolved.route}) -> ${resolved.deliveries.map((d) => d.destination).join(', ') || '(none)'}`);
  }
  const sent = report.deliveries.filter((d) => d.status === 'sent');
  const held = report.deliveries.filter((d) => d.status !== 'sent').map((d) => `${d.destination} (${d.status})`);
  const none = report.gate === 'sent' ? '(none: recorded only)' : `(none: ${report.gate}${report.gate === 'grouped' || report.gate === 'throttled' ? ', counted in the next digest of its group' : ''})`;
  lines.push(`topics    ${sent.length === 0 ? none : sent.map((d) => d.destination).join(', ')}${held.length === 0 ? '' : `; not sent: ${held.join(', ')}`}`);
  for (const delivery of sent) {
    const topic = targets.get(delivery.destination);
    const route = report.routes.find((m) => m.options.notify.includes(delivery.destination))?.route ?? '';
    if (topic === undefined) continue;
    const message = renderMessage(alert, topic.format, { route, topic: topic.name }, { redactor });
    const text = message.subject === undefined ? message.body : `Subject: ${message.subject}\n\n${message.body}`;
    lines.push(`message   ${topic.name} (${topic.format})`, ...text.trimEnd().split('\n').map((l) => `  | ${l}`));
  }
  return `${lines.join('\n')}\n`;
};
