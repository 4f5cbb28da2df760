import type { EnrichedAlert } from '../enrich';
import type { Severity } from '../normalize';
import type { TopicFormat } from '../config';
import type { RenderedMessage } from './formats/types';

/** A topic as delivery needs it: its name, message format and severity floor. */
export interface TopicTarget {
  name: string;
  /** @default 'email' */
  format: TopicFormat;
  /** Alerts below this severity are not sent to this topic (resolved messages always are). */
  minSeverity?: Severity;
}

/** SNS message attributes, for subscription filter policies. String values only. */
export type MessageAttributes = Readonly<Record<string, string>>;

/**
 * The publishing port: puts one rendered message on one topic. Adapters: SNS (Lambda) and
 * the outbox directory (CLI). Throws on failure; the caller classifies.
 */
export interface Publisher {
  /**
   * @param alert the alert the message renders (local adapters keep it beside the message)
   * @returns where it landed: an SNS message id, a file path
   */
  publish(topic: TopicTarget, message: RenderedMessage, attributes: MessageAttributes, alert: Notification): Promise<string>;
  /**
   * `false`: the publisher only says where a message would go (a dry run) and never reads it,
   * so delivery renders nothing for it. @default true
   */
  readonly readsMessages?: boolean;
}

/** What happened to an alert on one topic. */
export type DeliveryStatus =
  /** Accepted by the topic now. */
  | 'sent'
  /** Already accepted by an earlier attempt at the same event (a retry). */
  | 'already-sent'
  /** Below the topic's `min_severity`. */
  | 'below-min-severity'
  /** Failed for good (missing topic, denied, KMS key disabled); kept in the dead-letter queue. */
  | 'dead-lettered'
  /** A replayed event (EventBridge `replay-name`): the topic would have received it; nothing was sent. */
  | 'replayed';

/** Where an alert went, per topic. */
export interface DeliveryResult {
  /** The topic name. */
  destination: string;
  status: DeliveryStatus;
  /** An SNS message id, a file path, or the error for a dead letter. */
  location: string;
}

/**
 * What delivery renders: an alert (with its context, when enriched), or a notification the
 * later stages made of one: a digest of a group's window, a resolved message, or an alert
 * noise control could not check.
 */
export type Notification = EnrichedAlert & {
  /** Present on a digest: the alerts of a group counted since its last notification. */
  digest?: AlertDigest;
  /** Present on a resolved message: the incident this event ends. */
  resolves?: ResolvedIncident;
  /** Present when noise control could not reach its state: this alert may repeat an earlier one. */
  gateUnavailable?: string;
  /**
   * Present on a deployment's failure when the service's task alerts were muted while the
   * deployment was in progress (the `deployments` inhibition): what they said, since the reader
   * never got them.
   */
  deploymentTasks?: DeploymentTaskAlerts;
  /** Present when a route remediates the alert: what herald does (or would do) about it. */
  remediation?: RemediationNote[];
};

/** A remediation a route asked for, as the alert's message tells it. */
export interface RemediationNote {
  /** The action's name in herald.yml. */
  action: string;
  /** What it does, in words: "force a new deployment of prod/web". */
  does: string;
  /** A dry run: the decision is reported, nothing changes. */
  dryRun: boolean;
  /** The allow-list refused it already: why. */
  refused?: string;
  /** The remediator's decision, when known as the message is sent (the CLI decides at once). */
  decision?: { outcome: string; guard?: string; reason: string; did?: string };
}

/** The task alerts of a service that inhibition muted while one deployment was in progress. */
export interface DeploymentTaskAlerts {
  /** The deployment, e.g. `ecs-svc/2203718402285017365`. */
  deploymentId: string;
  /** Task alerts counted. */
  count: number;
  /** Of them, tasks the deployment itself started (their `startedBy`). */
  fromDeployment: number;
  /** Counts per category, largest first. */
  categories: { category: string; count: number }[];
  /** The last of them. */
  last: { summary: string; time: string };
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
