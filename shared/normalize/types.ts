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
 * works on. Later stages add their own: enrichment's context (`EnrichedAlert`), delivery's
 * digest, resolution and fail-open notes (`Notification`).
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
}
