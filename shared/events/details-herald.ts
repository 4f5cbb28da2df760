/**
 * `detail` of herald's own `ECS Herald Remediation Decision` event: what became of one
 * remediation decision. The remediator emits it into its own pipeline (never onto an event
 * bus), so the decision is routed, de-noised and delivered like any alert.
 */
export interface RemediationDecisionDetail {
  /** The decision's id (the triggering event, route and action). */
  requestId: string;
  /** The action's name in herald.yml, and its type. */
  action: string;
  actionType: string;
  /** The route whose `remediate` named it. */
  route: string;
  /** `executed`, `dry-run`, `skipped` or `failed`. */
  outcome: string;
  /** The guard that stopped it (`skipped`). */
  guard?: string;
  reason: string;
  /** What was (or would be) done. */
  did?: string;
  cluster?: string;
  service?: string;
  taskId?: string;
  containerInstance?: string;
  deploymentId?: string;
  /** The triggering alert. */
  trigger: { eventId: string; fingerprint: string; category: string; severity: string; summary: string };
  /** The service's and cluster's tags, as the triggering alert had them (routes may match them). */
  tags: Record<string, string>;
}
