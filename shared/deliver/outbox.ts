import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Alert } from '../normalize';
import { renderEmail } from './email';
import type { DeliveryResult, Notifier } from './types';

/** Options of {@link OutboxNotifier}. */
export interface OutboxOptions {
  /** Directory to write into; created when missing. */
  directory: string;
}

/**
 * Local delivery: writes what each destination would receive into
 * `<directory>/<destination>/<n>.txt` (a `Subject:` line, a blank line, the plain-text body)
 * and `<n>.alert.json` (the alert). Numbering is per destination, in delivery order.
 */
export class OutboxNotifier implements Notifier {
  private readonly counters = new Map<string, number>();

  public constructor(private readonly options: OutboxOptions) {}

  public async notify(alert: Alert, destinations: readonly string[], route: string): Promise<DeliveryResult[]> {
    const email = renderEmail(alert, { route });
    return destinations.map((destination) => {
      const n = (this.counters.get(destination) ?? 0) + 1;
      this.counters.set(destination, n);
      const dir = join(this.options.directory, destination);
      mkdirSync(dir, { recursive: true });
      const file = join(dir, `${n}.txt`);
      writeFileSync(file, `Subject: ${email.subject}\n\n${email.body}`);
      writeFileSync(join(dir, `${n}.alert.json`), `${JSON.stringify(alert, null, 2)}\n`);
      return { destination, location: file };
    });
  }
}
