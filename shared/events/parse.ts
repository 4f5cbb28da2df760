import { type EventKind, SOURCES } from './constants';
import { EventParseError, NotAnEventBridgeEventError, SKIP_REASONS, UnsupportedEventError } from './errors';
import { type AnyEventKindSpec, EVENT_KIND_SPECS, type EventKindSpec } from './kinds';
import { FieldReader, type JsonObject, isJsonObject, readEnvelopeObject } from './reader';
import type { EventEnvelope, EventOfKind, ParseResult } from './types';

const key = (source: string, detailType: string): string => `${source}\u0000${detailType}`;

/** The registry by (source, detail-type); looked up once per event. */
const SPECS_BY_TYPE: ReadonlyMap<string, AnyEventKindSpec> = new Map(EVENT_KIND_SPECS.map((spec) => [key(spec.source, spec.detailType), spec]));

const buildEvent = <K extends EventKind>(
  spec: EventKindSpec<K>,
  envelope: EventEnvelope,
  detail: FieldReader,
  raw: JsonObject,
  warnings: string[],
): EventOfKind<K> => {
  const event = { kind: spec.kind, envelope, detail: spec.read(detail, envelope), raw, warnings };
  if (spec.eventSource !== undefined) {
    // Checked after reading, so a malformed call is reported as malformed whatever its eventSource.
    const eventSource = detail.requiredString('eventSource');
    if (eventSource !== spec.eventSource) {
      throw new UnsupportedEventError(SKIP_REASONS.unsupportedEvent, envelope.source, envelope.detailType,
        `CloudTrail event from ${eventSource}, not ${spec.eventSource}`);
    }
  }
  return event;
};

/** `{ [key]: value }`, or nothing when the value is absent (no `undefined` keys in parsed events). */
const optionalField = <K extends string>(key: K, value: string | undefined): Partial<Record<K, string>> => (value === undefined ? {} : ({ [key]: value } as Record<K, string>));

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
    // Set by EventBridge on the copies a replay sends; a wrongly typed one is dropped with a warning.
    ...optionalField('replayName', envelope.optionalNonEmptyString('replay-name')),
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
    const spec = SPECS_BY_TYPE.get(key(envelope.source, envelope.detailType));
    if (spec === undefined) return { ok: false, error: unsupported(envelope) };
    return { ok: true, event: buildEvent(spec, envelope, FieldReader.of(event.detail, 'detail', warnings), event, warnings) };
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
