import type { EventReport } from './types';

/** The logging half of the report sink: Powertools Logger satisfies it. */
export interface ReportLogger {
  info(message: string, ...extra: Record<string, unknown>[]): void;
  warn(message: string, ...extra: Record<string, unknown>[]): void;
}

/** The metrics half: counts one per event. */
export interface ReportMetrics {
  count(name: string): void;
}

/** Metric names, one per outcome. */
export const REPORT_METRICS = {
  alert: 'Alerts',
  delivered: 'AlertsDelivered',
  notRouted: 'AlertsNotRouted',
  skipped: 'EventsSkipped',
  deadLettered: 'DeliveriesDeadLettered',
  retried: 'EventsRetried',
} as const;

/**
 * Logs one line per event with its outcome and counts it. A skipped event is a warning with
 * its reason; an alert no route selected is logged and counted too: never a silent drop.
 */
export const recordReport = (report: EventReport, logger: ReportLogger, metrics: ReportMetrics): void => {
  if (report.outcome === 'skipped') {
    metrics.count(REPORT_METRICS.skipped);
    logger.warn('event skipped', { eventId: report.eventId, reason: report.reason, detail: report.message });
    return;
  }
  const { alert } = report;
  const sent = report.deliveries.filter((d) => d.status === 'sent' || d.status === 'already-sent');
  metrics.count(REPORT_METRICS.alert);
  metrics.count(sent.length > 0 ? REPORT_METRICS.delivered : REPORT_METRICS.notRouted);
  for (const d of report.deliveries) if (d.status === 'dead-lettered') metrics.count(REPORT_METRICS.deadLettered);
  logger.info('event processed', {
    eventId: report.eventId,
    outcome: sent.length > 0 ? 'delivered' : 'not-routed',
    routes: report.routes.map((r) => r.route),
    fingerprint: alert.fingerprint,
    category: alert.category,
    severity: alert.severity,
    summary: alert.summary,
    cluster: alert.labels.cluster,
    service: alert.labels.service,
    deliveries: report.deliveries.map((d) => `${d.destination}:${d.status}`),
    parseWarnings: alert.warnings.length > 0 ? alert.warnings : undefined,
  });
};
