import { type DeliveryResult, type Notifier, OutboxNotifier } from '../shared/deliver';
import type { CompiledConfig } from '../shared/config';
import { createPipeline, type Pipeline, routeWith } from '../shared/pipeline';

/** Delivery that only says where an alert would go; nothing is written or sent. */
export const dryRunNotifier: Notifier = {
  notify: async (_alert, destinations): Promise<DeliveryResult[]> =>
    destinations.map((destination) => ({ destination, location: `(dry run) ${destination}` })),
};

/**
 * The pipeline with local adapters: routing from the configuration, delivery into an outbox
 * directory (or nowhere), no AWS calls.
 */
export const createOfflinePipeline = (compiled: CompiledConfig, outbox: string | undefined): Pipeline =>
  createPipeline({
    notifier: outbox === undefined ? dryRunNotifier : new OutboxNotifier({ directory: outbox }),
    route: routeWith(compiled.routes),
  });
