import { alarmReceiveOf, alarmTargetGroupsOf, type HeraldConfig } from '../config';
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
 * dimension (a custom metric per cluster), or on one of `targetGroups` (the load balancer
 * metrics of the services herald.yml's `alarms.services` names: such an alarm carries the
 * target group, not the service). EventBridge matches `metrics` element by element, so a
 * metric-math alarm matches through the metrics its expression reads.
 * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/cloudwatch-and-eventbridge.html
 */
const alarmPattern = (namespaces: readonly string[], targetGroups: readonly string[]): Record<string, unknown> => ({
  detail: {
    $or: [
      { configuration: { metrics: { metricStat: { metric: { namespace: [...namespaces] } } } } },
      { configuration: { metrics: { metricStat: { metric: { dimensions: { ClusterName: [{ exists: true }] } } } } } },
      ...(targetGroups.length === 0 ? [] : [{ configuration: { metrics: { metricStat: { metric: { dimensions: { TargetGroup: [...targetGroups] } } } } } }]),
    ],
  },
});

/**
 * Compiles herald.yml's `alarms` (its `receive`, in the mapping form). By default only ECS
 * alarms reach on-call: an account's RDS, Lambda or load balancer alarms are someone else's,
 * and each would otherwise page through herald. The alarms herald.yml creates are ECS alarms
 * whatever `receive` says: those on Container Insights and ECS metrics are in by their
 * namespace, those on a service's target group by that target group. The same pattern narrows
 * the deployed EventBridge rule (such alarms never invoke the function) and the router (a
 * replayed or hand-fed one is skipped, with the line that opts in).
 */
export const compileEventScope = (config: Pick<HeraldConfig, 'alarms'>): EventScope => {
  const receive = alarmReceiveOf(config.alarms);
  if (receive === 'all') return { rulePatterns: {}, excludes: () => undefined };
  const namespaces = [...ECS_ALARM_NAMESPACES, ...(Array.isArray(receive) ? receive : [])];
  const targetGroups = [...alarmTargetGroupsOf(config.alarms).keys()];
  const pattern = alarmPattern(namespaces, targetGroups);
  const inScope: CompiledPattern = compilePattern(pattern);
  const within = targetGroups.length === 0
    ? `namespaces ${namespaces.join(', ')} or a ClusterName dimension`
    : `namespaces ${namespaces.join(', ')}, a ClusterName dimension or a target group of alarms.services`;
  // The line that opts in, in the form herald.yml uses.
  const key = typeof config.alarms === 'object' && !Array.isArray(config.alarms) ? 'alarms.receive' : 'alarms';
  return {
    rulePatterns: { [RULE_GROUPS.cloudwatch]: pattern },
    excludes(raw) {
      const event = raw as { source?: unknown; 'detail-type'?: unknown };
      if (event.source !== 'aws.cloudwatch' || inScope.matches(raw)) return undefined;
      return `CloudWatch alarm outside ECS (${within}); herald.yml's \`${key}: all\` or \`${key}: [<namespace>]\` routes it`;
    },
  };
};
