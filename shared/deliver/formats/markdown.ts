import { toSingleLine, truncate } from '../text';

/**
 * Replacements that make untrusted text inert in a chat card rendered as "client-markdown"
 * (Slack mrkdwn, or the Markdown of Microsoft Teams and Amazon Chime), without making it
 * unreadable. Order matters: `&` first, so the entities added next are not escaped twice.
 *
 * - `&`, `<`, `>` become entities: no Slack control sequence (`<!channel>`, `<!here>`,
 *   `<@U123>`, `<#C123>`, `<https://evil|Click>`), no HTML (Teams `<at>` mentions), no
 *   Markdown autolink or blockquote. These are the three escapes Slack documents, and
 *   Markdown renders them back as the characters.
 * - The emphasis and code characters `*` `` ` `` `~` become look-alikes (`∗` `ˋ` `∼`), and
 *   `_` does where it could open or close emphasis (not inside `SERVICE_DEPLOYMENT_FAILED`):
 *   Slack has no backslash escape, so a look-alike is the only escape both dialects honour.
 * - `](` is split, so `[text](https://evil)` and `![image](...)` are not links.
 * - `://` becomes `[:]//` ("defanged"): a URL from an event is shown, never made clickable.
 * - An `@` that starts a word becomes `＠`: no `@here`, `@channel` or `@someone` mention,
 *   while `jane@example.com` keeps its `@`.
 * @see https://api.slack.com/reference/surfaces/formatting#escaping
 */
const REPLACEMENTS: readonly [RegExp, string][] = [
  [/&/g, '&amp;'],
  [/</g, '&lt;'],
  [/>/g, '&gt;'],
  [/\*/g, '\u2217'],
  [/`/g, '\u02cb'],
  [/~/g, '\u223c'],
  [/(?<![\p{L}\p{N}])_|_(?![\p{L}\p{N}])/gu, '\uff3f'],
  [/\]\(/g, '] ('],
  [/:\/\//g, '[:]//'],
  [/(?<![\p{L}\p{N}._%+-])@/gu, '\uff20'],
];

/**
 * A line-start marker Markdown would turn into a heading, a list item, a table row or (in
 * Slack, escaped or not) a quote.
 */
const BLOCK_MARKER = /^(?:[#+\-=|]|\d+[.)]|&gt;)/;

/**
 * Neutralises untrusted event text for a chat card: one line (CR/LF, control characters and
 * bidi overrides become spaces, see {@link toSingleLine}), then no link, mention, emphasis,
 * code span or code fence can survive (see the replacements above). Text that would start a
 * Markdown block (`# heading`, `- item`, `> quote`) gets an invisible WORD JOINER (U+2060) in front.
 */
export const escapeChatText = (text: string): string => {
  const escaped = REPLACEMENTS.reduce((out, [pattern, replacement]) => out.replace(pattern, replacement), toSingleLine(text));
  return BLOCK_MARKER.test(escaped) ? `\u2060${escaped}` : escaped;
};

/**
 * {@link escapeChatText}, cut to at most `max` characters (UTF-16 code units) of escaped
 * text. The raw text is cut before escaping, on a grapheme boundary, so an entity such as
 * `&amp;` or an emoji is never split.
 */
export const toChatText = (text: string, max: number): string => {
  const flat = toSingleLine(text);
  const escaped = escapeChatText(flat);
  if (escaped.length <= max) return escaped;
  // Escaping never shortens text, so the raw budget is at most `max`: bisect for the largest
  // raw length whose escaped text fits.
  const escapeFirst = (units: number) => escapeChatText(truncate(flat, units));
  let fits = 0;
  let tooLong = Math.min(flat.length, max + 1);
  while (tooLong - fits > 1) {
    const mid = Math.floor((fits + tooLong) / 2);
    if (escapeFirst(mid).length <= max) fits = mid;
    else tooLong = mid;
  }
  return escapeFirst(Math.max(1, fits));
};
