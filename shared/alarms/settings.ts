import type { AlarmsConfig, AlarmTimingConfig, ServiceAlarmKind, ServiceAlarmsConfig } from '../config/alarms';
import { parseDuration } from '../config/duration';
import { RECOMMENDED_ALARMS } from './constants';
import type { AlarmTiming, ResolvedServiceAlarms } from './types';

type Settings = AlarmTimingConfig & { threshold?: number; minimum?: number };
/** A layer as written: `true`, `false`, a mapping of settings, or absent (anything else the schema reports). */
type Layer = unknown;

const isMapping = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

const numberOr = (value: unknown): number | undefined => (typeof value === 'number' ? value : undefined);

/**
 * A layer's settings, when it is a mapping (`true`, `false` and nothing set none); a value of
 * the wrong type (the schema reports it) reads as unset.
 */
const settingsOf = (layer: Layer): Settings => {
  if (!isMapping(layer)) return {};
  return {
    period: typeof layer.period === 'string' ? layer.period : undefined,
    evaluation_periods: numberOr(layer.evaluation_periods),
    datapoints_to_alarm: numberOr(layer.datapoints_to_alarm),
    threshold: numberOr(layer.threshold),
    minimum: numberOr(layer.minimum),
  };
};

/** Later layers win where they set a value. */
const merge = (...layers: Settings[]): Settings =>
  layers.reduce<Settings>((out, layer) => {
    for (const [key, value] of Object.entries(layer)) if (value !== undefined) Object.assign(out, { [key]: value });
    return out;
  }, {});

/**
 * Period, evaluation periods and datapoints of one alarm: the service's, else the defaults',
 * else AWS's recommended ones. Datapoints default to every evaluated period, as CloudWatch's
 * own DatapointsToAlarm does.
 */
export const resolveAlarmTiming = (kind: ServiceAlarmKind, defaults: Layer, own: Layer): AlarmTiming => {
  const merged = merge(settingsOf(defaults), settingsOf(own));
  const recommended = RECOMMENDED_ALARMS[kind];
  const periodMs = merged.period === undefined ? undefined : parseDuration(merged.period);
  const evaluationPeriods = merged.evaluation_periods ?? recommended.evaluationPeriods;
  return {
    periodSeconds: periodMs === undefined ? recommended.periodSeconds : periodMs / 1000,
    evaluationPeriods,
    datapointsToAlarm: merged.datapoints_to_alarm ?? evaluationPeriods,
  };
};

/** On unless turned off: by the service (`false`), or by the defaults and not turned on again. */
const isOn = (defaults: Layer, own: Layer): boolean => (own === undefined ? defaults !== false : own !== false);

/**
 * What each of herald.yml's services gets, defaults applied: CPU, memory and running tasks
 * unless turned off, the target 5xx count when the service names its target group. Reads a
 * document that failed the schema too (the validator runs on it), skipping what it cannot read.
 */
export const resolveServiceAlarms = (alarms: AlarmsConfig): ResolvedServiceAlarms[] => {
  const defaults = isMapping(alarms.defaults) ? alarms.defaults : {};
  const services: unknown[] = Array.isArray(alarms.services) ? alarms.services : [];
  return services.flatMap((entry, index): ResolvedServiceAlarms[] => {
    if (!isMapping(entry) || typeof entry.cluster !== 'string' || typeof entry.service !== 'string') return [];
    const own = entry as unknown as ServiceAlarmsConfig;
    const utilization = (kind: 'cpu' | 'memory') =>
      isOn(defaults[kind], own[kind])
        ? { threshold: merge(settingsOf(defaults[kind]), settingsOf(own[kind])).threshold ?? RECOMMENDED_ALARMS[kind].threshold, ...resolveAlarmTiming(kind, defaults[kind], own[kind]) }
        : undefined;
    const target = isMapping(own.target_5xx) ? own.target_5xx : undefined;
    return [{
      index,
      cluster: own.cluster,
      service: own.service,
      cpu: utilization('cpu'),
      memory: utilization('memory'),
      runningTasks: isOn(defaults.running_tasks, own.running_tasks)
        ? { minimum: merge(settingsOf(defaults.running_tasks), settingsOf(own.running_tasks)).minimum, ...resolveAlarmTiming('running_tasks', defaults.running_tasks, own.running_tasks) }
        : undefined,
      target5xx: target === undefined
        ? undefined
        : {
          loadBalancer: target.load_balancer,
          targetGroup: target.target_group,
          threshold: merge(settingsOf(defaults.target_5xx), settingsOf(target)).threshold,
          ...resolveAlarmTiming('target_5xx', defaults.target_5xx, target),
        },
    }];
  });
};
