import { type AddOptions, type PutIfGreaterResult, type QueryOptions, type StateRecord, type StateStore, StateStorePersistenceLayer } from '../shared/state';

/**
 * The idempotency layer's view of a store that runs on the replay clock. Powertools dates an
 * event id's record from `Date.now()` (today) and judges its expiry against `Date.now()`, while
 * a replay runs on its events' own clock (last May, say): without this, every id would be
 * remembered for the whole replay, however long, and none would ever expire. Expiries are
 * moved from today's clock to the replay clock as records are written, and back as they are
 * read, so an id is remembered for the same 2 days of event time as in Lambda, and then
 * deleted with the rest of the expired records.
 *
 * @param store - the replay's store, whose own clock is `now`
 * @param now - the replay clock, epoch ms
 */
const onReplayClock = (store: StateStore, now: () => number): StateStore => {
  /** Seconds to add to a today-dated expiry to date it on the replay clock. */
  const shift = (): number => Math.floor(now() / 1000) - Math.floor(Date.now() / 1000);
  const toReplay = (record: StateRecord): StateRecord => ({ ...record, expiresAt: record.expiresAt + shift() });
  const fromReplay = (record: StateRecord): StateRecord => ({ ...record, expiresAt: record.expiresAt - shift() });
  const read = (record: StateRecord | undefined): StateRecord | undefined => (record === undefined ? undefined : fromReplay(record));
  const addOptions = (options: AddOptions): AddOptions => ({ ...options, expiresAt: options.expiresAt + shift() });
  return {
    get: async (pk, sk) => read(await store.get(pk, sk)),
    putIfAbsent: (record) => store.putIfAbsent(toReplay(record)),
    put: (record) => store.put(toReplay(record)),
    claim: (record, owner) => store.claim(toReplay(record), owner),
    putIfGreater: async (record, field): Promise<PutIfGreaterResult> => {
      const result = await store.putIfGreater(toReplay(record), field);
      return result.written ? result : { written: false, current: fromReplay(result.current) };
    },
    add: async (pk, sk, increments, options) => fromReplay(await store.add(pk, sk, increments, addOptions(options))),
    addIfOpen: async (pk, sk, increments, options, closedField) => read(await store.addIfOpen(pk, sk, increments, addOptions(options), closedField)),
    query: async (pk, options?: QueryOptions) => (await store.query(pk, options)).map(fromReplay),
    delete: (pk, sk) => store.delete(pk, sk),
  };
};

/**
 * Powertools idempotency for the offline run, over the run's memory store whose clock is the
 * replay clock `now`.
 */
export const createOfflineIdempotency = (store: StateStore, now: () => number): StateStorePersistenceLayer =>
  new StateStorePersistenceLayer({ store: onReplayClock(store, now) });
