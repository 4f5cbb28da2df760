import type { ConfigIssue, HeraldConfig, TopicConfig } from '../config';
import { compileTopicTargets, type TopicTarget } from '../deliver';
import { compileEnrichSettings, type EnrichSettings } from '../enrich';
import { compileGateSettings, type GateSettings } from '../gate';
import { compileNormalizeSettings, type NormalizeSettings } from '../normalize';
import { compileRemediationSettings, type RemediationSettings } from '../remediate';
import { compileServiceAlarms, type ServiceAlarm } from '../alarms';
import { type AccountSettings, compileAccountSettings } from '../accounts/settings';
import { compileEventScope, compileRoutes, deriveEventRules, type EventRule, type EventScope, type RouteNode } from '../route';

/**
 * A configuration that passed validation (`validateConfigText`): plain JSON data, so that the
 * Lambda bundles can embed it as validated at build time and never load the validator.
 */
export interface ValidatedConfig {
  /** The file it was read from, as named to the validator. */
  file: string;
  config: HeraldConfig;
  /** Warnings found while validating (errors make validation fail). */
  warnings: readonly ConfigIssue[];
}

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
  /** Central mode's accounts (`accounts:`); undefined in single-account mode. */
  accounts: AccountSettings | undefined;
  /** Warnings found while loading (errors make compilation fail). */
  warnings: readonly ConfigIssue[];
}

/**
 * Compiles a validated configuration: each stage compiles its own slice. Needs neither the
 * YAML parser nor the schema, which is what lets a Lambda bundle leave both out.
 */
export const compileConfig = ({ file, config, warnings }: ValidatedConfig): CompiledConfig => ({
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
  accounts: compileAccountSettings(config),
  warnings,
});
