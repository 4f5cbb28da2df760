import type { CompiledConfig } from '../shared/compile';
import { createDelivery, dryRunPublisher, MemoryDeadLetters, OutboxPublisher } from '../shared/deliver';
import { createContextProvider, createRedactor, EventOnlyContextProvider } from '../shared/enrich';
import type { Silence } from '../shared/gate';
import { createHeraldPipeline, createInProcessRemediationQueue, EVENT_MEMORY_SECONDS, createPipeline, createRemediatorPipeline, type DueReport, type Pipeline, type RemediationReport, type RemediatorPipeline, routeWith } from '../shared/pipeline';
import { AwsEcsRemediation } from '../shared/remediate';
import { MemoryStateStore } from '../shared/state';
import { ReplayIdempotencyLayer } from './offline-idempotency';

/** Options of {@link createOfflineRun}. */
export interface OfflineRunOptions {
  /** Outbox directory; undefined writes nothing. */
  outbox?: string;
  /** `--aws`: live, read-only ECS and CloudWatch Logs lookups. */
  live?: boolean;
  /** Apply noise control (replay, test); routing test cases run without it. @default true */
  gate?: boolean;
  /** Run-time silences to apply (from `--state FILE`), besides the configured ones. */
  silences?: readonly Silence[];
}

/** The pipeline with local adapters, and the replay clock noise control runs on. */
export interface OfflineRun {
  pipeline: Pipeline;
  /**
   * Moves the replay clock to an event's `time` (never backwards): windows, throttles and
   * silences are judged on the events' own clock, so a replay of an hour-long incident behaves
   * as the hour did.
   */
  advanceTo(raw: unknown): void;
  /** The scheduled run on the replay clock: resolutions whose hold ended and digests whose window ended by `upTo` (default: the replay clock). */
  processDue(upTo?: number): Promise<DueReport[]>;
  /**
   * The remediation decisions made since the last call, with their audit alerts' reports.
   * Routes' `remediate:` actions are decided at once, in-process, by the same remediator as in
   * Lambda and always as dry runs: the CLI never acts. Offline nothing is re-read (the target
   * and deployment guards need `--aws`, which reads ECS and changes nothing).
   */
  takeRemediations(): RemediationReport[];
  /**
   * Deletes the state records that expired on the replay clock, as DynamoDB's TTL would: a
   * long replay calls it now and then, so it holds what noise control still needs (the windows
   * still open, each task's last version for 2 days of event time), not the whole stream's.
   */
  forgetExpired(): void;
}

/** An event's `time` in epoch milliseconds, if it has a readable one. */
export const eventTimeOf = (raw: unknown): number | undefined => {
  const time = typeof raw === 'object' && raw !== null ? (raw as { time?: unknown }).time : undefined;
  const ms = typeof time === 'string' ? Date.parse(time) : Number.NaN;
  return Number.isNaN(ms) ? undefined : ms;
};

/**
 * The pipeline with local adapters: routing from the configuration, noise control on an
 * in-memory state store (the same gate as in Lambda, on the replay clock), delivery into an
 * outbox directory (or nowhere), memory for dead letters; no AWS calls unless `live`.
 */
export const createOfflineRun = (compiled: CompiledConfig, options: OfflineRunOptions = {}): OfflineRun => {
  let clock: number | undefined;
  const now = () => clock ?? Date.now();
  const store = new MemoryStateStore(now);
  const publisher = options.outbox === undefined ? dryRunPublisher : new OutboxPublisher({ directory: options.outbox });
  // Offline, context comes from the event alone (console links); `--aws` makes read-only
  // ECS and CloudWatch Logs calls with the user's own credentials and Region (in central mode,
  // a member's event through its read role, which the user may not be trusted to assume: the
  // alert then says so; never the user's own account by cluster name).
  const enrich = options.live === true
    ? createContextProvider({ enrich: compiled.enrich, accounts: compiled.accounts, externalId: process.env.HERALD_EXTERNAL_ID, sessionName: 'herald-cli' })
    : new EventOnlyContextProvider();
  const advanceTo = (raw: unknown) => {
    const time = eventTimeOf(raw);
    if (time !== undefined && (clock === undefined || time > clock)) clock = time;
  };
  if (options.gate === false) {
    const delivery = createDelivery({ topics: compiled.targets, publisher, log: store, deadLetters: new MemoryDeadLetters(), redactor: createRedactor(compiled.enrich.redact), now });
    return { pipeline: createPipeline({ enrich, delivery, route: routeWith(compiled.routes) }), advanceTo, processDue: async () => [], takeRemediations: () => [], forgetExpired: () => store.deleteExpired() };
  }
  const idempotency = new ReplayIdempotencyLayer(now);
  const deadLetters = new MemoryDeadLetters();
  let decided: RemediationReport[] = [];
  let remediator: RemediatorPipeline | undefined;
  const remediation = (): RemediatorPipeline =>
    (remediator ??= createRemediatorPipeline({
      config: compiled,
      store,
      idempotency,
      publisher,
      deadLetters,
      forceDryRun: true,
      ecs: options.live === true ? new AwsEcsRemediation() : undefined,
      // In process, each decision is handed over once: its record answers only a copy of its
      // event, which the event's own id (remembered 2 days) already stops.
      decisionMemorySeconds: EVENT_MEMORY_SECONDS,
      now,
    }));
  const run = createHeraldPipeline({
    config: compiled,
    store,
    idempotency,
    publisher,
    deadLetters,
    enrich,
    runtimeSilences: options.silences ?? [],
    remediationQueue: createInProcessRemediationQueue(remediation, (report) => decided.push(report)),
    now,
  });
  const takeRemediations = () => {
    const taken = decided;
    decided = [];
    return taken;
  };
  const forgetExpired = () => {
    store.deleteExpired();
    idempotency.forgetExpired();
  };
  return { pipeline: run.pipeline, advanceTo, processDue: run.processDue, takeRemediations, forgetExpired };
};

/** The offline pipeline alone, for commands that do not replay a stream. */
export const createOfflinePipeline = (compiled: CompiledConfig, outbox: string | undefined, live = false): Pipeline =>
  createOfflineRun(compiled, { outbox, live, gate: false }).pipeline;
