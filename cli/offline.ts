import type { CompiledConfig } from '../shared/config';
import { createDelivery, dryRunPublisher, MemoryDeadLetters, OutboxPublisher } from '../shared/deliver';
import { createAwsContextProvider, EventOnlyContextProvider } from '../shared/enrich';
import { createPipeline, type Pipeline, routeWith } from '../shared/pipeline';
import { MemoryStateStore } from '../shared/state';

/**
 * The pipeline with local adapters: routing from the configuration, delivery into an outbox
 * directory (or nowhere), memory for state and dead letters; no AWS calls unless `live`.
 */
export const createOfflinePipeline = (compiled: CompiledConfig, outbox: string | undefined, live = false): Pipeline =>
  createPipeline({
    // Offline, context comes from the event alone (console links); `--aws` makes read-only
    // ECS and CloudWatch Logs calls with the user's own credentials and Region.
    enrich: live ? createAwsContextProvider(compiled.enrich) : new EventOnlyContextProvider(),
    delivery: createDelivery({
      topics: compiled.targets,
      publisher: outbox === undefined ? dryRunPublisher : new OutboxPublisher({ directory: outbox }),
      log: new MemoryStateStore(),
      deadLetters: new MemoryDeadLetters(),
    }),
    route: routeWith(compiled.routes),
  });
