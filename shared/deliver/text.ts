const graphemes = new Intl.Segmenter('en', { granularity: 'grapheme' });

/**
 * Makes untrusted event text safe for a single line: control characters (newlines, escape
 * sequences, bidi overrides) become spaces, runs of whitespace collapse.
 */
export const toSingleLine = (text: string): string =>
  text.replace(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2066-\u2069]/g, ' ').replace(/\s+/g, ' ').trim();

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
