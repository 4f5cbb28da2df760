import { type ActionConfig, type HeraldConfig, parseDuration } from '../config';
import { ACTION_DEFAULTS } from './constants';
import type { ActionParams, CompiledAction } from './types';

/** The remediation slice of herald.yml: its actions, by name. */
export interface RemediationSettings {
  actions: ReadonlyMap<string, CompiledAction>;
}

/** `web-*` -> /^web-.*$/: the same `*` wildcard IAM resource ARNs take. */
export const compileServicePattern = (pattern: string): RegExp =>
  new RegExp(`^${pattern.split('*').map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);

const paramsOf = (action: ActionConfig): ActionParams => {
  switch (action.type) {
    case 'scale':
      return { type: 'scale', to: action.to, by: action.by, min: action.min, max: action.max };
    case 'stop-task':
      return { type: 'stop-task', reason: action.reason };
    case 'invoke':
      return { type: 'invoke', function: action.function, document: action.document, parameters: action.parameters ?? {} };
    default:
      return { type: action.type };
  }
};

/** Compiles one validated action: guard defaults applied, patterns compiled. */
export const compileAction = (name: string, action: ActionConfig, clusters: readonly string[] | undefined, account?: string): CompiledAction => ({
  name,
  type: action.type,
  dryRun: action.dry_run ?? ACTION_DEFAULTS.dryRun,
  clusters: action.clusters ?? clusters,
  ...(account === undefined ? {} : { account }),
  services: action.services?.map(compileServicePattern),
  servicePatterns: action.services,
  tags: action.tags ?? {},
  cooldownMs: parseDuration(action.cooldown ?? '') ?? ACTION_DEFAULTS.cooldownMs,
  maxAttempts: action.max_attempts ?? ACTION_DEFAULTS.maxAttempts,
  windowMs: parseDuration(action.window ?? '') ?? ACTION_DEFAULTS.windowMs,
  duringDeployment: action.during_deployment ?? ACTION_DEFAULTS.duringDeployment,
  params: paramsOf(action),
});

/**
 * Compiles herald.yml's `actions:`. An action's clusters default to the top-level `clusters`:
 * a deployment that watches only `prod` acts only on `prod`.
 */
export const compileRemediationSettings = (config: HeraldConfig): RemediationSettings => ({
  actions: new Map(Object.entries(config.actions ?? {}).map(([name, action]) => [name, compileAction(name, action, config.clusters, config.accounts?.central.account)])),
});
