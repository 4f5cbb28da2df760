import type { AlertContext } from '../enrich/types';
import type { EventKind } from '../events';
import type { Category, LabelName, Severity } from './constants';

/**
 * Flat string labels that routes match on. Absent means "does not apply". Besides the
 * built-in names, enrichment adds the resource tags of the service and cluster (`team`,
 * `env`...); a built-in label always wins over a tag of the same name.
 */
export type Labels = Partial<Record<LabelName, string>> & { [tag: string]: string | undefined };

/** Whether an alert reports a problem or its end. */
export type AlertStatus = 'firing' | 'resolved';

/** One fact the classification rests on, shown in the alert ("Evidence"). */
export interface Evidence {
  name: string;
  value: string;
}

/** An identifier worth copying from the alert (ARNs, ids). */
export interface Identifier {
  name: string;
  value: string;
}

/**
 * What ecs-herald makes of one event: the unit every later stage (route, gate, deliver)
 * works on.
 */
export interface Alert {
  /**
   * Stable identity of the incident: the same failure of the same service gives the same
   * fingerprint across redeliveries, task replacements and container restarts. A CloudWatch
   * alarm's ALARM and OK events share one fingerprint.
   */
  fingerprint: string;
  category: Category;
  severity: Severity;
  /**
   * `resolved` when the event clears the condition of an earlier alert with the same
   * fingerprint (an alarm back to OK, an instance healthy again); `firing` otherwise.
   */
  status: AlertStatus;
  /** One line, for subjects and chat titles. */
  summary: string;
  /** Likely cause and next step. */
  hint: string;
  labels: Labels;
  evidence: Evidence[];
  identifiers: Identifier[];
  /** The event this alert came from. */
  event: {
    id: string;
    kind: EventKind;
    source: string;
    detailType: string;
    time: string;
  };
  /** Parse warnings (optional fields of the wrong type that were ignored). */
  warnings: string[];
  /** Cluster context from the enrich stage; absent before it, or when it is not configured. */
  context?: AlertContext;
  /** Present on a digest: the alerts of a group counted since its last notification. */
  digest?: AlertDigest;
  /** Present on a resolved message: the incident this event ends. */
  resolves?: ResolvedIncident;
  /** Present when noise control could not reach its state: this alert may repeat an earlier one. */
  gateUnavailable?: string;
}

/** A group's alerts summarised in one notification (storm grouping). */
export interface AlertDigest {
  /** The group, e.g. `cluster=prod, service=payments-api`. */
  group: string;
  /** Alerts counted in the window (grouped and throttled ones). */
  count: number;
  /** ISO 8601: start and end of the window. */
  since: string;
  until: string;
  /** Counts per category, largest first. */
  categories: { category: string; count: number }[];
  /** The first alert of the window (the digest's own summary, hint and labels come from it). */
  first: { summary: string; time: string; taskId?: string };
  /** The last alert of the window. */
  last: { summary: string; time: string; taskId?: string };
}

/** The incident a resolved message ends. */
export interface ResolvedIncident {
  /** Fingerprint, category and summary of the alert that opened the incident. */
  fingerprint: string;
  category: string;
  summary: string;
  /** ISO 8601: when the incident's first alert was sent, and when this event ended it. */
  startedAt: string;
  endedAt: string;
  /** Milliseconds between the two. */
  durationMs: number;
  /** Alerts counted in the incident, the first included. */
  alerts: number;
}
