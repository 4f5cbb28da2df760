import type { HeraldConfig } from '../config';
import { compileConfigSilences } from './silences-config';
import { compileTimeInterval } from './time-intervals';
import type { InhibitSettings, Silence, TimeInterval } from './types';

/** The gate's slice of herald.yml, compiled: its silences, time intervals and inhibition presets. */
export interface GateSettings {
  /** Silences written in the file (`herald.yml#<index>`), ended ones included. */
  silences: readonly Silence[];
  /** `time_intervals` by name, for routes' `mute_time_intervals` and `active_time_intervals`. */
  timeIntervals: ReadonlyMap<string, TimeInterval>;
  /** Inhibition presets switched on by `inhibit`; all off by default. */
  inhibit: InhibitSettings;
  /**
   * Central mode (`accounts:`): records name a cluster by account, Region and name, so a
   * cluster of one account never groups, throttles, inhibits or resolves another's. Otherwise
   * by name, as the records of a single-account deployment always have.
   */
  clustersByAccount: boolean;
}

/** Compiles the gate's slice of a validated configuration. */
export const compileGateSettings = (config: HeraldConfig): GateSettings => ({
  silences: compileConfigSilences(config.silences),
  timeIntervals: new Map(Object.entries(config.time_intervals ?? {}).map(([name, interval]) => [name, compileTimeInterval(name, interval)])),
  inhibit: { deployments: config.inhibit?.includes('deployments') ?? false, infrastructure: config.inhibit?.includes('infrastructure') ?? false },
  clustersByAccount: config.accounts !== undefined,
});
