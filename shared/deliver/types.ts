import type { Alert } from '../normalize';

/** Where an alert went, per destination. */
export interface DeliveryResult {
  /** Destination name (a topic name; `outbox` paths locally). */
  destination: string;
  /** Where it landed: an SNS message id, a file path. */
  location: string;
}

/**
 * The delivery port: hands one alert to its destinations. Adapters: {@link OutboxNotifier}
 * (local files, for the CLI and tests) and the SNS notifier (Lambda).
 */
export interface Notifier {
  /** Sends `alert` to each topic; `route` names the route that sent it (shown in the footer). */
  notify(alert: Alert, destinations: readonly string[], route: string): Promise<DeliveryResult[]>;
}
