const graphemes = new Intl.Segmenter('en', { granularity: 'grapheme' });

/**
 * Characters that can reshape a line without being seen: C0/C1 controls (CR, LF, ESC, NEL),
 * zero-width characters, the line and paragraph separators, bidi embeddings, overrides and
 * isolates (a `U+202E` can make `exe.txt` read `txt.exe`), the Arabic letter mark, the
 * invisible operators and the byte order mark.
 */
const INVISIBLE_OR_CONTROL = /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/g;

/**
 * Makes untrusted event text safe for a single line: control characters (newlines, escape
 * sequences, bidi overrides) become spaces, runs of whitespace collapse.
 */
export const toSingleLine = (text: string): string =>
  text.replace(INVISIBLE_OR_CONTROL, ' ').replace(/\s+/g, ' ').trim();

/**
 * Folds text to printable ASCII: accents dropped (é -> e), anything else non-ASCII becomes
 * `?`. SNS rejects a Subject that is not ASCII.
 * @see https://docs.aws.amazon.com/sns/latest/api/API_Publish.html (Subject)
 */
export const toAscii = (text: string): string =>
  text.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').replace(/[\u2018\u2019]/g, "'").replace(/[\u201c\u201d]/g, '"')
    .replace(/[\u2026]/g, '...').replace(/[^\x20-\x7e]/gu, '?');

/**
 * Truncates to at most `max` characters (UTF-16 code units, what mail headers and SNS count)
 * without splitting a character or an emoji: whole grapheme clusters only, ending in `…`.
 */
export const truncate = (text: string, max: number, ellipsis = '…'): string => {
  if (text.length <= max) return text;
  let out = '';
  for (const { segment } of graphemes.segment(text)) {
    if (out.length + segment.length > max - ellipsis.length) break;
    out += segment;
  }
  return `${out.trimEnd()}${ellipsis}`;
};

/** Size of `text` in UTF-8 bytes, the unit of the SNS message size limit. */
export const utf8Length = (text: string): number => Buffer.byteLength(text, 'utf8');

/**
 * Truncates to at most `maxBytes` bytes of UTF-8, on a grapheme cluster boundary, ending in
 * `ellipsis` (counted in the budget) when anything was cut.
 */
export const truncateUtf8 = (text: string, maxBytes: number, ellipsis = '…'): string => {
  if (utf8Length(text) <= maxBytes) return text;
  const budget = maxBytes - utf8Length(ellipsis);
  let out = '';
  let bytes = 0;
  for (const { segment } of graphemes.segment(text)) {
    const size = utf8Length(segment);
    if (bytes + size > budget) break;
    out += segment;
    bytes += size;
  }
  return `${out}${ellipsis}`;
};

/** Greedy word wrap for plain-text bodies; words longer than the width (ARNs) stay whole. */
export const wrap = (text: string, width: number, indent: string): string => {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter((w) => w !== '')) {
    if (line !== '' && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line === '' ? word : `${line} ${word}`;
    }
  }
  if (line !== '') lines.push(line);
  return lines.map((l) => `${indent}${l}`).join('\n');
};
