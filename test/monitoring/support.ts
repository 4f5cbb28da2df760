import { loadConfigOrThrow } from '../../shared/config';
import { compileMonitoringSettings, type MonitoringSettings } from '../../shared/monitoring';

/** herald.yml text, one argument per line, with an empty topics section first. */
export const heraldYml = (...lines: string[]): string => ['topics: {}', ...lines, ''].join('\n');

/** The monitoring settings of a herald.yml given line by line. */
export const settingsOf = (...lines: string[]): MonitoringSettings => compileMonitoringSettings(loadConfigOrThrow(heraldYml(...lines), 'herald.yml').config);

/** `${...}` names a CloudFormation `Fn::Sub` would resolve in `text`. */
export const subVariables = (text: string): string[] => [...text.matchAll(/\$\{([^}]+)\}/g)].map((m) => m[1] ?? '');
