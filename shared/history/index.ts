/**
 * History: an EventBridge archive of the events herald receives (herald.yml `history:`), and
 * replays of it into the router (`herald replay --archive`), whose replayed events the pipeline
 * evaluates and reports without sending.
 *
 * @example
 * ```ts
 * const archive = archiveSettings(config); // the archive's pattern and retention, or undefined
 * ```
 */
export { archiveSettings, MAX_ARCHIVE_NAME_LENGTH } from './archive';
export type { ArchiveSettings } from './archive';
export { ArchiveNotFoundError, HistoryError, ReplayCallError } from './errors';
export { EventBridgeArchiveReplayer, FINAL_REPLAY_STATES, routerRulePrefix } from './replay-start';
export type { ArchiveReplayer, ArchiveReplayRequest, EventBridgeArchiveReplayerOptions, ReplayStatus } from './replay-start';
export { CloudWatchLogsReplayReports, parseReplayedLine } from './replay-reports';
export type { CloudWatchLogsReplayReportsOptions, ReplayedEventLine, ReplayReportReader } from './replay-reports';
