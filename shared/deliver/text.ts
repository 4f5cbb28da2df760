const graphemes = new Intl.Segmenter('en', { granularity: 'grapheme' });

/**
 * Characters that can reshape a line without being seen: C0/C1 controls (CR, LF, ESC, NEL),
 * the zero-width space, the line and paragraph separators, bidi marks, embeddings, overrides
 * and isolates (a `U+202E` can make `exe.txt` read `txt.exe`), the invisible operators and
 * the byte order mark. The zero-width (non-)joiners stay: emoji sequences and some scripts
 * need them, and they cannot move text.
 */
const INVISIBLE_OR_CONTROL = /[\u0000-\u001f\u007f-\u009f\u061c\u200b\u200e\u200f\u2028-\u202e\u2060-\u2069\ufeff]/g;

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
 * The largest grapheme cluster boundary at or before `index`. Node 20's `Intl.Segmenter` takes
 * quadratic time over a long string, so only a short window is segmented: from the last point
 * before `index` that is certainly a boundary (before a character under U+0300, which no
 * cluster continues into, except the LF of CR LF), or 256 code units back at most.
 */
const REGIONAL_INDICATOR = /^\ud83c[\udde6-\uddff]$/;

const boundaryAtOrBefore = (text: string, index: number): number => {
  if (index >= text.length) return text.length;
  if (index <= 0) return 0;
  let start = Math.max(0, index - 256);
  for (let p = index; p > start; p -= 1) {
    const c = text.charCodeAt(p);
    if (c < 0x300 && !(c === 0x0a && text.charCodeAt(p - 1) === 0x0d)) {
      start = p;
      break;
    }
  }
  // Never start a window on the second half of a surrogate pair.
  if (start > 0 && /[\udc00-\udfff]/.test(text.charAt(start))) start -= 1;
  // Inside a run of regional indicators (flags pair them up), start on an even count.
  let indicators = 0;
  while (start - 2 * indicators >= 2 && REGIONAL_INDICATOR.test(text.slice(start - 2 * indicators - 2, start - 2 * indicators))) indicators += 1;
  if (indicators % 2 === 1 && REGIONAL_INDICATOR.test(text.slice(start, start + 2))) start -= 2;
  let boundary = start;
  for (const { index: at } of graphemes.segment(text.slice(start, index + 64))) {
    if (start + at > index) break;
    boundary = start + at;
  }
  return boundary;
};

/**
 * Truncates to at most `max` characters (UTF-16 code units, what mail headers and SNS count)
 * without splitting a character or an emoji: whole grapheme clusters only, ending in `…`.
 */
export const truncate = (text: string, max: number, ellipsis = '…'): string => {
  if (text.length <= max) return text;
  return `${text.slice(0, boundaryAtOrBefore(text, Math.max(0, max - ellipsis.length))).trimEnd()}${ellipsis}`;
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
  let bytes = 0;
  let end = 0;
  while (end < text.length) {
    const c = text.charCodeAt(end);
    const pair = c >= 0xd800 && c <= 0xdbff && /[\udc00-\udfff]/.test(text.charAt(end + 1));
    const size = c < 0x80 ? 1 : c < 0x800 ? 2 : pair ? 4 : 3;
    if (bytes + size > budget) break;
    bytes += size;
    end += pair ? 2 : 1;
  }
  return `${text.slice(0, boundaryAtOrBefore(text, end))}${ellipsis}`;
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
