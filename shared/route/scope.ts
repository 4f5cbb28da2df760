import type { HeraldConfig } from '../config';
import { type CompiledPattern, compilePattern } from '../pattern';
import { RULE_GROUPS } from '../events';

/**
 * The namespaces of ECS metrics: the service and cluster metrics, and Container Insights.
 * @see https://docs.aws.amazon.com/AmazonECS/latest/developerguide/available-metrics.html
 * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Container-Insights-metrics-ECS.html
 */
export const ECS_ALARM_NAMESPACES = ['AWS/ECS', 'ECS/ContainerInsights'] as const;

/** What herald.yml watches beyond its routes: which CloudWatch alarms reach the pipeline. */
export interface EventScope {
  /** Extra conditions per rule group, merged into that group's EventBridge rule. */
  readonly rulePatterns: Readonly<Partial<Record<string, Record<string, unknown>>>>;
  /** Why an event is outside the scope (it is then skipped), or undefined when it is inside. */
  excludes(raw: unknown): string | undefined;
}

/**
 * The alarm pattern: an alarm on a metric of one of `namespaces`, or with a `ClusterName`
 * dimension (a custom metric per cluster). EventBridge matches `metrics` element by element.
 * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/cloudwatch-and-eventbridge.html
 */
const alarmPattern = (namespaces: readonly string[]): Record<string, unknown> => ({
  detail: {
    $or: [
      { configuration: { metrics: { metricStat: { metric: { namespace: [...namespaces] } } } } },
      { configuration: { metrics: { metricStat: { metric: { dimensions: { ClusterName: [{ exists: true }] } } } } } },
    ],
  },
});

/**
 * Compiles herald.yml's `alarms`. By default only ECS alarms reach on-call: an account's RDS,
 * Lambda or load balancer alarms are someone else's, and each would otherwise page through
 * herald. The same pattern narrows the deployed EventBridge rule (such alarms never invoke the
 * function) and the router (a replayed or hand-fed one is skipped, with the line that opts in).
 */
export const compileEventScope = (config: Pick<HeraldConfig, 'alarms'>): EventScope => {
  const alarms = config.alarms ?? 'ecs';
  if (alarms === 'all') return { rulePatterns: {}, excludes: () => undefined };
  const namespaces = [...ECS_ALARM_NAMESPACES, ...(Array.isArray(alarms) ? alarms : [])];
  const pattern = alarmPattern(namespaces);
  const inScope: CompiledPattern = compilePattern(pattern);
  return {
    rulePatterns: { [RULE_GROUPS.cloudwatch]: pattern },
    excludes(raw) {
      const event = raw as { source?: unknown; 'detail-type'?: unknown };
      if (event.source !== 'aws.cloudwatch' || inScope.matches(raw)) return undefined;
      return `CloudWatch alarm outside ECS (namespaces ${namespaces.join(', ')} or a ClusterName dimension); herald.yml's \`alarms: all\` or \`alarms: [<namespace>]\` routes it`;
    },
  };
};
