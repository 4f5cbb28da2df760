import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RenderedMessage } from './formats';
import type { Notification } from './types';
import { repairStrings, repairText } from '../unicode';
import type { MessageAttributes, Publisher, TopicTarget } from './types';

/** Options of {@link OutboxPublisher}. */
export interface OutboxOptions {
  /** Directory to write into; created when missing. */
  directory: string;
}

/**
 * Local delivery: writes what each topic would receive to `<directory>/<topic>/<n>.<ext>`:
 * `.txt` for email (a `Subject:` line, a blank line, the body), `.json` for json and chat
 * (the message as SNS would carry it), `<n>.attributes.json` (the message attributes) and
 * `<n>.alert.json` (the alert itself).
 * Numbering is per topic, in delivery order. Text is repaired as the SNS publisher repairs it
 * (a lone surrogate becomes U+FFFD), so the files hold what SNS would carry.
 */
export class OutboxPublisher implements Publisher {
  private readonly counters = new Map<string, number>();

  public constructor(private readonly options: OutboxOptions) {}

  public async publish(topic: TopicTarget, message: RenderedMessage, attributes: MessageAttributes, alert: Notification): Promise<string> {
    const n = (this.counters.get(topic.name) ?? 0) + 1;
    this.counters.set(topic.name, n);
    const dir = join(this.options.directory, topic.name);
    mkdirSync(dir, { recursive: true });
    const file = join(dir, `${n}.${message.extension}`);
    const body = repairText(message.body);
    writeFileSync(file, message.subject === undefined ? body : `Subject: ${repairText(message.subject)}\n\n${body}`);
    writeFileSync(join(dir, `${n}.attributes.json`), `${JSON.stringify(repairStrings(attributes), null, 2)}\n`);
    writeFileSync(join(dir, `${n}.alert.json`), `${JSON.stringify(repairStrings(alert), null, 2)}\n`);
    return file;
  }
}

/** Delivery that only says where a message would go; nothing is written or sent. */
export const dryRunPublisher: Publisher = {
  publish: async (topic) => `(dry run) ${topic.name}`,
  readsMessages: false,
};
