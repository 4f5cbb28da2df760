/**
 * Why an input could not become a {@link HeraldEvent}. Every value is a stable, documented
 * skip reason: the CLI prints it, the Lambda logs it and counts it as a metric.
 */
export const SKIP_REASONS = {
  /** The input is not valid JSON (CLI input only; Lambda always receives parsed JSON). */
  invalidJson: 'invalid-json',
  /** The input is JSON but not an object with the EventBridge envelope fields. */
  notEventBridge: 'not-eventbridge',
  /** A well-formed EventBridge event from a source/detail-type ecs-herald does not handle. */
  unsupportedEvent: 'unsupported-event',
  /** An `aws.ecs` detail-type that the ECS developer guide does not (yet) document. */
  unknownEcsDetailType: 'unknown-ecs-detail-type',
  /** A supported event whose `detail` lacks a required field or has one of the wrong type. */
  malformedDetail: 'malformed-detail',
  /** A supported event outside what herald.yml watches (a CloudWatch alarm outside ECS, by default). */
  outOfScope: 'out-of-scope',
} as const;

/** One of {@link SKIP_REASONS}. */
export type SkipReason = (typeof SKIP_REASONS)[keyof typeof SKIP_REASONS];

/** Base class of every event parsing error; carries the machine-readable skip reason. */
export class EventParseError extends Error {
  /** Machine-readable reason, used in reports and metrics. */
  public readonly reason: SkipReason;
  /** JSON path of the offending field, when one is to blame (e.g. `detail.taskArn`). */
  public readonly path?: string;

  public constructor(reason: SkipReason, message: string, options?: ErrorOptions & { path?: string }) {
    super(message, options);
    this.name = 'EventParseError';
    this.reason = reason;
    this.path = options?.path;
  }
}

/** The input is not an EventBridge event at all. */
export class NotAnEventBridgeEventError extends EventParseError {
  public constructor(message: string, options?: ErrorOptions & { path?: string }) {
    super(SKIP_REASONS.notEventBridge, message, options);
    this.name = 'NotAnEventBridgeEventError';
  }
}

/** A valid EventBridge event of a kind ecs-herald does not process. */
export class UnsupportedEventError extends EventParseError {
  public readonly source: string;
  public readonly detailType: string;

  public constructor(
    reason: typeof SKIP_REASONS.unsupportedEvent | typeof SKIP_REASONS.unknownEcsDetailType,
    source: string,
    detailType: string,
    message: string,
  ) {
    super(reason, message);
    this.name = 'UnsupportedEventError';
    this.source = source;
    this.detailType = detailType;
  }
}

/** A supported event whose detail is missing a required field or has a field of the wrong type. */
export class MalformedEventError extends EventParseError {
  public constructor(message: string, options: ErrorOptions & { path: string }) {
    super(SKIP_REASONS.malformedDetail, message, options);
    this.name = 'MalformedEventError';
  }
}
