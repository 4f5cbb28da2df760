import type { Clock, StateRecord, StateStore } from './types';

/** In-memory state store for the CLI and tests; same expiry semantics as the DynamoDB adapter. */
export class MemoryStateStore implements StateStore {
  private readonly records = new Map<string, StateRecord>();

  public constructor(private readonly now: Clock = Date.now) {}

  public async get(pk: string, sk: string): Promise<StateRecord | undefined> {
    return this.live(pk, sk);
  }

  public async putIfAbsent(record: StateRecord): Promise<boolean> {
    // Check and write with no await in between: atomic, like DynamoDB's conditional write.
    if (this.live(record.pk, record.sk) !== undefined) return false;
    this.records.set(this.key(record.pk, record.sk), record);
    return true;
  }

  public async put(record: StateRecord): Promise<void> {
    this.records.set(this.key(record.pk, record.sk), record);
  }

  /** Number of unexpired records, for tests and benchmarks. */
  public get size(): number {
    return [...this.records.values()].filter((r) => !this.expired(r)).length;
  }

  private live(pk: string, sk: string): StateRecord | undefined {
    const record = this.records.get(this.key(pk, sk));
    return record === undefined || this.expired(record) ? undefined : record;
  }

  private key(pk: string, sk: string): string {
    return `${pk}\u0000${sk}`;
  }

  private expired(record: StateRecord): boolean {
    return record.expiresAt * 1000 <= this.now();
  }
}
