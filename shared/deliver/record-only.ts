import { SEVERITY_RANK } from '../normalize';
import type { StateStore } from '../state';
import type { Delivery } from './deliver';
import { UnknownTopicError } from './errors';
import type { DeliveryResult, TopicTarget } from './types';

/** Said of a topic that took the same event id live (the location of its `replayed` result ends with it). */
export const DELIVERED_LIVE = 'delivered live when the event first came';

/** Options of {@link createRecordOnlyDelivery}. */
export interface RecordOnlyDeliveryOptions {
  /** herald.yml's topics: a name outside them is a bug, as in live delivery. */
  topics: ReadonlyMap<string, TopicTarget>;
  /** The EventBridge replay whose events this delivery records. */
  replayName: string;
  /**
   * The live delivery log (the state table), read only: a topic that already took the same
   * event id live is said so in the result. @default not read
   */
  log?: Pick<StateStore, 'get'>;
}

/**
 * A delivery that never sends: each topic a replayed event would reach is recorded as
 * `replayed` (or `below-min-severity`, as live delivery would skip it), nothing is rendered,
 * published or written. A replayed event is reported, never paged again, however old it is.
 *
 * @example
 * ```ts
 * const delivery = createRecordOnlyDelivery({ topics: compiled.targets, replayName: 'herald-2026-05-20', log: store });
 * await delivery.deliver(alert, ['oncall'], 'critical', event.id); // [{ destination: 'oncall', status: 'replayed', ... }]
 * ```
 */
export const createRecordOnlyDelivery = (options: RecordOnlyDeliveryOptions): Delivery => ({
  knows: (topic) => options.topics.has(topic),
  deliver: (alert, topicNames, _route, eventId) =>
    Promise.all(
      topicNames.map(async (name): Promise<DeliveryResult> => {
        const topic = options.topics.get(name);
        if (topic === undefined) throw new UnknownTopicError(name);
        if (alert.status === 'firing' && topic.minSeverity !== undefined && SEVERITY_RANK[alert.severity] > SEVERITY_RANK[topic.minSeverity]) {
          return { destination: name, status: 'below-min-severity', location: `below ${topic.minSeverity}` };
        }
        // Whether the live pipeline delivered this event id to the topic (its log keeps 2 days).
        const live = await options.log?.get(`delivery#${eventId}`, name).catch(() => undefined);
        const when = live?.data?.status === 'sent' ? `; ${DELIVERED_LIVE}` : '';
        return { destination: name, status: 'replayed', location: `not sent: replay ${options.replayName}${when}` };
      }),
    ),
});
