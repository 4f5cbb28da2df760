// herald.yml's `history:`: its types and defaults, which the deployment reads (the schema, with
// zod, is history-schema.ts: the Lambda bundles leave it out).

/**
 * An EventBridge archive of the events herald receives, for `herald replay --archive`: the
 * events its rules forward to the router (the union of their patterns), kept `retention` days.
 * @see https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-archive.html
 */
export interface HistoryConfig {
  /** Keep the archive; `false` deploys none (and deletes one deployed before, with its events). @default true */
  archive?: boolean;
  /** How long archived events are kept: whole days, `1d` to `3650d`. @default 30d */
  retention?: string;
}

/** Days kept when herald.yml says nothing: a month of incidents to look back at. */
export const DEFAULT_HISTORY_RETENTION_DAYS = 30;

/** The longest retention accepted, ten years: an archive kept "for ever" is `0` in the API, never what an alerting tool needs. */
export const MAX_HISTORY_RETENTION_DAYS = 3650;

/** Whole days of a `NNd` retention, or undefined when the text is not one. */
export const parseRetentionDays = (text: string): number | undefined => {
  const match = /^(\d{1,4})d$/.exec(text);
  const days = match === null ? undefined : Number(match[1]);
  return days === undefined || days < 1 || days > MAX_HISTORY_RETENTION_DAYS ? undefined : days;
};

/** The archive's retention in days, defaults applied; undefined when `archive: false`. */
export const historyRetentionDays = (history: HistoryConfig | undefined): number | undefined => {
  if (history?.archive === false) return undefined;
  return history?.retention === undefined ? DEFAULT_HISTORY_RETENTION_DAYS : (parseRetentionDays(history.retention) ?? DEFAULT_HISTORY_RETENTION_DAYS);
};

