import type { ActionConfig } from './actions';
import type { AlarmReceiveConfig, AlarmsConfig } from './alarms';
import type { MonitoringConfig } from './monitoring';
import type { HistoryConfig } from './history';
import type { InstanceLogsConfig } from './instance-logs';
import type { AccountsConfig } from './accounts';
import type { Severity } from '../normalize/constants';

/**
 * An EventBridge event pattern as written in YAML: field names to arrays of conditions
 * (or nested patterns, or `$or`).
 * @see https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-patterns.html
 */
export type PatternConfig = Record<string, unknown>;

/** An SNS topic, created by the stack or referenced by ARN. */
export interface TopicConfig {
  /** Shown as the email sender name. */
  display_name?: string;
  /**
   * Addresses subscribed by the stack; each gets a confirmation email. An entry may carry an
   * SNS subscription filter policy over the message attributes, e.g. only `service` prefix
   * `payments-`.
   */
  emails?: (string | EmailSubscriptionConfig)[];
  /** An existing topic to publish to instead of creating one (subscriptions are then yours). */
  arn?: string;
  /** Message format: readable text, a versioned JSON document, or a chat card. @default email */
  format?: 'email' | 'json' | 'chat';
  /** Alerts below this severity are not sent to this topic. */
  min_severity?: Severity;
}

/** An email subscriber with a filter policy. */
export interface EmailSubscriptionConfig {
  address: string;
  /**
   * SNS filter policy over the message attributes (`severity`, `category`, `status`, `route`,
   * `cluster`, `service`, `account`, `region`).
   * @see https://docs.aws.amazon.com/sns/latest/dg/sns-subscription-filter-policies.html
   */
  filter: PatternConfig;
}

/** Options a route passes on to its children unless they set their own. */
export interface RouteOptionsConfig {
  /** Topic names; `[]` means record only. Inherited when absent. */
  notify?: string[];
  /** Action names from the `actions` section. */
  remediate?: string[];
  /** At most one notification per route and key in this window, e.g. `15m`. */
  throttle?: string;
  /**
   * Labels whose values make the throttle key, e.g. `[cluster, service]`: one notification per
   * service in the window, whatever failed. @default the alert's fingerprint
   */
  throttle_by?: string[];
  /** Labels that group alerts into one notification stream, e.g. `[cluster, service]`. */
  group_by?: string[];
  /**
   * How long the first alert of a new group is held so the first notification can carry the
   * alerts that follow it. `0s` sends it at once. @default 0s
   */
  group_wait?: string;
  /** How often a group's later alerts are summarised in one digest. @default 5m */
  group_interval?: string;
  /**
   * Digests space out while a storm lasts: each window is twice the previous one, from
   * `group_interval` up to this, so a crash loop that goes on for hours is summarised every
   * 5m, 10m, 20m... then at this interval. @default `group_interval` (fixed windows, as in Alertmanager)
   */
  group_interval_max?: string;
  /** At most one notification per route and fingerprint in this window (`throttle` wins when both are set). @default 4h */
  repeat_interval?: string;
  /**
   * How long a recovered incident must stay quiet before its "resolved" message goes out: a
   * steady state followed by the same failure within this time keeps the incident open
   * instead of sending resolved and paging again (a slow leak does not flap). `0s` resolves
   * on the recovery event itself. Applies to recoveries inferred from service events (steady
   * state, a completed deployment); an alarm back to OK or an instance healthy again resolves
   * at once. @default 30m
   */
  resolve_hold?: string;
  /** Overrides the alert's severity for everything this route sends. */
  severity?: Severity;
  /** Names from `time_intervals`: while one of them is current, the route sends nothing. */
  mute_time_intervals?: string[];
  /** Names from `time_intervals`: the route sends only while one of them is current. */
  active_time_intervals?: string[];
}

/** A node of the routing tree. */
export interface RouteConfig extends RouteOptionsConfig {
  /** Unique across the tree; shown in alerts and used by silences. */
  name: string;
  /** Pattern over the alert's labels. */
  match?: PatternConfig;
  /** Pattern over the raw EventBridge event; also narrows the deployed EventBridge rules. */
  event?: PatternConfig;
  /** Keep trying later siblings after this route matched. @default false */
  continue?: boolean;
  routes?: RouteConfig[];
}


/** How alerts are enriched with cluster context (in Lambda, and in the CLI with `--aws`). */
export interface EnrichConfig {
  /** Last log lines of the crashed container to include. @default 20 (at most 100; 0 turns it off) */
  log_lines?: number;
  /** Extra secrets to redact from log lines: regular expressions (JavaScript syntax). */
  redact?: string[];
  /** Time budget of the lookups per alert, e.g. `3s`. @default 3s */
  budget?: string;
  /**
   * Prefixes of the log groups whose streams the log tail may read, e.g. `[/ecs/, /copilot/]`;
   * the function's role may read only these. A container logging to another group gets no
   * log tail (the alert says `not-allowed`). @default ['/ecs/'] (the ECS console's `/ecs/<family>`)
   */
  log_groups?: string[];
  /**
   * The last lines of an EC2 container instance's ECS agent and system logs, for its
   * agent-disconnected and impaired alerts; `false` turns them off. @default the CloudWatch
   * agent's usual groups, stream per instance id (see {@link InstanceLogsConfig})
   */
  instance_logs?: InstanceLogsConfig | false;
}

/**
 * A silence written in `herald.yml`: alerts whose labels match are muted between `starts`
 * and `ends`. Run-time silences (`herald silence add`) have the same fields and live in the
 * state table.
 */
export interface SilenceConfig {
  /** Pattern over the alert's labels, EventBridge syntax as in a route's `match`. */
  matchers: PatternConfig;
  /** ISO 8601 date-time with an offset or `Z`. @default always started */
  starts?: string;
  /** ISO 8601 date-time with an offset or `Z`; after it the silence is over. */
  ends: string;
  /** Why: shown wherever the silence mutes an alert. */
  comment: string;
  /** Who added it. @default "herald.yml" */
  created_by?: string;
}

/** Weekday names, lowercase. */
export type WeekdayName = 'monday' | 'tuesday' | 'wednesday' | 'thursday' | 'friday' | 'saturday' | 'sunday';

/**
 * One time interval, as in Alertmanager's `time_intervals`: it is current when every field
 * given matches (an absent field matches always).
 * @see https://prometheus.io/docs/alerting/latest/configuration/#time_interval
 */
export interface TimeIntervalConfig {
  /** Day names or inclusive ranges: `saturday`, `monday:friday`. */
  weekdays?: string[];
  /** Times of day, `HH:MM` 24-hour, `start` inclusive, `end` exclusive (`24:00` allowed). */
  times?: { start: string; end: string }[];
  /** IANA time zone the weekdays and times are read in. @default UTC */
  location?: string;
}

/**
 * Inhibition presets: ECS-aware rules that mute alerts another alert explains.
 * - `deployments`: while a service's deployment is in progress or rolling back, its task
 *   alerts are muted; the deployment's outcome is alerted instead.
 * - `infrastructure`: a container-instance alert (agent disconnected, draining, impaired,
 *   Spot interruption) mutes the alerts of the tasks on that instance for the next hour.
 */
export type InhibitPreset = 'deployments' | 'infrastructure';

/** The raw `herald.yml` document. */
export interface HeraldConfig {
  /** @default 1 */
  version?: 1;
  /**
   * Names of the ECS clusters this deployment watches. When given, the function's IAM role
   * may describe only these clusters and their services. @default every cluster of the account and Region
   */
  clusters?: string[];
  enrich?: EnrichConfig;
  topics: Record<string, TopicConfig>;
  /** Options of the root route, which matches every alert. */
  default?: RouteOptionsConfig;
  /** Child routes of the root, tried in order. */
  routes?: RouteConfig[];
  actions?: Record<string, ActionConfig>;
  /** Silences known at deploy time (planned maintenance); add run-time ones with `herald silence add`. */
  silences?: SilenceConfig[];
  /** Named time intervals for `mute_time_intervals` / `active_time_intervals`; a list is current when any entry is. */
  time_intervals?: Record<string, TimeIntervalConfig | TimeIntervalConfig[]>;
  /** Inhibition presets to switch on. @default none */
  inhibit?: InhibitPreset[];
  /**
   * The CloudWatch alarms herald receives: `ecs`, alarms on ECS or Container Insights metrics
   * or with a `ClusterName` dimension; `all`, every alarm of the account and Region; or a list
   * of namespaces to add to the ECS ones, e.g. `[AWS/ApplicationELB]`. The mapping form says
   * the same under `receive` and adds the alarms the stack creates per ECS service
   * (`services`, `defaults`). @default ecs
   */
  alarms?: AlarmReceiveConfig | AlarmsConfig;
  /** herald watching itself: alarms to the operator, the heartbeat, the dashboard. */
  monitoring?: MonitoringConfig;
  /** An EventBridge archive of the events herald receives, for `herald replay --archive`. @default on, 30 days */
  history?: HistoryConfig;
  /**
   * Central mode: the member accounts whose events reach this (central) stack's bus, and how
   * their events are enriched. @default single-account mode: this account's events only
   */
  accounts?: AccountsConfig;
}
