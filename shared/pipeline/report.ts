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
  metrics.count(REPORT_METRICS.alert);
  metrics.count(report.deliveries.length > 0 ? REPORT_METRICS.delivered : REPORT_METRICS.notRouted);
  logger.info('event processed', {
    eventId: report.eventId,
    outcome: report.deliveries.length > 0 ? 'delivered' : 'not-routed',
    fingerprint: alert.fingerprint,
    category: alert.category,
    severity: alert.severity,
    summary: alert.summary,
    cluster: alert.labels.cluster,
    service: alert.labels.service,
    destinations: report.deliveries.map((d) => d.destination),
    parseWarnings: alert.warnings.length > 0 ? alert.warnings : undefined,
  });
};
