import { readFileSync } from 'node:fs';
import { ConfigError, loadConfigText } from '../config';
import { checkEventRuleSizes } from '../route';
import { type CompiledConfig, compileConfig, type ValidatedConfig } from './compile';

/**
 * Validates configuration text as `herald check` does: the schema, cross-references, and the
 * sizes of the EventBridge rules derived from it. Throws {@link ConfigError} listing every error.
 */
export const validateConfigText = (text: string, file: string): ValidatedConfig => {
  const { config, issues } = loadConfigText(text, file, checkEventRuleSizes);
  if (config === undefined) throw new ConfigError(issues);
  return { file, config, warnings: issues.filter((i) => i.level === 'warning') };
};

/** Validates and compiles configuration text; throws {@link ConfigError} listing every error. */
export const compileConfigText = (text: string, file: string): CompiledConfig => compileConfig(validateConfigText(text, file));

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
