import { existsSync } from 'node:fs';
import defaultConfigText from '../herald.yml';
import { type CompiledConfig, compileConfigFile, compileConfigText } from '../shared/compile';

/** The file `herald` reads when no `--config` is given, if it exists. */
export const DEFAULT_CONFIG_FILE = 'herald.yml';

/**
 * The configuration a command runs with: `--config FILE`, else `./herald.yml`, else the
 * default shipped inside the CLI (so `herald replay` works anywhere). Throws ConfigError.
 */
export const loadCliConfig = (file: string | undefined): CompiledConfig => {
  if (file !== undefined) return compileConfigFile(file);
  if (existsSync(DEFAULT_CONFIG_FILE)) return compileConfigFile(DEFAULT_CONFIG_FILE);
  return compileConfigText(defaultConfigText, '(built-in herald.yml)');
};
