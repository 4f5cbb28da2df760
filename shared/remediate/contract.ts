import { ACTION_TYPES, type ActionType } from '../config';
import { ALERT_DOCUMENT_SCHEMA, type AlertDocument } from '../deliver';
import { REMEDIATION_CONTRACT_SCHEMA, REMEDIATION_CONTRACT_VERSION } from './constants';
import type { RemediationRequest, RemediationTarget } from './types';

/** What {@link readRemediationRequest} made of a message: the request, or why there is none. */
export type RemediationRequestReadResult = { ok: true; request: RemediationRequest } | { ok: false; reason: string };

type JsonObject = Record<string, unknown>;

const isObject = (value: unknown): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value);

/** A reason to refuse a message; thrown inside the reader only, never out of it. */
class Refused extends Error {}

const requiredString = (object: JsonObject, key: string, path: string): string => {
  const value = object[key];
  if (typeof value !== 'string' || value === '') throw new Refused(`${path}${key} must be a non-empty string`);
  return value;
};

/** The target's optional strings: absent, or a non-empty string. */
const TARGET_FIELDS = ['account', 'region', 'cluster', 'service', 'task', 'containerInstance', 'deploymentId'] as const;

const readTarget = (value: unknown): RemediationTarget => {
  if (!isObject(value)) throw new Refused('target must be an object');
  const tags = value.tags ?? {};
  if (!isObject(tags) || !Object.values(tags).every((v) => typeof v === 'string')) throw new Refused('target.tags must be an object of strings');
  const target: RemediationTarget = { tags: { ...(tags as Record<string, string>) } };
  for (const key of TARGET_FIELDS) {
    if (value[key] === undefined) continue;
    target[key] = requiredString(value, key, 'target.');
  }
  return target;
};

/**
 * The alert document: checked for what the remediator reads of it (its schema, fingerprint,
 * summary and labels); the rest is the documented alert document (docs/alert-json.md), passed on
 * as it is for the audit alert.
 */
const readAlert = (value: unknown): AlertDocument => {
  if (!isObject(value)) throw new Refused('alert must be an object');
  if (value.schema !== ALERT_DOCUMENT_SCHEMA) throw new Refused(`alert.schema must be "${ALERT_DOCUMENT_SCHEMA}"`);
  requiredString(value, 'fingerprint', 'alert.');
  if (typeof value.summary !== 'string') throw new Refused('alert.summary must be a string');
  if (!isObject(value.labels)) throw new Refused('alert.labels must be an object');
  return value as unknown as AlertDocument;
};

const readVersion = (value: unknown): typeof REMEDIATION_CONTRACT_VERSION => {
  if (typeof value !== 'number' || !Number.isInteger(value)) throw new Refused(`version must be an integer, got ${JSON.stringify(value) ?? 'nothing'}`);
  if (value > REMEDIATION_CONTRACT_VERSION) {
    throw new Refused(`version ${value} is newer than this remediator reads (${REMEDIATION_CONTRACT_VERSION}): deploy the remediator before the router`);
  }
  if (value !== REMEDIATION_CONTRACT_VERSION) throw new Refused(`version ${value} is not a version of the contract (${REMEDIATION_CONTRACT_VERSION})`);
  return value;
};

const readRequest = (body: string): RemediationRequest => {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch (error) {
    throw new Refused(`not JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (!isObject(parsed)) throw new Refused('not a JSON object');
  if (parsed.schema !== REMEDIATION_CONTRACT_SCHEMA) {
    throw new Refused(`schema must be "${REMEDIATION_CONTRACT_SCHEMA}", got ${JSON.stringify(parsed.schema) ?? 'nothing'}`);
  }
  const version = readVersion(parsed.version);
  const type = requiredString(parsed, 'type', '');
  if (!(ACTION_TYPES as readonly string[]).includes(type)) throw new Refused(`type "${type}" is not an action type (${ACTION_TYPES.join(', ')})`);
  const decidedAt = requiredString(parsed, 'decidedAt', '');
  if (Number.isNaN(Date.parse(decidedAt))) throw new Refused(`decidedAt "${decidedAt}" is not a date`);
  return {
    schema: REMEDIATION_CONTRACT_SCHEMA,
    version,
    id: requiredString(parsed, 'id', ''),
    action: requiredString(parsed, 'action', ''),
    type: type as ActionType,
    route: requiredString(parsed, 'route', ''),
    decidedAt,
    target: readTarget(parsed.target),
    alert: readAlert(parsed.alert),
  };
};

/**
 * Reads a decision message (an SQS body) as version 1 of the contract (docs/remediation.md).
 * Never throws: a message that is not JSON, not a decision, of another major version or missing
 * a field comes back as `{ ok: false, reason }` (no retry can fix it: the remediator reports it
 * and lets the message go). Unknown fields are ignored: a minor addition does not change the
 * version.
 * @example
 * ```ts
 * const read = readRemediationRequest(record.body);
 * if (!read.ok) logger.warn('remediation request refused', { reason: read.reason });
 * ```
 */
export const readRemediationRequest = (body: string): RemediationRequestReadResult => {
  try {
    return { ok: true, request: readRequest(body) };
  } catch (error) {
    return { ok: false, reason: error instanceof Refused ? error.message : `unreadable: ${String(error)}` };
  }
};
