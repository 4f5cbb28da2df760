import { HEARTBEAT_OFF, type HeraldConfig, parseDuration } from '../config';
import { MONITORING_DEFAULTS } from './constants';
import type { MonitoringSettings } from './types';

const HOUR_MS = 3_600_000;
const FIVE_MINUTES_MS = 300_000;

/** herald.yml's `monitoring:` slice, defaults applied (the schema has checked its values). */
export const compileMonitoringSettings = (config: HeraldConfig): MonitoringSettings => {
  const monitoring = config.monitoring ?? {};
  const heartbeat = monitoring.heartbeat ?? MONITORING_DEFAULTS.heartbeat;
  const retriesFor = parseDuration(monitoring.retries_for ?? MONITORING_DEFAULTS.retriesFor) ?? FIVE_MINUTES_MS;
  const { emails = [], arn } = monitoring.operator ?? {};
  return {
    operator: arn === undefined ? { emails } : { emails, arn },
    ...(heartbeat === HEARTBEAT_OFF ? {} : { heartbeatHours: Math.max(1, Math.round((parseDuration(heartbeat) ?? HOUR_MS) / HOUR_MS)) }),
    retryPeriods: Math.max(1, Math.round(retriesFor / FIVE_MINUTES_MS)),
    dashboard: monitoring.dashboard ?? MONITORING_DEFAULTS.dashboard,
    ...(config.clusters === undefined ? {} : { clusters: config.clusters }),
  };
};
