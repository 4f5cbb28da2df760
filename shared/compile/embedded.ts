import configText from '../../herald.yml';
import type { ValidatedConfig } from './compile';
import { validateConfigText } from './load';

/**
 * The configuration the Lambda functions run with, validated; they compile it once at start-up
 * (`compileConfig`). Here, herald.yml validated when this module is first loaded (under ts-jest
 * and tsc). The bundles never run this code: scripts/build.mjs replaces the module with the
 * configuration it validated at build time (herald.yml, or the file `HERALD_CONFIG` names), as
 * JSON, so they carry neither the YAML parser nor the schema, and an invalid file fails the
 * build with the messages of `herald check`.
 *
 * Not exported by `shared/compile`'s index: only the functions import it, by its path.
 */
export const EMBEDDED_CONFIG: ValidatedConfig = validateConfigText(configText, 'herald.yml');
