import { DELIVERED_LIVE, RetryableDeliveryError } from '../deliver';
import type { EnrichmentCall } from '../enrich';
import type { RemediationReport } from './remediate';
import type { DueReport, EventReport } from './types';

/** The logging half of the report sink: Powertools Logger satisfies it. */
export interface ReportLogger {
  info(message: string, ...extra: Record<string, unknown>[]): void;
  warn(message: string, ...extra: Record<string, unknown>[]): void;
}

/** The metrics half: counts one per event; the observability module satisfies it. */
export interface ReportMetrics {
  /** Counts one of `name`, and once more under each breakdown of `by` (bounded dimension values only). */
  count(name: string, by?: readonly Readonly<Record<string, string>>[]): void;
  /** Records a duration in milliseconds. */
  duration(name: string, ms: number): void;
}

/** Metric names, one per outcome. */
export const REPORT_METRICS = {
  alert: 'Alerts',
  delivered: 'AlertsDelivered',
  notRouted: 'AlertsNotRouted',
  skipped: 'EventsSkipped',
  deadLettered: 'DeliveriesDeadLettered',
  retried: 'EventsRetried',
  /** Per gate outcome: `GateSent`, `GateGrouped`, `GateThrottled`, `GateDuplicate`, `GateSilenced`, `GateInhibited`. */
  gatePrefix: 'Gate',
  /** The state table could not be reached; alerts went out unchecked. */
  failOpen: 'GateFailOpen',
  resolved: 'ResolvedSent',
  digests: 'DigestsSent',
  /** Per remediation outcome: `RemediationExecuted`, `RemediationDryRun`, `RemediationSkipped`, `RemediationFailed`. */
  remediationPrefix: 'Remediation',
  /** A remediation decision that could not be read (it goes to the remediation dead-letter queue). */
  remediationUnreadable: 'RemediationUnreadable',
  /** A decision whose AWS call will be retried (redelivered by SQS). */
  remediationRetried: 'RemediationRetried',
  /** Milliseconds from the event's `time` to the end of its processing: EventBridge, retries and the pipeline. */
  latency: 'AlertLatency',
  /** Events an EventBridge replay sent again (`replay-name`): reported, never delivered; kept out of every other metric. */
  replayed: 'EventsReplayed',
  /** ECS and CloudWatch Logs calls made by enrichment, by `api`. */
  enrichmentCalls: 'EnrichmentCalls',
  /** Those calls that failed, by `api` and `reason` (throttled, access-denied, timeout, not-found, error). */
  enrichmentFailures: 'EnrichmentFailures',
} as const;

/**
 * The dimensions of the `Alerts` breakdowns, each value bounded: (`category`, `severity`) by
 * the category table, `cluster` by the fleet. Per service is a Logs Insights query over the
 * `event processed` lines instead (no metric per service to pay for).
 * @see https://aws.amazon.com/cloudwatch/pricing/
 */
export const ALERT_DIMENSIONS = { category: 'category', severity: 'severity', cluster: 'cluster' } as const;

/** Dimensions of the enrichment metrics. */
export const ENRICHMENT_DIMENSIONS = { api: 'api', reason: 'reason' } as const;

/** `sent` -> `GateSent`. */
export const gateMetricName = (outcome: string): string => `${REPORT_METRICS.gatePrefix}${outcome.charAt(0).toUpperCase()}${outcome.slice(1)}`;

/**
 * Logs one line per event with its outcome and counts it. A skipped event is a warning with
 * its reason; an alert no route selected is logged and counted too: never a silent drop.
 */
export const recordReport = (report: EventReport, logger: ReportLogger, metrics: ReportMetrics, now: () => number = Date.now): void => {
  if (report.replay !== undefined) {
    recordReplayed(report, logger, metrics);
    return;
  }
  if (report.outcome === 'skipped') {
    metrics.count(REPORT_METRICS.skipped);
    logger.warn('event skipped', { eventId: report.eventId, reason: report.reason, detail: report.message });
    return;
  }
  const { alert } = report;
  const sent = report.deliveries.filter((d) => d.status === 'sent' || d.status === 'already-sent');
  const { cluster } = alert.labels;
  metrics.count(REPORT_METRICS.alert, [
    { [ALERT_DIMENSIONS.category]: alert.category, [ALERT_DIMENSIONS.severity]: alert.severity },
    ...(cluster === undefined || cluster === '' ? [] : [{ [ALERT_DIMENSIONS.cluster]: cluster }]),
  ]);
  metrics.count(gateMetricName(report.gate));
  // A redelivered copy's age says how late the redelivery was, not how fast herald is.
  const age = now() - Date.parse(alert.event.time);
  if (report.gate !== 'duplicate' && Number.isFinite(age) && age >= 0) metrics.duration(REPORT_METRICS.latency, age);
  if (report.gate === 'sent') metrics.count(sent.length > 0 ? REPORT_METRICS.delivered : REPORT_METRICS.notRouted);
  if (report.failOpen !== undefined) metrics.count(REPORT_METRICS.failOpen);
  for (const r of report.resolved) if (r.deliveries.some((d) => d.status === 'sent')) metrics.count(REPORT_METRICS.resolved);
  for (const d of report.deliveries) if (d.status === 'dead-lettered') metrics.count(REPORT_METRICS.deadLettered);
  const log = report.failOpen === undefined ? logger.info.bind(logger) : logger.warn.bind(logger);
  log('event processed', {
    eventId: report.eventId,
    outcome: report.gate !== 'sent' ? report.gate : sent.length > 0 ? 'delivered' : 'not-routed',
    gate: report.gate,
    mutedBy: report.mutedBy,
    failOpen: report.failOpen,
    decisions: notifiedDecisions(report),
    resolved: report.resolved.length > 0 ? report.resolved.map((r) => `${r.route}: ${r.summary}`) : undefined,
    ...alertFields(report),
    parseWarnings: alert.warnings.length > 0 ? alert.warnings : undefined,
  });
};

/** The routes' decisions for topics, `route:outcome`. */
const notifiedDecisions = (report: Extract<EventReport, { outcome: 'alert' }>): string[] =>
  report.decisions.filter((d) => d.topics.length > 0).map((d) => `${d.route}:${d.outcome}`);

/** The alert's fields of a report line: its routes, what it is, where, and each topic's delivery. */
const alertFields = (report: Extract<EventReport, { outcome: 'alert' }>) => ({
  routes: report.routes.map((r) => r.route),
  fingerprint: report.alert.fingerprint,
  category: report.alert.category,
  severity: report.alert.severity,
  summary: report.alert.summary,
  cluster: report.alert.labels.cluster,
  // Not `service`: Powertools Logger reserves that key (its own serviceName), drops the
  // field and logs a warning per event.
  // https://docs.powertools.aws.dev/lambda/typescript/latest/core/logger/#standard-structured-keys
  ecsService: report.alert.labels.service,
  deliveries: report.deliveries.map((d) => `${d.destination}:${d.status}`),
});

/** What a replayed event would have done: `delivered` when a topic would have received it. */
const replayedOutcome = (report: Extract<EventReport, { outcome: 'alert' }>): string =>
  report.gate !== 'sent' ? report.gate : report.deliveries.some((d) => d.status === 'replayed') ? 'delivered' : 'not-routed';

/**
 * Logs a replayed event (EventBridge `replay-name`) once, as `event replayed` with `replay` and
 * what would have happened (`wouldBe`), and counts it under `EventsReplayed` alone: an archived
 * event's age is no latency, and its alert was counted when it first came.
 * `herald replay --archive` reads these lines back (filter `{ $.replay = "<name>" }`).
 */
const recordReplayed = (report: EventReport, logger: ReportLogger, metrics: ReportMetrics): void => {
  metrics.count(REPORT_METRICS.replayed);
  if (report.outcome === 'skipped') {
    logger.warn('event replayed', { replay: report.replay, eventId: report.eventId, wouldBe: 'skipped', reason: report.reason, detail: report.message });
    return;
  }
  const { alert } = report;
  logger.info('event replayed', {
    replay: report.replay,
    eventId: report.eventId,
    eventTime: alert.event.time,
    wouldBe: replayedOutcome(report),
    gate: report.gate,
    mutedBy: report.mutedBy,
    decisions: notifiedDecisions(report),
    ...alertFields(report),
    liveDelivered: report.deliveries.filter((d) => d.location.endsWith(DELIVERED_LIVE)).map((d) => d.destination),
    remediations: report.remediations.length > 0 ? report.remediations.map((r) => r.action) : undefined,
  });
};

/** Counts one enrichment call by API, and its failure by API and kind. */
export const recordEnrichmentCall = ({ source, failure }: EnrichmentCall, metrics: ReportMetrics): void => {
  metrics.count(REPORT_METRICS.enrichmentCalls, [{ [ENRICHMENT_DIMENSIONS.api]: source }]);
  if (failure !== undefined) metrics.count(REPORT_METRICS.enrichmentFailures, [{ [ENRICHMENT_DIMENSIONS.api]: source, [ENRICHMENT_DIMENSIONS.reason]: failure }]);
};

/**
 * Logs and counts an event the router gives back to Lambda to retry. Only a retryable delivery
 * failure is expected (`EventsRetried`): the alarm on the router's errors counts Lambda's
 * `Errors` less these, so a bug, a timeout or a crash still pages.
 */
export const recordRetry = (eventId: string | undefined, error: unknown, logger: { error(message: string, ...extra: Record<string, unknown>[]): void }, metrics: ReportMetrics): void => {
  const detail = error instanceof Error ? error.message : String(error);
  if (error instanceof RetryableDeliveryError) {
    metrics.count(REPORT_METRICS.retried);
    logger.error('event will be retried', { eventId, error: detail });
    return;
  }
  logger.error('event failed; Lambda will retry it', { eventId, error: detail, errorName: error instanceof Error ? error.name : typeof error });
};

/** Logs and counts what the scheduled run did: a digest or a resolved message, sent or left due for the next run. */
export const recordDue = (report: DueReport, logger: ReportLogger, metrics: ReportMetrics): void => {
  const fields =
    report.kind === 'digest'
      ? {
          route: report.route,
          group: report.group,
          since: report.since,
          until: report.until,
          count: report.count,
          held: report.held || undefined,
          summary: report.alert.summary,
          deliveries: report.deliveries.map((d) => `${d.destination}:${d.status}`),
        }
      : { route: report.route, resolved: report.summary, durationMs: report.durationMs, deliveries: report.deliveries.map((d) => `${d.destination}:${d.status}`) };
  if (report.retry !== undefined) {
    logger.warn(`${report.kind} will be retried`, { ...fields, error: report.retry });
    return;
  }
  metrics.count(report.kind === 'digest' ? REPORT_METRICS.digests : REPORT_METRICS.resolved);
  for (const d of report.deliveries) if (d.status === 'dead-lettered') metrics.count(REPORT_METRICS.deadLettered);
  logger.info(report.kind === 'digest' ? 'digest sent' : 'resolved sent', fields);
};

/** `dry-run` -> `RemediationDryRun`. */
export const remediationMetricName = (outcome: string): string =>
  `${REPORT_METRICS.remediationPrefix}${outcome.split('-').map((part) => part.charAt(0).toUpperCase() + part.slice(1)).join('')}`;

/**
 * Logs one line per remediation decision (the audit trail: what was decided, by which guard,
 * what was or would be done) and counts its outcome; its audit alert's delivery is logged with it.
 */
export const recordRemediation = ({ result, audit }: RemediationReport, logger: ReportLogger, metrics: ReportMetrics): void => {
  // A redelivered decision: its outcome was counted when it was first decided.
  if (result.repeated !== true) metrics.count(remediationMetricName(result.outcome));
  const { request } = result;
  const fields = {
    decision: request.id,
    action: request.action,
    actionType: request.type,
    route: request.route,
    outcome: result.outcome,
    guard: result.guard,
    reason: result.reason,
    did: result.did,
    cluster: request.target.cluster,
    ecsService: request.target.service,
    task: request.target.task,
    containerInstance: request.target.containerInstance,
    trigger: request.alert.summary,
    triggerFingerprint: request.alert.fingerprint,
    audit: audit.outcome === 'alert' ? { gate: audit.gate, deliveries: audit.deliveries.map((d) => `${d.destination}:${d.status}`) } : { skipped: audit.reason },
  };
  if (result.repeated === true) logger.info('remediation already decided', fields);
  else if (result.outcome === 'failed') logger.warn('remediation decided', fields);
  else logger.info('remediation decided', fields);
};
