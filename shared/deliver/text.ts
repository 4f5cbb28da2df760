const graphemes = new Intl.Segmenter('en', { granularity: 'grapheme' });

/**
 * Makes untrusted event text safe for a single line: control characters (newlines, escape
 * sequences, bidi overrides) become spaces, runs of whitespace collapse.
 */
export const toSingleLine = (text: string): string =>
  text.replace(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2066-\u2069]/g, ' ').replace(/\s+/g, ' ').trim();

/**
 * Truncates to at most `max` characters (UTF-16 code units, what mail headers and SNS count)
 * without splitting a character or an emoji: whole grapheme clusters only, ending in `…`.
 */
export const truncate = (text: string, max: number): string => {
  if (text.length <= max) return text;
  let out = '';
  for (const { segment } of graphemes.segment(text)) {
    if (out.length + segment.length > max - 1) break;
    out += segment;
  }
  return `${out.trimEnd()}…`;
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
