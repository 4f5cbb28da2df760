/**
 * Text every AWS API can carry. A JavaScript string can hold a lone UTF-16 surrogate (event
 * text cut in the middle of an emoji's surrogate pair, say), which no UTF-8 encoder can write:
 * the SDK's query-protocol serializer (SNS) throws a `URIError` from `encodeURIComponent`, and
 * its JSON protocols (DynamoDB, SQS) send a `\ud800` escape that the service may refuse or that
 * strict JSON readers reject downstream. AWS strings are Unicode in UTF-8, so each lone surrogate
 * becomes U+FFFD, the replacement character, which keeps the text's length in UTF-16 code units
 * and its size in UTF-8 bytes (a lone surrogate already counts 3, as U+FFFD does).
 * @see https://docs.aws.amazon.com/sns/latest/api/API_Publish.html (Message: UTF-8 encoded strings)
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/HowItWorks.NamingRulesDataTypes.html#HowItWorks.DataTypes.String
 * @see https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SendMessage.html (MessageBody)
 */
export const repairText = (text: string): string => text.toWellFormed();

const isPlainObject = (value: object): value is Record<string, unknown> => {
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
};

/**
 * A JSON-like value (strings, arrays, plain objects) with every string, object keys included,
 * passed through {@link repairText}. `JSON.stringify` writes a lone surrogate as a `\ud800`
 * escape rather than failing, so a document must be repaired before it is serialized, not after.
 * Returns `value` itself when nothing needed repair (the usual case: no copy); other objects
 * (dates, class instances) are left as they are. A repaired key that collides with another
 * key of the same object keeps the later value.
 */
export const repairStrings = <T>(value: T): T => repairValue(value) as T;

const repairValue = (value: unknown): unknown => {
  if (typeof value === 'string') return value.isWellFormed() ? value : value.toWellFormed();
  if (Array.isArray(value)) {
    const repaired = value.map(repairValue);
    return repaired.some((v, i) => v !== value[i]) ? repaired : value;
  }
  if (value === null || typeof value !== 'object' || !isPlainObject(value)) return value;
  let changed = false;
  const entries = Object.entries(value).map(([key, v]) => {
    const entry = [repairText(key), repairValue(v)] as const;
    changed ||= entry[0] !== key || entry[1] !== v;
    return entry;
  });
  return changed ? Object.fromEntries(entries) : value;
};
