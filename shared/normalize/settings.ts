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
  /**
   * Central mode (`accounts:`): the alias of each account herald.yml names, by account id, which
   * becomes the `accountAlias` label. Empty in single-account mode.
   */
  readonly accountAliases?: ReadonlyMap<string, string>;
}

/** No configuration: labels come from the event alone. */
export const NO_NORMALIZE_SETTINGS: NormalizeSettings = { alarmTargetGroups: new Map() };

/** The normalize stage's slice of herald.yml: alarms' target groups, and in central mode the accounts' aliases. */
export const compileNormalizeSettings = (config: Pick<HeraldConfig, 'alarms' | 'accounts'>): NormalizeSettings => {
  const settings: NormalizeSettings = { alarmTargetGroups: alarmTargetGroupsOf(config.alarms) };
  const { accounts } = config;
  if (accounts === undefined) return settings;
  const aliases = new Map(accounts.members.map((m) => [m.id, m.alias]));
  if (accounts.central.alias !== undefined) aliases.set(accounts.central.account, accounts.central.alias);
  return { ...settings, accountAliases: aliases };
};
