import { MalformedEventError, NotAnEventBridgeEventError } from './errors';

/** A JSON object as parsed: keys to unknown values. */
export type JsonObject = Record<string, unknown>;

/** True for a plain JSON object (not null, not an array). */
export const isJsonObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** How a JSON value is named in messages: `nothing`, `null`, `an array`, `a string`... */
export const describeJsonValue = (value: unknown): string => {
  if (value === null) return 'null';
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
};

/**
 * Reads typed fields out of an untrusted JSON object.
 *
 * AWS adds fields and drops optional ones, so the rules are: unknown keys are ignored;
 * a missing or wrongly typed *required* field throws {@link MalformedEventError} naming its
 * path; a wrongly typed *optional* field is dropped and recorded in `warnings`, so one odd
 * field never costs an alert.
 */
export class FieldReader {
  public constructor(
    private readonly object: JsonObject,
    private readonly path: string,
    private readonly warnings: string[],
  ) {}

  /** A reader over `value`, which must be an object; throws naming `path` otherwise. */
  public static of(value: unknown, path: string, warnings: string[]): FieldReader {
    if (!isJsonObject(value)) {
      throw new MalformedEventError(`${path}: expected an object, got ${describeJsonValue(value)}`, { path });
    }
    return new FieldReader(value, path, warnings);
  }

  public requiredString(key: string): string {
    const value = this.object[key];
    if (typeof value === 'string' && value.length > 0) return value;
    const path = this.pathOf(key);
    const got = value === '' ? 'an empty string' : describeJsonValue(value);
    throw new MalformedEventError(`${path}: expected a non-empty string, got ${got}`, { path });
  }

  /** A reader over a required nested object (e.g. an alarm's `state`); throws naming its path otherwise. */
  public requiredObject(key: string): FieldReader {
    return FieldReader.of(this.object[key], this.pathOf(key), this.warnings);
  }

  public optionalString(key: string): string | undefined {
    const value = this.object[key];
    if (value === undefined || value === null) return undefined;
    if (typeof value === 'string') return value;
    // Numbers and booleans are stringified (ECS sends cpu/memory as strings, but not everywhere).
    if (typeof value === 'number' || typeof value === 'boolean') return String(value);
    this.warn(key, 'a string', value);
    return undefined;
  }

  /**
   * A non-empty string, or undefined when absent. Unlike {@link optionalString}, nothing is
   * stringified: an identifier that arrives as a number, an object or `''` is dropped with a
   * warning, so the caller can look for it elsewhere in the event.
   */
  public optionalNonEmptyString(key: string): string | undefined {
    const value = this.object[key];
    if (value === undefined || value === null) return undefined;
    if (typeof value === 'string' && value.length > 0) return value;
    const got = value === '' ? 'an empty string' : describeJsonValue(value);
    this.warnings.push(`${this.pathOf(key)}: expected a non-empty string, got ${got}; ignored`);
    return undefined;
  }

  public optionalNumber(key: string): number | undefined {
    const value = this.object[key];
    if (value === undefined || value === null) return undefined;
    if (typeof value === 'number' && Number.isFinite(value)) return value;
    if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
    this.warn(key, 'a number', value);
    return undefined;
  }

  public optionalBoolean(key: string): boolean | undefined {
    const value = this.object[key];
    if (value === undefined || value === null) return undefined;
    if (typeof value === 'boolean') return value;
    if (value === 'true' || value === 'false') return value === 'true';
    this.warn(key, 'a boolean', value);
    return undefined;
  }

  /** Strings of an optional array; non-string elements are dropped with a warning. */
  public stringArray(key: string): string[] {
    const items = this.array(key);
    const strings: string[] = [];
    items.forEach((item, index) => {
      if (typeof item === 'string') strings.push(item);
      else this.warnings.push(`${this.pathOf(key)}[${index}]: expected a string, got ${describeJsonValue(item)}; ignored`);
    });
    return strings;
  }

  /** Readers over the objects of an optional array; non-object elements are dropped with a warning. */
  public objectArray(key: string): FieldReader[] {
    const items = this.array(key);
    const readers: FieldReader[] = [];
    items.forEach((item, index) => {
      if (isJsonObject(item)) readers.push(new FieldReader(item, `${this.pathOf(key)}[${index}]`, this.warnings));
      else this.warnings.push(`${this.pathOf(key)}[${index}]: expected an object, got ${describeJsonValue(item)}; ignored`);
    });
    return readers;
  }

  /** A reader over an optional nested object, or undefined when absent or not an object. */
  public optionalObject(key: string): FieldReader | undefined {
    const value = this.object[key];
    if (value === undefined || value === null) return undefined;
    if (isJsonObject(value)) return new FieldReader(value, this.pathOf(key), this.warnings);
    this.warn(key, 'an object', value);
    return undefined;
  }

  /** String-valued entries of an optional nested object (e.g. metric dimensions); others dropped with a warning. */
  public stringRecord(key: string): Record<string, string> {
    const nested = this.optionalObject(key);
    const record: Record<string, string> = {};
    if (nested === undefined) return record;
    for (const name of Object.keys(nested.object)) {
      const value = nested.optionalString(name);
      if (value !== undefined) record[name] = value;
    }
    return record;
  }

  /**
   * Records a note about the event that is not about one wrongly typed field, e.g. an
   * identifier recovered from elsewhere in a trimmed event. Shown with the alert.
   */
  public addWarning(message: string): void {
    this.warnings.push(message);
  }

  /** `detail.taskArn` for `taskArn`: the JSON path of a field of this object, for messages. */
  public pathTo(key: string): string {
    return this.pathOf(key);
  }

  /** The raw value of a field, for payloads kept verbatim (CloudTrail request parameters). */
  public raw(key: string): unknown {
    return this.object[key];
  }

  private array(key: string): unknown[] {
    const value = this.object[key];
    if (value === undefined || value === null) return [];
    if (Array.isArray(value)) return value;
    this.warn(key, 'an array', value);
    return [];
  }

  private warn(key: string, expected: string, value: unknown): void {
    this.warnings.push(`${this.pathOf(key)}: expected ${expected}, got ${describeJsonValue(value)}; ignored`);
  }

  /** `detail.taskArn`; a bare `resources` for the envelope, whose reader has the empty path. */
  private pathOf(key: string): string {
    return this.path === '' ? key : `${this.path}.${key}`;
  }
}

/** Asserts the top-level EventBridge envelope shape; throws {@link NotAnEventBridgeEventError}. */
export const readEnvelopeObject = (value: unknown): JsonObject => {
  if (!isJsonObject(value)) {
    throw new NotAnEventBridgeEventError(`expected an EventBridge event object, got ${describeJsonValue(value)}`);
  }
  return value;
};
