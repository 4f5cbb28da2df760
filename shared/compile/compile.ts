import { readFileSync } from 'node:fs';
import { ConfigError, type ConfigIssue, type HeraldConfig, loadConfigText, type TopicConfig } from '../config';
import { compileTopicTargets, type TopicTarget } from '../deliver';
import { compileEnrichSettings, type EnrichSettings } from '../enrich';
import { compileGateSettings, type GateSettings } from '../gate';
import { compileNormalizeSettings, type NormalizeSettings } from '../normalize';
import { compileRemediationSettings, type RemediationSettings } from '../remediate';
import { compileServiceAlarms, type ServiceAlarm } from '../alarms';
import { checkEventRuleSizes, compileEventScope, compileRoutes, deriveEventRules, type EventRule, type EventScope, type RouteNode } from '../route';

/**
 * A configuration ready to run: validated, then each stage's slice compiled by the stage
 * (routing tree and EventBridge rules, topics, enrichment settings, the gate's silences, time
 * intervals and inhibition presets, the labelling of alarms, the CloudWatch alarms to create).
 */
export interface CompiledConfig extends GateSettings {
  file: string;
  config: HeraldConfig;
  topics: ReadonlyMap<string, TopicConfig>;
  /** Enrichment settings, defaults applied. */
  enrich: EnrichSettings;
  /** Topics as delivery needs them: name, format, severity floor. */
  targets: ReadonlyMap<string, TopicTarget>;
  routes: RouteNode;
  eventRules: readonly EventRule[];
  /** What herald.yml watches beyond its routes (which CloudWatch alarms). */
  scope: EventScope;
  /** herald.yml's remediation actions, compiled. */
  remediation: RemediationSettings;
  /** What labelling takes from herald.yml (the service behind a load balancer target group). */
  normalize: NormalizeSettings;
  /** The CloudWatch alarms the stack creates for herald.yml's `alarms.services`. */
  serviceAlarms: readonly ServiceAlarm[];
  /** Warnings found while loading (errors make compilation fail). */
  warnings: readonly ConfigIssue[];
}

/** Validates and compiles configuration text; throws {@link ConfigError} listing every error. */
export const compileConfigText = (text: string, file: string): CompiledConfig => {
  const { config, issues } = loadConfigText(text, file, checkEventRuleSizes);
  if (config === undefined) throw new ConfigError(issues);
  return {
    file,
    config,
    topics: new Map(Object.entries(config.topics)),
    enrich: compileEnrichSettings(config),
    targets: compileTopicTargets(config),
    routes: compileRoutes(config),
    eventRules: deriveEventRules(config),
    scope: compileEventScope(config),
    ...compileGateSettings(config),
    remediation: compileRemediationSettings(config),
    normalize: compileNormalizeSettings(config),
    serviceAlarms: compileServiceAlarms(config),
    warnings: issues.filter((i) => i.level === 'warning'),
  };
};

/** Reads, validates and compiles a configuration file. */
export const compileConfigFile = (file: string): CompiledConfig => {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError([{ level: 'error', file, line: 0, column: 0, path: '', message: `cannot read: ${error instanceof Error ? error.message : String(error)}` }], { cause: error });
  }
  return compileConfigText(text, file);
};
