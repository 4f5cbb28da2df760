import { readFileSync } from 'node:fs';
import type { TopicTarget } from '../deliver/types';
import { compileConfigSilences } from '../gate/silences-config';
import { compileTimeInterval } from '../gate/time-intervals';
import type { InhibitSettings, Silence, TimeInterval } from '../gate/types';
import { compileRoutes, deriveEventRules, type EventRule, type RouteNode } from '../route';
import type { ConfigIssue } from './errors';
import { ConfigError } from './errors';
import { parseDuration } from './duration';
import { loadConfigText } from './load';
import type { HeraldConfig, TopicConfig } from './types';

/** A configuration ready to run: validated, routing tree built, rules derived. */
export interface CompiledConfig {
  file: string;
  config: HeraldConfig;
  topics: ReadonlyMap<string, TopicConfig>;
  /** Enrichment settings, defaults applied. */
  enrich: { logLines: number; redact: readonly string[]; budgetMs: number };
  /** Topics as delivery needs them: name, format, severity floor. */
  targets: ReadonlyMap<string, TopicTarget>;
  routes: RouteNode;
  eventRules: readonly EventRule[];
  /** Silences written in the file (`herald.yml#<index>`), ended ones included. */
  silences: readonly Silence[];
  /** `time_intervals` by name, for routes' `mute_time_intervals` and `active_time_intervals`. */
  timeIntervals: ReadonlyMap<string, TimeInterval>;
  /** Inhibition presets switched on by `inhibit`; all off by default. */
  inhibit: InhibitSettings;
  /** Warnings found while loading (errors make compilation fail). */
  warnings: readonly ConfigIssue[];
}

/** Validates and compiles configuration text; throws {@link ConfigError} listing every error. */
export const compileConfigText = (text: string, file: string): CompiledConfig => {
  const { config, issues } = loadConfigText(text, file);
  if (config === undefined) throw new ConfigError(issues);
  return {
    file,
    config,
    topics: new Map(Object.entries(config.topics)),
    enrich: {
      logLines: config.enrich?.log_lines ?? 20,
      redact: config.enrich?.redact ?? [],
      budgetMs: parseDuration(config.enrich?.budget ?? '3s') ?? 3000,
    },
    targets: new Map(Object.entries(config.topics).map(([name, topic]) => [name, { name, format: topic.format ?? 'email', minSeverity: topic.min_severity }])),
    routes: compileRoutes(config),
    eventRules: deriveEventRules(config),
    silences: compileConfigSilences(config.silences),
    timeIntervals: new Map(Object.entries(config.time_intervals ?? {}).map(([name, interval]) => [name, compileTimeInterval(name, interval)])),
    inhibit: { deployments: config.inhibit?.includes('deployments') ?? false, infrastructure: config.inhibit?.includes('infrastructure') ?? false },
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
