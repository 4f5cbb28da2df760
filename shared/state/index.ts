/**
 * The state store: what a stateless function remembers between invocations (deliveries made,
 * versions seen, throttle counts, groups, silences, idempotency records), on one DynamoDB
 * table with TTL, in memory, or in a JSON file for the CLI.
 *
 * @example
 * ```ts
 * const store = new DynamoDbStateStore({ tableName: process.env.HERALD_STATE_TABLE });
 * const first = await store.putIfAbsent({ pk: 'delivery#evt-1', sk: 'oncall', expiresAt });
 * const { data } = await store.add('throttle#oncall#w42', 'count', { alerts: 1 }, { expiresAt });
 * ```
 */
export { createStateClient } from './client';
export type { StateClientOptions } from './client';
export { StateUnavailableError } from './errors';
export { DATA_ATTRIBUTE_PREFIX, DynamoDbStateStore, STATE_TABLE } from './dynamodb';
export type { DynamoDbStateStoreOptions } from './dynamodb';
export { FileStateStore, StateFileError } from './file';
export type { FileStateStoreOptions } from './file';
export { createDynamoDbIdempotencyStore, IDEMPOTENCY_FIELDS, IDEMPOTENCY_PARTITION, IDEMPOTENCY_SORT_KEY, StateStorePersistenceLayer } from './idempotency';
export type { DynamoDbIdempotencyStoreOptions, StateStorePersistenceLayerOptions } from './idempotency';
export { MemoryStateStore } from './memory';
export { namespacedStore } from './namespaced';
export type { AddOptions, Clock, PutIfGreaterResult, QueryOptions, StateRecord, StateStore, StateValue } from './types';
