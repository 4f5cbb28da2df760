import { DEFAULT_INSTANCE_LOG_GROUPS, DEFAULT_INSTANCE_LOG_STREAM, type HeraldConfig, INSTANCE_LOG_LINES } from '../config';

/** herald.yml's `enrich.instance_logs`, defaults applied. */
export interface InstanceLogSettings {
  /** Log groups read, in order. */
  groups: readonly string[];
  /** The stream name template: `{instance_id}`, `{cluster}`, `{container_instance_id}`. */
  stream: string;
  /** Last lines per stream. */
  lines: number;
}

/** The instance logs' slice of herald.yml: on by default (the CloudWatch agent's layout), undefined when `instance_logs: false`. */
export const compileInstanceLogSettings = (config: HeraldConfig): InstanceLogSettings | undefined => {
  const raw = config.enrich?.instance_logs;
  if (raw === false) return undefined;
  return { groups: raw?.groups ?? DEFAULT_INSTANCE_LOG_GROUPS, stream: raw?.stream ?? DEFAULT_INSTANCE_LOG_STREAM, lines: raw?.lines ?? INSTANCE_LOG_LINES.default };
};

/** The log groups the router's role may read instance logs from (none when they are off). */
export const instanceLogGroups = (settings: { instanceLogs?: InstanceLogSettings }): readonly string[] => settings.instanceLogs?.groups ?? [];
