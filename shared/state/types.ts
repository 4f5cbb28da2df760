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

/** The outcome of {@link StateStore.putIfGreater}. */
export type PutIfGreaterResult =
  /** Written: no unexpired record, or its field was lower. */
  | { written: true }
  /** Not written: the record found, whose field is equal or higher. */
  | { written: false; current: StateRecord };

/** Options of {@link StateStore.add}. */
export interface AddOptions {
  /** Expiry of the record (set on every call). */
  expiresAt: number;
  /** Fields written only when the record does not have them yet (first writer wins). */
  setIfAbsent?: Readonly<Record<string, StateValue>>;
  /** Fields written on every call (last writer wins). */
  set?: Readonly<Record<string, StateValue>>;
}

/** Options of {@link StateStore.query}. */
export interface QueryOptions {
  /** Only sort keys starting with this. */
  prefix?: string;
  /** Only sort keys less than or equal to this (string order). */
  atMost?: string;
  /** @default no limit */
  limit?: number;
}

/**
 * The state-store port: the memory of a stateless function. Adapters: DynamoDB (Lambda),
 * memory (tests, `herald replay`) and a JSON file (`herald silence` and `herald replay
 * --state`). Expired records read as absent in all of them, whether or not TTL has deleted
 * them yet: DynamoDB's TTL deletes within days, not seconds.
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
  /**
   * Claims a key for `owner`: writes the record (with `data.owner = owner`) unless an
   * unexpired record with the same key belongs to another owner (one conditional write:
   * `attribute_not_exists(pk) OR expiresAt <= :now OR d_owner = :owner`). True when this
   * owner holds the claim, so a retry of the same event gets the same answer.
   */
  claim(record: StateRecord, owner: string): Promise<boolean>;
  /**
   * Writes the record unless an unexpired one with the same key has a numeric `data[field]`
   * greater than or equal to the record's (one conditional write; ordering by version).
   */
  putIfGreater(record: StateRecord, field: string): Promise<PutIfGreaterResult>;
  /**
   * Atomically adds to numeric data fields (absent fields count as 0), creating the record if
   * needed, and returns the record after the update. Counts continue on a record that is
   * expired but not yet deleted, so callers put the window in the key.
   */
  add(pk: string, sk: string, increments: Readonly<Record<string, number>>, options: AddOptions): Promise<StateRecord>;
  /**
   * As {@link add}, but only to a record that exists, is unexpired and whose `data[closedField]`
   * is not `true` (one conditional update); undefined when refused. A writer that cached
   * where to count learns, in the same request, that the record was closed meanwhile.
   */
  addIfOpen(pk: string, sk: string, increments: Readonly<Record<string, number>>, options: AddOptions, closedField: string): Promise<StateRecord | undefined>;
  /** Unexpired records of one partition, in sort-key order. */
  query(pk: string, options?: QueryOptions): Promise<StateRecord[]>;
  /** Removes the record (no error when absent). */
  delete(pk: string, sk: string): Promise<void>;
}

/** The clock the stores use, injectable for tests. */
export type Clock = () => number;
