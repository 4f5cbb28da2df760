import { LABEL_NAMES, type AlertStatus, type Category, type Evidence, type Identifier, type Labels, type Severity } from '../../normalize';
import type { Notification, AlertDigest, DeploymentTaskAlerts, RemediationNote, ResolvedIncident } from '../types';
import type { EventKind } from '../../events';
import { MAX_BODY_BYTES } from './constants';
import { fitJson, stringifyDocument } from './fit';
import type { RenderContext } from './types';

/** The `schema` of every alert document: what the JSON is. */
export const ALERT_DOCUMENT_SCHEMA = 'ecs-herald.alert';

/**
 * The `version` of the alert document. It changes only when a field is removed, renamed or
 * changes meaning; new optional fields are added without a new version. docs/alert-json.md
 * documents each field, docs/alert.schema.json is its JSON Schema.
 */
export const ALERT_DOCUMENT_VERSION = 1;

/**
 * An alert as a documented, versioned JSON document: the `json` topic format, for SQS, Lambda
 * and HTTPS subscribers. Keys appear in this order.
 */
export interface AlertDocument {
  schema: typeof ALERT_DOCUMENT_SCHEMA;
  version: typeof ALERT_DOCUMENT_VERSION;
  /** The route that matched. */
  route: string;
  /** The topic the document was published to. */
  topic: string;
  status: AlertStatus;
  fingerprint: string;
  category: Category;
  severity: Severity;
  summary: string;
  hint: string;
  /** Labels in the order of `LABEL_NAMES`; a label that does not apply is absent. */
  labels: Labels;
  evidence: Evidence[];
  identifiers: Identifier[];
  event: { id: string; kind: EventKind; source: string; detailType: string; time: string };
  warnings: string[];
  /** A digest: the group's alerts counted since its last notification (absent otherwise). */
  digest?: AlertDigest;
  /** A resolution: the incident it ends (absent otherwise, and on a firing alert). */
  resolves?: ResolvedIncident;
  /** Noise control could not reach its state table: this error; the alert may be a repeat. */
  gateUnavailable?: string;
  /** A deployment's failure: the task alerts inhibition muted while it was in progress (absent otherwise). */
  deploymentTasks?: DeploymentTaskAlerts;
  /** The remediations the alert's routes asked for (absent when none). */
  remediation?: RemediationNote[];
  /** An agent-disconnected or impaired EC2 container instance: the last lines of its agent and system logs (absent otherwise). */
  instanceLogs?: InstanceLogsDocument;
  /** True when strings were cut (they end in `…`) or entries dropped to fit the SNS limit. */
  truncated: boolean;
}

/** `instanceLogs` of the document: the instance, its stream, one tail per group that has it. */
export interface InstanceLogsDocument {
  instanceId?: string;
  stream: string;
  tails: { group: string; stream: string; lines: string[]; redactions: number }[];
  missing: string[];
}

/** The instance logs of the alert's context, copied in a stable key order. */
const instanceLogsField = (alert: Notification): Pick<AlertDocument, 'instanceLogs'> => {
  const logs = alert.context?.instanceLogs;
  if (logs === undefined) return {};
  return {
    instanceLogs: {
      ...(logs.instanceId === undefined ? {} : { instanceId: logs.instanceId }),
      stream: logs.stream,
      tails: logs.tails.map(({ group, stream, lines, redactions }) => ({ group, stream, lines: [...lines], redactions })),
      missing: [...logs.missing],
    },
  };
};

/** A digest's first or last alert, copied in a stable key order. */
const copyDigestAlert = ({ summary, time, taskId }: AlertDigest['first']): AlertDigest['first'] =>
  taskId === undefined ? { summary, time } : { summary, time, taskId };

/** The noise-control fields of the document: only those the alert has, in document order. */
const gateFields = (alert: Notification): Pick<AlertDocument, 'digest' | 'resolves' | 'gateUnavailable' | 'deploymentTasks' | 'remediation'> => {
  const { digest, resolves, gateUnavailable, deploymentTasks, remediation } = alert;
  return {
    ...(digest === undefined ? {} : {
      digest: {
        group: digest.group,
        count: digest.count,
        since: digest.since,
        until: digest.until,
        categories: digest.categories.map(({ category, count }) => ({ category, count })),
        first: copyDigestAlert(digest.first),
        last: copyDigestAlert(digest.last),
      },
    }),
    ...(resolves === undefined || alert.status !== 'resolved' ? {} : {
      resolves: {
        fingerprint: resolves.fingerprint,
        category: resolves.category,
        summary: resolves.summary,
        startedAt: resolves.startedAt,
        endedAt: resolves.endedAt,
        durationMs: resolves.durationMs,
        alerts: resolves.alerts,
      },
    }),
    ...(gateUnavailable === undefined ? {} : { gateUnavailable }),
    ...(deploymentTasks === undefined ? {} : {
      deploymentTasks: {
        deploymentId: deploymentTasks.deploymentId,
        count: deploymentTasks.count,
        fromDeployment: deploymentTasks.fromDeployment,
        categories: deploymentTasks.categories.map(({ category, count }) => ({ category, count })),
        last: { summary: deploymentTasks.last.summary, time: deploymentTasks.last.time },
      },
    }),
    ...(remediation === undefined ? {} : {
      remediation: remediation.map((note) => ({
        action: note.action,
        does: note.does,
        dryRun: note.dryRun,
        ...(note.refused === undefined ? {} : { refused: note.refused }),
        ...(note.decision === undefined ? {} : { decision: { ...note.decision } }),
      })),
    }),
  };
};

/**
 * The alert document of an alert, before any size limit. Values are the alert's own, copied
 * (the document shares nothing with the alert), in a stable key order. `digest`, `resolves`,
 * `gateUnavailable` and `deploymentTasks` appear only when the alert has them (`resolves` only on a resolved
 * alert, the only kind it means something on).
 */
export const toAlertDocument = (alert: Notification, context: RenderContext): AlertDocument => {
  const labels: Labels = {};
  for (const name of LABEL_NAMES) {
    const value = alert.labels[name];
    if (value !== undefined) labels[name] = value;
  }
  return {
    schema: ALERT_DOCUMENT_SCHEMA,
    version: ALERT_DOCUMENT_VERSION,
    route: context.route,
    topic: context.topic,
    status: alert.status,
    fingerprint: alert.fingerprint,
    category: alert.category,
    severity: alert.severity,
    summary: alert.summary,
    hint: alert.hint,
    labels,
    evidence: alert.evidence.map(({ name, value }) => ({ name, value })),
    identifiers: alert.identifiers.map(({ name, value }) => ({ name, value })),
    event: {
      id: alert.event.id,
      kind: alert.event.kind,
      source: alert.event.source,
      detailType: alert.event.detailType,
      time: alert.event.time,
    },
    warnings: [...alert.warnings],
    ...gateFields(alert),
    ...instanceLogsField(alert),
    truncated: false,
  };
};

/**
 * The alert document as the SNS message: pretty-printed JSON within the SNS size limit. A
 * document over it has its longest strings cut (then trailing evidence dropped) and
 * `truncated: true`; the text is never cut, so it always parses.
 */
export const renderAlertDocument = (alert: Notification, context: RenderContext, maxBytes = MAX_BODY_BYTES): string =>
  fitJson(toAlertDocument(alert, context), maxBytes, stringifyDocument, (doc) => ({ ...doc, truncated: true })).body;
