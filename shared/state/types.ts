/** A scalar stored with a record. */
export type StateValue = string | number | boolean;

/**
 * One item of the state table. Keys are strings chosen by the caller (`delivery#<eventId>`,
 * `throttle#<route>#<key>`...); every item expires, so the table never grows without bound.
 */
export interface StateRecord {
  /** Partition key. */
  pk: string;
  /** Sort key. */
  sk: string;
  /** Epoch seconds after which the record is ignored (and DynamoDB's TTL deletes it). */
  expiresAt: number;
  data?: Readonly<Record<string, StateValue>>;
}

/**
 * The state-store port: the memory of a stateless function. Adapters: DynamoDB (Lambda) and
 * memory (CLI, tests). Expired records read as absent in both, whether or not TTL has
 * deleted them yet: DynamoDB's TTL deletes within days, not seconds.
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/TTL.html
 */
export interface StateStore {
  get(pk: string, sk: string): Promise<StateRecord | undefined>;
  /**
   * Writes the record unless an unexpired one with the same key exists (a conditional write):
   * true when written, false when another writer got there first.
   */
  putIfAbsent(record: StateRecord): Promise<boolean>;
  /** Writes the record unconditionally. */
  put(record: StateRecord): Promise<void>;
}

/** The clock the stores use, injectable for tests. */
export type Clock = () => number;
