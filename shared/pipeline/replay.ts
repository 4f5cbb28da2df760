import type { CompiledConfig } from '../compile';
import { createRecordOnlyDelivery, type RemediationNote } from '../deliver';
import type { ContextProvider } from '../enrich';
import { isJsonObject } from '../events/reader';
import { createGate, createSilenceSource, type Gate, type Silence } from '../gate';
import { type Clock, MemoryStateStore, namespacedStore, type StateStore } from '../state';
import { createPipeline, routeWith } from './pipeline';
import type { EventReport } from './types';

/**
 * The name of the EventBridge replay that delivered `raw` (its top-level `replay-name`), or
 * undefined for a live event. Read before anything else: a replayed copy must not reach the
 * live idempotency record, throttles, groups or incidents.
 * @see https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-replay-archived-event.html
 */
export const replayNameOf = (raw: unknown): string | undefined => {
  const name = isJsonObject(raw) ? raw['replay-name'] : undefined;
  return typeof name === 'string' && name !== '' ? name : undefined;
};

/** What a replayed event is evaluated with: herald.yml compiled, and what it may read of the live state. */
export interface ReplayPipelineOptions {
  config: Pick<CompiledConfig, 'routes' | 'targets' | 'scope' | 'normalize' | 'silences' | 'timeIntervals' | 'inhibit'>;
  /**
   * The live state (the state table), only read: run-time silences, and whether a topic took
   * the same event id live. Nothing is ever written to it for a replayed event.
   */
  live?: StateStore;
  /** Labels (service and cluster tags) for routing; the rest of the context is not gathered. @default none */
  enrich?: ContextProvider;
  /**
   * Where a replay's noise control remembers, on its events' clock (`now`): a DynamoDB store on
   * the state table in Lambda, shared by the router's instances. Each replay's records live under
   * `replay#<name>#` keys, apart from live state and from other replays.
   * @default memory of this process
   */
  state?: (now: Clock) => StateStore;
  /** Run-time silences: read from `live` (Lambda), or a fixed list (the CLI's `--state FILE`). @default 'store' */
  runtimeSilences?: 'store' | readonly Silence[];
}

/** Evaluates replayed events: one report each, nothing sent, acted on or remembered. */
export interface ReplayPipeline {
  processEvent(raw: unknown, replayName: string): Promise<EventReport>;
}

/**
 * Context for routing only: a replayed alert is never sent, so the full pass (task definition,
 * log tail, stopped tasks) would spend the account's ECS and CloudWatch Logs quotas for nothing.
 */
const labelsOnly = (provider: ContextProvider): ContextProvider => {
  const enrich: ContextProvider['enrich'] = (alert, event, depth, budget) =>
    depth === 'full' && alert.context !== undefined ? Promise.resolve(alert.context) : provider.enrich(alert, event, 'labels', budget);
  const startBudget = provider.startBudget?.bind(provider);
  return startBudget === undefined ? { enrich } : { enrich, startBudget };
};

/** A remediation a replayed event's route asks for: told, never queued. */
const notActedOn = (replayName: string) => async (_alert: unknown, action: string): Promise<RemediationNote> => ({
  action,
  does: `action ${action}`,
  dryRun: true,
  refused: `a replayed event is never acted on (replay ${replayName})`,
});

const timeOf = (raw: unknown): number => {
  const time = isJsonObject(raw) && typeof raw.time === 'string' ? Date.parse(raw.time) : Number.NaN;
  return Number.isFinite(time) ? time : Date.now();
};

/**
 * The record-only pipeline of replayed events (EventBridge `replay-name`): each event is
 * parsed, normalized, labelled, routed and planned by noise control exactly as a live one,
 * then recorded: every topic it would reach is reported `replayed`, a remediation `refused`,
 * and nothing is published, queued or written to the live state. Noise control runs on the
 * events' own clock (`time`) over the replay's own state (`replay#<name>#` keys): the replay's
 * events throttle, group, inhibit and deduplicate one another as they did live, with
 * herald.yml's silences and the table's run-time silences (at the event's time). So a replayed
 * event is never paged twice, whatever its age against the two days event ids are remembered,
 * and never throttles, groups or resolves a live alert.
 *
 * @example
 * ```ts
 * const replay = createReplayPipeline({ config: compiled, live: store });
 * const name = replayNameOf(event);
 * if (name !== undefined) report = await replay.processEvent(event, name); // report.replay === name
 * ```
 */
export const createReplayPipeline = (options: ReplayPipelineOptions): ReplayPipeline => {
  const { config } = options;
  const route = routeWith(config.routes);
  const enrich = options.enrich === undefined ? undefined : labelsOnly(options.enrich);
  // Built once: run-time silences are read from the table at most every 30 s, as live.
  const runtime = options.runtimeSilences ?? 'store';
  let memoryClock = 0;
  const memory = new MemoryStateStore(() => memoryClock);
  const stateAt =
    options.state ??
    ((now: Clock): StateStore => {
      memoryClock = now();
      return memory;
    });
  const silences = runtime === 'store' ? createSilenceSource({ configured: config.silences, store: options.live }) : createSilenceSource({ configured: [...config.silences, ...runtime] });
  return {
    async processEvent(raw, replayName) {
      const at = timeOf(raw);
      const store = namespacedStore(stateAt(() => at), `replay#${replayName}#`);
      const gate: Gate = createGate({ store, silences, timeIntervals: config.timeIntervals, inhibit: config.inhibit, now: () => at });
      const pipeline = createPipeline({
        delivery: createRecordOnlyDelivery({ topics: config.targets, replayName, log: options.live }),
        route,
        enrich,
        gate,
        scope: config.scope,
        normalize: config.normalize,
        remediate: notActedOn(replayName),
      });
      return { ...(await pipeline.processEvent(raw)), replay: replayName };
    },
  };
};
