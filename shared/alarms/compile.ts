import { createHash } from 'node:crypto';
import { alarmsMappingOf, type HeraldConfig, type ServiceAlarmKind } from '../config';
import { ALARM_NAME_SUFFIXES } from './constants';
import { type AlarmDefinition, runningTasksAlarm, targetErrorsAlarm, utilizationAlarm } from './definitions';
import { resolveServiceAlarms } from './settings';
import type { ResolvedServiceAlarms, ServiceAlarm } from './types';

/** `payments-api` -> `PaymentsApi`: the letters and digits of a name, for logical ids. */
const pascal = (name: string): string => name.split(/[-_]+/).map((part) => part.charAt(0).toUpperCase() + part.slice(1)).join('');

const KIND_IDS = { cpu: 'Cpu', memory: 'Memory', running_tasks: 'RunningTasks', target_5xx: 'Target5xx' } as const satisfies Record<ServiceAlarmKind, string>;

/**
 * A logical id that never changes for a service's alarm of a kind: CloudFormation replaces a
 * resource whose id changes, and creating the new alarm under the same name would fail. The
 * readable part alone is ambiguous (`prod-a`/`b` and `prod`/`a-b`, `web_1` and `web-1`); a
 * hash of the exact names makes it unique.
 */
export const alarmLogicalId = (cluster: string, service: string, kind: ServiceAlarmKind): string => {
  const hash = createHash('sha256').update(`${cluster}/${service}`).digest('hex').slice(0, 8);
  return `Alarm${`${pascal(cluster)}${pascal(service)}`.slice(0, 200)}${KIND_IDS[kind]}${hash}`;
};

/**
 * `${AWS::StackName}-prod/payments-api-cpu`: unique per stack (two stages of one herald.yml get
 * alarms of their own), and per service: `/` appears in no cluster or service name, so
 * `prod-a/b` and `prod/a-b` stay apart.
 */
export const alarmName = (cluster: string, service: string, kind: ServiceAlarmKind): string => `\${AWS::StackName}-${cluster}/${service}-${ALARM_NAME_SUFFIXES[kind]}`;

/** The definitions of one service's alarms, in kind order. */
const definitionsOf = (s: ResolvedServiceAlarms): [ServiceAlarmKind, AlarmDefinition][] => {
  const out: [ServiceAlarmKind, AlarmDefinition][] = [];
  if (s.cpu !== undefined) out.push(['cpu', utilizationAlarm(s, 'cpu', s.cpu)]);
  if (s.memory !== undefined) out.push(['memory', utilizationAlarm(s, 'memory', s.memory)]);
  if (s.runningTasks !== undefined) out.push(['running_tasks', runningTasksAlarm(s, s.runningTasks)]);
  if (s.target5xx !== undefined) {
    const { threshold } = s.target5xx;
    // The validator rejects a target_5xx without a threshold (here or in defaults).
    if (threshold === undefined) throw new Error(`alarms of ${s.cluster}/${s.service}: target_5xx has no threshold`);
    out.push(['target_5xx', targetErrorsAlarm(s, { ...s.target5xx, threshold })]);
  }
  return out;
};

/**
 * Compiles herald.yml's `alarms.services` into CloudWatch alarms: per service CPU and memory
 * utilization and running tasks (unless turned off), and its targets' 5xx count when it names
 * its load balancer; thresholds and periods from `defaults` and the service, else AWS's
 * recommended ones. The alarms have no actions: their state changes reach herald through
 * EventBridge like any alarm's, and the router's rule takes them (see route/scope.ts).
 * Expects a validated configuration.
 *
 * @example
 * ```ts
 * const alarms = compileServiceAlarms(config);
 * const Resources = Object.fromEntries(alarms.map((a) => [a.logicalId, { Type: 'AWS::CloudWatch::Alarm', Properties: a.properties }]));
 * ```
 */
export const compileServiceAlarms = (config: Pick<HeraldConfig, 'alarms'>): ServiceAlarm[] =>
  resolveServiceAlarms(alarmsMappingOf(config.alarms)).flatMap((s) =>
    definitionsOf(s).map(([kind, definition]): ServiceAlarm => ({
      logicalId: alarmLogicalId(s.cluster, s.service, kind),
      cluster: s.cluster,
      service: s.service,
      kind,
      properties: { AlarmName: { 'Fn::Sub': alarmName(s.cluster, s.service, kind) }, ...definition },
    })));
