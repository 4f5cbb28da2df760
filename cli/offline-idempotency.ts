import { IdempotencyItemAlreadyExistsError, IdempotencyItemNotFoundError, IdempotencyRecordStatus } from '@aws-lambda-powertools/idempotency';
import { BasePersistenceLayer, type IdempotencyRecord } from '@aws-lambda-powertools/idempotency/persistence';

/** A record, and when it expires on the replay clock (epoch ms). */
interface Kept {
  record: IdempotencyRecord;
  until: number;
}

/**
 * Powertools idempotency for a replay: one process reading one stream in order, its records
 * in a map of its own. The decisions are Powertools' own, as in Lambda: an id seen within 2
 * days is a copy, answered with what the first delivery stored; an in-progress record whose
 * deadline passed may be taken over.
 *
 * Powertools dates a record's expiry from `Date.now()` (today) and judges it against
 * `Date.now()`, while a replay runs on its events' own clock (last May, say). Each record is
 * kept with its expiry moved to the replay clock, so an id is remembered for the same 2 days
 * of event time as in Lambda, and {@link forgetExpired} deletes it after them, as DynamoDB's
 * TTL would. Records are handed back as Powertools wrote them, with today's expiries.
 *
 * In memory, an id is its own key: hashing it (Powertools' default) keeps DynamoDB's keys
 * short and spread, which a map does not need, and costs a replay a digest per event.
 *
 * @example
 * ```ts
 * const idempotency = new ReplayIdempotencyLayer(() => replayClock);
 * const { pipeline } = createHeraldPipeline({ config, store, idempotency, publisher, deadLetters });
 * ```
 */
export class ReplayIdempotencyLayer extends BasePersistenceLayer {
  private readonly records = new Map<string, Kept>();
  /** The last key made, and from what: an event's key is asked for to save it in progress and again to save its result (one string, held once). */
  private lastKey: { prefix: string; data: string; key: string } | undefined;

  /** @param now - the replay clock, epoch ms */
  public constructor(private readonly now: () => number) {
    super();
  }

  /** Deletes the records expired on the replay clock. @returns how many */
  public forgetExpired(): number {
    const now = this.now();
    let deleted = 0;
    for (const [key, kept] of this.records) {
      if (kept.until > now) continue;
      this.records.delete(key);
      deleted++;
    }
    return deleted;
  }

  /** Records held, expired or not (for tests). */
  public get size(): number {
    return this.records.size;
  }

  protected override getHashedIdempotencyKey(data: Parameters<BasePersistenceLayer['getHashedIdempotencyKey']>[0]): string {
    if (typeof data !== 'string') return super.getHashedIdempotencyKey(data);
    const prefix = this.idempotencyKeyPrefix;
    if (this.lastKey?.data !== data || this.lastKey.prefix !== prefix) this.lastKey = { prefix, data, key: `${prefix}#${data}` };
    return this.lastKey.key;
  }

  protected async _getRecord(idempotencyKey: string): Promise<IdempotencyRecord> {
    const record = this.live(idempotencyKey);
    if (record === undefined) throw new IdempotencyItemNotFoundError();
    return record;
  }

  protected async _putRecord(record: IdempotencyRecord): Promise<void> {
    const existing = this.live(record.idempotencyKey);
    // As Powertools' DynamoDB condition: absent, expired, or in progress past its deadline
    // (Date.now, which Powertools set the deadline from).
    const abandoned =
      existing?.getStatus() === IdempotencyRecordStatus.INPROGRESS && existing.inProgressExpiryTimestamp !== undefined && existing.inProgressExpiryTimestamp < Date.now();
    if (existing !== undefined && !abandoned) {
      throw new IdempotencyItemAlreadyExistsError(`Failed to put record for already existing idempotency key: ${record.idempotencyKey}`, existing);
    }
    this.keep(record);
  }

  protected async _updateRecord(record: IdempotencyRecord): Promise<void> {
    this.keep(record);
  }

  protected async _deleteRecord(record: IdempotencyRecord): Promise<void> {
    this.records.delete(record.idempotencyKey);
  }

  private keep(record: IdempotencyRecord): void {
    // Powertools always sets the expiry of the records it saves (epoch seconds, today's clock).
    const left = record.expiryTimestamp === undefined ? this.getExpiresAfterSeconds() * 1000 : record.expiryTimestamp * 1000 - Date.now();
    this.records.set(record.idempotencyKey, { record, until: this.now() + left });
  }

  private live(key: string): IdempotencyRecord | undefined {
    const kept = this.records.get(key);
    return kept === undefined || kept.until <= this.now() ? undefined : kept.record;
  }
}
