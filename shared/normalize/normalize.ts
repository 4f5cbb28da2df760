import { EVENT_KINDS, type EventKind, type EventOfKind, type HeraldEvent } from '../events';
import { normalizeAlarmEvent } from './alarm';
import { normalizeCloudTrailEvent } from './cloudtrail';
import { normalizeContainerInstanceEvent, normalizeContainerInstanceHealthEvent } from './container-instance';
import { normalizeDaemonDeploymentEvent, normalizeDaemonServiceActionEvent } from './daemon';
import { normalizeDeploymentEvent, normalizeHookEvent, normalizeServiceActionEvent } from './service';
import { normalizeTaskEvent } from './task';
import { normalizeTrustedAdvisorEvent } from './trusted-advisor';
import { normalizeRemediationEvent } from './remediation';
import { NO_NORMALIZE_SETTINGS, type NormalizeSettings } from './settings';
import type { Alert } from './types';

/** One normalizer per event kind; a kind without one fails to compile. */
type EventNormalizers = { readonly [K in EventKind]: (event: EventOfKind<K>, settings: NormalizeSettings) => Alert };

const NORMALIZERS: EventNormalizers = {
  [EVENT_KINDS.ecsTask]: normalizeTaskEvent,
  [EVENT_KINDS.ecsServiceAction]: normalizeServiceActionEvent,
  [EVENT_KINDS.ecsDeployment]: normalizeDeploymentEvent,
  [EVENT_KINDS.ecsContainerInstance]: normalizeContainerInstanceEvent,
  [EVENT_KINDS.ecsContainerInstanceHealth]: normalizeContainerInstanceHealthEvent,
  [EVENT_KINDS.ecsHook]: normalizeHookEvent,
  [EVENT_KINDS.ecsDaemonDeployment]: normalizeDaemonDeploymentEvent,
  [EVENT_KINDS.ecsDaemonServiceAction]: normalizeDaemonServiceActionEvent,
  [EVENT_KINDS.cloudwatchAlarm]: normalizeAlarmEvent,
  [EVENT_KINDS.cloudTrail]: normalizeCloudTrailEvent,
  [EVENT_KINDS.trustedAdvisor]: normalizeTrustedAdvisorEvent,
  [EVENT_KINDS.remediationDecision]: normalizeRemediationEvent,
};

// Generic in K so that the table lookup and the event are of the same kind, without a cast.
const normalizeKind = <K extends EventKind>(event: EventOfKind<K>, settings: NormalizeSettings): Alert => NORMALIZERS[event.kind](event, settings);

/**
 * Turns a parsed event into an {@link Alert}: category, severity, summary, hint, labels and
 * a stable fingerprint. Total over {@link HeraldEvent}: every kind yields an alert. `settings`
 * (herald.yml's, compiled) name the service of an alarm that carries only a target group.
 *
 * @example
 * ```ts
 * const parsed = parseEvent(raw);
 * if (parsed.ok) {
 *   const alert = normalizeEvent(parsed.event);
 *   console.log(alert.severity, alert.category, alert.summary);
 * }
 * ```
 */
export const normalizeEvent = (event: HeraldEvent, settings: NormalizeSettings = NO_NORMALIZE_SETTINGS): Alert => withAccountAlias(normalizeKind(event, settings), settings);

/**
 * In central mode, the alias herald.yml gives the event's account, as the `accountAlias` label
 * (routes can match it; the formats name the account by it). Not part of the fingerprint: the
 * account id already is.
 */
const withAccountAlias = (alert: Alert, settings: NormalizeSettings): Alert => {
  const { account } = alert.labels;
  const alias = account === undefined ? undefined : settings.accountAliases?.get(account);
  return alias === undefined ? alert : { ...alert, labels: { ...alert.labels, accountAlias: alias } };
};
