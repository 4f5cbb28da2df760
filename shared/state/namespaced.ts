import type { AddOptions, QueryOptions, StateRecord, StateStore } from './types';

/**
 * A store whose records live under their own partition keys (`<prefix><pk>`) in another store:
 * the same table, apart. Callers see their own keys; nothing outside the prefix is read or
 * written. Replayed events' noise control runs on one, so it never meets live state.
 *
 * @example
 * ```ts
 * const replay = namespacedStore(new DynamoDbStateStore({ tableName, now: () => eventTime }), 'replay#r1#');
 * await replay.putIfAbsent({ pk: 'throttle#critical#abc', sk: 'claim', expiresAt }); // writes pk 'replay#r1#throttle#critical#abc'
 * ```
 */
export const namespacedStore = (store: StateStore, prefix: string): StateStore => {
  const inside = (pk: string): string => `${prefix}${pk}`;
  const outside = (record: StateRecord): StateRecord => ({ ...record, pk: record.pk.startsWith(prefix) ? record.pk.slice(prefix.length) : record.pk });
  const inRecord = (record: StateRecord): StateRecord => ({ ...record, pk: inside(record.pk) });
  return {
    get: async (pk, sk) => {
      const record = await store.get(inside(pk), sk);
      return record === undefined ? undefined : outside(record);
    },
    putIfAbsent: (record) => store.putIfAbsent(inRecord(record)),
    put: (record) => store.put(inRecord(record)),
    claim: (record, owner) => store.claim(inRecord(record), owner),
    putIfGreater: async (record, field) => {
      const result = await store.putIfGreater(inRecord(record), field);
      return result.written ? result : { written: false, current: outside(result.current) };
    },
    add: async (pk: string, sk: string, increments: Readonly<Record<string, number>>, options: AddOptions) => outside(await store.add(inside(pk), sk, increments, options)),
    addIfOpen: async (pk, sk, increments, options, closedField) => {
      const record = await store.addIfOpen(inside(pk), sk, increments, options, closedField);
      return record === undefined ? undefined : outside(record);
    },
    query: async (pk: string, options?: QueryOptions) => (await store.query(inside(pk), options)).map(outside),
    delete: (pk, sk) => store.delete(inside(pk), sk),
  };
};
