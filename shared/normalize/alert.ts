import type { EventEnvelope, HeraldEvent } from '../events';
import { CATEGORIES, type Category, type Severity } from './constants';
import { computeFingerprint } from './fingerprint';
import type { Alert, AlertStatus, Evidence, Identifier, Labels } from './types';

/** What a per-kind normalizer decides; {@link buildAlert} completes it into an Alert. */
export interface AlertDraft {
  category: Category;
  /** @default the category's usual severity */
  severity?: Severity;
  /** @default 'firing' */
  status?: AlertStatus;
  summary: string;
  hint: string;
  labels: Labels;
  evidence: Evidence[];
  identifiers: Identifier[];
  /** The incident's identity: scope and failure signature, never per-task or per-event ids. */
  fingerprintParts: readonly (string | undefined)[];
}

/** `name: value` identifiers, skipping absent values. */
export const identifiers = (pairs: Record<string, string | undefined>): Identifier[] => {
  const out: Identifier[] = [];
  for (const name in pairs) {
    const value = pairs[name];
    if (value !== undefined && value !== '') out.push({ name, value });
  }
  return out;
};

/**
 * The envelope labels, the draft's, then category and severity; absent and empty values are
 * left out, so a label that does not apply is absent, never `''`. (One pass: this runs for
 * every event.)
 */
const completeLabels = (envelope: EventEnvelope, labels: Labels, category: Category, severity: Severity): Labels => {
  const out: Labels = { source: envelope.source, detailType: envelope.detailType, account: envelope.account, region: envelope.region };
  for (const name in labels) {
    const value = labels[name as keyof Labels];
    if (value !== undefined && value !== '') out[name as keyof Labels] = value;
  }
  out.category = category;
  out.severity = severity;
  return out;
};

/** Completes a draft: severity default, labels (with category and severity), fingerprint. */
export const buildAlert = (event: HeraldEvent, draft: AlertDraft): Alert => {
  const severity = draft.severity ?? CATEGORIES[draft.category].severity;
  const { envelope } = event;
  return {
    fingerprint: computeFingerprint([envelope.account, envelope.region, ...draft.fingerprintParts]),
    category: draft.category,
    severity,
    status: draft.status ?? 'firing',
    summary: draft.summary,
    hint: draft.hint,
    labels: completeLabels(envelope, draft.labels, draft.category, severity),
    evidence: draft.evidence,
    identifiers: draft.identifiers,
    event: { id: envelope.id, kind: event.kind, source: envelope.source, detailType: envelope.detailType, time: envelope.time },
    warnings: event.warnings,
  };
};

/** Evidence from name/value pairs, skipping absent values. */
export const evidenceOf = (pairs: Record<string, string | number | undefined>): Evidence[] => {
  const out: Evidence[] = [];
  for (const name in pairs) {
    const value = pairs[name];
    if (value !== undefined && value !== '') out.push({ name, value: String(value) });
  }
  return out;
};
