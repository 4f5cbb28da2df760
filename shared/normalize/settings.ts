import { alarmTargetGroupsOf, type AlarmServiceRef, type HeraldConfig } from '../config';

/** What normalization takes from herald.yml: who an alarm without ECS dimensions is about. */
export interface NormalizeSettings {
  /**
   * Load balancer target groups and the ECS service behind each (`alarms.services[].target_5xx`):
   * an alarm on an `AWS/ApplicationELB` metric names its `TargetGroup`, and this gives it the
   * `cluster` and `service` labels, so it routes, groups and is enriched like the service's
   * other alerts.
   */
  readonly alarmTargetGroups: ReadonlyMap<string, AlarmServiceRef>;
}

/** No configuration: labels come from the event alone. */
export const NO_NORMALIZE_SETTINGS: NormalizeSettings = { alarmTargetGroups: new Map() };

/** The normalize stage's slice of herald.yml. */
export const compileNormalizeSettings = (config: Pick<HeraldConfig, 'alarms'>): NormalizeSettings => ({ alarmTargetGroups: alarmTargetGroupsOf(config.alarms) });
