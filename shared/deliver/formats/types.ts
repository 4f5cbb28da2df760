import type { Redactor } from '../../enrich';
import type { TopicFormat } from './constants';

/** Where a message is going: named in the email footer, the JSON document and the chat card. */
export interface RenderContext {
  /** The route that matched the alert. */
  route: string;
  /** The topic (destination name from herald.yml) the message is published to. */
  topic: string;
}

/** One alert rendered for one topic format: what the SNS publisher publishes. */
export interface RenderedMessage {
  format: TopicFormat;
  /** SNS Subject (email only): ASCII, one line, < 100 chars. */
  subject?: string;
  /**
   * The SNS Message string: plain text for email, a JSON document for json and chat. Always
   * <= 256 KiB in UTF-8 (SNS Publish limit), truncated safely if needed.
   */
  body: string;
  /** File extension the local outbox uses: 'txt' for email, 'json' otherwise. */
  extension: 'txt' | 'json';
}

/** Options of `renderMessage`. */
export interface RenderOptions {
  /**
   * Redacts secrets from the alert's text before any format sees it: herald.yml's
   * `enrich.redact` patterns on top of the built-in rules.
   * @default the built-in rules alone
   */
  redactor?: Redactor;
}
