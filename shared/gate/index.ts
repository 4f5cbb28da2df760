/**
 * Noise control: the gate between routing and delivery. It decides and never sends. It remembers (in the state store)
 * what was processed, sent and grouped, so a stateless function can deduplicate events,
 * respect ECS's per-resource versions, throttle repeats, summarise storms in digests, mute
 * alerts by silences, maintenance windows and inhibition, and send "resolved" messages.
 *
 * @example
 * ```ts
 * const gate = createGate({ store, silences: createSilenceSource({ configured: compiled.silences, store }), timeIntervals: compiled.timeIntervals, inhibit: compiled.inhibit });
 * const plan = await gate.plan(event, alert, routes); // entries: send, hold, mute, resolve, recover
 * // ...the pipeline carries the plan out, then:
 * await gate.commit(results); // only what was delivered counts as sent
 * ```
 */
export { createConfiguredGate, createGate } from './gate';
export type { ConfiguredGateOptions, Gate, GateOptions } from './gate';
export { compileGateSettings } from './settings';
export { clusterByAccount, clusterByName } from './scope';
export type { ClusterScope } from './scope';
export type { GateSettings } from './settings';
export type { DigestEntry, EntryResult, EventPlan, HoldEntry, MuteEntry, PlanEntry, PlanEntryKind, RecoverEntry, Reservation, ResolveEntry, SendEntry, WithdrawEntry } from './plan';
export { DUE_PARTITION, groupOf, windowAt, windowByIndex } from './grouping';
export type { AlertGroup, GroupHead, GroupWindow, WindowCounts } from './grouping';
export { incidentPkOf, RECOVERY_PARTITION, resolvedIncidentPkOf } from './incidents';
export type { OpenIncident, PendingRecovery } from './incidents';
export { inhibitionMuter, silenceMuter, timeIntervalMuter } from './mute';
export type { MuteOutcome, Muter } from './mute';
export { createInhibitor } from './inhibit';
export type { Inhibitor, InhibitorOptions } from './inhibit';
export { checkVersionOrder, resourceVersionOf } from './ordering';
export { addSilence, createSilenceSource, describeSilence, expireSilence, findSilence, isSilenceActive, listSilences, SILENCE_PARTITION, silenceFromRecord } from './silences';
export type { NewSilence, SilenceSource, SilenceSourceOptions } from './silences';
export { claimThrottle, throttleKey, throttleKeyOf, throttleWindowMs } from './throttle';
export { GateError, SilenceError } from './errors';
export { compileTimeInterval, currentTimeInterval, isTimeIntervalCurrent } from './time-intervals';
export { compileConfigSilences } from './silences-config';
export { GATE_OUTCOMES } from './types';
export type { GateDecision, GateOutcome, InhibitSettings, RouteDecision, Silence, TimeInterval, TimeIntervalSpec } from './types';
