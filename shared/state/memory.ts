import type { AddOptions, Clock, PutIfGreaterResult, QueryOptions, StateRecord, StateStore, StateValue } from './types';

/** UTF-16 order; DynamoDB compares UTF-8 bytes, which differs only for U+E000-U+FFFF against characters beyond U+FFFF. */
const compareKeys = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * A field named in two of `add`'s increments, `set` and `setIfAbsent`, which DynamoDB rejects
 * ("Two document paths overlap"); the memory store rejects it too, so tests catch it.
 */
const overlappingField = (increments: Readonly<Record<string, number>>, options: AddOptions): string | undefined => {
  if (options.set === undefined && options.setIfAbsent === undefined) return undefined;
  const seen = new Set(Object.keys(increments));
  for (const name of [...Object.keys(options.set ?? {}), ...Object.keys(options.setIfAbsent ?? {})]) {
    if (seen.has(name)) return name;
    seen.add(name);
  }
  return undefined;
};

/**
 * In-memory state store for tests, benchmarks and the CLI (and the cache under
 * `FileStateStore`), with the DynamoDB adapter's semantics: expired records read as absent in
 * `get`, `query` and every condition (`putIfAbsent`, `claim`, `putIfGreater`), while `add`
 * continues counting on a record that expired but is still there, as DynamoDB does until TTL
 * deletes it. Every method checks and writes with no `await` in between, so each call is
 * atomic like a single-item conditional write.
 *
 * @example
 * ```ts
 * const store = new MemoryStateStore(() => clock);
 * await store.add('throttle#oncall#w1', 'count', { alerts: 1 }, { expiresAt });
 * ```
 */
export class MemoryStateStore implements StateStore {
  /**
   * Partition key -> its record, or sort key -> record once it holds several. Most partitions
   * hold one record (a task's version, an event's delivery), and a map of one is 400 bytes:
   * a long replay holds them by the hundred thousand. Stored records are frozen copies.
   */
  private readonly partitions = new Map<string, StateRecord | Map<string, StateRecord>>();

  /**
   * @param now - the clock that decides expiry; @default Date.now, looked up on each call (so
   * jest's fake timers and spies apply)
   */
  public constructor(private readonly now: Clock = () => Date.now()) {}

  public async get(pk: string, sk: string): Promise<StateRecord | undefined> {
    return this.live(pk, sk);
  }

  public async putIfAbsent(record: StateRecord): Promise<boolean> {
    if (this.live(record.pk, record.sk) !== undefined) return false;
    this.store(record);
    return true;
  }

  public async put(record: StateRecord): Promise<void> {
    this.store(record);
  }

  public async claim(record: StateRecord, owner: string): Promise<boolean> {
    const current = this.live(record.pk, record.sk);
    if (current !== undefined && current.data?.owner !== owner) return false;
    const data: Record<string, StateValue> = Object.assign({}, record.data);
    data.owner = owner;
    this.keep(record.pk, record.sk, record.expiresAt, data);
    return true;
  }

  public async putIfGreater(record: StateRecord, field: string): Promise<PutIfGreaterResult> {
    const value = record.data?.[field];
    if (typeof value !== 'number') throw new TypeError(`putIfGreater: data.${field} of ${record.pk} / ${record.sk} must be a number`);
    const current = this.live(record.pk, record.sk);
    const seen = current?.data?.[field];
    // A field that is absent or not a number does not block, as in DynamoDB's condition.
    if (current !== undefined && typeof seen === 'number' && seen >= value) return { written: false, current };
    this.store(record);
    return { written: true };
  }

  public async add(pk: string, sk: string, increments: Readonly<Record<string, number>>, options: AddOptions): Promise<StateRecord> {
    const overlap = overlappingField(increments, options);
    if (overlap !== undefined) throw new Error(`add: field "${overlap}" appears twice in increments, set and setIfAbsent`);
    // Not `live`: like DynamoDB's UpdateItem, counts continue on an expired, undeleted record.
    const data: Record<string, StateValue> = Object.assign({}, this.find(pk, sk)?.data);
    for (const [name, value] of Object.entries(options.setIfAbsent ?? {})) {
      if (!(name in data)) data[name] = value;
    }
    Object.assign(data, options.set);
    for (const [name, increment] of Object.entries(increments)) {
      const current = data[name] ?? 0;
      if (typeof current !== 'number') throw new TypeError(`add: data.${name} of ${pk} / ${sk} is not a number`);
      data[name] = current + increment;
    }
    return this.keep(pk, sk, options.expiresAt, data);
  }

  public async addIfOpen(pk: string, sk: string, increments: Readonly<Record<string, number>>, options: AddOptions, closedField: string): Promise<StateRecord | undefined> {
    const current = this.find(pk, sk);
    if (current === undefined || this.expired(current) || current.data?.[closedField] === true) return undefined;
    return this.add(pk, sk, increments, options);
  }

  public async query(pk: string, options: QueryOptions = {}): Promise<StateRecord[]> {
    const { prefix, atMost, limit } = options;
    if (limit !== undefined && !(Number.isInteger(limit) && limit > 0)) throw new RangeError(`query: limit must be a positive integer, not ${limit}`);
    const found = this.partition(pk)
      .filter((r) => !this.expired(r) && (prefix === undefined || r.sk.startsWith(prefix)) && (atMost === undefined || r.sk <= atMost))
      .sort((a, b) => compareKeys(a.sk, b.sk));
    return limit === undefined ? found : found.slice(0, limit);
  }

  public async delete(pk: string, sk: string): Promise<void> {
    const partition = this.partitions.get(pk);
    if (partition instanceof Map) {
      partition.delete(sk);
      if (partition.size === 0) this.partitions.delete(pk);
    } else if (partition?.sk === sk) this.partitions.delete(pk);
  }

  /**
   * Deletes every record that has expired on the store's clock, as DynamoDB's TTL deletes them
   * (within days there; here when called). A long replay calls it now and then, so what it
   * holds is what noise control still needs, not every record the stream ever wrote.
   * @returns how many records were deleted
   */
  public deleteExpired(): number {
    let deleted = 0;
    for (const [pk, partition] of this.partitions) {
      if (!(partition instanceof Map)) {
        if (!this.expired(partition)) continue;
        this.partitions.delete(pk);
        deleted++;
        continue;
      }
      for (const [sk, record] of partition) {
        if (!this.expired(record)) continue;
        partition.delete(sk);
        deleted++;
      }
      if (partition.size === 0) this.partitions.delete(pk);
    }
    return deleted;
  }

  /** Number of unexpired records, for tests and benchmarks. */
  public get size(): number {
    return this.records().length;
  }

  /** A snapshot of the unexpired records, sorted by partition and sort key (what a file keeps). */
  public records(): StateRecord[] {
    return [...this.partitions.keys()]
      .flatMap((pk) => this.partition(pk).filter((r) => !this.expired(r)))
      .sort((a, b) => compareKeys(a.pk, b.pk) || compareKeys(a.sk, b.sk));
  }

  /** Stores records as they are (unconditional puts), e.g. a snapshot read back from a file. */
  public load(records: Iterable<StateRecord>): void {
    for (const record of records) this.store(record);
  }

  private store(record: StateRecord): StateRecord {
    // A copy: the caller keeps its object, readers cannot change what is stored.
    return this.keep(record.pk, record.sk, record.expiresAt, Object.assign({}, record.data));
  }

  /**
   * Stores `data`, an object of the store's own (a copy made for it), frozen with its record.
   * Whole seconds, as the DynamoDB adapter writes them. Copies are made with `Object.assign`,
   * not a spread: V8 turns a frozen spread copy into a dictionary, three times the size (a
   * long replay holds many).
   */
  private keep(pk: string, sk: string, expiresAt: number, data: Record<string, StateValue>): StateRecord {
    const stored: StateRecord = Object.freeze({ pk, sk, expiresAt: Math.floor(expiresAt), data: Object.freeze(data) });
    const partition = this.partitions.get(pk);
    if (partition instanceof Map) partition.set(sk, stored);
    else if (partition === undefined || partition.sk === sk) this.partitions.set(pk, stored);
    else this.partitions.set(pk, new Map([[partition.sk, partition], [sk, stored]]));
    return stored;
  }

  private live(pk: string, sk: string): StateRecord | undefined {
    const record = this.find(pk, sk);
    return record === undefined || this.expired(record) ? undefined : record;
  }

  /** The record stored under `pk` and `sk`, expired or not. */
  private find(pk: string, sk: string): StateRecord | undefined {
    const partition = this.partitions.get(pk);
    if (partition instanceof Map) return partition.get(sk);
    return partition?.sk === sk ? partition : undefined;
  }

  /** Every record stored under `pk`, expired or not. */
  private partition(pk: string): StateRecord[] {
    const partition = this.partitions.get(pk);
    if (partition instanceof Map) return [...partition.values()];
    return partition === undefined ? [] : [partition];
  }

  private expired(record: StateRecord): boolean {
    return record.expiresAt * 1000 <= this.now();
  }
}
