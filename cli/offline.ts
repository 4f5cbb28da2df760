import type { CompiledConfig } from '../shared/config';
import { createDelivery, dryRunPublisher, MemoryDeadLetters, OutboxPublisher } from '../shared/deliver';
import { createPipeline, type Pipeline, routeWith } from '../shared/pipeline';
import { MemoryStateStore } from '../shared/state';

/**
 * The pipeline with local adapters: routing from the configuration, delivery into an outbox
 * directory (or nowhere), memory for state and dead letters, no AWS calls.
 */
export const createOfflinePipeline = (compiled: CompiledConfig, outbox: string | undefined): Pipeline =>
  createPipeline({
    delivery: createDelivery({
      topics: compiled.targets,
      publisher: outbox === undefined ? dryRunPublisher : new OutboxPublisher({ directory: outbox }),
      log: new MemoryStateStore(),
      deadLetters: new MemoryDeadLetters(),
    }),
    route: routeWith(compiled.routes),
  });
