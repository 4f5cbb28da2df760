/**
 * Noise control: the gate between routing and delivery. It remembers (in the state store)
 * what was processed, sent and grouped, so a stateless function can deduplicate events,
 * respect ECS's per-resource versions, throttle repeats, summarise storms in digests, mute
 * alerts by silences, maintenance windows and inhibition, and send "resolved" messages.
 *
 * @example
 * ```ts
 * const gate = createGate({ store, silences: createSilenceSource({ configured: compiled.silences, store }), timeIntervals: compiled.timeIntervals, inhibit: compiled.inhibit });
 * const decision = await gate.decide(alert, match, event.id); // { outcome: 'sent' } | { outcome: 'throttled', mutedBy } ...
 * const digests = await flushDigests({ store, delivery }); // the scheduled digest function
 * ```
 */
export { createConfiguredGate, createGate } from './gate';
export type { ConfiguredGateOptions, Gate, GateOptions, GateSettings, Resolution } from './gate';
export { digestAlertOf, flushDigests } from './digests';
export type { DigestReport, FlushDigestsOptions } from './digests';
export { DUE_PARTITION, groupOf, windowAt } from './grouping';
export type { AlertGroup, GroupHead, GroupWindow } from './grouping';
export { incidentPkOf, resolvedIncidentPkOf } from './incidents';
export type { OpenIncident } from './incidents';
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
export type { GateDecision, GateOutcome, InhibitSettings, RouteDecision, Silence, TimeInterval, TimeIntervalSpec, Weekday } from './types';
