import { readCloudTrailEcsDetail } from './cloudtrail';
import { readCloudWatchAlarmDetail } from './cloudwatch-alarm';
import { DETAIL_TYPES, ECS_EVENT_SOURCE, EVENT_KINDS, SOURCES } from './constants';
import { readEcsContainerInstanceDetail } from './ecs-container-instance';
import { readEcsContainerInstanceHealthDetail } from './ecs-container-instance-health';
import { readEcsDaemonDeploymentDetail, readEcsDaemonServiceActionDetail } from './ecs-daemon';
import { readEcsHookDetail } from './ecs-hook';
import { readEcsDeploymentDetail, readEcsServiceActionDetail } from './ecs-service';
import { readEcsTaskDetail } from './ecs-task';
import { EventParseError, NotAnEventBridgeEventError, SKIP_REASONS, UnsupportedEventError } from './errors';
import { FieldReader, type JsonObject, isJsonObject, readEnvelopeObject } from './reader';
import type { EventEnvelope, HeraldEvent, ParseResult } from './types';

type Build = (envelope: EventEnvelope, detail: FieldReader, raw: JsonObject, warnings: string[]) => HeraldEvent;

const key = (source: string, detailType: string): string => `${source}\u0000${detailType}`;

/** One parser per (source, detail-type); looked up once per event. */
const BUILDERS: ReadonlyMap<string, Build> = new Map<string, Build>([
  [key(SOURCES.ecs, DETAIL_TYPES.ecsTask), (envelope, d, raw, warnings) =>
    ({ kind: EVENT_KINDS.ecsTask, envelope, detail: readEcsTaskDetail(d), raw, warnings })],
  [key(SOURCES.ecs, DETAIL_TYPES.ecsServiceAction), (envelope, d, raw, warnings) =>
    ({ kind: EVENT_KINDS.ecsServiceAction, envelope, detail: readEcsServiceActionDetail(d), raw, warnings })],
  [key(SOURCES.ecs, DETAIL_TYPES.ecsDeployment), (envelope, d, raw, warnings) =>
    ({ kind: EVENT_KINDS.ecsDeployment, envelope, detail: readEcsDeploymentDetail(d), raw, warnings })],
  [key(SOURCES.ecs, DETAIL_TYPES.ecsContainerInstance), (envelope, d, raw, warnings) =>
    ({ kind: EVENT_KINDS.ecsContainerInstance, envelope, detail: readEcsContainerInstanceDetail(d), raw, warnings })],
  [key(SOURCES.ecs, DETAIL_TYPES.ecsContainerInstanceHealth), (envelope, d, raw, warnings) =>
    ({ kind: EVENT_KINDS.ecsContainerInstanceHealth, envelope, detail: readEcsContainerInstanceHealthDetail(d), raw, warnings })],
  [key(SOURCES.ecs, DETAIL_TYPES.ecsHook), (envelope, d, raw, warnings) =>
    ({ kind: EVENT_KINDS.ecsHook, envelope, detail: readEcsHookDetail(d), raw, warnings })],
  [key(SOURCES.ecs, DETAIL_TYPES.ecsDaemonDeployment), (envelope, d, raw, warnings) =>
    ({ kind: EVENT_KINDS.ecsDaemonDeployment, envelope, detail: readEcsDaemonDeploymentDetail(d), raw, warnings })],
  [key(SOURCES.ecs, DETAIL_TYPES.ecsDaemonServiceAction), (envelope, d, raw, warnings) =>
    ({ kind: EVENT_KINDS.ecsDaemonServiceAction, envelope, detail: readEcsDaemonServiceActionDetail(d), raw, warnings })],
  [key(SOURCES.cloudwatch, DETAIL_TYPES.cloudwatchAlarm), (envelope, d, raw, warnings) =>
    ({ kind: EVENT_KINDS.cloudwatchAlarm, envelope, detail: readCloudWatchAlarmDetail(d), raw, warnings })],
  [key(SOURCES.ecs, DETAIL_TYPES.cloudTrail), (envelope, d, raw, warnings) => {
    const detail = readCloudTrailEcsDetail(d);
    if (detail.eventSource !== ECS_EVENT_SOURCE) {
      throw new UnsupportedEventError(SKIP_REASONS.unsupportedEvent, envelope.source, envelope.detailType,
        `CloudTrail event from ${detail.eventSource}, not ${ECS_EVENT_SOURCE}`);
    }
    return { kind: EVENT_KINDS.cloudTrail, envelope, detail, raw, warnings };
  }],
]);

const readEnvelope = (event: JsonObject, warnings: string[]): EventEnvelope => {
  // Missing envelope fields mean this is not an EventBridge event at all, rather than a
  // malformed one, so they get NotAnEventBridgeEventError.
  const required = ['id', 'detail-type', 'source', 'account', 'time', 'region'] as const;
  const missing = required.filter((name) => typeof event[name] !== 'string' || event[name] === '');
  if (missing.length > 0) {
    throw new NotAnEventBridgeEventError(
      `not an EventBridge event: missing or non-string ${missing.map((m) => `"${m}"`).join(', ')}`,
    );
  }
  if (!isJsonObject(event.detail)) {
    throw new NotAnEventBridgeEventError('not an EventBridge event: "detail" must be an object');
  }
  const envelope = new FieldReader(event, '', warnings);
  return {
    id: event.id as string,
    version: envelope.optionalString('version') ?? '0',
    detailType: event['detail-type'] as string,
    source: event.source as string,
    account: event.account as string,
    time: event.time as string,
    region: event.region as string,
    resources: envelope.stringArray('resources'),
  };
};

/**
 * Parses an EventBridge event into a {@link HeraldEvent}. Never throws: anything that is not
 * a supported, well-formed event comes back as `{ ok: false, error }` with a typed
 * {@link EventParseError} whose `reason` is one of the documented skip reasons.
 *
 * @example
 * ```ts
 * const result = parseEvent(JSON.parse(line));
 * if (result.ok) console.log(result.event.kind);
 * else console.log(`skipped (${result.error.reason}): ${result.error.message}`);
 * ```
 */
export const parseEvent = (input: unknown): ParseResult => {
  try {
    const event = readEnvelopeObject(input);
    const warnings: string[] = [];
    const envelope = readEnvelope(event, warnings);
    const build = BUILDERS.get(key(envelope.source, envelope.detailType));
    if (build === undefined) return { ok: false, error: unsupported(envelope) };
    return { ok: true, event: build(envelope, FieldReader.of(event.detail, 'detail', warnings), event, warnings) };
  } catch (error) {
    if (error instanceof EventParseError) return { ok: false, error };
    // A bug in a reader must not take the batch down; report it as a malformed event.
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, error: new EventParseError(SKIP_REASONS.malformedDetail, `unreadable event: ${message}`, { cause: error }) };
  }
};

const unsupported = (envelope: EventEnvelope): UnsupportedEventError => {
  if (envelope.source === SOURCES.ecs) {
    return new UnsupportedEventError(SKIP_REASONS.unknownEcsDetailType, envelope.source, envelope.detailType,
      `aws.ecs detail-type "${envelope.detailType}" is not one the ECS developer guide documents; skipped rather than guessed at`);
  }
  return new UnsupportedEventError(SKIP_REASONS.unsupportedEvent, envelope.source, envelope.detailType,
    `source "${envelope.source}" with detail-type "${envelope.detailType}" is not handled by ecs-herald`);
};
