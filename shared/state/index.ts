/**
 * The state store: what a stateless function remembers between invocations (deliveries made,
 * and later throttles, groups and silences), on one DynamoDB table with TTL.
 *
 * @example
 * ```ts
 * const store = new DynamoDbStateStore({ tableName: process.env.HERALD_STATE_TABLE });
 * const first = await store.putIfAbsent({ pk: 'delivery#evt-1', sk: 'oncall', expiresAt });
 * ```
 */
export { DynamoDbStateStore, STATE_TABLE } from './dynamodb';
export type { DynamoDbStateStoreOptions } from './dynamodb';
export { MemoryStateStore } from './memory';
export type { Clock, StateRecord, StateStore, StateValue } from './types';
