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

/** Labels every alert carries, from the envelope. */
export const envelopeLabels = (envelope: EventEnvelope): Labels => ({
  source: envelope.source,
  detailType: envelope.detailType,
  account: envelope.account,
  region: envelope.region,
});

/** Drops empty values so absent labels are absent, never `''`. */
const compact = (labels: Labels): Labels => {
  const out: Labels = {};
  for (const [name, value] of Object.entries(labels) as [keyof Labels, string | undefined][]) {
    if (value !== undefined && value !== '') out[name] = value;
  }
  return out;
};

/** `name: value` identifiers, skipping absent values. */
export const identifiers = (pairs: Record<string, string | undefined>): Identifier[] =>
  Object.entries(pairs).flatMap(([name, value]) => (value === undefined || value === '' ? [] : [{ name, value }]));

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
    labels: compact({ ...envelopeLabels(envelope), ...draft.labels, category: draft.category, severity }),
    evidence: draft.evidence,
    identifiers: draft.identifiers,
    event: { id: envelope.id, kind: event.kind, source: envelope.source, detailType: envelope.detailType, time: envelope.time },
    warnings: event.warnings,
  };
};

/** Evidence from name/value pairs, skipping absent values. */
export const evidenceOf = (pairs: Record<string, string | number | undefined>): Evidence[] =>
  Object.entries(pairs).flatMap(([name, value]) => (value === undefined || value === '' ? [] : [{ name, value: String(value) }]));

/**
 * The rule an eventName table (service actions, deployments, hooks, daemons) has for
 * `eventName`. The name comes from the event, so a plain index would find `constructor`,
 * `toString` or `__proto__` on Object.prototype: own keys only.
 */
export const ruleFor = <R>(table: Readonly<Record<string, R>>, eventName: string): R | undefined =>
  Object.hasOwn(table, eventName) ? table[eventName] : undefined;
