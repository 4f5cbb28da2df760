/**
 * The `normalize` stage: a parsed event in, an {@link Alert} out (category from a documented
 * taxonomy, severity, one-line summary, hint, labels, stable fingerprint).
 *
 * @example
 * ```ts
 * import { parseEvent } from '../events';
 * import { normalizeEvent } from '../normalize';
 * const parsed = parseEvent(raw);
 * const alert = parsed.ok ? normalizeEvent(parsed.event) : undefined;
 * ```
 */
export { normalizeEvent } from './normalize';
export { compileNormalizeSettings, NO_NORMALIZE_SETTINGS } from './settings';
export type { NormalizeSettings } from './settings';
export { CATEGORIES, CATEGORY_NAMES, LABEL_NAMES, SEVERITIES, SEVERITY_RANK } from './constants';
export type { Category, LabelName, Severity } from './constants';
export { STOP_CODES, describeExitCode } from './classify-task';
export { REASON_RULES } from './task-reasons';
export type { ReasonRule } from './task-reasons';
export { computeFingerprint, signatureOf } from './fingerprint';
export type { Alert, AlertStatus, Evidence, Identifier, Labels } from './types';
